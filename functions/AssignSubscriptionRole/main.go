// Command AssignSubscriptionRole is the Lambda function of the AssignSubscriptionRole route (see API.md).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartRoute("AssignSubscriptionRole") }
