// Command UpdateProductPolicy is the Lambda function of the UpdateProductPolicy route (see API.md).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartRoute("UpdateProductPolicy") }
