// Command UnassignLicense is the Lambda function of the UnassignLicense route (see docs/openapi.yaml).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartRoute("UnassignLicense") }
