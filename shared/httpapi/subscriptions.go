package httpapi

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"selfserve/shared/access"
	"selfserve/shared/domain"
	"selfserve/shared/ids"
	"selfserve/shared/store"
)

// subscriptionView is a subscription as its reader sees it: with what the
// reader may do now and what cancelling would do.
type subscriptionView struct {
	domain.Subscription
	AllowedActions    []domain.AllowedAction    `json:"allowedActions"`
	CancellationQuote *domain.CancellationQuote `json:"cancellationQuote,omitempty"`
}

func viewSubscription(s domain.Subscription, v domain.Viewer, now time.Time, f store.Family) subscriptionView {
	baseStatus := domain.Status("")
	if s.IsAddOn() {
		baseStatus = f.Base.Status
	}
	out := subscriptionView{Subscription: s, AllowedActions: s.AllowedActions(v, now, baseStatus)}
	if s.Status == domain.StatusActive || s.Status == domain.StatusTrial {
		q := s.Quote(now, adminCancels(v, s))
		out.CancellationQuote = &q
	}
	return out
}

// adminCancels: an admin's cancel of a self-service subscription (taken
// over or not) is immediate (SPEC §4.8).
func adminCancels(v domain.Viewer, s domain.Subscription) bool {
	return v.Admin && s.Channel == domain.ChannelSelfService
}

// etag is a subscription's entity tag: its version.
func etag(s domain.Subscription) string { return `"` + strconv.FormatInt(s.Version, 10) + `"` }

// caller is a principal with its effective roles in the path's tenant.
type caller struct {
	domain.Principal
	actors []access.Actor
}

func (c caller) has(roles ...access.Actor) bool {
	for _, a := range c.actors {
		for _, r := range roles {
			if a == r {
				return true
			}
		}
	}
	return false
}

func (c caller) isAdmin() bool { return c.has(access.GlobalAdmin, access.BillingAdmin) }
func (c caller) isAgent() bool { return c.has(access.AdminAgent, access.SalesAgent) }

// onlyUser: a member with no admin or agent role — a purchaser, who sees
// only their own subscriptions (an Operator role doesn't widen that).
func (c caller) onlyUser() bool {
	return c.has(access.User) && !c.isAdmin() && !c.has(access.AdminAgent, access.SalesAgent, access.HelpdeskAgent)
}

// viewer says what c may do with s ("manager of it", API.md).
func (c caller) viewer(s domain.Subscription) domain.Viewer {
	// Agents act on the partner subscriptions of their own partner only.
	v := domain.Viewer{Admin: c.isAdmin(), Agent: c.isAgent() && s.Channel == domain.ChannelPartner && s.PartnerID == c.TenantID}
	switch {
	case s.CustomerPurchase: // managed by the partner only (SPEC §5)
		v.Manager = v.Agent
	case !s.Managed(): // a self-service purchase before its take-over
		v.Manager = c.has(access.User) && s.Purchaser.UserID == c.UserID
	case s.Channel == domain.ChannelPartner:
		v.Manager = v.Agent || v.Admin
	default:
		v.Manager = v.Admin
	}
	return v
}

// callerIn returns p's effective roles in tenantID, reading the tenant only
// when p's reach depends on the tenant's partner; not reached → 404.
func (a *API) callerIn(ctx context.Context, p domain.Principal, tenantID string) (caller, error) {
	partner := ""
	if access.NeedsPartner(p, tenantID) {
		t, err := a.Store.GetTenant(ctx, tenantID)
		if err != nil && domain.ErrorCode(err) != domain.CodeNotFound {
			return caller{}, err
		}
		partner = t.PartnerID
	}
	c := caller{Principal: p, actors: access.ActorsIn(p, tenantID, partner)}
	if len(c.actors) == 0 {
		return c, domain.Errorf(domain.CodeNotFound, "tenant %q not found", tenantID)
	}
	return c, nil
}

// authorizeIn reaches the path's tenant — reading it only when the
// caller's reach depends on the tenant's partner — and checks op for
// channel-less operations against the role table.
func (a *API) authorizeIn(r *http.Request, p domain.Principal, op access.Operation) (caller, error) {
	c, err := a.callerIn(r.Context(), p, r.PathValue("tenantId"))
	if err != nil {
		return c, err
	}
	return c, access.DecideFor(c.actors, op, access.AnyChannel)
}

// partnerOnly are the changes of a customer's own reservation purchase
// that only its partner makes (SPEC §5: cancel, exchange, renew).
var partnerOnly = map[access.Operation]bool{"UpdateSubscription": true, "CancelSubscription": true, "SuspendSubscription": true,
	"ReactivateSubscription": true, "TakeOverSubscription": true, "MoveUsers": true, "CreateAddOn": true}

