package app

import (
	"context"
	"time"

	"selfserve/shared/domain"
)

// ListOrders lists a tenant's orders newest first, of one subscription when
// given; a purchaser sees the orders of their own purchases.
func (a *App) ListOrders(ctx context.Context, p domain.Principal, tenantID, subscriptionID string, page func(purchaserID string) (Page, error)) ([]domain.Order, []byte, error) {
	c, err := a.authorizeIn(ctx, p, tenantID, "ListOrders")
	if err != nil {
		return nil, nil, err
	}
	purchaser := ""
	if c.onlyUser() {
		purchaser = c.UserID
	}
	pg, err := page(purchaser)
	if err != nil {
		return nil, nil, err
	}
	return a.Store.ListOrders(ctx, tenantID, purchaser, subscriptionID, pg)
}

// ListActivity lists a tenant's activity records from from to to.
func (a *App) ListActivity(ctx context.Context, p domain.Principal, tenantID string, from, to time.Time, page func() (Page, error)) ([]domain.Activity, []byte, error) {
	if _, err := a.authorizeIn(ctx, p, tenantID, "ListActivity"); err != nil {
		return nil, nil, err
	}
	pg, err := page()
	if err != nil {
		return nil, nil, err
	}
	return a.Store.ListActivity(ctx, tenantID, from, to, pg)
}
