// Command LicenseSummary is the Lambda function of the LicenseSummary route (see API.md).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartRoute("LicenseSummary") }
