// Command ListWebhookEndpoints serves GET /v1/tenants/{tenantId}/webhooks (API.md).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartRoute("ListWebhookEndpoints") }
