// Package access is the authorization table of docs/spec.md §1: which role may do
// which operation on which channel, and how a principal reaches a tenant.
// It is pure: callers pass what they know about the target.
package access

import (
	"slices"

	"selfserve/shared/domain"
)

// Operation names an API operation; it is the route's function name.
type Operation string

// Actor is a principal's effective role in a target: its roles that count
// there, or User for a member holding none of them.
type Actor string

// Effective roles. User is a member with no admin role: a purchaser.
const (
	User          Actor = "User"
	GlobalAdmin   Actor = Actor(domain.RoleGlobalAdmin)
	BillingAdmin  Actor = Actor(domain.RoleBillingAdmin)
	AdminAgent    Actor = Actor(domain.RoleAdminAgent)
	SalesAgent    Actor = Actor(domain.RoleSalesAgent)
	HelpdeskAgent Actor = Actor(domain.RoleHelpdeskAgent)
	OperatorActor Actor = Actor(domain.RoleOperator)
	// Anyone is any authenticated principal, for tenant-less operations.
	Anyone Actor = "Anyone"
)

// Channel of the target; AnyChannel for operations not about a subscription.
type Channel string

// Channels: AnyChannel for operations that have none, else a subscription's.
const (
	AnyChannel     Channel = ""
	SelfService    Channel = "selfService"
	Central        Channel = "central"
	PartnerChannel Channel = "partner"
)

var (
	admins        = []Actor{GlobalAdmin, BillingAdmin}
	agents        = []Actor{AdminAgent, SalesAgent, HelpdeskAgent}
	sellingAgents = []Actor{AdminAgent, SalesAgent}
	readers       = append(slices.Clone(admins), agents...)
	viewers       = append([]Actor{User}, readers...)
	everyone      = []Actor{Anyone}
	// managers: who may change a subscription of each channel, before the
	// object rules (a user only their own self-service purchase before a
	// take-over; admins a self-service one only after it).
	managers = map[Channel][]Actor{
		SelfService:    {User, GlobalAdmin, BillingAdmin},
		Central:        admins,
		PartnerChannel: {AdminAgent, SalesAgent, GlobalAdmin, BillingAdmin},
	}
	// suspenders: suspend and reactivate (docs/spec.md §16).
	suspenders = map[Channel][]Actor{SelfService: admins, Central: admins, PartnerChannel: sellingAgents}
	// roleAssigners: admins and AdminAgents give subscription roles (docs/spec.md §16).
	roleAssigners = map[Channel][]Actor{SelfService: {GlobalAdmin, BillingAdmin, AdminAgent}, Central: {GlobalAdmin, BillingAdmin, AdminAgent},
		PartnerChannel: {GlobalAdmin, BillingAdmin, AdminAgent}}
	allViewers = map[Channel][]Actor{SelfService: viewers, Central: viewers, PartnerChannel: viewers}
)

// Scope says what an operation's path names.
type Scope int

// Scopes of operations.
const (
	// Global operations name no tenant (the catalog).
	Global Scope = iota
	// Tenant operations name a tenant in the path.
	Tenant
	// Partner operations name a partner tenant: only its own agents reach it.
	Partner
)

// Rule is one row of the table.
type Rule struct {
	Scope Scope
	// Allowed lists, per channel, the effective roles that may perform it.
	Allowed map[Channel][]Actor
}

