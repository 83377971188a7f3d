package webhooks

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"selfserve/shared/domain"
	"selfserve/shared/ids"
	"selfserve/shared/store"
)

// Deliverer sends outbox events to endpoints and records every attempt.
type Deliverer struct {
	Store  *store.Store
	Sender *Sender
	// Now is the clock of attempts and schedules (injected).
	Now func() time.Time
	Log *slog.Logger
	// Workers bounds the stream records delivered at once (default 16).
	Workers int
}

// actor is who disables a failing endpoint in the activity log.
var actor = domain.Actor{System: "system:webhooks"}

// deliverEvent sends one outbox event to every endpoint that receives it
// and records each delivery. An error means the event must be processed
// again (the table failed, or ctx ended); receivers' failures are not
// errors: they are scheduled for retry.
func (dl *Deliverer) deliverEvent(ctx context.Context, ev store.OutboxEvent) error {
	var candidates []domain.Endpoint
	if ev.Type == domain.EventWebhookTest {
		e, err := dl.Store.GetEndpoint(ctx, ev.TenantID, ev.EndpointID)
		if domain.ErrorCode(err) == domain.CodeNotFound {
			return nil // deleted since
		}
		if err != nil {
			return err
		}
		candidates = []domain.Endpoint{e}
	} else {
		var err error
		if candidates, err = dl.Store.TenantEndpoints(ctx, ev.TenantID); err != nil {
			return err
		}
	}
	partner, err := dl.currentPartner(ctx, ev.Event, candidates)
	if err != nil {
		return err
	}
	now := dl.Now()
	for _, e := range candidates {
		if !e.Receives(ev.Event, partner) {
			continue
		}
		d := domain.NewDelivery(ev.Event, ev.Payload, e.ID, now)
		if err := dl.attempt(ctx, e, d, now, false); err != nil && !errors.Is(err, store.ErrDeliveryExists) {
			return err
		}
	}
	return nil
}

// currentPartner reads the tenant's partner only when a partner-scope
// endpoint could receive ev: agents are notified only while their partner
// still manages the tenant.
func (dl *Deliverer) currentPartner(ctx context.Context, ev domain.Event, candidates []domain.Endpoint) (string, error) {
	if ev.PartnerID == "" {
		return "", nil
	}
	for _, e := range candidates {
		if e.Owner.Scope == domain.ScopePartner && e.Owner.TenantID == ev.PartnerID {
			t, err := dl.Store.GetTenant(ctx, ev.TenantID)
			if domain.ErrorCode(err) == domain.CodeNotFound {
				return "", nil
			}
			return t.PartnerID, err
		}
	}
	return "", nil
}

// attempt makes one HTTP attempt of d (as read, Version 0 when new) to e
// at now and records it with e's failure state in one transaction.
func (dl *Deliverer) attempt(ctx context.Context, e domain.Endpoint, d domain.Delivery, now time.Time, manual bool) error {
	a, err := dl.Sender.Send(ctx, e, d, now)
	if err != nil {
		return err
	}
	a.Manual = manual
	_, err = dl.Record(ctx, e, d, a, nil)
	return err
}

// Resend makes one manual attempt of d to e at now (RetryDelivery) and
// records it with the effects fx gives for the recorded delivery.
func (dl *Deliverer) Resend(ctx context.Context, e domain.Endpoint, d domain.Delivery, now time.Time, fx func(domain.Delivery) (store.Effects, error)) (domain.Delivery, error) {
	a, err := dl.Sender.Send(ctx, e, d, now)
	if err != nil {
		return d, err
	}
	a.Manual = true
	return dl.Record(ctx, e, d, a, fx)
}

// CheckURL refuses endpoint URLs deliveries may not reach.
func (dl *Deliverer) CheckURL(ctx context.Context, url string) error {
	return dl.Sender.guard.CheckURL(ctx, url)
}

// NewSecret returns a fresh signing secret.
func (dl *Deliverer) NewSecret() string { return NewSecret() }

