// Command WebhookRetrySweep is the scheduled function that retries failed webhook deliveries (SPEC §8).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartSweep("WebhookRetrySweep") }
