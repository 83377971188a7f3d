// Command PutTenant is the Lambda function of the PutTenant route (see API.md).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartRoute("PutTenant") }
