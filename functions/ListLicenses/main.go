// Command ListLicenses is the Lambda function of the ListLicenses route (see docs/openapi.yaml).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartRoute("ListLicenses") }
