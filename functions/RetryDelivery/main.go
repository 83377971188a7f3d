// Command RetryDelivery serves POST /v1/tenants/{tenantId}/webhooks/{endpointId}/deliveries/{deliveryId}/retry (docs/openapi.yaml).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartRoute("RetryDelivery") }
