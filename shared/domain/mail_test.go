package domain

import (
	"slices"
	"testing"
	"time"
)

func TestMailsForSubscription(t *testing.T) {
	at := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	self := Subscription{ID: "sub_1", Channel: ChannelSelfService, Status: StatusActive, Purchaser: Purchaser{UserID: "u", Email: "u@example.com"}}
	trial := self
	trial.Status = StatusTrial
	taken := self
	taken.TakenOver = &TakeOver{By: "admin", At: at}
	moved := taken
	moved.Status, moved.CancellationReason = StatusDeleted, "usersMoved"
	addOn := self
	addOn.BaseSubscriptionID = "sub_0"
	central := Subscription{ID: "sub_2", Channel: ChannelCentral, Status: StatusActive}
	retry := at.AddDate(0, 0, 2)
	retrying := self
	retrying.Status, retrying.PaymentDue = StatusPastDue, &PaymentDue{Attempts: 2, NextRetryAt: &retry}
	lastTry := retrying
	lastTry.PaymentDue = &PaymentDue{Attempts: 5}
	partner := Subscription{ID: "sub_3", Channel: ChannelPartner, Status: StatusActive}
	purchaser := func(name string) []MailPlan { return []MailPlan{{name, AudiencePurchaser}} }
	tests := []struct {
		name   string
		typ    string
		s      Subscription
		unpaid bool
		want   []MailPlan
	}{
		{"purchase", EventSubscriptionCreated, self, false, purchaser(MailPurchased)},
		{"trial", EventSubscriptionCreated, trial, false, purchaser(MailTrialStarted)},
		{"add-on bought", EventSubscriptionCreated, addOn, false, purchaser(MailPurchased)},
		{"trial ending", EventSubscriptionTrialEnding, trial, false, purchaser(MailTrialEnding)},
		{"trial converted", EventSubscriptionTrialConverted, self, false, purchaser(MailTrialConverted)},
		{"trial expired", EventSubscriptionTrialExpired, self, false, purchaser(MailTrialExpired)},
		{"renewed", EventSubscriptionRenewed, self, false, purchaser(MailRenewed)},
		{"payment failed", EventPaymentFailed, self, false, purchaser(MailPaymentFailed)},
		{"cancellation scheduled", EventCancellationScheduled, self, false, purchaser(MailCancellationScheduled)},
		{"cancelled", EventSubscriptionCancelled, self, false, purchaser(MailCancelled)},
		{"suspended", EventSubscriptionSuspended, self, false, purchaser(MailSuspended)},
		{"deletion warning", EventSubscriptionDeletionWarning, self, false, purchaser(MailDeletionWarning)},
		{"data deleted", EventSubscriptionDataDeleted, self, false, purchaser(MailDataDeleted)},
		{"taken over", EventSubscriptionTakenOver, taken, false, purchaser(MailTakenOver)},
		{"users moved", EventSubscriptionCancelled, moved, false, purchaser(MailUsersMoved)},
		{"taken over, then cancelled", EventSubscriptionCancelled, taken, false, purchaser(MailCancelled)},
		{"taken over: renewals are the organization's", EventSubscriptionRenewed, taken, false, nil},
		{"taken over: suspension too", EventSubscriptionSuspended, taken, false, nil},
		{"an add-on follows its base", EventSubscriptionTakenOver, addOn, false, nil},
		{"an add-on's renewal", EventSubscriptionRenewed, addOn, false, nil},
		{"no mail for an update", EventSubscriptionUpdated, self, false, nil},
		{"no mail for licenses", EventLicensesChanged, self, false, nil},
		{"no mail for reactivation", EventSubscriptionReactivated, self, false, nil},
		{"a declined renewal: no receipt", EventSubscriptionRenewed, self, true, nil},
		{"a declined conversion: no receipt", EventSubscriptionTrialConverted, self, true, nil},
		{"declined, but the failure is told", EventPaymentFailed, self, true, purchaser(MailPaymentFailed)},
		{"paid late: the receipt", EventPaymentSucceeded, self, false, purchaser(MailRenewed)},
		{"a retry declined", EventPaymentFailed, retrying, false, purchaser(MailPaymentFailed)},
		{"the last retry declined: the suspension tells it", EventPaymentFailed, lastTry, false, nil},
		{"central payment failed → billing", EventPaymentFailed, central, false, []MailPlan{{MailPaymentFailed, AudienceTenantBilling}}},
		{"central renewal", EventSubscriptionRenewed, central, false, nil},
		{"partner cancel", EventSubscriptionCancelled, partner, false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := MailsForSubscription(tt.typ, tt.s, tt.unpaid); !slices.Equal(got, tt.want) {
				t.Errorf("MailsForSubscription(%s) = %v, want %v", tt.typ, got, tt.want)
			}
		})
	}
}

