// Command GetProduct is the Lambda function of the GetProduct route (see docs/openapi.yaml).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartRoute("GetProduct") }
