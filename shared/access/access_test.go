package access

import (
	"testing"

	"selfserve/shared/domain"
)

func who(tenant string, roles ...domain.Role) domain.Principal {
	return domain.Principal{UserID: "u1", TenantID: tenant, Roles: roles}
}

// TestDecide pins the role rules of docs/spec.md §1 and §16, independently of the
// table's own contents.
func TestDecide(t *testing.T) {
	contoso := Target{TenantID: "contoso", PartnerID: "partner-a"}
	const ok, forbidden, notFound = domain.Code(""), domain.CodeForbidden, domain.CodeNotFound
	tests := []struct {
		name string
		p    domain.Principal
		op   Operation
		t    Target
		want domain.Code
	}{
		{"any user lists products", who("contoso"), "ListProducts", Target{}, ok},
		{"operator reads a product", who("ops", domain.RoleOperator), "GetProduct", Target{}, ok},

		{"GlobalAdmin changes policy", who("contoso", domain.RoleGlobalAdmin), "UpdateProductPolicy", contoso, ok},
		{"BillingAdmin changes policy", who("contoso", domain.RoleBillingAdmin), "UpdateProductPolicy", contoso, ok},
		{"user can't change policy", who("contoso"), "UpdateProductPolicy", contoso, forbidden},
		{"user can't read policy", who("contoso"), "GetProductPolicy", contoso, forbidden},
		{"AdminAgent reads policy", who("partner-a", domain.RoleAdminAgent), "ListProductPolicies", contoso, ok},
		{"HelpdeskAgent reads policy", who("partner-a", domain.RoleHelpdeskAgent), "GetPolicy", contoso, ok},
		{"SalesAgent can't change policy", who("partner-a", domain.RoleSalesAgent), "UpdateProductPolicy", contoso, forbidden},
		{"AdminAgent can't change policy", who("partner-a", domain.RoleAdminAgent), "UpdateProductPolicy", contoso, forbidden},
		{"admin of another tenant sees nothing", who("fabrikam", domain.RoleGlobalAdmin), "GetProductPolicy", contoso, notFound},
		{"agent of another partner sees nothing", who("partner-b", domain.RoleAdminAgent), "GetProductPolicy", contoso, notFound},
		{"partner employee without agent role sees nothing", who("partner-a"), "GetTenant", contoso, notFound},
		// A partner tenant's admins act on its customers as agents (docs/spec.md §15):
		// GlobalAdmin as AdminAgent, BillingAdmin as SalesAgent.
		{"partner's GlobalAdmin reads the customer", who("partner-a", domain.RoleGlobalAdmin), "GetTenant", contoso, ok},
		{"partner's GlobalAdmin sets its permission as AdminAgent", who("partner-a", domain.RoleGlobalAdmin), "SetReservationPermission", contoso, ok},
		{"partner's BillingAdmin can't, as SalesAgent", who("partner-a", domain.RoleBillingAdmin), "SetReservationPermission", contoso, forbidden},
		{"partner's BillingAdmin buys for the customer as SalesAgent", who("partner-a", domain.RoleBillingAdmin), "CreateSubscription", Target{TenantID: "contoso", PartnerID: "partner-a", Channel: PartnerChannel}, ok},
		{"partner's GlobalAdmin lists its customers", who("partner-a", domain.RoleGlobalAdmin), "ListCustomers", Target{TenantID: "partner-a"}, ok},
		{"partner's GlobalAdmin can't change the customer's policy", who("partner-a", domain.RoleGlobalAdmin), "UpdateProductPolicy", contoso, forbidden},
		{"another partner's GlobalAdmin sees nothing", who("partner-b", domain.RoleGlobalAdmin), "GetTenant", contoso, notFound},
		{"operator can't change policy", who("ops", domain.RoleOperator), "UpdateProductPolicy", contoso, forbidden},

		{"operator puts a tenant", who("ops", domain.RoleOperator), "PutTenant", contoso, ok},
		{"admin can't put own tenant", who("contoso", domain.RoleGlobalAdmin), "PutTenant", contoso, forbidden},
		{"agent can't put customer tenant", who("partner-a", domain.RoleAdminAgent), "PutTenant", contoso, forbidden},
		{"stranger can't put a tenant", who("fabrikam", domain.RoleGlobalAdmin), "PutTenant", contoso, notFound},
		{"admin reads own tenant", who("contoso", domain.RoleBillingAdmin), "GetTenant", contoso, ok},
		{"agent reads customer tenant", who("partner-a", domain.RoleSalesAgent), "GetTenant", contoso, ok},
		{"operator reads any tenant", who("ops", domain.RoleOperator), "GetTenant", contoso, ok},
		{"user can't read own tenant", who("contoso"), "GetTenant", contoso, forbidden},

		{"agent lists own partner's customers", who("partner-a", domain.RoleHelpdeskAgent), "ListCustomers", Target{TenantID: "partner-a"}, ok},
		{"partner user without agent role", who("partner-a"), "ListCustomers", Target{TenantID: "partner-a"}, forbidden},
		{"agent of another partner", who("partner-b", domain.RoleAdminAgent), "ListCustomers", Target{TenantID: "partner-a"}, notFound},
		{"operator can't list a partner's customers", who("ops", domain.RoleOperator), "ListCustomers", Target{TenantID: "partner-a"}, forbidden},

		{"operator who is also admin of own tenant changes its policy", who("contoso", domain.RoleOperator, domain.RoleGlobalAdmin), "UpdateProductPolicy", contoso, ok},
		{"operator who is also admin still can't change another tenant's policy", who("ops", domain.RoleOperator, domain.RoleGlobalAdmin), "UpdateProductPolicy", contoso, forbidden},
		{"operator holding an agent role can't list another partner's customers", who("ops", domain.RoleOperator, domain.RoleAdminAgent), "ListCustomers", Target{TenantID: "partner-a"}, forbidden},
		{"agent who is also admin of the partner reads the customer", who("partner-a", domain.RoleGlobalAdmin, domain.RoleSalesAgent), "GetTenant", contoso, ok},
		{"member admin holding an agent role: agent role doesn't count in own tenant", who("contoso", domain.RoleAdminAgent), "GetTenant", contoso, forbidden},
		{"unknown operation", who("contoso", domain.RoleGlobalAdmin), "DropTable", contoso, forbidden},
	}
	for _, tt := range tests {
		if got := domain.ErrorCode(Decide(tt.p, tt.op, tt.t)); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestNeedsPartner(t *testing.T) {
	tests := []struct {
		name string
		p    domain.Principal
		want bool
	}{
		{"member", who("contoso", domain.RoleGlobalAdmin), false},
		{"operator", who("ops", domain.RoleOperator), false},
		{"operator holding an agent role", who("ops", domain.RoleOperator, domain.RoleAdminAgent), true},
		{"admin of another tenant, maybe its partner", who("fabrikam", domain.RoleGlobalAdmin), true},
		{"stranger without admin or agent role", who("fabrikam"), false},
		{"agent of some partner", who("partner-a", domain.RoleSalesAgent), true},
	}
	for _, tt := range tests {
		if got := NeedsPartner(tt.p, "contoso"); got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
}
