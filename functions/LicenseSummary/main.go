// Command LicenseSummary is the Lambda function of the LicenseSummary route (see docs/openapi.yaml).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartRoute("LicenseSummary") }
