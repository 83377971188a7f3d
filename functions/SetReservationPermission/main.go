// Command SetReservationPermission serves PUT /v1/tenants/{tenantId}/customer-permissions/reservations (docs/openapi.yaml).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartRoute("SetReservationPermission") }
