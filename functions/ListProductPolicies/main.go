// Command ListProductPolicies is the Lambda function of the ListProductPolicies route (see docs/openapi.yaml).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartRoute("ListProductPolicies") }
