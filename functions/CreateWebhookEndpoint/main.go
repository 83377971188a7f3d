// Command CreateWebhookEndpoint serves POST /v1/tenants/{tenantId}/webhooks (API.md).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartRoute("CreateWebhookEndpoint") }
