// Command TakeOverSubscription is the Lambda function of the TakeOverSubscription route (see API.md).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartRoute("TakeOverSubscription") }
