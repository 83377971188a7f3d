// Command GetInvoice is the Lambda function of the GetInvoice route (see docs/openapi.yaml).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartRoute("GetInvoice") }
