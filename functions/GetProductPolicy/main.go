// Command GetProductPolicy is the Lambda function of the GetProductPolicy route (see docs/openapi.yaml).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartRoute("GetProductPolicy") }
