package httpapi

import (
	"net/http"
	"time"

	"selfserve/shared/app"
	"selfserve/shared/domain"
)

func listOrders(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	tenantID := r.PathValue("tenantId")
	limit, err := listQuery(r, "subscriptionId")
	if err != nil {
		return err
	}
	subID := r.URL.Query().Get("subscriptionId")
	if subID != "" {
		if err := domain.CheckID("subscriptionId", subID); err != nil {
			return err
		}
	}
	var pg pager
	orders, next, err := a.App.ListOrders(r.Context(), p, tenantID, subID, func(purchaser string) (app.Page, error) {
		pg, err = a.openPage(r, limit, "ListOrders", tenantID, purchaser, subID)
		return pg.Page, err
	})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list[domain.Order]{Items: orders, NextCursor: pg.next(next)})
}

// activityWindow is the default range of ListActivity: the last 90 days.
const activityWindow = 90 * 24 * time.Hour

func listActivity(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	tenantID := r.PathValue("tenantId")
	limit, err := listQuery(r, "from", "to")
	if err != nil {
		return err
	}
	q := r.URL.Query()
	to, from := a.Now(), time.Time{}
	for name, dst := range map[string]*time.Time{"from": &from, "to": &to} {
		if v := q.Get(name); v != "" {
			t, err := time.Parse(time.RFC3339, v)
			if err != nil {
				return domain.FieldErrorf(name, "%s must be an RFC 3339 time", name)
			}
			*dst = t.UTC()
		}
	}
	if from.IsZero() {
		from = to.Add(-activityWindow)
	}
	if from.After(to) {
		return domain.Errorf(domain.CodeInvalidRequest, "from is after to")
	}
	// The cursor is bound to the range as asked, not to the defaults: a
	// default "to" (now) moves between pages, the position doesn't.
	var pg pager
	acts, next, err := a.App.ListActivity(r.Context(), p, tenantID, from, to, func() (app.Page, error) {
		pg, err = a.openPage(r, limit, "ListActivity", tenantID, q.Get("from"), q.Get("to"))
		return pg.Page, err
	})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list[domain.Activity]{Items: acts, NextCursor: pg.next(next)})
}
