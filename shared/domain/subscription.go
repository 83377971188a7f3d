package domain

import (
	"slices"
	"time"
)

// Status is a subscription's lifecycle state (docs/spec.md §4).
type Status string

// The statuses of docs/spec.md §4.
const (
	StatusTrial     Status = "Trial"
	StatusActive    Status = "Active"
	StatusSuspended Status = "Suspended"
	// StatusPastDue: a renewal's charge was declined and is being retried
	// (docs/spec.md §10); licenses keep working.
	StatusPastDue Status = "PastDue"
	StatusExpired Status = "Expired"
	StatusDeleted Status = "Deleted"
)

// Live reports whether s still counts (not Deleted or Expired).
func (s Status) Live() bool { return s != StatusDeleted && s != StatusExpired }

// Channel is how a subscription was bought.
type Channel string

// The channels of docs/spec.md §4.
const (
	ChannelSelfService Channel = "selfService"
	ChannelCentral     Channel = "central"
	ChannelPartner     Channel = "partner"
)

// Purchaser is who bought a subscription (personal data, removed at data
// deletion).
type Purchaser struct {
	UserID string `json:"userId"`
	Name   string `json:"name,omitempty"`
	Email  string `json:"email,omitempty"`
	// Locale is the language of the purchaser's mails, from their token at
	// purchase (docs/spec.md §11); empty means English.
	Locale string `json:"locale,omitempty"`
}

// TakeOver records an admin taking control of a self-service subscription.
type TakeOver struct {
	By string    `json:"by"`
	At time.Time `json:"at"`
}

// BillTo is who pays: the tenant, or the partner for partner purchases.
type BillTo struct {
	Type string `json:"type"` // "tenant" or "partner"
	ID   string `json:"id"`
}

// Subscription is a purchase or trial of a product (docs/spec.md §4).
type Subscription struct {
	ID                 string     `json:"id"`
	TenantID           string     `json:"tenantId"`
	ProductID          string     `json:"productId"`
	ProductName        string     `json:"productName"`
	BillingType        string     `json:"billingType"`
	BillingFrequency   string     `json:"billingFrequency"`
	Quantity           int        `json:"quantity"`
	Channel            Channel    `json:"channel"`
	Purchaser          Purchaser  `json:"purchaser"`
	Status             Status     `json:"status"`
	AutoRenew          bool       `json:"autoRenew"`
	CancelAtTermEnd    bool       `json:"cancelAtTermEnd"`
	HasPaymentMethod   bool       `json:"hasPaymentMethod"`
	CreatedAt          time.Time  `json:"createdAt"`
	TrialEndsAt        *time.Time `json:"trialEndsAt,omitempty"`
	TermStart          time.Time  `json:"termStart"`
	TermEnd            time.Time  `json:"termEnd"`
	RefundableUntil    *time.Time `json:"refundableUntil,omitempty"`
	SuspendedAt        *time.Time `json:"suspendedAt,omitempty"`
	SuspensionReason   string     `json:"suspensionReason,omitempty"`
	DataDeletionAt     *time.Time `json:"dataDeletionAt,omitempty"`
	CancelledAt        *time.Time `json:"cancelledAt,omitempty"`
	CancellationReason string     `json:"cancellationReason,omitempty"`
	// CancellationReasonCode is the picklist reason of a cancel (docs/spec.md §15).
	CancellationReasonCode string    `json:"cancellationReasonCode,omitempty"`
	TakenOver              *TakeOver `json:"takenOver,omitempty"`
	BaseSubscriptionID     string    `json:"baseSubscriptionId,omitempty"`
	PartnerID              string    `json:"partnerId,omitempty"`
	// CustomerPurchase: a reservation bought by a customer user under the
	// reservations permission (docs/spec.md §5): billed to and managed by the
	// partner, whose agents are not notified of it.
	CustomerPurchase bool `json:"customerPurchase,omitempty"`
	// AzureSubscriptionID: the Azure plan subscription a reservation is for.
	AzureSubscriptionID string `json:"azureSubscriptionId,omitempty"`
	BillTo              BillTo `json:"billTo"`
	UnitPrice           Money  `json:"unitPrice"`
	Price               Money  `json:"price"`
	AssignedLicenses    int    `json:"assignedLicenses"`
	// ReservedLicenses are held for users being moved in (docs/spec.md §4.8).
	ReservedLicenses int `json:"reservedLicenses,omitempty"`
	// MovingTo is the target of a move of this subscription's users in
	// progress: until it completes, the subscription gains no licenses and
	// can't change quantity or be cancelled.
	MovingTo string `json:"movingTo,omitempty"`
	// PaymentDue is what a PastDue subscription owes (docs/spec.md §10).
	PaymentDue *PaymentDue `json:"pastDue,omitempty"`
	Version    int64       `json:"version"`

	// TermAnchor and TermIndex place the current paid term: it ends at
	// TermEnd(TermAnchor, TermIndex, BillingFrequency).
	TermAnchor time.Time `json:"-"`
	TermIndex  int       `json:"-"`
	// ChargedThisTerm is charges minus credits of the current term: what an
	// in-window cancellation credits back.
	ChargedThisTerm Money `json:"-"`
	// CancellationWindow is the offer's refund window, kept from purchase.
	CancellationWindow string `json:"-"`
	// PaymentMethodID is an opaque reference, never shown back.
	PaymentMethodID string `json:"-"`
	// EventSeq is the last webhook sequence number used for it.
	EventSeq int64 `json:"-"`
	// Lifecycle bookkeeping of the sweeps: the current term's refund window
	// was closed, the trial's end was announced, the deletion warnings sent.
	RefundWindowClosed bool `json:"-"`
	// LimitOnePerTenant is the product's rule, kept from the purchase: the
	// tenant's one-per-product marker mirrors this subscription's status.
	LimitOnePerTenant bool `json:"-"`
	// HasAddOns is set on a base once it had an add-on, so the sweeps read
	// its family before acting (others cost one transaction per action).
	HasAddOns            bool  `json:"-"`
	TrialWarned          bool  `json:"-"`
	DeletionWarningsSent []int `json:"-"`
	// TermCharges are the card charges that paid the current term, which
	// its credits are refunded on; PendingRefunds are refunds waiting for
	// the payments sweep (docs/spec.md §10).
	TermCharges    []ChargeRef  `json:"-"`
	PendingRefunds []RefundPart `json:"-"`
}

