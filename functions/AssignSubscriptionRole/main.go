// Command AssignSubscriptionRole is the Lambda function of the AssignSubscriptionRole route (see docs/openapi.yaml).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartRoute("AssignSubscriptionRole") }
