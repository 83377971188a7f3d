// Command AssignLicenses is the Lambda function of the AssignLicenses route (see docs/openapi.yaml).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartRoute("AssignLicenses") }
