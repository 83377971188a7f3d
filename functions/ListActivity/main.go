// Command ListActivity is the Lambda function of the ListActivity route (see docs/openapi.yaml).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartRoute("ListActivity") }
