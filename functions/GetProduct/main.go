// Command GetProduct is the Lambda function of the GetProduct route (see API.md).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartRoute("GetProduct") }