// Table is the role table: operation × channel → roles. Tests enumerate it
// against every route.
var Table = map[Operation]Rule{
	"ListProducts":        {Global, map[Channel][]Actor{AnyChannel: everyone}},
	"GetProduct":          {Global, map[Channel][]Actor{AnyChannel: everyone}},
	"PutTenant":           {Tenant, map[Channel][]Actor{AnyChannel: {OperatorActor}}},
	"GetTenant":           {Tenant, map[Channel][]Actor{AnyChannel: append(slices.Clone(readers), OperatorActor)}},
	"ListCustomers":       {Partner, map[Channel][]Actor{AnyChannel: agents}},
	"GetPolicy":           {Tenant, map[Channel][]Actor{AnyChannel: readers}},
	"ListProductPolicies": {Tenant, map[Channel][]Actor{AnyChannel: readers}},
	"GetProductPolicy":    {Tenant, map[Channel][]Actor{AnyChannel: readers}},
	"UpdateProductPolicy": {Tenant, map[Channel][]Actor{AnyChannel: admins}},

	// Subscriptions: CreateSubscription's channel follows from the buyer —
	// a user buys for themself, an admin centrally, an agent as partner.
	"CreateSubscription":     {Tenant, map[Channel][]Actor{SelfService: {User}, Central: admins, PartnerChannel: sellingAgents}},
	"ListSubscriptions":      {Tenant, map[Channel][]Actor{AnyChannel: viewers}},
	"GetSubscription":        {Tenant, allViewers},
	"UpdateSubscription":     {Tenant, managers},
	"CancelSubscription":     {Tenant, managers},
	"SuspendSubscription":    {Tenant, suspenders},
	"ReactivateSubscription": {Tenant, suspenders},
	"TakeOverSubscription":   {Tenant, map[Channel][]Actor{SelfService: admins, Central: admins, PartnerChannel: admins}},
	"MoveUsers":              {Tenant, map[Channel][]Actor{SelfService: admins, Central: admins, PartnerChannel: admins}},
	"CreateAddOn":            {Tenant, managers},
	"UpdatePaymentMethod":    {Tenant, managers},
	"ListLicenses":           {Tenant, allViewers},
	"AssignLicenses":         {Tenant, managers},
	"AssignLicensesBulk":     {Tenant, managers},
	"UnassignLicense":        {Tenant, managers},
	"AssignSubscriptionRole": {Tenant, roleAssigners},
	"LicenseSummary":         {Tenant, map[Channel][]Actor{AnyChannel: readers}},
	"ExportLicenses":         {Tenant, map[Channel][]Actor{AnyChannel: readers}},
	"ListOrders":             {Tenant, map[Channel][]Actor{AnyChannel: viewers}},
	"ListActivity":           {Tenant, map[Channel][]Actor{AnyChannel: readers}},

	// Invoices (docs/spec.md §10): a tenant's to its admins and agents, a
	// purchaser's own to them (object rule); a partner's to its selling
	// agents and, as such, its own admins.
	"ListInvoices":        {Tenant, map[Channel][]Actor{AnyChannel: viewers}},
	"GetInvoice":          {Tenant, map[Channel][]Actor{AnyChannel: viewers}},
	"GetInvoicePdf":       {Tenant, map[Channel][]Actor{AnyChannel: viewers}},
	"ListPartnerInvoices": {Partner, map[Channel][]Actor{AnyChannel: sellingAgents}},

	// Customer permissions (docs/spec.md §5): read by the tenant's admins and its
	// partner's agents, changed by the partner's AdminAgent only.
	"GetCustomerPermissions":   {Tenant, map[Channel][]Actor{AnyChannel: readers}},
	"SetReservationPermission": {Tenant, map[Channel][]Actor{AnyChannel: {AdminAgent}}},

	// Webhooks: anyone of the tenant or its agents; endpoints are then
	// reached by their owner and the tenant's admins only (object rule).
	"CreateWebhookEndpoint": {Tenant, map[Channel][]Actor{AnyChannel: viewers}},
	"ListWebhookEndpoints":  {Tenant, map[Channel][]Actor{AnyChannel: viewers}},
	"DeleteWebhookEndpoint": {Tenant, map[Channel][]Actor{AnyChannel: viewers}},
	"RotateWebhookSecret":   {Tenant, map[Channel][]Actor{AnyChannel: viewers}},
	"TestWebhookEndpoint":   {Tenant, map[Channel][]Actor{AnyChannel: viewers}},
	"ListDeliveries":        {Tenant, map[Channel][]Actor{AnyChannel: viewers}},
	"RetryDelivery":         {Tenant, map[Channel][]Actor{AnyChannel: viewers}},
}

