// Command ListInvoices is the Lambda function of the ListInvoices route (see docs/openapi.yaml).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartRoute("ListInvoices") }