// subscriptionFor reads the path's subscription with its family and
// authorizes op on it: the role table for its channel, then the object
// rule that users see only their own (others get 404).
func (a *API) subscriptionFor(r *http.Request, p domain.Principal, op access.Operation) (caller, store.Family, domain.Subscription, error) {
	tenantID, id := r.PathValue("tenantId"), r.PathValue("subscriptionId")
	c, err := a.callerIn(r.Context(), p, tenantID)
	if err != nil {
		return c, store.Family{}, domain.Subscription{}, err
	}
	f, err := a.Store.GetFamily(r.Context(), tenantID, id)
	if err != nil {
		return c, f, domain.Subscription{}, err
	}
	s, _ := f.Get(id)
	if c.onlyUser() && s.Purchaser.UserID != c.UserID {
		return c, f, s, domain.Errorf(domain.CodeNotFound, "subscription %q not found", id)
	}
	if s.CustomerPurchase && partnerOnly[op] && !c.viewer(s).Agent {
		return c, f, s, domain.Errorf(domain.CodePartnerActionRequired, "this reservation is managed by your partner; ask them to change it")
	}
	if err := access.DecideFor(c.actors, op, access.Channel(s.Channel)); err != nil {
		return c, f, s, err
	}
	return c, f, s, nil
}

// mustManage refuses a change by someone who is not the subscription's
// manager: an admin of a self-service subscription must take it over first.
func mustManage(c caller, s domain.Subscription) error {
	v := c.viewer(s)
	switch {
	case v.Manager:
		return nil
	case !s.Managed() && v.Admin:
		return domain.Errorf(domain.CodeTakeoverRequired, "take over this self-service subscription before managing it")
	}
	return domain.Errorf(domain.CodeForbidden, "only the subscription's manager may change it")
}

// subscriptionEvent is an outbox event about s; it takes s's next sequence
// number.
func subscriptionEvent(typ string, s *domain.Subscription, now time.Time, extra map[string]any) domain.Event {
	return domain.NewSubscriptionEvent(ids.New("evt", now), typ, s, now, extra)
}

// numberOrders gives orders their ids.
func numberOrders(orders []domain.Order, now time.Time) []domain.Order {
	for i := range orders {
		orders[i].ID = ids.New("ord", now)
	}
	return orders
}

// changedFields returns before/after maps of the subscription fields that
// differ, for the activity log.
func changedFields(before, after domain.Subscription) (map[string]any, map[string]any) {
	b, a := map[string]any{}, map[string]any{}
	add := func(name string, x, y any) {
		if fmt.Sprint(x) != fmt.Sprint(y) {
			b[name], a[name] = x, y
		}
	}
	add("status", before.Status, after.Status)
	add("quantity", before.Quantity, after.Quantity)
	add("autoRenew", before.AutoRenew, after.AutoRenew)
	add("cancelAtTermEnd", before.CancelAtTermEnd, after.CancelAtTermEnd)
	add("cancellationReason", before.CancellationReason, after.CancellationReason)
	add("suspensionReason", before.SuspensionReason, after.SuspensionReason)
	add("takenOver", before.TakenOver != nil, after.TakenOver != nil)
	add("assignedLicenses", before.AssignedLicenses, after.AssignedLicenses)
	add("reservedLicenses", before.ReservedLicenses, after.ReservedLicenses)
	add("movingTo", before.MovingTo, after.MovingTo)
	if len(a) == 0 {
		return nil, nil
	}
	return b, a
}

type createBody struct {
	ProductID        string `json:"productId"`
	BillingFrequency string `json:"billingFrequency"`
	Quantity         *int   `json:"quantity"`
	Trial            bool   `json:"trial"`
	PaymentMethodID  string `json:"paymentMethodId"`
	AutoRenew        *bool  `json:"autoRenew"`
	// AzureSubscriptionID: the Azure plan a reservation is for.
	AzureSubscriptionID string `json:"azureSubscriptionId"`
}

