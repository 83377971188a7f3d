// Command CreateWebhookEndpoint serves POST /v1/tenants/{tenantId}/webhooks (docs/openapi.yaml).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartRoute("CreateWebhookEndpoint") }