// Order is one charge or credit of the order history (docs/spec.md §4.3).
type Order struct {
	ID             string    `json:"id"`
	TenantID       string    `json:"tenantId"`
	SubscriptionID string    `json:"subscriptionId"`
	ProductID      string    `json:"productId"`
	ProductName    string    `json:"productName"`
	Type           string    `json:"type"`
	Quantity       int       `json:"quantity"`
	Amount         Money     `json:"amount"`
	BillTo         BillTo    `json:"billTo"`
	PurchaserID    string    `json:"purchaserId"`
	PeriodStart    time.Time `json:"periodStart"`
	PeriodEnd      time.Time `json:"periodEnd"`
	At             time.Time `json:"at"`
	// Payment is how the order is paid: PaymentCard (the purchaser's
	// payment method) or PaymentInvoice (the bill-to account's invoice).
	Payment string `json:"payment"`
	// Paid: a card charge that succeeded; invoiced orders and credits are
	// always paid (docs/spec.md §10).
	Paid bool `json:"paid"`
	// ChargeID is the provider's charge that paid it (or, for a credit,
	// the refund); never shown.
	ChargeID string `json:"-"`
}

// How orders are paid (docs/spec.md §10).
const (
	PaymentCard    = "card"
	PaymentInvoice = "invoice"
)

// Order types of docs/spec.md §4.3.
const (
	OrderPurchase        = "purchase"
	OrderRenewal         = "renewal"
	OrderTrialConversion = "trialConversion"
	OrderProration       = "proration"
	OrderCredit          = "credit"
)

// Subscription event types of docs/spec.md §8.
const (
	EventSubscriptionCreated          = "subscription.created"
	EventSubscriptionUpdated          = "subscription.updated"
	EventCancellationScheduled        = "subscription.cancellation_scheduled"
	EventSubscriptionCancelled        = "subscription.cancelled"
	EventSubscriptionSuspended        = "subscription.suspended"
	EventSubscriptionReactivated      = "subscription.reactivated"
	EventSubscriptionTakenOver        = "subscription.taken_over"
	EventLicensesChanged              = "licenses.changed"
	EventSubscriptionTrialEnding      = "subscription.trial_ending"
	EventSubscriptionTrialConverted   = "subscription.trial_converted"
	EventSubscriptionTrialExpired     = "subscription.trial_expired"
	EventSubscriptionRenewed          = "subscription.renewed"
	EventSubscriptionExpired          = "subscription.expired"
	EventSubscriptionDeletionWarning  = "subscription.deletion_warning"
	EventSubscriptionDataDeleted      = "subscription.data_deleted"
	EventSubscriptionRefundWindowDone = "subscription.refund_window_closed"
	EventSubscriptionPastDue          = "subscription.past_due"
	EventPaymentFailed                = "subscription.payment_failed"
	EventPaymentSucceeded             = "subscription.payment_succeeded"
)

// MaxQuantity is the largest quantity of a subscription (docs/spec.md §4.6).
const MaxQuantity = 10000

