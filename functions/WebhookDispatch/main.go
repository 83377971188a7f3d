// Command WebhookDispatch delivers outbox events from the table's stream (SPEC §8).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartDispatch() }
