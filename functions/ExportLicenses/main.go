// Command ExportLicenses is the Lambda function of the ExportLicenses route (see docs/openapi.yaml).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartRoute("ExportLicenses") }
