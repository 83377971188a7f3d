// Command RotateWebhookSecret serves POST /v1/tenants/{tenantId}/webhooks/{endpointId}/rotate-secret (API.md).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartRoute("RotateWebhookSecret") }
