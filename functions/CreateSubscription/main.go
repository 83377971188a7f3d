// Command CreateSubscription is the Lambda function of the CreateSubscription route (see API.md).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartRoute("CreateSubscription") }
