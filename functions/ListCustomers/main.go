// Command ListCustomers is the Lambda function of the ListCustomers route (see docs/openapi.yaml).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartRoute("ListCustomers") }
