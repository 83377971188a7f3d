// Command WebhookDispatch delivers outbox events from the table's stream (docs/spec.md §8).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartDispatch() }
