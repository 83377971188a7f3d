// Command GetTenant is the Lambda function of the GetTenant route (see docs/openapi.yaml).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartRoute("GetTenant") }
