// Command GetInvoicePdf is the Lambda function of the GetInvoicePdf route (see docs/openapi.yaml).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartRoute("GetInvoicePdf") }
