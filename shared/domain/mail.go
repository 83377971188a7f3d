package domain

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
)

// Mail templates: one per notification mail of docs/spec.md §11.
const (
	MailPurchased             = "purchased"
	MailTrialStarted          = "trialStarted"
	MailTrialEnding           = "trialEnding"
	MailTrialConverted        = "trialConverted"
	MailTrialExpired          = "trialExpired"
	MailRenewed               = "renewed"
	MailPaymentFailed         = "paymentFailed"
	MailCancellationScheduled = "cancellationScheduled"
	MailCancelled             = "cancelled"
	MailUsersMoved            = "usersMoved"
	MailSuspended             = "suspended"
	MailDeletionWarning       = "deletionWarning"
	MailDataDeleted           = "dataDeleted"
	MailTakenOver             = "takenOver"
	MailInvoiceIssued         = "invoiceIssued"
)

// Audience is whom a notification mail is for.
type Audience string

// The audiences of docs/spec.md §11: a self-service purchaser, and the
// billing address (billingEmail) of a tenant or of a partner.
const (
	AudiencePurchaser      Audience = "purchaser"
	AudienceTenantBilling  Audience = "tenantBilling"
	AudiencePartnerBilling Audience = "partnerBilling"
)

// MailPlan is one mail an event sends: the template and its audience.
type MailPlan struct {
	Template string
	To       Audience
}

// purchaserMails are the mails a purchaser gets about their own base
// subscription, by event type (docs/spec.md §11).
var purchaserMails = map[string]string{
	EventSubscriptionTrialEnding:     MailTrialEnding,
	EventSubscriptionTrialConverted:  MailTrialConverted,
	EventSubscriptionTrialExpired:    MailTrialExpired,
	EventSubscriptionRenewed:         MailRenewed,
	EventPaymentFailed:               MailPaymentFailed,
	EventCancellationScheduled:       MailCancellationScheduled,
	EventSubscriptionCancelled:       MailCancelled,
	EventSubscriptionSuspended:       MailSuspended,
	EventSubscriptionDeletionWarning: MailDeletionWarning,
	EventSubscriptionDataDeleted:     MailDataDeleted,
	EventSubscriptionTakenOver:       MailTakenOver,
	EventPaymentSucceeded:            MailRenewed,
}

// receipts are the events that confirm a charge.
var receipts = []string{EventSubscriptionRenewed, EventSubscriptionTrialConverted}

// afterTakeOver are the mails a purchaser still gets once an admin took
// their purchase over: how it ends for them. The organization pays and
// manages it from then on.
var afterTakeOver = []string{MailTakenOver, MailCancellationScheduled, MailCancelled, MailUsersMoved}

// MailsForSubscription returns the mails an event of type typ about s
// sends; unpaid marks a change whose charge was declined (Event.Unpaid)
// (docs/spec.md §11, docs/decisions.md "E-mail"):
//   - the purchaser of a self-service purchase hears of its purchase or
//     trial, trial end, conversion or expiry, renewals, failed payments,
//     cancellation (users moved is a cancellation by a move), suspension,
//     deletion warnings, data deletion and take-over — of the base
//     subscription only, as an add-on follows its base, except an add-on's
//     own purchase; once taken over, only how it ends;
//   - a renewal or a trial's conversion whose charge was declined gets no
//     receipt (the payment-failed mail tells it); the charge paid later
//     (payment succeeded) gets the renewal receipt; the last retry's
//     failure sends none, as the suspension it causes sends its own;
//   - a tenant's billing address hears of the failed payments of its
//     central subscriptions.
func MailsForSubscription(typ string, s Subscription, unpaid bool) []MailPlan {
	if s.Channel == ChannelCentral && typ == EventPaymentFailed {
		return []MailPlan{{MailPaymentFailed, AudienceTenantBilling}}
	}
	if s.Channel != ChannelSelfService {
		return nil
	}
	var name string
	switch {
	case typ == EventSubscriptionCreated && s.Status == StatusTrial:
		name = MailTrialStarted
	case typ == EventSubscriptionCreated:
		name = MailPurchased
	case s.IsAddOn():
		return nil
	case typ == EventSubscriptionCancelled && s.CancellationReason == "usersMoved":
		name = MailUsersMoved
	case unpaid && slices.Contains(receipts, typ):
		return nil
	case typ == EventPaymentFailed && s.PaymentDue != nil && s.PaymentDue.NextRetryAt == nil:
		return nil // the last retry: the suspension's mail, in the same change, tells it
	default:
		name = purchaserMails[typ]
	}
	if name == "" || (s.TakenOver != nil && !slices.Contains(afterTakeOver, name)) {
		return nil
	}
	return []MailPlan{{name, AudiencePurchaser}}
}

// MailsForInvoice returns the mails a finalized invoice sends: to the
// tenant's billing address for central purchases, the partner's for
// partner purchases; a purchaser's card receipts already told them.
func MailsForInvoice(acct InvoiceAccount) []MailPlan {
	switch acct.Type {
	case InvoiceTenant:
		return []MailPlan{{MailInvoiceIssued, AudienceTenantBilling}}
	case InvoicePartner:
		return []MailPlan{{MailInvoiceIssued, AudiencePartnerBilling}}
	}
	return nil
}

// MailPrefix starts the destination id of a mail delivery, where a webhook
// delivery has its endpoint id.
const MailPrefix = "mail_"

// MailDestination is the delivery destination of mails to address: one
// per address (compared case-insensitively), without the address itself,
// so a mail is sent once per event and recipient (docs/spec.md §11).
func MailDestination(address string) string {
	sum := sha256.Sum256([]byte(strings.ToLower(strings.TrimSpace(address))))
	return MailPrefix + hex.EncodeToString(sum[:12])
}

// IsMailDestination reports whether a delivery's destination is a mail
// recipient rather than a webhook endpoint.
func IsMailDestination(id string) bool { return strings.HasPrefix(id, MailPrefix) }

// MailFarewell is the address the data-deleted mail goes to: the
// purchaser's as it was before their data was removed (the event carries
// it beside its payload, which no longer has it); nil for other events.
// After it, no mail has an address to go to (docs/spec.md §11).
func MailFarewell(typ string, before Subscription) *Purchaser {
	if typ != EventSubscriptionDataDeleted || before.Purchaser.Email == "" || before.IsAddOn() {
		return nil
	}
	p := before.Purchaser
	return &p
}
