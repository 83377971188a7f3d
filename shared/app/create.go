package app

import (
	"context"
	"time"

	"selfserve/shared/access"
	"selfserve/shared/domain"
	"selfserve/shared/ids"
	"selfserve/shared/payments"
	"selfserve/shared/store"
)

// CreateSubscription is a purchase or trial (docs/spec.md §4.1, §4.2, §5).
type CreateSubscription struct {
	TenantID         string
	ProductID        string
	BillingFrequency string
	// Quantity is 1 when nil.
	Quantity        *int
	Trial           bool
	PaymentMethodID string
	AutoRenew       *bool
	// AzureSubscriptionID: the Azure plan a customer's reservation is for.
	AzureSubscriptionID string
}

// check validates the command's own fields, before anything is read.
func (cmd CreateSubscription) check() error {
	if err := domain.CheckID("productId", cmd.ProductID); err != nil {
		return err
	}
	if cmd.BillingFrequency != domain.FrequencyMonthly && cmd.BillingFrequency != domain.FrequencyAnnual {
		return domain.FieldErrorf("billingFrequency", "billingFrequency must be monthly or annual")
	}
	if err := domain.CheckPaymentMethodID(cmd.PaymentMethodID, false); err != nil {
		return err
	}
	if cmd.AzureSubscriptionID != "" {
		return domain.CheckID("azureSubscriptionId", cmd.AzureSubscriptionID)
	}
	return nil
}

// CreateSubscription buys or starts a trial: for themself by a member
// (self-service), for the tenant by an admin (central), for a customer by
// a partner's agent (partner), or a customer's own reservation under its
// partner's permission. 201 with the subscription; one order per charge.
func (a *App) CreateSubscription(ctx context.Context, req Request, cmd CreateSubscription) (Reply, error) {
	if err := cmd.check(); err != nil {
		return Reply{}, err
	}
	if req.Key == nil {
		return Reply{}, domain.Errorf(domain.CodeInvalidRequest, "the Idempotency-Key header is required")
	}
	var reply Reply
	err := store.Retry(ctx, func() (err error) {
		reply, err = a.createOnce(ctx, req, cmd)
		return err
	})
	if err != nil {
		return replayOr(err, req.Key)
	}
	return reply, nil
}

// createOnce reads what deciding the purchase needs in one round trip,
// decides and commits it with its markers and guards.
func (a *App) createOnce(ctx context.Context, req Request, cmd CreateSubscription) (Reply, error) {
	now, p := a.Now(), req.Principal
	cc, err := a.Store.LoadCreateContext(ctx, cmd.TenantID, cmd.ProductID, p.UserID, req.Key.Hash, now)
	if err != nil && domain.ErrorCode(err) != domain.CodeNotFound {
		return Reply{}, err
	}
	c, cerr := callerOf(p, cmd.TenantID, cc.Tenant.PartnerID)
	if cerr != nil || err != nil {
		return Reply{}, domain.Errorf(domain.CodeNotFound, "tenant %q not found", cmd.TenantID)
	}
	if cc.Replay != nil {
		return replayOr(&store.ReplayError{Record: *cc.Replay}, req.Key)
	}
	purchase, m, err := a.purchaseFor(ctx, c, cc.Tenant, cmd, now)
	if err != nil {
		return Reply{}, err
	}
	sub, orders, err := domain.CreateSubscription(purchase)
	if err != nil {
		return Reply{}, err
	}
	if err := markers(&m, cc, sub, purchase.Product); err != nil {
		return Reply{}, err
	}
	rec := newRecorder(&store.Family{}, domain.ActorOf(p), now, "CreateSubscription", req.Key)
	sub = rec.record(sub, orders, domain.EventSubscriptionCreated, nil)
	if ch, charged, err := a.payRecorded(ctx, rec, cmd.PaymentMethodID, ""); err != nil {
		return Reply{}, err
	} else if charged && ch.Status != payments.ChargeSucceeded {
		return Reply{}, a.refusePurchase(ctx, c, sub, ch, now)
	}
	sub, _ = rec.f.Get(sub.ID)
	reply, err := jsonReply(statusCreated, viewOf(c, sub, store.Family{Base: sub}, now))
	if err != nil {
		return Reply{}, err
	}
	reply.Location, reply.ETag = "/v1/tenants/"+cmd.TenantID+"/subscriptions/"+sub.ID, ETag(sub)
	fx := rec.fx
	fx.Idempotency = req.Key.record(reply)
	if err := a.Store.CreateSubscription(ctx, sub, m, fx); err != nil {
		return Reply{}, err
	}
	if a.Hooks.AfterCommit != nil {
		if err := a.Hooks.AfterCommit(); err != nil {
			return Reply{}, err
		}
	}
	return reply, nil
}

// refusePurchase answers a purchase whose charge ch was declined: 402
// payment_declined, nothing created but the attempt's activity record
// (docs/spec.md §10).
func (a *App) refusePurchase(ctx context.Context, c Caller, sub domain.Subscription, ch payments.Charge, now time.Time) error {
	act := newActivity(domain.ActorOf(c.Principal), now, sub.TenantID, "CreateSubscription", "subscription", sub.ID, nil,
		map[string]any{"productId": sub.ProductID, "quantity": sub.Quantity, "paymentDeclined": ch.DeclineCode})
	if err := a.Store.Record(ctx, now, store.Effects{At: now, Activity: act}); err != nil {
		return err
	}
	return declined(ch)
}

