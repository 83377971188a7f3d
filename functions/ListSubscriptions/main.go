// Command ListSubscriptions is the Lambda function of the ListSubscriptions route (see API.md).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartRoute("ListSubscriptions") }
