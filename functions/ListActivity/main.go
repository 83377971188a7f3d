// Command ListActivity is the Lambda function of the ListActivity route (see API.md).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartRoute("ListActivity") }
