// Command UpdateProductPolicy is the Lambda function of the UpdateProductPolicy route (see docs/openapi.yaml).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartRoute("UpdateProductPolicy") }
