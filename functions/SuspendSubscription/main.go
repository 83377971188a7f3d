// Command SuspendSubscription is the Lambda function of the SuspendSubscription route (see docs/openapi.yaml).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartRoute("SuspendSubscription") }
