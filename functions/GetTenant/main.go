// Command GetTenant is the Lambda function of the GetTenant route (see API.md).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartRoute("GetTenant") }
