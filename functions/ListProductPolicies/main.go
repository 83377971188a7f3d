// Command ListProductPolicies is the Lambda function of the ListProductPolicies route (see API.md).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartRoute("ListProductPolicies") }
