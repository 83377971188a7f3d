// Command NotFound is the Lambda function of the HTTP API's $default route:
// every request no route matches gets 404, or 405 with Allow, as
// problem+json (see docs/openapi.yaml, x-default-route).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartRoute("NotFound") }
