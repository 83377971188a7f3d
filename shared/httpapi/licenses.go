package httpapi

import (
	"encoding/csv"
	"net/http"
	"slices"
	"sort"
	"strings"

	"selfserve/shared/domain"
	"selfserve/shared/store"
)

type assignBody struct {
	Users []domain.LicenseUser `json:"users"`
}

// assignResult is AssignLicenses' answer: who got a license now, who had one.
type assignResult struct {
	Subscription subscriptionView `json:"subscription"`
	Assigned     []string         `json:"assigned"`
	Unchanged    []string         `json:"unchanged"`
}

func assignLicenses(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	now := a.Now()
	var in assignBody
	c, f, s, idem, err := a.changeRequest(r, p, "AssignLicenses", &in)
	if err == nil {
		err = domain.CheckLicenseUsers(in.Users)
	}
	if err == nil {
		err = mustManage(c, s)
	}
	var assigned map[string]bool
	if err == nil {
		ids := make([]string, len(in.Users))
		for i, u := range in.Users {
			ids[i] = u.ID
		}
		assigned, err = a.Store.AssignedAmong(r.Context(), s.TenantID, s.ID, ids)
	}
	var after domain.Subscription
	var licenses []domain.License
	if err == nil {
		after, licenses, err = s.AssignLicenses(in.Users, assigned, p.UserID, now)
	}
	if err != nil {
		return a.refusal(w, r, err, idem)
	}
	res := assignResult{Assigned: []string{}, Unchanged: []string{}}
	for _, l := range licenses {
		res.Assigned = append(res.Assigned, l.UserID)
	}
	for _, u := range in.Users {
		if assigned[u.ID] {
			res.Unchanged = append(res.Unchanged, u.ID)
		}
	}
	if len(licenses) == 0 && idem == nil {
		res.Subscription = viewSubscription(s, c.viewer(s), now, f)
		return writeJSON(w, http.StatusOK, res)
	}
	fc := newFamilyChange(p, now, "AssignLicenses", f)
	if len(licenses) > 0 {
		after = fc.record(after, nil, domain.EventLicensesChanged, map[string]any{"added": res.Assigned, "removed": []string{}})
	} else {
		after = s
	}
	res.Subscription = viewSubscription(after, c.viewer(after), now, replaced(f, after))
	return commitAndWrite(w, http.StatusOK, res, idem, func(idem *store.Idempotency) error {
		fx := store.Effects{Events: fc.events, Idempotency: idem}
		if len(fc.changes) == 0 {
			return a.Store.SaveChanges(r.Context(), nil, nil, nil, now, fx)
		}
		fx.Activity = fc.acts[0]
		return a.Store.AssignLicenses(r.Context(), fc.changes[0], licenses, now, fx)
	})
}

func unassignLicense(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	now := a.Now()
	userID := r.PathValue("userId")
	c, f, s, idem, err := a.changeRequest(r, p, "UnassignLicense", nil)
	if err == nil {
		err = mustManage(c, s)
	}
	var after domain.Subscription
	if err == nil {
		after, err = s.UnassignLicense()
	}
	if err != nil {
		return a.refusal(w, r, err, idem)
	}
	fc := newFamilyChange(p, now, "UnassignLicense", f)
	after = fc.record(after, nil, domain.EventLicensesChanged, map[string]any{"added": []string{}, "removed": []string{userID}})
	return commitAndWrite(w, http.StatusOK, viewSubscription(after, c.viewer(after), now, replaced(f, after)), idem, func(idem *store.Idempotency) error {
		return a.Store.UnassignLicense(r.Context(), fc.changes[0], userID, now, store.Effects{Activity: fc.acts[0], Events: fc.events, Idempotency: idem})
	})
}

func listLicenses(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	limit, err := listQuery(r)
	if err != nil {
		return err
	}
	_, _, s, err := a.subscriptionFor(r, p, "ListLicenses")
	if err != nil {
		return err
	}
	pg, err := a.openPage(r, limit, "ListLicenses", s.TenantID, s.ID)
	if err != nil {
		return err
	}
	if !s.Status.Live() { // a Deleted or Expired subscription's users have lost their licenses
		return writeJSON(w, http.StatusOK, list[domain.License]{Items: []domain.License{}})
	}
	ls, next, err := a.Store.ListLicenses(r.Context(), s.TenantID, s.ID, pg.Page)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list[domain.License]{Items: ls, NextCursor: pg.next(next)})
}

