// Command ListCustomers is the Lambda function of the ListCustomers route (see API.md).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartRoute("ListCustomers") }
