// Command PutTenant is the Lambda function of the PutTenant route (see docs/openapi.yaml).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartRoute("PutTenant") }
