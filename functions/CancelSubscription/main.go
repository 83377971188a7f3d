// Command CancelSubscription is the Lambda function of the CancelSubscription route (see docs/openapi.yaml).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartRoute("CancelSubscription") }
