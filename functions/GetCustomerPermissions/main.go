// Command GetCustomerPermissions serves GET /v1/tenants/{tenantId}/customer-permissions (docs/openapi.yaml).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartRoute("GetCustomerPermissions") }
