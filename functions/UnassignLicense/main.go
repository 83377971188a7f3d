// Command UnassignLicense is the Lambda function of the UnassignLicense route (see API.md).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartRoute("UnassignLicense") }
