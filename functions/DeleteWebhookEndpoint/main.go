// Command DeleteWebhookEndpoint serves DELETE /v1/tenants/{tenantId}/webhooks/{endpointId} (docs/openapi.yaml).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartRoute("DeleteWebhookEndpoint") }
