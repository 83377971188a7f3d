// Command ListProducts is the Lambda function of the ListProducts route (see docs/openapi.yaml).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartRoute("ListProducts") }
