// Command ListPartnerInvoices is the Lambda function of the ListPartnerInvoices route (see docs/openapi.yaml).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartRoute("ListPartnerInvoices") }