// Target is what the caller knows of the object: its tenant, that tenant's
// partner (for agents' reach) and the channel.
type Target struct {
	TenantID  string
	PartnerID string
	Channel   Channel
}

// ActorsIn returns p's effective roles in a tenant with the given partner,
// from every way p reaches it: as a member (User plus admin roles), as an
// agent of its partner (agent roles), as an operator. None means p doesn't
// reach the tenant.
func ActorsIn(p domain.Principal, tenantID, partnerID string) []Actor {
	var out []Actor
	if p.TenantID == tenantID {
		out = append(out, User)
		for _, r := range p.Roles {
			if r.IsAdmin() {
				out = append(out, Actor(r))
			}
		}
	}
	if partnerID != "" && p.TenantID == partnerID {
		out = append(out, agentActors(p)...)
	}
	if p.Has(domain.RoleOperator) {
		out = append(out, OperatorActor)
	}
	return out
}

// agentActors are p's roles as an agent of its own tenant's customers: its
// agent roles, and its tenant's admins — GlobalAdmin as AdminAgent,
// BillingAdmin as SalesAgent (docs/spec.md §15).
func agentActors(p domain.Principal) []Actor {
	var out []Actor
	add := func(a Actor) {
		if !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	for _, r := range p.Roles {
		switch {
		case r.IsAgent():
			add(Actor(r))
		case r == domain.RoleGlobalAdmin: // a partner tenant's admins act on its customers as agents (docs/spec.md §15)
			add(AdminAgent)
		case r == domain.RoleBillingAdmin:
			add(SalesAgent)
		}
	}
	return out
}

// NeedsPartner reports whether deciding for p on tenantID needs the tenant's
// partnerId: only for a non-member holding an agent role. Everyone else is
// decided from the token alone.
func NeedsPartner(p domain.Principal, tenantID string) bool {
	return p.TenantID != tenantID && len(agentActors(p)) > 0
}

// Decide returns nil when p may perform op on t, CodeNotFound when p can't
// reach the target (its existence is not revealed), and CodeForbidden when p
// reaches it but its role doesn't allow op.
func Decide(p domain.Principal, op Operation, t Target) error {
	rule, ok := Table[op]
	if !ok {
		return domain.Errorf(domain.CodeForbidden, "operation %s is not permitted", op)
	}
	var actors []Actor
	switch rule.Scope {
	case Global:
		actors = []Actor{Anyone}
	case Tenant:
		if actors = ActorsIn(p, t.TenantID, t.PartnerID); len(actors) == 0 {
			return domain.Errorf(domain.CodeNotFound, "tenant %q not found", t.TenantID)
		}
	case Partner:
		// A partner tenant is reached by its own members and by operators;
		// only its members' agent roles count there.
		if p.TenantID == t.TenantID {
			actors = agentActors(p)
		}
		if p.Has(domain.RoleOperator) {
			actors = append(actors, OperatorActor)
		}
		if p.TenantID != t.TenantID && len(actors) == 0 {
			return domain.Errorf(domain.CodeNotFound, "partner %q not found", t.TenantID)
		}
	}
	return DecideFor(actors, op, t.Channel)
}

// DecideFor returns nil when one of actors — a principal's effective roles
// in a tenant it reaches — may perform op on channel, else CodeForbidden.
func DecideFor(actors []Actor, op Operation, ch Channel) error {
	rule, ok := Table[op]
	if ok {
		for _, a := range actors {
			if slices.Contains(rule.Allowed[ch], a) || slices.Contains(rule.Allowed[ch], Anyone) {
				return nil
			}
		}
	}
	return domain.Errorf(domain.CodeForbidden, "your roles don't allow %s here", op)
}
