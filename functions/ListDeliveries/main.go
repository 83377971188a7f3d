// Command ListDeliveries serves GET /v1/tenants/{tenantId}/webhooks/{endpointId}/deliveries (docs/openapi.yaml).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartRoute("ListDeliveries") }