// productLicenses is one row of the license summary (SPEC §4.7): a product
// listed once, with the total over its subscriptions, users grouped by
// purchaser.
type productLicenses struct {
	ProductID     string              `json:"productId"`
	ProductName   string              `json:"productName"`
	Subscriptions []string            `json:"subscriptionIds"`
	Quantity      int                 `json:"quantity"`
	Assigned      int                 `json:"assigned"`
	Available     int                 `json:"available"`
	Purchasers    []purchaserLicenses `json:"purchasers"`
}

type purchaserLicenses struct {
	Purchaser domain.Purchaser     `json:"purchaser"`
	Users     []domain.LicenseUser `json:"users"`
}

func licenseSummary(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	tenantID := r.PathValue("tenantId")
	if err := checkQuery(r, []string{"channel"}); err != nil {
		return err
	}
	channel := r.URL.Query().Get("channel")
	if err := oneOf("channel", channel, string(domain.ChannelSelfService), string(domain.ChannelCentral), string(domain.ChannelPartner)); err != nil {
		return err
	}
	if _, err := a.authorizeIn(r, p, "LicenseSummary"); err != nil {
		return err
	}
	subs, err := a.Store.AllSubscriptions(r.Context(), tenantID)
	if err != nil {
		return err
	}
	licenses, err := a.Store.AllLicenses(r.Context(), tenantID, "")
	if err != nil {
		return err
	}
	byProduct := map[string]*productLicenses{}
	purchasers := map[string]map[string]*purchaserLicenses{}
	live := map[string]domain.Subscription{}
	for _, s := range subs {
		if (s.Status != domain.StatusActive && s.Status != domain.StatusTrial) || (channel != "" && string(s.Channel) != channel) {
			continue
		}
		live[s.ID] = s
		pl := byProduct[s.ProductID]
		if pl == nil {
			pl = &productLicenses{ProductID: s.ProductID, ProductName: s.ProductName, Subscriptions: []string{}, Purchasers: []purchaserLicenses{}}
			byProduct[s.ProductID], purchasers[s.ProductID] = pl, map[string]*purchaserLicenses{}
		}
		pl.Subscriptions = append(pl.Subscriptions, s.ID)
		pl.Quantity += s.Quantity
		if purchasers[s.ProductID][s.Purchaser.UserID] == nil {
			purchasers[s.ProductID][s.Purchaser.UserID] = &purchaserLicenses{Purchaser: s.Purchaser, Users: []domain.LicenseUser{}}
		}
	}
	for _, l := range licenses {
		s, ok := live[l.SubscriptionID]
		if !ok {
			continue
		}
		byProduct[s.ProductID].Assigned++
		g := purchasers[s.ProductID][s.Purchaser.UserID]
		g.Users = append(g.Users, domain.LicenseUser{ID: l.UserID, Name: l.Name, Email: l.Email})
	}
	out := list[productLicenses]{Items: []productLicenses{}}
	for id, pl := range byProduct {
		pl.Available = max(0, pl.Quantity-pl.Assigned)
		for _, g := range purchasers[id] {
			pl.Purchasers = append(pl.Purchasers, *g)
		}
		sort.Slice(pl.Purchasers, func(i, j int) bool { return pl.Purchasers[i].Purchaser.UserID < pl.Purchasers[j].Purchaser.UserID })
		out.Items = append(out.Items, *pl)
	}
	sort.Slice(out.Items, func(i, j int) bool { return out.Items[i].ProductName < out.Items[j].ProductName })
	return writeJSON(w, http.StatusOK, out)
}

// maxExport bounds the subscriptions of one export.
const maxExport = 100

func exportLicenses(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	tenantID := r.PathValue("tenantId")
	if err := checkQuery(r, []string{"subscriptionId"}, "subscriptionId"); err != nil {
		return err
	}
	ids := r.URL.Query()["subscriptionId"]
	if len(ids) == 0 || len(ids) > maxExport {
		return domain.Errorf(domain.CodeInvalidRequest, "give 1 to %d subscriptionId parameters", maxExport)
	}
	for _, id := range ids {
		if err := domain.CheckID("subscriptionId", id); err != nil {
			return err
		}
	}
	if _, err := a.authorizeIn(r, p, "ExportLicenses"); err != nil {
		return err
	}
	var rows [][]string
	for _, id := range slices.Compact(slices.Sorted(slices.Values(ids))) {
		f, err := a.Store.GetFamily(r.Context(), tenantID, id)
		if err != nil {
			return err
		}
		s, _ := f.Get(id)
		if !s.Status.Live() {
			continue
		}
		ls, err := a.Store.AllLicenses(r.Context(), tenantID, id)
		if err != nil {
			return err
		}
		for _, l := range ls {
			rows = append(rows, []string{s.ID, s.ProductName, s.Purchaser.Name, l.UserID, l.Name, l.Email, l.AssignedAt.Format("2006-01-02T15:04:05Z07:00")})
		}
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