// MaxAddOns bounds a base's live add-ons, so a change cascading over the
// family commits in one transaction (DynamoDB: 100 actions).
const MaxAddOns = 20

// checkNotMoving refuses changes to a subscription whose users are moving.
func (s Subscription) checkNotMoving() error {
	if s.MovingTo != "" {
		return Errorf(CodeInvalidStatus, "its users are being moved to %s; retry the move to complete it first", s.MovingTo)
	}
	return nil
}

// CheckQuantity refuses quantities outside 1..MaxQuantity.
func CheckQuantity(q int) error {
	if q < 1 || q > MaxQuantity {
		return FieldErrorf("quantity", "quantity must be from 1 to %d", MaxQuantity)
	}
	return nil
}

// InRefundWindow reports whether a paid term's refund window is open at now.
func (s Subscription) InRefundWindow(now time.Time) bool {
	return s.RefundableUntil != nil && !now.After(*s.RefundableUntil)
}

// IsAddOn reports whether s was bought through a base subscription.
func (s Subscription) IsAddOn() bool { return s.BaseSubscriptionID != "" }

// Managed reports whether admins manage a self-service subscription
// (after a take-over); central and partner ones always are.
func (s Subscription) Managed() bool { return s.Channel != ChannelSelfService || s.TakenOver != nil }

// startPaidTerm starts term 1 of a paid subscription at now: anchor, term
// bounds, refund window and the term's charge.
func (s *Subscription) startPaidTerm(now time.Time) (Money, error) {
	until, err := s.refundWindowFrom(now, nil)
	if err != nil {
		return Money{}, err
	}
	s.TermAnchor, s.TermIndex = now, 1
	s.TermStart, s.TermEnd = now, TermEnd(now, 1, s.BillingFrequency)
	s.ChargedThisTerm, s.RefundableUntil, s.RefundWindowClosed, s.TermCharges = s.UnitPrice.Times(s.Quantity), until, false, nil
	return s.ChargedThisTerm, nil
}

// refundWindowFrom is the end of s's refund window opened at start
// (docs/spec.md §4.4: the offer's cancellationWindow after the start of a
// paid term), capped at limit when given; nil for usage-based
// subscriptions, which are never refundable. The one place the window is
// computed.
func (s Subscription) refundWindowFrom(start time.Time, limit *time.Time) (*time.Time, error) {
	window, err := ParseISODuration(s.CancellationWindow)
	if err != nil || s.BillingType != BillingLicense {
		return nil, err
	}
	until := start.Add(window)
	if limit != nil && until.After(*limit) {
		until = *limit
	}
	return &until, nil
}

// order returns an order of s of the given type and amount at now, for the
// current term.
func (s Subscription) order(typ string, amount Money, qty int, now time.Time) Order {
	payment, paid := s.paymentOf(amount)
	return Order{TenantID: s.TenantID, SubscriptionID: s.ID, ProductID: s.ProductID, ProductName: s.ProductName,
		Type: typ, Quantity: qty, Amount: amount, BillTo: s.BillTo, PurchaserID: s.Purchaser.UserID,
		PeriodStart: s.TermStart, PeriodEnd: s.TermEnd, At: now, Payment: payment, Paid: paid}
}

// SuspensionNonPayment is the reason of the suspension after the last
// declined payment retry (docs/spec.md §10).
const SuspensionNonPayment = "nonPayment"

// SuspensionReasons are the reasons a suspension may give (docs/spec.md §4.5).
var SuspensionReasons = []string{"customerRequest", SuspensionNonPayment, "fraud", "other"}

// CheckSuspensionReason refuses reasons other than those of docs/spec.md §4.5.
func CheckSuspensionReason(r string) error {
	if !slices.Contains(SuspensionReasons, r) {
		return FieldErrorf("reason", "reason must be one of %v", SuspensionReasons)
	}
	return nil
}

// NewSubscriptionEvent is the outbox event id of type typ about s at time at;
// it takes s's next sequence number (docs/spec.md §8).
func NewSubscriptionEvent(id, typ string, s *Subscription, at time.Time, extra map[string]any) Event {
	s.EventSeq++
	data := map[string]any{"subscription": *s}
	for k, v := range extra {
		data[k] = v
	}
	return Event{ID: id, Type: typ, TenantID: s.TenantID, SubscriptionID: s.ID, PurchaserID: s.Purchaser.UserID,
		PartnerID: s.notifiedPartner(), Channel: string(s.Channel), OccurredAt: at, Sequence: s.EventSeq, Data: data}
}

// notifiedPartner is the partner whose agents' endpoints get s's events:
// none for a customer's own reservation purchase (docs/spec.md §5, §8).
func (s Subscription) notifiedPartner() string {
	if s.CustomerPurchase {
		return ""
	}
	return s.PartnerID
}
