package httpapi

import (
	"errors"
	"log/slog"
	"net/http"

	"selfserve/shared/domain"
)

// statusOf is the one table from error code to HTTP status.
var statusOf = map[domain.Code]int{
	domain.CodeInvalidRequest:          http.StatusBadRequest,
	domain.CodeUnauthorized:            http.StatusUnauthorized,
	domain.CodeForbidden:               http.StatusForbidden,
	domain.CodeNotFound:                http.StatusNotFound,
	domain.CodeMethodNotAllowed:        http.StatusMethodNotAllowed,
	domain.CodeConflict:                http.StatusConflict,
	domain.CodePreconditionFailed:      http.StatusPreconditionFailed,
	domain.CodePayloadTooLarge:         http.StatusRequestEntityTooLarge,
	domain.CodeUnsupportedMediaType:    http.StatusUnsupportedMediaType,
	domain.CodeInternal:                http.StatusInternalServerError,
	domain.CodeUnavailable:             http.StatusServiceUnavailable,
	domain.CodePolicyNotFound:          http.StatusNotFound,
	domain.CodePolicyNotApplicable:     http.StatusNotFound,
	domain.CodeIdempotencyKeyMismatch:  http.StatusUnprocessableEntity,
	domain.CodeIdempotencyKeyInUse:     http.StatusConflict,
	domain.CodePaymentMethodRequired:   http.StatusUnprocessableEntity,
	domain.CodeTrialNotOffered:         http.StatusUnprocessableEntity,
	domain.CodeAgreementRequired:       http.StatusForbidden,
	domain.CodePolicyDisabled:          http.StatusForbidden,
	domain.CodePolicyTrialsOnly:        http.StatusForbidden,
	domain.CodeAddonRequiresBase:       http.StatusUnprocessableEntity,
	domain.CodeTrialAlreadyUsed:        http.StatusConflict,
	domain.CodeReactivateInstead:       http.StatusConflict,
	domain.CodeLimitOnePerTenant:       http.StatusConflict,
	domain.CodeNotAvailableInCountry:   http.StatusUnprocessableEntity,
	domain.CodeNotAvailableViaPartner:  http.StatusUnprocessableEntity,
	domain.CodeExclusiveOffer:          http.StatusForbidden,
	domain.CodeRefundWindowClosed:      http.StatusConflict,
	domain.CodeTakeoverRequired:        http.StatusForbidden,
	domain.CodeBaseNotActive:           http.StatusConflict,
	domain.CodeNotAnAddonOfBase:        http.StatusUnprocessableEntity,
	domain.CodeQuantityBelowAssigned:   http.StatusConflict,
	domain.CodeInsufficientLicenses:    http.StatusConflict,
	domain.CodeAzureSubscriptionNeeded: http.StatusConflict,
	domain.CodeOwnerRoleRequired:       http.StatusConflict,
	domain.CodeCustomerPermissionReq:   http.StatusForbidden,
	domain.CodePartnerActionRequired:   http.StatusForbidden,
	domain.CodeInvalidStatus:           http.StatusConflict,
	domain.CodeTooManyAddOns:           http.StatusConflict,
	domain.CodePaymentDeclined:         http.StatusPaymentRequired,
}

// retryAfterSeconds is when an overloaded service asks to be called again.
const retryAfterSeconds = "1"

// WriteProblem writes err as application/problem+json. Errors that are not
// domain errors become a 500 whose detail says nothing of the cause; the
// cause is logged.
func WriteProblem(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	var de *domain.Error
	if !errors.As(err, &de) {
		log.ErrorContext(r.Context(), "internal error", "err", err.Error(), "path", r.URL.Path)
		de = domain.Errorf(domain.CodeInternal, "the request could not be completed; retry later")
	}
	if de.Cause != nil {
		log.WarnContext(r.Context(), "refused for a cause", "code", string(de.Code), "err", de.Cause.Error(), "path", r.URL.Path)
	}
	status, ok := statusOf[de.Code]
	switch {
	case !ok:
		status = http.StatusInternalServerError
	case de.Refused:
		status = http.StatusForbidden
	}
	b := de.ProblemBody(status, http.StatusText(status))
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	if status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", retryAfterSeconds)
	}
	w.WriteHeader(status)
	_, _ = w.Write(b)
}
