// Command CreateAddOn is the Lambda function of the CreateAddOn route (see docs/openapi.yaml).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartRoute("CreateAddOn") }
