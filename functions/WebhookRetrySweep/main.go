// Command WebhookRetrySweep is the scheduled function that retries failed webhook deliveries (docs/spec.md §8).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartSweep("WebhookRetrySweep") }
