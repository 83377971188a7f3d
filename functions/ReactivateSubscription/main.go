// Command ReactivateSubscription is the Lambda function of the ReactivateSubscription route (see docs/openapi.yaml).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartRoute("ReactivateSubscription") }
