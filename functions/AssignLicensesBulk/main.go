// Command AssignLicensesBulk is the Lambda function of the AssignLicensesBulk route (see docs/openapi.yaml).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartRoute("AssignLicensesBulk") }
