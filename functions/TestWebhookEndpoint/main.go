// Command TestWebhookEndpoint serves POST /v1/tenants/{tenantId}/webhooks/{endpointId}/test (docs/openapi.yaml).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartRoute("TestWebhookEndpoint") }