func createSubscription(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	now := a.Now()
	tenantID := r.PathValue("tenantId")
	if err := checkQuery(r, nil); err != nil {
		return err
	}
	body, err := readBody(r)
	if err != nil {
		return err
	}
	var in createBody
	if err := decodeStrict(body, &in); err != nil {
		return err
	}
	if err := domain.CheckID("productId", in.ProductID); err != nil {
		return err
	}
	if in.BillingFrequency != domain.FrequencyMonthly && in.BillingFrequency != domain.FrequencyAnnual {
		return domain.Errorf(domain.CodeInvalidRequest, "billingFrequency must be monthly or annual")
	}
	if len(in.PaymentMethodID) > 128 || strings.ContainsFunc(in.PaymentMethodID, func(r rune) bool { return r < ' ' }) ||
		(in.PaymentMethodID != "" && strings.TrimSpace(in.PaymentMethodID) == "") {
		return domain.Errorf(domain.CodeInvalidRequest, "paymentMethodId must be 1-128 printable characters, not blank")
	}
	qty := 1
	if in.Quantity != nil {
		qty = *in.Quantity
	}
	idem, err := idempotency(r, p, body, true)
	if err != nil {
		return err
	}
	cc, err := a.Store.LoadCreateContext(r.Context(), tenantID, in.ProductID, p.UserID, idem.Hash, now)
	if err != nil && domain.ErrorCode(err) != domain.CodeNotFound {
		return err
	}
	c := caller{Principal: p, actors: access.ActorsIn(p, tenantID, cc.Tenant.PartnerID)}
	if len(c.actors) == 0 || err != nil {
		return domain.Errorf(domain.CodeNotFound, "tenant %q not found", tenantID)
	}
	if cc.Replay != nil {
		return replayOr(w, &store.ReplayError{Record: *cc.Replay}, idem)
	}
	channel := domain.ChannelSelfService
	switch {
	case c.isAgent():
		channel = domain.ChannelPartner
	case c.isAdmin():
		channel = domain.ChannelCentral
	}
	if err := access.DecideFor(c.actors, "CreateSubscription", access.Channel(channel)); err != nil {
		return err
	}
	product, err := a.Catalog.Get(in.ProductID)
	if err != nil {
		return err
	}
	if in.AzureSubscriptionID != "" {
		if err := domain.CheckID("azureSubscriptionId", in.AzureSubscriptionID); err != nil {
			return err
		}
		if !product.Reservation {
			return domain.Errorf(domain.CodeInvalidRequest, "azureSubscriptionId is only for reservations")
		}
	}
	var m store.Markers
	customerPurchase := product.Reservation && channel != domain.ChannelPartner
	if customerPurchase { // a customer's own reservation purchase (SPEC §5)
		if m.Owner, err = a.reservationOwner(r, cc.Tenant, p, in.AzureSubscriptionID); err != nil {
			return err
		}
		channel = domain.ChannelPartner
	}
	purchase := domain.Purchase{ID: ids.New("sub", now), Tenant: cc.Tenant, Product: product, BillingFrequency: in.BillingFrequency,
		Quantity: qty, Trial: in.Trial, PaymentMethodID: in.PaymentMethodID, AutoRenew: in.AutoRenew, Channel: channel,
		Purchaser: domain.Purchaser{UserID: p.UserID, Name: p.Name, Email: p.Email}, Now: now}
	switch {
	case customerPurchase:
		purchase.PartnerID = cc.Tenant.PartnerID
	case channel == domain.ChannelPartner:
		purchase.PartnerID = p.TenantID
	}
	sub, orders, err := domain.CreateSubscription(purchase)
	if err != nil {
		return err
	}
	sub.CustomerPurchase, sub.AzureSubscriptionID = customerPurchase, in.AzureSubscriptionID
	if channel == domain.ChannelSelfService {
		pp, _ := domain.EffectivePolicy(product, cc.Tenant.Policies)
		guard := domain.PolicyValue("")
		if !pp.IsDefault {
			guard = pp.PolicyValue
		}
		m.PolicyGuard = &guard
		if sub.Status == domain.StatusTrial {
			if cc.TrialUsed {
				return domain.Errorf(domain.CodeTrialAlreadyUsed, "you already had a trial of %s", product.Name)
			}
			m.Trial = true
		}
	}
	if product.LimitOnePerTenant {
		if cc.LimitHolder != "" {
			if cc.LimitHolderStatus == domain.StatusSuspended {
				return domain.Errorf(domain.CodeReactivateInstead, "the tenant's %s subscription is suspended: reactivate it instead", product.Name).
					With("subscriptionId", cc.LimitHolder)
			}
			return domain.Errorf(domain.CodeLimitOnePerTenant, "the tenant already has a subscription of %s", product.Name).
				With("subscriptionId", cc.LimitHolder)
		}
		m.Limit = true
	}
	orders = numberOrders(orders, now)
	event := subscriptionEvent(domain.EventSubscriptionCreated, &sub, now, nil)
	view := viewSubscription(sub, c.viewer(sub), now, store.Family{Base: sub})
	location := "/v1/tenants/" + tenantID + "/subscriptions/" + sub.ID
	_, after := changedFields(domain.Subscription{}, sub)
	after["productId"], after["channel"], after["billingFrequency"] = sub.ProductID, sub.Channel, sub.BillingFrequency
	idem.Location = location
	w.Header().Set("Location", location)
	w.Header().Set("ETag", etag(sub))
	return commitAndWrite(w, http.StatusCreated, view, idem, func(idem *store.Idempotency) error {
		return a.Store.CreateSubscription(r.Context(), sub, orders, m, now, store.Effects{
			Activity:    newActivity(p, now, tenantID, "CreateSubscription", "subscription", sub.ID, nil, after),
			Events:      []domain.Event{event},
			Idempotency: idem,
		})
	})
}

