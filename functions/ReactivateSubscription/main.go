// Command ReactivateSubscription is the Lambda function of the ReactivateSubscription route (see API.md).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartRoute("ReactivateSubscription") }
