package httpapi

import (
	"net/http"

	"selfserve/shared/access"
	"selfserve/shared/domain"
	"selfserve/shared/ids"
	"selfserve/shared/store"
)

// policyView is GetPolicy's answer: the policy, its values and its default.
type policyView struct {
	PolicyID     string             `json:"policyId"`
	Description  string             `json:"description"`
	DefaultValue domain.PolicyValue `json:"defaultValue"`
	Values       []policyValueView  `json:"values"`
}

type policyValueView struct {
	Value domain.PolicyValue `json:"value"`
	Label string             `json:"label"`
}

// productPolicyView is a product's effective value with its default.
type productPolicyView struct {
	domain.ProductPolicy
	DefaultValue domain.PolicyValue `json:"defaultValue"`
}

func viewProductPolicy(pp domain.ProductPolicy, p domain.Product) productPolicyView {
	return productPolicyView{ProductPolicy: pp, DefaultValue: p.DefaultPolicyValue}
}

// policyTenant authorizes op, checks the policy id and returns the tenant.
func (a *API) policyTenant(r *http.Request, p domain.Principal, op access.Operation) (domain.Tenant, error) {
	if err := checkQuery(r, nil); err != nil {
		return domain.Tenant{}, err
	}
	t, err := a.tenantFor(r.Context(), p, op, r.PathValue("tenantId"))
	if err != nil {
		return t, err
	}
	return t, domain.CheckPolicyID(r.PathValue("policyId"))
}

func getPolicy(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	if _, err := a.policyTenant(r, p, "GetPolicy"); err != nil {
		return err
	}
	v := policyView{PolicyID: domain.PolicyID, Description: domain.PolicyDescription, DefaultValue: domain.PolicyEnabled}
	for _, pv := range []domain.PolicyValue{domain.PolicyEnabled, domain.PolicyTrialsOnly, domain.PolicyDisabled} {
		v.Values = append(v.Values, policyValueView{pv, pv.Label()})
	}
	return writeJSON(w, http.StatusOK, v)
}

func listProductPolicies(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	t, err := a.policyTenant(r, p, "ListProductPolicies")
	if err != nil {
		return err
	}
	products := a.Catalog.SelfServiceEligible()
	out := list[productPolicyView]{Items: make([]productPolicyView, 0, len(products))}
	for _, prod := range products {
		pp, err := domain.EffectivePolicy(prod, t.Policies)
		if err != nil {
			return err
		}
		out.Items = append(out.Items, viewProductPolicy(pp, prod))
	}
	return writeJSON(w, http.StatusOK, out)
}

func getProductPolicy(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	t, err := a.policyTenant(r, p, "GetProductPolicy")
	if err != nil {
		return err
	}
	prod, err := a.Catalog.Get(r.PathValue("productId"))
	if err != nil {
		return err
	}
	pp, err := domain.EffectivePolicy(prod, t.Policies)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, viewProductPolicy(pp, prod))
}

// updateProductPolicy sets a value in one round trip: the tenant's existence
// is a condition of the transaction, not a read.
func updateProductPolicy(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	now := a.Now()
	tenantID, productID := r.PathValue("tenantId"), r.PathValue("productId")
	if err := checkQuery(r, nil); err != nil {
		return err
	}
	if _, err := a.authorizeIn(r, p, "UpdateProductPolicy"); err != nil {
		return err
	}
	if err := domain.CheckPolicyID(r.PathValue("policyId")); err != nil {
		return err
	}
	prod, err := a.Catalog.Get(productID)
	if err != nil {
		return err
	}
	if err := domain.CheckPolicyApplicable(prod); err != nil {
		return err
	}
	body, err := readBody(r)
	if err != nil {
		return err
	}
	var upd domain.PolicyUpdate
	if err := decodeStrict(body, &upd); err != nil {
		return err
	}
	value, err := upd.Value()
	if err != nil {
		return err
	}
	idem, err := idempotency(r, p, body, false)
	if err != nil {
		return err
	}
	pp, _ := domain.EffectivePolicy(prod, map[string]domain.PolicySetting{productID: {Value: value}})
	view := viewProductPolicy(pp, prod)
	after := map[string]any{"policyValue": value}
	event := domain.Event{ID: ids.New("evt", now), Type: domain.EventPolicyUpdated, TenantID: tenantID, OccurredAt: now,
		Data: map[string]any{"tenantId": tenantID, "policyId": domain.PolicyID, "productId": productID,
			"productName": prod.Name, "policyValue": value, "isDefault": false, "updatedBy": p.UserID}}
	return commitAndWrite(w, http.StatusOK, view, idem, func(idem *store.Idempotency) error {
		return a.Store.SetPolicy(r.Context(), tenantID, productID,
			domain.PolicySetting{Value: value, UpdatedAt: now, UpdatedBy: p.UserID}, now,
			store.Effects{
				Activity:    newActivity(p, now, tenantID, "UpdateProductPolicy", "productPolicy", productID, nil, after),
				Events:      []domain.Event{event},
				Idempotency: idem,
			})
	})
}