// reservationOwner checks a customer user's reservation purchase (SPEC §5):
// the partner's reservations permission is on (403
// customer_permission_required) and the buyer is Owner (403
// owner_role_required) of the tenant's Active Azure plan subscription named
// by azureSubscriptionID. The store re-checks all of it in the purchase's
// transaction.
func (a *API) reservationOwner(r *http.Request, t domain.Tenant, p domain.Principal, azureSubscriptionID string) (*store.AzurePlanOwner, error) {
	if !t.Permissions.Reservations.Enabled || t.PartnerID == "" {
		return nil, domain.Errorf(domain.CodeCustomerPermissionReq, "your partner has not allowed you to buy reservations").AsRefusal()
	}
	if azureSubscriptionID == "" {
		return nil, domain.Errorf(domain.CodeInvalidRequest, "azureSubscriptionId (your Azure plan subscription) is required for a reservation")
	}
	plan, ok := a.Catalog.AzurePlan()
	if !ok {
		return nil, domain.Errorf(domain.CodeAzureSubscriptionNeeded, "the catalog has no Azure plan")
	}
	subID, status, err := a.Store.AzurePlan(r.Context(), t.TenantID, plan.ProductID)
	if err != nil {
		return nil, err
	}
	if subID != azureSubscriptionID || status != domain.StatusActive {
		return nil, domain.Errorf(domain.CodeAzureSubscriptionNeeded, "%s is not the tenant's Active Azure plan subscription", azureSubscriptionID)
	}
	owner, err := a.Store.HasRole(r.Context(), t.TenantID, subID, p.UserID)
	if err != nil {
		return nil, err
	}
	if !owner {
		return nil, domain.Errorf(domain.CodeOwnerRoleRequired, "only an Owner of the Azure plan subscription %s may buy reservations for it", subID).AsRefusal()
	}
	return &store.AzurePlanOwner{ProductID: plan.ProductID, SubscriptionID: subID, UserID: p.UserID}, nil
}

func getSubscription(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	if err := checkQuery(r, nil); err != nil {
		return err
	}
	c, f, s, err := a.subscriptionFor(r, p, "GetSubscription")
	if err != nil {
		return err
	}
	w.Header().Set("ETag", etag(s))
	return writeJSON(w, http.StatusOK, viewSubscription(s, c.viewer(s), a.Now(), f))
}

func listSubscriptions(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	tenantID := r.PathValue("tenantId")
	limit, err := listQuery(r, "channel", "status", "productId", "purchaserId")
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := store.SubscriptionFilter{Channel: q.Get("channel"), Status: q.Get("status"), ProductID: q.Get("productId"), PurchaserID: q.Get("purchaserId")}
	if err := oneOf("channel", f.Channel, string(domain.ChannelSelfService), string(domain.ChannelCentral), string(domain.ChannelPartner)); err != nil {
		return err
	}
	if err := oneOf("status", f.Status, string(domain.StatusTrial), string(domain.StatusActive), string(domain.StatusSuspended),
		string(domain.StatusExpired), string(domain.StatusDeleted)); err != nil {
		return err
	}
	for name, v := range map[string]string{"productId": f.ProductID, "purchaserId": f.PurchaserID} {
		if v != "" {
			if err := domain.CheckID(name, v); err != nil {
				return err
			}
		}
	}
	c, err := a.authorizeIn(r, p, "ListSubscriptions")
	if err != nil {
		return err
	}
	if c.onlyUser() {
		if f.PurchaserID != "" && f.PurchaserID != c.UserID {
			return domain.Errorf(domain.CodeForbidden, "users see only their own subscriptions")
		}
		f.PurchaserID = c.UserID
	}
	pg, err := a.openPage(r, limit, "ListSubscriptions", tenantID, f.Channel, f.Status, f.ProductID, f.PurchaserID)
	if err != nil {
		return err
	}
	subs, next, err := a.Store.ListSubscriptions(r.Context(), tenantID, f, pg.Page)
	if err != nil {
		return err
	}
	now := a.Now()
	out := list[subscriptionView]{Items: make([]subscriptionView, len(subs)), NextCursor: pg.next(next)}
	for i, s := range subs {
		out.Items[i] = subscriptionView{Subscription: s}
		out.Items[i].AllowedActions = s.AllowedActions(c.viewer(s), now, "") // base unknown here: not judged
	}
	return writeJSON(w, http.StatusOK, out)
}
