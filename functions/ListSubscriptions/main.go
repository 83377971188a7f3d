// Command ListSubscriptions is the Lambda function of the ListSubscriptions route (see docs/openapi.yaml).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartRoute("ListSubscriptions") }
