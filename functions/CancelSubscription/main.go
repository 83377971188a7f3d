// Command CancelSubscription is the Lambda function of the CancelSubscription route (see API.md).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartRoute("CancelSubscription") }
