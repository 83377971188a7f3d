// Command UpdateSubscription is the Lambda function of the UpdateSubscription route (see docs/openapi.yaml).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartRoute("UpdateSubscription") }
