// Command GetSubscription is the Lambda function of the GetSubscription route (see docs/openapi.yaml).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartRoute("GetSubscription") }
