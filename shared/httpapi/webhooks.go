package httpapi

import (
	"net/http"

	"selfserve/shared/app"
	"selfserve/shared/domain"
)

type endpointBody struct {
	URL         string   `json:"url"`
	EventTypes  []string `json:"eventTypes"`
	Description string   `json:"description"`
}

func endpointRef(r *http.Request) app.EndpointRef {
	return app.EndpointRef{TenantID: r.PathValue("tenantId"), ID: r.PathValue("endpointId")}
}

func createWebhookEndpoint(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	var in endpointBody
	req, err := changeRequest(r, p, &in, false)
	if err != nil {
		return err
	}
	return writeReply(w)(a.App.CreateWebhookEndpoint(r.Context(), req, app.CreateEndpoint{TenantID: r.PathValue("tenantId"),
		URL: in.URL, EventTypes: in.EventTypes, Description: in.Description}))
}

func listWebhookEndpoints(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	tenantID := r.PathValue("tenantId")
	limit, err := listQuery(r)
	if err != nil {
		return err
	}
	var pg pager
	eps, next, err := a.App.ListWebhookEndpoints(r.Context(), p, tenantID, func(ownerID string) (app.Page, error) {
		pg, err = a.openPage(r, limit, "ListWebhookEndpoints", tenantID, ownerID)
		return pg.Page, err
	})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list[app.EndpointView]{Items: eps, NextCursor: pg.next(next)})
}

func deleteWebhookEndpoint(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	req, err := changeRequest(r, p, nil, false)
	if err != nil {
		return err
	}
	return writeReply(w)(a.App.DeleteWebhookEndpoint(r.Context(), req, endpointRef(r)))
}

func rotateWebhookSecret(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	req, err := changeRequest(r, p, nil, false)
	if err != nil {
		return err
	}
	return writeReply(w)(a.App.RotateWebhookSecret(r.Context(), req, endpointRef(r)))
}

func testWebhookEndpoint(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	req, err := changeRequest(r, p, nil, false)
	if err != nil {
		return err
	}
	return writeReply(w)(a.App.TestWebhookEndpoint(r.Context(), req, endpointRef(r)))
}

func listDeliveries(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	limit, err := listQuery(r)
	if err != nil {
		return err
	}
	ref := endpointRef(r)
	var pg pager
	ds, next, err := a.App.ListDeliveries(r.Context(), p, ref, func() (app.Page, error) {
		pg, err = a.openPage(r, limit, "ListDeliveries", ref.TenantID, ref.ID)
		return pg.Page, err
	})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list[app.DeliveryView]{Items: ds, NextCursor: pg.next(next)})
}

func retryDelivery(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	req, err := changeRequest(r, p, nil, false)
	if err != nil {
		return err
	}
	return writeReply(w)(a.App.RetryDelivery(r.Context(), req, endpointRef(r), r.PathValue("deliveryId")))
}
