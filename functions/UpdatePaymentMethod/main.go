// Command UpdatePaymentMethod is the Lambda function of the UpdatePaymentMethod route (see docs/openapi.yaml).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartRoute("UpdatePaymentMethod") }
