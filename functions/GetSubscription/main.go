// Command GetSubscription is the Lambda function of the GetSubscription route (see API.md).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartRoute("GetSubscription") }
