// Command RotateWebhookSecret serves POST /v1/tenants/{tenantId}/webhooks/{endpointId}/rotate-secret (docs/openapi.yaml).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartRoute("RotateWebhookSecret") }
