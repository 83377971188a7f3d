package client

// keyUse is how an operation takes the Idempotency-Key header.
type keyUse int

const (
	noKey       keyUse = iota // the operation takes no Idempotency-Key
	optionalKey               // the IdempotencyKey parameter
	requiredKey               // the IdempotencyKeyRequired parameter
)

// operation is one route of docs/openapi.yaml as the client calls it.
type operation struct {
	Method string
	Path   string // the document's path template, e.g. /v1/tenants/{tenantId}
	Key    keyUse
	// IfMatch is set when the operation takes the If-Match header.
	IfMatch bool
}

// operations is every operation of docs/openapi.yaml by operationId; the
// methods build their requests from it and drift_test.go holds it against
// the document. The $default route (NotFound) has no method.
var operations = map[string]operation{
	"ListProducts": {"GET", "/v1/products", noKey, false},
	"GetProduct":   {"GET", "/v1/products/{productId}", noKey, false},

	"PutTenant":                {"PUT", "/v1/tenants/{tenantId}", optionalKey, false},
	"GetTenant":                {"GET", "/v1/tenants/{tenantId}", noKey, false},
	"ListCustomers":            {"GET", "/v1/partners/{partnerId}/customers", noKey, false},
	"GetCustomerPermissions":   {"GET", "/v1/tenants/{tenantId}/customer-permissions", noKey, false},
	"SetReservationPermission": {"PUT", "/v1/tenants/{tenantId}/customer-permissions/reservations", optionalKey, false},

	"GetPolicy":           {"GET", "/v1/tenants/{tenantId}/policies/{policyId}", noKey, false},
	"ListProductPolicies": {"GET", "/v1/tenants/{tenantId}/policies/{policyId}/products", noKey, false},
	"GetProductPolicy":    {"GET", "/v1/tenants/{tenantId}/policies/{policyId}/products/{productId}", noKey, false},
	"UpdateProductPolicy": {"PUT", "/v1/tenants/{tenantId}/policies/{policyId}/products/{productId}", optionalKey, false},

	"CreateSubscription":     {"POST", "/v1/tenants/{tenantId}/subscriptions", requiredKey, false},
	"ListSubscriptions":      {"GET", "/v1/tenants/{tenantId}/subscriptions", noKey, false},
	"GetSubscription":        {"GET", "/v1/tenants/{tenantId}/subscriptions/{subscriptionId}", noKey, false},
	"UpdateSubscription":     {"PATCH", "/v1/tenants/{tenantId}/subscriptions/{subscriptionId}", optionalKey, true},
	"UpdatePaymentMethod":    {"PUT", "/v1/tenants/{tenantId}/subscriptions/{subscriptionId}/payment-method", optionalKey, true},
	"CancelSubscription":     {"POST", "/v1/tenants/{tenantId}/subscriptions/{subscriptionId}/cancel", optionalKey, true},
	"SuspendSubscription":    {"POST", "/v1/tenants/{tenantId}/subscriptions/{subscriptionId}/suspend", optionalKey, true},
	"ReactivateSubscription": {"POST", "/v1/tenants/{tenantId}/subscriptions/{subscriptionId}/reactivate", optionalKey, true},
	"TakeOverSubscription":   {"POST", "/v1/tenants/{tenantId}/subscriptions/{subscriptionId}/takeover", optionalKey, true},
	"CreateAddOn":            {"POST", "/v1/tenants/{tenantId}/subscriptions/{subscriptionId}/addons", requiredKey, true},
	"MoveUsers":              {"POST", "/v1/tenants/{tenantId}/subscriptions/{subscriptionId}/move-users", requiredKey, true},
	"AssignSubscriptionRole": {"PUT", "/v1/tenants/{tenantId}/subscriptions/{subscriptionId}/roles/{userId}", optionalKey, true},

	"ListLicenses":       {"GET", "/v1/tenants/{tenantId}/subscriptions/{subscriptionId}/licenses", noKey, false},
	"AssignLicenses":     {"POST", "/v1/tenants/{tenantId}/subscriptions/{subscriptionId}/licenses", optionalKey, true},
	"AssignLicensesBulk": {"POST", "/v1/tenants/{tenantId}/subscriptions/{subscriptionId}/licenses/bulk", requiredKey, true},
	"UnassignLicense":    {"DELETE", "/v1/tenants/{tenantId}/subscriptions/{subscriptionId}/licenses/{userId}", optionalKey, true},
	"LicenseSummary":     {"GET", "/v1/tenants/{tenantId}/licenses", noKey, false},
	"ExportLicenses":     {"GET", "/v1/tenants/{tenantId}/licenses/export", noKey, false},

	"ListOrders":   {"GET", "/v1/tenants/{tenantId}/orders", noKey, false},
	"ListActivity": {"GET", "/v1/tenants/{tenantId}/activity", noKey, false},

	"ListInvoices":        {"GET", "/v1/tenants/{tenantId}/invoices", noKey, false},
	"GetInvoice":          {"GET", "/v1/tenants/{tenantId}/invoices/{invoiceId}", noKey, false},
	"GetInvoicePdf":       {"GET", "/v1/tenants/{tenantId}/invoices/{invoiceId}/pdf", noKey, false},
	"ListPartnerInvoices": {"GET", "/v1/partners/{partnerId}/invoices", noKey, false},

	"CreateWebhookEndpoint": {"POST", "/v1/tenants/{tenantId}/webhooks", optionalKey, false},
	"ListWebhookEndpoints":  {"GET", "/v1/tenants/{tenantId}/webhooks", noKey, false},
	"DeleteWebhookEndpoint": {"DELETE", "/v1/tenants/{tenantId}/webhooks/{endpointId}", optionalKey, false},
	"RotateWebhookSecret":   {"POST", "/v1/tenants/{tenantId}/webhooks/{endpointId}/rotate-secret", optionalKey, false},
	"TestWebhookEndpoint":   {"POST", "/v1/tenants/{tenantId}/webhooks/{endpointId}/test", optionalKey, false},
	"ListDeliveries":        {"GET", "/v1/tenants/{tenantId}/webhooks/{endpointId}/deliveries", noKey, false},
	"RetryDelivery":         {"POST", "/v1/tenants/{tenantId}/webhooks/{endpointId}/deliveries/{deliveryId}/retry", optionalKey, false},
}
