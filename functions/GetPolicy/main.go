// Command GetPolicy is the Lambda function of the GetPolicy route (see docs/openapi.yaml).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartRoute("GetPolicy") }
