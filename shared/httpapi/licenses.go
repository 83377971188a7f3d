package httpapi

import (
	"encoding/csv"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"selfserve/shared/app"
	"selfserve/shared/domain"
)

type assignBody struct {
	Users []domain.LicenseUser `json:"users"`
}

func assignLicenses(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	var in assignBody
	req, err := changeRequest(r, p, &in, false)
	if err != nil {
		return err
	}
	return writeReply(w)(a.App.AssignLicenses(r.Context(), req, subscriptionRef(r), in.Users))
}

func assignLicensesBulk(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	var in assignBody
	req, err := changeRequestUpTo(r, p, &in, true, MaxBulkBodyBytes)
	if err != nil {
		return err
	}
	return writeReply(w)(a.App.AssignLicensesBulk(r.Context(), req, subscriptionRef(r), in.Users))
}

func unassignLicense(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	req, err := changeRequest(r, p, nil, false)
	if err != nil {
		return err
	}
	return writeReply(w)(a.App.UnassignLicense(r.Context(), req, subscriptionRef(r), r.PathValue("userId")))
}

func listLicenses(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	limit, err := listQuery(r)
	if err != nil {
		return err
	}
	ref := subscriptionRef(r)
	var pg pager
	ls, next, err := a.App.ListLicenses(r.Context(), p, ref, func() (app.Page, error) {
		pg, err = a.openPage(r, limit, "ListLicenses", ref.TenantID, ref.ID)
		return pg.Page, err
	})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list[domain.License]{Items: ls, NextCursor: pg.next(next)})
}

func licenseSummary(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	if err := checkQuery(r, []string{"channel"}); err != nil {
		return err
	}
	channel := r.URL.Query().Get("channel")
	if err := oneOf("channel", channel, string(domain.ChannelSelfService), string(domain.ChannelCentral), string(domain.ChannelPartner)); err != nil {
		return err
	}
	rows, err := a.App.LicenseSummary(r.Context(), p, r.PathValue("tenantId"), channel)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list[app.ProductLicenses]{Items: rows})
}

func exportLicenses(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	if err := checkQuery(r, []string{"subscriptionId", "cursor"}, "subscriptionId"); err != nil {
		return err
	}
	tenantID, ids := r.PathValue("tenantId"), r.URL.Query()["subscriptionId"]
	scope := []string{"ExportLicenses", tenantID, strings.Join(slices.Sorted(slices.Values(ids)), ",")}
	var from app.ExportPosition
	pg, err := a.openPage(r, 0, scope...)
	if err != nil {
		return err
	}
	if pg.Page.After != nil && json.Unmarshal(pg.Page.After, &from) != nil {
		return domain.FieldErrorf("cursor", "the cursor is not valid")
	}
	licenses, next, err := a.App.ExportLicenses(r.Context(), p, tenantID, ids, from)
	if err != nil {
		return err
	}
	if next != nil { // the next page, as RFC 8288 links it
		position, _ := json.Marshal(next)
		q := url.Values{"subscriptionId": ids, "cursor": {pg.next(position)}}
		w.Header().Set("Link", "<"+r.URL.Path+"?"+q.Encode()+`>; rel="next"`)
	}
	var rows [][]string
	for _, x := range licenses {
		s, l := x.Subscription, x.License
		rows = append(rows, []string{s.ID, s.ProductName, s.Purchaser.Name, l.UserID, l.Name, l.Email, l.AssignedAt.Format("2006-01-02T15:04:05Z07:00")})
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8; header=present")
	w.Header().Set("Content-Disposition", `attachment; filename="licenses.csv"`)
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	cw := csv.NewWriter(w)
	cw.UseCRLF = true // RFC 4180
	_ = cw.Write([]string{"subscriptionId", "productName", "purchaserName", "userId", "displayName", "email", "assignedAt"})
	for _, row := range rows {
		_ = cw.Write(csvSafe(row))
	}
	cw.Flush()
	return nil
}

// csvSafe keeps spreadsheet programs from running cells as formulas.
func csvSafe(row []string) []string {
	out := make([]string, len(row))
	for i, v := range row {
		if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
			v = "'" + v
		}
		out[i] = v
	}
	return out
}
