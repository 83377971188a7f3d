package httpapi

import (
	"net/http"
	"regexp"

	"selfserve/shared/domain"
)

// Route is one row of the route table: the function name (also its
// access.Operation), the method and path exactly as in template.yaml, and
// its handler.
type Route struct {
	Name   string
	Method string
	Path   string
	handle handlerFunc
}

// Pattern is the route as a net/http ServeMux pattern.
func (r Route) Pattern() string { return r.Method + " " + r.Path }

// Routes is the route table. A test checks it against template.yaml, the
// OpenAPI document and the role table.
var Routes = []Route{
	{"ListProducts", "GET", "/v1/products", listProducts},
	{"GetProduct", "GET", "/v1/products/{productId}", getProduct},
	{"PutTenant", "PUT", "/v1/tenants/{tenantId}", putTenant},
	{"GetTenant", "GET", "/v1/tenants/{tenantId}", getTenant},
	{"ListCustomers", "GET", "/v1/partners/{partnerId}/customers", listCustomers},
	{"GetPolicy", "GET", "/v1/tenants/{tenantId}/policies/{policyId}", getPolicy},
	{"ListProductPolicies", "GET", "/v1/tenants/{tenantId}/policies/{policyId}/products", listProductPolicies},
	{"GetProductPolicy", "GET", "/v1/tenants/{tenantId}/policies/{policyId}/products/{productId}", getProductPolicy},
	{"UpdateProductPolicy", "PUT", "/v1/tenants/{tenantId}/policies/{policyId}/products/{productId}", updateProductPolicy},
	{"CreateSubscription", "POST", "/v1/tenants/{tenantId}/subscriptions", createSubscription},
	{"ListSubscriptions", "GET", "/v1/tenants/{tenantId}/subscriptions", listSubscriptions},
	{"GetSubscription", "GET", "/v1/tenants/{tenantId}/subscriptions/{subscriptionId}", getSubscription},
	{"UpdateSubscription", "PATCH", "/v1/tenants/{tenantId}/subscriptions/{subscriptionId}", updateSubscription},
	{"CancelSubscription", "POST", "/v1/tenants/{tenantId}/subscriptions/{subscriptionId}/cancel", cancelSubscription},
	{"SuspendSubscription", "POST", "/v1/tenants/{tenantId}/subscriptions/{subscriptionId}/suspend", suspendSubscription},
	{"ReactivateSubscription", "POST", "/v1/tenants/{tenantId}/subscriptions/{subscriptionId}/reactivate", reactivateSubscription},
	{"TakeOverSubscription", "POST", "/v1/tenants/{tenantId}/subscriptions/{subscriptionId}/takeover", takeOverSubscription},
	{"MoveUsers", "POST", "/v1/tenants/{tenantId}/subscriptions/{subscriptionId}/move-users", moveUsers},
	{"UpdatePaymentMethod", "PUT", "/v1/tenants/{tenantId}/subscriptions/{subscriptionId}/payment-method", updatePaymentMethod},
	{"CreateAddOn", "POST", "/v1/tenants/{tenantId}/subscriptions/{subscriptionId}/addons", createAddOn},
	{"ListLicenses", "GET", "/v1/tenants/{tenantId}/subscriptions/{subscriptionId}/licenses", listLicenses},
	{"AssignLicenses", "POST", "/v1/tenants/{tenantId}/subscriptions/{subscriptionId}/licenses", assignLicenses},
	{"AssignLicensesBulk", "POST", "/v1/tenants/{tenantId}/subscriptions/{subscriptionId}/licenses/bulk", assignLicensesBulk},
	{"UnassignLicense", "DELETE", "/v1/tenants/{tenantId}/subscriptions/{subscriptionId}/licenses/{userId}", unassignLicense},
	{"AssignSubscriptionRole", "PUT", "/v1/tenants/{tenantId}/subscriptions/{subscriptionId}/roles/{userId}", assignSubscriptionRole},
	{"LicenseSummary", "GET", "/v1/tenants/{tenantId}/licenses", licenseSummary},
	{"ExportLicenses", "GET", "/v1/tenants/{tenantId}/licenses/export", exportLicenses},
	{"ListOrders", "GET", "/v1/tenants/{tenantId}/orders", listOrders},
	{"ListActivity", "GET", "/v1/tenants/{tenantId}/activity", listActivity},
	{"ListInvoices", "GET", "/v1/tenants/{tenantId}/invoices", listInvoices},
	{"GetInvoice", "GET", "/v1/tenants/{tenantId}/invoices/{invoiceId}", getInvoice},
	{"GetInvoicePdf", "GET", "/v1/tenants/{tenantId}/invoices/{invoiceId}/pdf", getInvoicePdf},
	{"ListPartnerInvoices", "GET", "/v1/partners/{partnerId}/invoices", listPartnerInvoices},
	{"GetCustomerPermissions", "GET", "/v1/tenants/{tenantId}/customer-permissions", getCustomerPermissions},
	{"SetReservationPermission", "PUT", "/v1/tenants/{tenantId}/customer-permissions/reservations", setReservationPermission},
	{"CreateWebhookEndpoint", "POST", "/v1/tenants/{tenantId}/webhooks", createWebhookEndpoint},
	{"ListWebhookEndpoints", "GET", "/v1/tenants/{tenantId}/webhooks", listWebhookEndpoints},
	{"DeleteWebhookEndpoint", "DELETE", "/v1/tenants/{tenantId}/webhooks/{endpointId}", deleteWebhookEndpoint},
	{"RotateWebhookSecret", "POST", "/v1/tenants/{tenantId}/webhooks/{endpointId}/rotate-secret", rotateWebhookSecret},
	{"TestWebhookEndpoint", "POST", "/v1/tenants/{tenantId}/webhooks/{endpointId}/test", testWebhookEndpoint},
	{"ListDeliveries", "GET", "/v1/tenants/{tenantId}/webhooks/{endpointId}/deliveries", listDeliveries},
	{"RetryDelivery", "POST", "/v1/tenants/{tenantId}/webhooks/{endpointId}/deliveries/{deliveryId}/retry", retryDelivery},
}

var pathParam = regexp.MustCompile(`\{([^}]+)\}`)

// params are the names of the route's path parameters.
func (r Route) params() []string {
	var out []string
	for _, m := range pathParam.FindAllStringSubmatch(r.Path, -1) {
		out = append(out, m[1])
	}
	return out
}

// checkPathIDs refuses path parameters that can't be ids (too long, '#',
// control characters…) before they reach a key: 400, revealing nothing.
// A path parameter is no member of the request: the problem names no field.
func checkPathIDs(r *http.Request, names []string) error {
	for _, n := range names {
		if err := domain.CheckID(n, r.PathValue(n)); err != nil {
			return domain.AtField(err, "")
		}
	}
	return nil
}

func routeByName(name string) (Route, bool) {
	for _, r := range Routes {
		if r.Name == name {
			return r, true
		}
	}
	return Route{}, false
}
