package httpapi

import (
	"net/http"
	"strings"

	"selfserve/shared/app"
	"selfserve/shared/domain"
)

// changeRequest reads a change's query (none), its body — decoded strictly
// into into; nil: no body, or "{}" — and its Idempotency-Key (required or
// not) into the use case's request.
func changeRequest(r *http.Request, p domain.Principal, into any, keyRequired bool) (app.Request, error) {
	return changeRequestUpTo(r, p, into, keyRequired, MaxBodyBytes)
}

// changeRequestUpTo is changeRequest with bodies of up to limit bytes.
func changeRequestUpTo(r *http.Request, p domain.Principal, into any, keyRequired bool, limit int) (app.Request, error) {
	req := app.Request{Principal: p}
	if err := checkQuery(r, nil); err != nil {
		return req, err
	}
	body, err := readBody(r, limit)
	if err != nil {
		return req, err
	}
	trimmed := strings.TrimSpace(string(body))
	switch {
	case into != nil && trimmed == "null":
		return req, domain.Errorf(domain.CodeInvalidRequest, "a JSON object is required")
	case into != nil:
		if err := decodeStrict(body, into); err != nil {
			return req, err
		}
	case trimmed != "" && trimmed != "{}":
		return req, domain.Errorf(domain.CodeInvalidRequest, "this request takes no body")
	}
	req.Key, err = idempotency(r, p, body, keyRequired)
	return req, err
}

// subscriptionRef names the path's subscription, with the request's If-Match.
func subscriptionRef(r *http.Request) app.SubscriptionRef {
	return app.SubscriptionRef{TenantID: r.PathValue("tenantId"), ID: r.PathValue("subscriptionId"),
		IfMatch: strings.Join(r.Header.Values("If-Match"), ",")}
}

// writeReply returns the writer of a use case's answer: a replay says so
// and carries no entity tag; an error is returned to become a problem.
func writeReply(w http.ResponseWriter) func(app.Reply, error) error {
	return func(rep app.Reply, err error) error {
		if err != nil {
			return err
		}
		if rep.Location != "" {
			w.Header().Set("Location", rep.Location)
		}
		if rep.Replayed {
			w.Header().Set("Idempotent-Replayed", "true")
		} else if rep.ETag != "" {
			w.Header().Set("ETag", rep.ETag)
		}
		writeBody(w, rep.Status, rep.ContentType, rep.Body)
		return nil
	}
}
