// Command TakeOverSubscription is the Lambda function of the TakeOverSubscription route (see docs/openapi.yaml).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartRoute("TakeOverSubscription") }