// Record commits attempt a of d (as read) with e's failure state and the
// effects fx gives (nil: none), re-reading e when it changed meanwhile; it
// returns the delivery as recorded.
func (dl *Deliverer) Record(ctx context.Context, e domain.Endpoint, d domain.Delivery, a domain.Attempt, fx func(domain.Delivery) (store.Effects, error)) (domain.Delivery, error) {
	for range 4 {
		after := e
		changed := after.AfterAttempt(a)
		rec := d
		rec.Record(a, after.Status == domain.EndpointDisabled && after.DisabledReason == domain.DisabledGone)
		dw := store.DeliveryWrite{Delivery: rec, BeforeVersion: d.Version}
		var wfx store.Effects
		if fx != nil {
			var err error
			if wfx, err = fx(rec); err != nil {
				return d, err
			}
		}
		if changed && e.ID != "" {
			dw.Endpoint, dw.EndpointBefore = &after, e
			if after.Status != e.Status && wfx.Activity == nil { // disabled by this attempt
				wfx.Activity = &domain.Activity{ID: ids.New("act", a.At), TenantID: e.TenantID, At: a.At, Actor: actor,
					Operation: "DisableWebhookEndpoint", TargetType: "webhookEndpoint", TargetID: e.ID,
					Before: map[string]any{"status": e.Status}, After: map[string]any{"status": after.Status, "disabledReason": after.DisabledReason}}
			}
		}
		err := dl.Store.RecordDelivery(ctx, dw, a.At, wfx)
		if !errors.Is(err, store.ErrEndpointChanged) {
			rec.Version = d.Version + 1
			return rec, err
		}
		// Rotated, disabled or deleted meanwhile: apply the outcome to
		// the endpoint as it is now (or record the delivery alone).
		if e, err = dl.Store.GetEndpoint(ctx, e.TenantID, e.ID); domain.ErrorCode(err) == domain.CodeNotFound {
			e = domain.Endpoint{}
		} else if err != nil {
			return d, err
		}
	}
	return d, store.ErrConflict
}

// Retry makes the next scheduled attempt of a due delivery (as the due
// index showed it) at now. A delivery whose endpoint is gone or disabled
// is cancelled. It reports false when the delivery was not due after all
// or changed meanwhile.
func (dl *Deliverer) Retry(ctx context.Context, d domain.Delivery, now time.Time) (bool, error) {
	if d.Status != domain.DeliveryPending || d.NextAttemptAt.After(now) {
		return false, nil
	}
	e, err := dl.Store.GetEndpoint(ctx, d.TenantID, d.EndpointID)
	if err != nil && domain.ErrorCode(err) != domain.CodeNotFound {
		return false, err
	}
	if err != nil || e.Status != domain.EndpointEnabled {
		c := d
		c.Cancel()
		err = dl.Store.RecordDelivery(ctx, store.DeliveryWrite{Delivery: c, BeforeVersion: d.Version}, now, store.Effects{})
	} else {
		err = dl.attempt(ctx, e, d, now, false)
	}
	if errors.Is(err, store.ErrConflict) {
		return false, nil // another run attempted it first
	}
	return err == nil, err
}

// DeliverEvents delivers a batch of outbox events concurrently and returns
// the indexes of those that must be processed again.
func (dl *Deliverer) DeliverEvents(ctx context.Context, evs []store.OutboxEvent) []int {
	workers := dl.Workers
	if workers <= 0 {
		workers = 16
	}
	var mu sync.Mutex
	var failed []int
	var wg sync.WaitGroup
	slots := make(chan struct{}, workers)
	for i, ev := range evs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			slots <- struct{}{}
			defer func() { <-slots }()
			var err error
			if ctx.Err() != nil {
				err = ctx.Err()
			} else {
				err = dl.deliverEvent(ctx, ev)
			}
			if err != nil {
				dl.log().Warn("event not delivered; it will be processed again", "eventId", ev.ID, "type", ev.Type, "err", err.Error())
				mu.Lock()
				failed = append(failed, i)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return failed
}

func (dl *Deliverer) log() *slog.Logger {
	if dl.Log == nil {
		return slog.Default()
	}
	return dl.Log
}