func TestMailsForInvoice(t *testing.T) {
	tests := []struct {
		acct InvoiceAccount
		want []MailPlan
	}{
		{InvoiceAccount{Type: InvoiceTenant, ID: "t"}, []MailPlan{{MailInvoiceIssued, AudienceTenantBilling}}},
		{InvoiceAccount{Type: InvoicePartner, ID: "p"}, []MailPlan{{MailInvoiceIssued, AudiencePartnerBilling}}},
		{InvoiceAccount{Type: InvoicePurchaser, ID: "u", TenantID: "t"}, nil},
	}
	for _, tt := range tests {
		if got := MailsForInvoice(tt.acct); !slices.Equal(got, tt.want) {
			t.Errorf("MailsForInvoice(%s) = %v, want %v", tt.acct.Type, got, tt.want)
		}
	}
}

func TestMailDestination(t *testing.T) {
	a, b := MailDestination("Alice@Example.com"), MailDestination(" alice@example.com")
	if a != b {
		t.Errorf("MailDestination differs by case or space: %q, %q", a, b)
	}
	if got := MailDestination("bob@example.com"); got == a {
		t.Errorf("two addresses share destination %q", got)
	}
	if !IsMailDestination(a) || IsMailDestination("we_123") {
		t.Errorf("IsMailDestination(%q) = false or a webhook endpoint id is a mail destination", a)
	}
	if got, want := len(a), len(MailPrefix)+24; got != want {
		t.Errorf("len(MailDestination) = %d, want %d", got, want)
	}
}

func TestMailFarewell(t *testing.T) {
	before := Subscription{ID: "sub_1", Purchaser: Purchaser{UserID: "u", Name: "Ann", Email: "ann@example.com", Locale: "fr"}}
	if got := MailFarewell(EventSubscriptionDataDeleted, before); got == nil || *got != before.Purchaser {
		t.Errorf("MailFarewell(data deleted) = %v, want %v", got, before.Purchaser)
	}
	if got := MailFarewell(EventSubscriptionDeletionWarning, before); got != nil {
		t.Errorf("MailFarewell(warning) = %v, want nil", got)
	}
	gone := before
	gone.Purchaser.Email = ""
	if got := MailFarewell(EventSubscriptionDataDeleted, gone); got != nil {
		t.Errorf("MailFarewell(no address) = %v, want nil", got)
	}
}

func TestLocaleOf(t *testing.T) {
	tests := []struct{ tag, want string }{
		{"", ""}, {"en", "en"}, {"en-GB", "en"}, {"fr", "fr"}, {"fr-CA", "fr"}, {"FR_fr", "fr"},
		{"zh", "zh-CN"}, {"zh-CN", "zh-CN"}, {"zh-Hans", "zh-CN"}, {"zh-SG", "zh-CN"},
		{"zh-TW", "zh-TW"}, {"zh-Hant", "zh-TW"}, {"zh-Hant-HK", "zh-TW"}, {"zh-HK", "zh-TW"},
		{"de-DE", ""}, {"<script>", ""},
	}
	for _, tt := range tests {
		if got := LocaleOf(tt.tag); got != tt.want {
			t.Errorf("LocaleOf(%q) = %q, want %q", tt.tag, got, tt.want)
		}
	}
}
