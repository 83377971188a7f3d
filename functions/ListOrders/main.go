// Command ListOrders is the Lambda function of the ListOrders route (see docs/openapi.yaml).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartRoute("ListOrders") }
