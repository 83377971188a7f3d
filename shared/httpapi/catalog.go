package httpapi

import (
	"net/http"

	"selfserve/shared/domain"
)

func listProducts(a *API, w http.ResponseWriter, r *http.Request, _ domain.Principal) error {
	q := r.URL.Query()
	if err := checkQuery(r, []string{"publisher", "billingType", "category", "selfService"}); err != nil {
		return err
	}
	f := domain.ProductFilter{Publisher: q.Get("publisher"), BillingType: q.Get("billingType"), Category: q.Get("category")}
	if err := oneOf("publisher", f.Publisher, domain.PublisherMicrosoft, domain.PublisherPartner); err != nil {
		return err
	}
	if err := oneOf("billingType", f.BillingType, domain.BillingLicense, domain.BillingUsage); err != nil {
		return err
	}
	if err := oneOf("category", f.Category, domain.CategoryEnterprise, domain.CategorySmallBusiness, domain.CategoryTrial); err != nil {
		return err
	}
	switch q.Get("selfService") {
	case "":
	case "true", "false":
		v := q.Get("selfService") == "true"
		f.SelfService = &v
	default:
		return domain.FieldErrorf("selfService", "selfService must be true or false")
	}
	return writeJSON(w, http.StatusOK, list[domain.Product]{Items: a.Catalog.List(f)})
}

func getProduct(a *API, w http.ResponseWriter, r *http.Request, _ domain.Principal) error {
	if err := checkQuery(r, nil); err != nil {
		return err
	}
	p, err := a.Catalog.Get(r.PathValue("productId"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, p)
}

// oneOf checks an optional enumerated parameter.
func oneOf(name, value string, allowed ...string) error {
	if value == "" || contains(allowed, value) {
		return nil
	}
	return domain.FieldErrorf(name, "%s must be one of %v", name, allowed)
}
