package httpapi

import (
	"net/http"

	"selfserve/shared/app"
	"selfserve/shared/domain"
)

type createBody struct {
	ProductID        string `json:"productId"`
	BillingFrequency string `json:"billingFrequency"`
	Quantity         *int   `json:"quantity"`
	Trial            bool   `json:"trial"`
	PaymentMethodID  string `json:"paymentMethodId"`
	AutoRenew        *bool  `json:"autoRenew"`
	// AzureSubscriptionID: the Azure plan a reservation is for.
	AzureSubscriptionID string `json:"azureSubscriptionId"`
}

func createSubscription(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	var in createBody
	req, err := changeRequest(r, p, &in, false)
	if err != nil {
		return err
	}
	return writeReply(w)(a.App.CreateSubscription(r.Context(), req, app.CreateSubscription{TenantID: r.PathValue("tenantId"),
		ProductID: in.ProductID, BillingFrequency: in.BillingFrequency, Quantity: in.Quantity, Trial: in.Trial,
		PaymentMethodID: in.PaymentMethodID, AutoRenew: in.AutoRenew, AzureSubscriptionID: in.AzureSubscriptionID}))
}

func getSubscription(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	if err := checkQuery(r, nil); err != nil {
		return err
	}
	v, err := a.App.GetSubscription(r.Context(), p, subscriptionRef(r))
	if err != nil {
		return err
	}
	w.Header().Set("ETag", app.ETag(v.Subscription))
	return writeJSON(w, http.StatusOK, v)
}

func listSubscriptions(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	tenantID := r.PathValue("tenantId")
	limit, err := listQuery(r, "channel", "status", "productId", "purchaserId")
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := app.SubscriptionFilter{Channel: q.Get("channel"), Status: q.Get("status"), ProductID: q.Get("productId"), PurchaserID: q.Get("purchaserId")}
	if err := checkSubscriptionFilter(f); err != nil {
		return err
	}
	var pg pager
	subs, next, err := a.App.ListSubscriptions(r.Context(), p, tenantID, f, func(f app.SubscriptionFilter) (app.Page, error) {
		pg, err = a.openPage(r, limit, "ListSubscriptions", tenantID, f.Channel, f.Status, f.ProductID, f.PurchaserID)
		return pg.Page, err
	})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list[app.SubscriptionView]{Items: subs, NextCursor: pg.next(next)})
}

// checkSubscriptionFilter refuses filter values no subscription can have.
func checkSubscriptionFilter(f app.SubscriptionFilter) error {
	if err := oneOf("channel", f.Channel, string(domain.ChannelSelfService), string(domain.ChannelCentral), string(domain.ChannelPartner)); err != nil {
		return err
	}
	if err := oneOf("status", f.Status, string(domain.StatusTrial), string(domain.StatusActive), string(domain.StatusSuspended),
		string(domain.StatusExpired), string(domain.StatusDeleted)); err != nil {
		return err
	}
	for name, v := range map[string]string{"productId": f.ProductID, "purchaserId": f.PurchaserID} {
		if v != "" {
			if err := domain.CheckID(name, v); err != nil {
				return err
			}
		}
	}
	return nil
}

type updateBody struct {
	Quantity  *int  `json:"quantity"`
	AutoRenew *bool `json:"autoRenew"`
}

func updateSubscription(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	var in updateBody
	req, err := changeRequest(r, p, &in, false)
	if err == nil && in.Quantity == nil && in.AutoRenew == nil {
		err = domain.Errorf(domain.CodeInvalidRequest, "give quantity, autoRenew or both")
	}
	if err != nil {
		return err
	}
	return writeReply(w)(a.App.UpdateSubscription(r.Context(), req, subscriptionRef(r), app.UpdateSubscription{Quantity: in.Quantity, AutoRenew: in.AutoRenew}))
}

type paymentMethodBody struct {
	PaymentMethodID string `json:"paymentMethodId"`
}

func updatePaymentMethod(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	var in paymentMethodBody
	req, err := changeRequest(r, p, &in, false)
	if err != nil {
		return err
	}
	return writeReply(w)(a.App.UpdatePaymentMethod(r.Context(), req, subscriptionRef(r), in.PaymentMethodID))
}

type reasonBody struct {
	Reason string `json:"reason"`
}

type cancelBody struct {
	ReasonCode string `json:"reasonCode"`
	Reason     string `json:"reason"`
}

func cancelSubscription(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	var in cancelBody
	req, err := changeRequest(r, p, &in, false)
	if err != nil {
		return err
	}
	return writeReply(w)(a.App.CancelSubscription(r.Context(), req, subscriptionRef(r), in.ReasonCode, in.Reason))
}

func suspendSubscription(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	var in reasonBody
	req, err := changeRequest(r, p, &in, false)
	if err != nil {
		return err
	}
	return writeReply(w)(a.App.SuspendSubscription(r.Context(), req, subscriptionRef(r), in.Reason))
}

func reactivateSubscription(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	req, err := changeRequest(r, p, nil, false)
	if err != nil {
		return err
	}
	return writeReply(w)(a.App.ReactivateSubscription(r.Context(), req, subscriptionRef(r)))
}

func takeOverSubscription(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	req, err := changeRequest(r, p, nil, false)
	if err != nil {
		return err
	}
	return writeReply(w)(a.App.TakeOverSubscription(r.Context(), req, subscriptionRef(r)))
}

type addOnBody struct {
	ProductID string `json:"productId"`
	Quantity  *int   `json:"quantity"`
}

func createAddOn(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	var in addOnBody
	req, err := changeRequest(r, p, &in, false)
	if err != nil {
		return err
	}
	qty := 1
	if in.Quantity != nil {
		qty = *in.Quantity
	}
	return writeReply(w)(a.App.CreateAddOn(r.Context(), req, subscriptionRef(r), app.CreateAddOn{ProductID: in.ProductID, Quantity: qty}))
}

type moveBody struct {
	TargetSubscriptionID string `json:"targetSubscriptionId"`
}

func moveUsers(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	var in moveBody
	req, err := changeRequest(r, p, &in, false)
	if err != nil {
		return err
	}
	return writeReply(w)(a.App.MoveUsers(r.Context(), req, subscriptionRef(r), in.TargetSubscriptionID))
}
