// Command MoveUsers is the Lambda function of the MoveUsers route (see docs/openapi.yaml).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartRoute("MoveUsers") }
