// Command CreateSubscription is the Lambda function of the CreateSubscription route (see docs/openapi.yaml).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartRoute("CreateSubscription") }
