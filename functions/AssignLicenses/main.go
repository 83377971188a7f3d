// Command AssignLicenses is the Lambda function of the AssignLicenses route (see API.md).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartRoute("AssignLicenses") }
