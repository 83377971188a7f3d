// Package domain is the vocabulary of selfserve: products, tenants, policies,
// principals, money and time, and the error codes every rule returns. It has
// no infrastructure imports and is tested without I/O.
package domain

import (
	"encoding/json"
	"errors"
	"fmt"
)

// Code is a stable, machine-readable error code (docs/spec.md §9). Transports map it
// to a status in exactly one table.
type Code string

// The error codes of docs/spec.md. Each rule documents which ones it returns.
const (
	CodeInvalidRequest          Code = "invalid_request"
	CodeUnauthorized            Code = "unauthorized"
	CodeForbidden               Code = "forbidden"
	CodeNotFound                Code = "not_found"
	CodeMethodNotAllowed        Code = "method_not_allowed"
	CodeConflict                Code = "conflict"
	CodePreconditionFailed      Code = "precondition_failed"
	CodePayloadTooLarge         Code = "payload_too_large"
	CodeUnsupportedMediaType    Code = "unsupported_media_type"
	CodeInternal                Code = "internal"
	CodeUnavailable             Code = "unavailable"
	CodePolicyNotFound          Code = "policy_not_found"
	CodePolicyNotApplicable     Code = "policy_not_applicable"
	CodeIdempotencyKeyMismatch  Code = "idempotency_key_mismatch"
	CodeIdempotencyKeyInUse     Code = "idempotency_key_in_use"
	CodePaymentMethodRequired   Code = "payment_method_required"
	CodeTrialNotOffered         Code = "trial_not_offered"
	CodeAgreementRequired       Code = "agreement_required"
	CodePolicyDisabled          Code = "policy_disabled"
	CodePolicyTrialsOnly        Code = "policy_trials_only"
	CodeAddonRequiresBase       Code = "addon_requires_base"
	CodeTrialAlreadyUsed        Code = "trial_already_used"
	CodeReactivateInstead       Code = "reactivate_instead"
	CodeLimitOnePerTenant       Code = "limit_one_per_tenant"
	CodeNotAvailableInCountry   Code = "not_available_in_country"
	CodeNotAvailableViaPartner  Code = "not_available_via_partner"
	CodeExclusiveOffer          Code = "exclusive_offer"
	CodeRefundWindowClosed      Code = "refund_window_closed"
	CodeTakeoverRequired        Code = "takeover_required"
	CodeBaseNotActive           Code = "base_not_active"
	CodeNotAnAddonOfBase        Code = "not_an_addon_of_base"
	CodeQuantityBelowAssigned   Code = "quantity_below_assigned"
	CodeInsufficientLicenses    Code = "insufficient_licenses"
	CodeAzureSubscriptionNeeded Code = "azure_subscription_required"
	CodeOwnerRoleRequired       Code = "owner_role_required"
	CodeCustomerPermissionReq   Code = "customer_permission_required"
	CodePartnerActionRequired   Code = "partner_action_required"
	CodeInvalidStatus           Code = "invalid_status"
	CodeTooManyAddOns           Code = "too_many_addons"
	CodePaymentDeclined         Code = "payment_declined"
)

// Error is the one error type of the domain: a code, a human detail that is
// safe to show to the caller, and optional extra members for the problem body.
type Error struct {
	Code   Code
	Detail string
	// Extra holds problem-body extension members such as "available" or
	// "subscriptionId". Values must be JSON-encodable.
	Extra map[string]any
	// Refused marks a code that is usually a state conflict as the
	// caller's missing permission here (owner_role_required is a conflict
	// when turning a permission on, a refusal of the buyer in a purchase).
	Refused bool
	// Cause is the underlying failure, for logs only (never shown).
	Cause error
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Cause }

// AsRefusal returns a copy of e marked as a refusal of the caller.
func (e *Error) AsRefusal() *Error {
	c := *e
	c.Refused = true
	return &c
}

func (e *Error) Error() string { return string(e.Code) + ": " + e.Detail }

// Errorf returns an *Error with a formatted detail.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Detail: fmt.Sprintf(format, args...)}
}

// With returns a copy of e carrying one more extension member.
func (e *Error) With(key string, value any) *Error {
	c := *e
	c.Extra = make(map[string]any, len(e.Extra)+1)
	for k, v := range e.Extra {
		c.Extra[k] = v
	}
	c.Extra[key] = value
	return &c
}

// ProblemTypePrefix makes the RFC 9457 "type" URI of a code.
const ProblemTypePrefix = "urn:selfserve:problem:"

// ProblemBody is e as an RFC 9457 application/problem+json body answered
// with status and its title: the code's type URI, the code, the detail and
// the extension members.
func (e *Error) ProblemBody(status int, title string) []byte {
	body := map[string]any{}
	for k, v := range e.Extra {
		body[k] = v
	}
	body["type"] = ProblemTypePrefix + string(e.Code)
	body["title"] = title
	body["status"] = status
	body["code"] = e.Code
	body["detail"] = e.Detail
	b, _ := json.Marshal(body)
	return b
}

// FieldKey is the problem-body extension member that names the request
// member or query parameter an invalid_request is about (docs/spec.md §9).
const FieldKey = "field"

// FieldErrorf returns an invalid_request *Error about one member of the
// request body or one query parameter: field, as the client spelled it,
// with a dotted path for a nested member ("users.3.email").
func FieldErrorf(field, format string, args ...any) *Error {
	return Errorf(CodeInvalidRequest, format, args...).At(field)
}

// At returns a copy of e naming field as the request member or query
// parameter at fault; "" names none.
func (e *Error) At(field string) *Error {
	if field != "" {
		return e.With(FieldKey, field)
	}
	c := *e
	c.Extra = nil
	for k, v := range e.Extra {
		if k == FieldKey {
			continue
		}
		if c.Extra == nil {
			c.Extra = map[string]any{}
		}
		c.Extra[k] = v
	}
	return &c
}

// AtField returns err naming field ("" for none) when it is an
// invalid_request *Error, and any other error as it is: for a check whose
// caller knows the member it was given.
func AtField(err error, field string) error {
	var e *Error
	if errors.As(err, &e) && e.Code == CodeInvalidRequest {
		return e.At(field)
	}
	return err
}

// FieldOf returns the request member or query parameter err names, "" for
// none.
func FieldOf(err error) string {
	var e *Error
	if !errors.As(err, &e) {
		return ""
	}
	f, _ := e.Extra[FieldKey].(string)
	return f
}

// ErrorCode returns the code of err: "" for nil, CodeInternal for errors
// that are not domain errors (their text is never shown to callers).
func ErrorCode(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return CodeInternal
}