// purchaseFor is what c buys with cmd in tenant t: the channel follows from
// the buyer — an agent buys as partner, an admin centrally, anyone else
// for themself — and a customer's reservation is the partner's, under the
// markers that re-check the customer permission in the transaction.
func (a *App) purchaseFor(ctx context.Context, c Caller, t domain.Tenant, cmd CreateSubscription, now time.Time) (_ domain.Purchase, m store.Markers, _ error) {
	p := c.Principal
	channel := domain.ChannelSelfService
	switch {
	case c.isAgent():
		channel = domain.ChannelPartner
	case c.isAdmin():
		channel = domain.ChannelCentral
	}
	if err := access.DecideFor(c.actors, "CreateSubscription", access.Channel(channel)); err != nil {
		return domain.Purchase{}, m, err
	}
	product, err := a.Catalog.Get(cmd.ProductID)
	if err != nil {
		return domain.Purchase{}, m, err
	}
	if cmd.AzureSubscriptionID != "" && !product.Reservation {
		return domain.Purchase{}, m, domain.FieldErrorf("azureSubscriptionId", "azureSubscriptionId is only for reservations")
	}
	customerPurchase := product.Reservation && channel != domain.ChannelPartner
	if customerPurchase { // a customer's own reservation purchase (docs/spec.md §5)
		if m.Owner, err = a.reservationOwner(ctx, t, p, cmd.AzureSubscriptionID); err != nil {
			return domain.Purchase{}, m, err
		}
		channel = domain.ChannelPartner
	}
	qty := 1
	if cmd.Quantity != nil {
		qty = *cmd.Quantity
	}
	purchase := domain.Purchase{ID: ids.New("sub", now), Tenant: t, Product: product, BillingFrequency: cmd.BillingFrequency,
		Quantity: qty, Trial: cmd.Trial, PaymentMethodID: cmd.PaymentMethodID, AutoRenew: cmd.AutoRenew, Channel: channel,
		Purchaser: domain.Purchaser{UserID: p.UserID, Name: p.Name, Email: p.Email, Locale: p.Locale}, Now: now,
		CustomerPurchase: customerPurchase, AzureSubscriptionID: cmd.AzureSubscriptionID}
	switch {
	case customerPurchase:
		purchase.PartnerID = t.PartnerID
	case channel == domain.ChannelPartner:
		purchase.PartnerID = p.TenantID
	}
	return purchase, m, nil
}

// markers sets the uniqueness markers a creation writes: one trial per
// purchaser (self-service), one live subscription per tenant (limit-one
// products). The policy is not guarded: a purchase is decided on the policy
// as read when it starts (docs/decisions.md), so purchases in one tenant
// never contend on its item.
func markers(m *store.Markers, cc store.CreateContext, sub domain.Subscription, product domain.Product) error {
	if sub.Channel == domain.ChannelSelfService {
		if sub.Status == domain.StatusTrial {
			if cc.TrialUsed {
				return domain.Errorf(domain.CodeTrialAlreadyUsed, "you already had a trial of %s", product.Name)
			}
			m.Trial = true
		}
	}
	if !product.LimitOnePerTenant {
		return nil
	}
	if cc.LimitHolder != "" {
		return domain.LimitOnePerTenant(product, cc.LimitHolder, cc.LimitHolderStatus)
	}
	m.Limit = true
	return nil
}

// reservationOwner checks a customer user's reservation purchase
// (docs/spec.md §5): the partner's reservations permission is on (403
// customer_permission_required) and the buyer is Owner (403
// owner_role_required) of the tenant's Active Azure plan subscription
// named by azureSubscriptionID. The store re-checks all of it in the
// purchase's transaction.
func (a *App) reservationOwner(ctx context.Context, t domain.Tenant, p domain.Principal, azureSubscriptionID string) (*store.AzurePlanOwner, error) {
	if !t.Permissions.Reservations.Enabled || t.PartnerID == "" {
		return nil, domain.Errorf(domain.CodeCustomerPermissionReq, "your partner has not allowed you to buy reservations").AsRefusal()
	}
	if azureSubscriptionID == "" {
		return nil, domain.FieldErrorf("azureSubscriptionId", "azureSubscriptionId (your Azure plan subscription) is required for a reservation")
	}
	plan, ok := a.Catalog.AzurePlan()
	if !ok {
		return nil, domain.Errorf(domain.CodeAzureSubscriptionNeeded, "the catalog has no Azure plan")
	}
	subID, status, err := a.Store.AzurePlan(ctx, t.TenantID, plan.ProductID)
	if err != nil {
		return nil, err
	}
	if subID != azureSubscriptionID || status != domain.StatusActive {
		return nil, domain.Errorf(domain.CodeAzureSubscriptionNeeded, "%s is not the tenant's Active Azure plan subscription", azureSubscriptionID)
	}
	owner, err := a.Store.HasRole(ctx, t.TenantID, subID, p.UserID)
	if err != nil {
		return nil, err
	}
	if !owner {
		return nil, domain.Errorf(domain.CodeOwnerRoleRequired, "only an Owner of the Azure plan subscription %s may buy reservations for it", subID).AsRefusal()
	}
	return &store.AzurePlanOwner{ProductID: plan.ProductID, SubscriptionID: subID, UserID: p.UserID}, nil
}
