package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"

	"selfserve/shared/clock"
	"selfserve/shared/ddbtest"
	"selfserve/shared/domain"
	"selfserve/shared/dynamo"
	"selfserve/shared/lambdaapp"
	"selfserve/shared/mailpit"
	"selfserve/shared/store"
	"selfserve/shared/template"
)

// twice is WebhookDispatch given every stream batch twice at once, as a
// retried or duplicated stream record would: a mail must still go once.
// idle reports whether no batch is being handled.
type twice struct {
	h        StreamHandler
	mu       sync.Mutex
	inflight int
}

func (tw *twice) handle(ctx context.Context, b events.DynamoDBEvent) (events.DynamoDBEventResponse, error) {
	tw.mu.Lock()
	tw.inflight++
	tw.mu.Unlock()
	defer func() {
		tw.mu.Lock()
		tw.inflight--
		tw.mu.Unlock()
	}()
	var wg sync.WaitGroup
	var second events.DynamoDBEventResponse
	wg.Add(1)
	go func() {
		defer wg.Done()
		second, _ = tw.h(ctx, b)
	}()
	first, err := tw.h(ctx, b)
	wg.Wait()
	first.BatchItemFailures = append(first.BatchItemFailures, second.BatchItemFailures...)
	return first, err
}

func (tw *twice) idle() bool {
	tw.mu.Lock()
	defer tw.mu.Unlock()
	return tw.inflight == 0
}

// mailRig is a runner whose mails go by SMTP to a Mailpit, with every
// stream batch dispatched twice.
type mailRig struct {
	srv *httptest.Server
	mp  *mailpit.Server
	tw  *twice
	st  *store.Store
}

func startMailRig(t *testing.T) *mailRig {
	t.Helper()
	root, err := template.Root()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	mp, err := mailpit.Start(ctx, root)
	if err != nil {
		t.Fatal(err)
	}
	r := &mailRig{mp: mp}
	t.Cleanup(func() { r.mp.Stop() })
	db := ddbtest.New(t)
	cfg, err := dynamo.Config(ctx, dynamo.Options{Endpoint: db.Endpoint})
	if err != nil {
		t.Fatal(err)
	}
	clk := clock.Frozen(t0)
	log := ddbtest.Logger(t)
	st := store.New(db.Client, db.Table)
	mailer, err := lambdaapp.NewMailer(lambdaapp.MailConfig{Kind: "smtp", SMTP: mp.SMTPAddr, From: "Contoso <billing@contoso.example>"}, st, clk.Now, log)
	if err != nil {
		t.Fatal(err)
	}
	streams := streamHandlers(st, clk.Now, log, mailer)
	tw := &twice{h: streams["WebhookDispatch"]}
	streams["WebhookDispatch"] = tw.handle
	rn, err := newRunner(config{Template: ddbtest.Template(t), DB: db.Client, Table: db.Table, TokenKey: bytes.Repeat([]byte("t"), 32),
		CursorKey: bytes.Repeat([]byte("c"), 32), Clock: clk, Scheduled: scheduledHandlers(st, clk.Now, log, nil, mailer),
		Stream: streams, Streams: dynamodbstreams.NewFromConfig(cfg), Log: log})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(rn.Handler())
	mailer.ConsoleURL = srv.URL
	runCtx, cancel := context.WithCancel(ctx)
	t.Cleanup(func() { cancel(); srv.Close() })
	rn.runStreams(runCtx)
	r.srv, r.tw, r.st = srv, tw, st
	return r
}

// token mints a token of tenant contoso.
func (r *mailRig) token(t *testing.T, body string) string {
	t.Helper()
	status, out := call(t, r.srv, "POST", "/_local/tokens", "", body)
	if status != http.StatusOK {
		t.Fatalf("token %s: %d %v", body, status, out)
	}
	return out["token"].(string)
}

// mailsTo waits until want mails in all have arrived and the dispatch of
// every batch (both runs) has ended, then returns the mails to address.
func (r *mailRig) mailsTo(t *testing.T, want int, address string) []mailpit.Full {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	got, err := r.mp.WaitFor(ctx, want)
	if err != nil {
		t.Fatalf("waiting for %d mails: got %d: %v", want, len(got), err)
	}
	for !r.tw.idle() {
		if ctx.Err() != nil {
			t.Fatal("the dispatcher never went idle")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if got, err = r.mp.Messages(ctx); err != nil {
		t.Fatal(err)
	}
	if len(got) != want {
		t.Errorf("%d mails arrived, want %d", len(got), want)
	}
	var out []mailpit.Full
	for i := len(got) - 1; i >= 0; i-- { // oldest first
		if len(got[i].To) == 1 && got[i].To[0].Address == address {
			m, err := r.mp.Message(ctx, got[i].ID)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, m)
		}
	}
	return out
}

// TestMailsOfATakeOverInFrench follows seeds 000/001 through the whole
// local system (API, the table's stream into WebhookDispatch, SMTP into a
// real Mailpit), with every stream batch dispatched twice: a French
// purchaser hears, once each and in French, of her purchase, of the take-
// over and of her users being moved (with the target product); another of
// an admin's cancellation with its credit. Nobody else gets mail: the
// admin's central purchase has no billing address to go to.
func TestMailsOfATakeOverInFrench(t *testing.T) {
	r := startMailRig(t)
	ops := r.token(t, `{"tenantId":"ops","userId":"op","roles":["Operator"]}`)
	if status, out := call(t, r.srv, "PUT", "/v1/tenants/contoso", ops, `{"name":"Contoso","country":"FR","createdAt":"2025-01-01T00:00:00Z"}`); status != http.StatusOK && status != http.StatusCreated {
		t.Fatalf("tenant: %d %v", status, out)
	}
	admin := r.token(t, `{"tenantId":"contoso","userId":"alice","roles":["GlobalAdmin"]}`)
	camille := r.token(t, `{"tenantId":"contoso","userId":"camille","name":"Camille Martin","email":"camille@contoso.example","locale":"fr"}`)
	denis := r.token(t, `{"tenantId":"contoso","userId":"denis","name":"Denis <script>alert(1)</script>","email":"denis@contoso.example","locale":"fr"}`)
	const S = "/v1/tenants/contoso/subscriptions"
	buy := func(tok, body, key string) map[string]any {
		t.Helper()
		status, out := callKey(t, r.srv, "POST", S, tok, body, key)
		if status != http.StatusCreated {
			t.Fatalf("buy %s: %d %v", body, status, out)
		}
		return out
	}
	mine := buy(camille, `{"productId":"CFQ7TTC0L3PB","billingFrequency":"monthly","quantity":2,"paymentMethodId":"pm_card_visa"}`, "camille-1")
	product := mine["productName"].(string)
	central := buy(admin, `{"productId":"CFQ7TTC0KXN8","billingFrequency":"monthly","quantity":5}`, "central-1")
	target := central["productName"].(string)
	if got := r.mailsTo(t, 1, "camille@contoso.example"); len(got) != 1 || !strings.Contains(got[0].Subject, product) {
		t.Fatalf("purchase mail: %+v", got)
	}

	sub := S + "/" + mine["id"].(string)
	if status, out := call(t, r.srv, "POST", sub+"/takeover", admin, ""); status != http.StatusOK {
		t.Fatalf("takeover: %d %v", status, out)
	}
	if status, out := callKey(t, r.srv, "POST", sub+"/move-users", admin, `{"targetSubscriptionId":"`+central["id"].(string)+`"}`, "move-1"); status != http.StatusOK {
		t.Fatalf("move-users: %d %v", status, out)
	}
	got := r.mailsTo(t, 3, "camille@contoso.example")
	if len(got) != 3 {
		t.Fatalf("Camille got %d mails, want 3 (purchase, take-over, users moved)", len(got))
	}
	for i, m := range got {
		if m.From.Address != "billing@contoso.example" || m.To[0].Name != "Camille Martin" {
			t.Errorf("mail %d from %v to %v", i, m.From, m.To)
		}
		if !strings.Contains(m.Text, product) || !strings.Contains(m.HTML, product) {
			t.Errorf("mail %d %q doesn't name %s", i, m.Subject, product)
		}
		if !strings.Contains(m.Text, "Bonjour Camille Martin") || !strings.Contains(m.HTML, `lang="fr"`) {
			t.Errorf("mail %d is not in French:\n%s", i, m.Text)
		}
		if !strings.HasSuffix(m.MessageID, "@selfserve") {
			t.Errorf("mail %d Message-ID %q", i, m.MessageID)
		}
	}
	// The take-over and the move's end are one stream batch: their mails
	// may arrive in either order.
	if m := withText(got, "a pris le contrôle"); len(m) != 1 {
		t.Errorf("%d take-over mails, want 1", len(m))
	}
	if m := withText(got, "a déplacé les personnes"); len(m) != 1 || !strings.Contains(m[0].Text, target) {
		t.Errorf("users-moved mail doesn't say where the users went (%s): %+v", target, m)
	}

	// An admin's cancellation inside the refund window: a full credit.
	his := buy(denis, `{"productId":"CFQ7TTC0L3PB","billingFrequency":"monthly","quantity":1,"paymentMethodId":"pm_card_visa"}`, "denis-1")
	status, out := call(t, r.srv, "POST", S+"/"+his["id"].(string)+"/cancel", admin, `{"reasonCode":"boughtByMistake"}`)
	if status != http.StatusOK {
		t.Fatalf("cancel: %d %v", status, out)
	}
	credit := out["credit"].(map[string]any)
	amount := int64(credit["amount"].(float64))
	mails := r.mailsTo(t, 5, "denis@contoso.example")
	cancelled := withText(mails, "Un administrateur de votre organisation a annulé")
	if len(mails) != 2 || len(cancelled) != 1 {
		t.Fatalf("Denis got %d mails, %d of the cancellation; want 2 (purchase, cancellation)", len(mails), len(cancelled))
	}
	c := cancelled[0]
	// French money: 1 234,56 € or 12,34 $US — the credit's minor units after a comma.
	cents := fmt.Sprintf(",%02d", amount%100)
	if amount == 0 || !strings.Contains(c.Text, "Crédit") || !strings.Contains(c.Text, cents) || !strings.Contains(c.Text, "Acheté par erreur") {
		t.Errorf("cancellation mail doesn't give the credit %v in French:\n%s", credit, c.Text)
	}
	if strings.Contains(c.HTML, "<script>alert(1)</script>") || !strings.Contains(c.HTML, "&lt;script&gt;") {
		t.Errorf("the purchaser's name is not escaped in HTML:\n%s", c.HTML)
	}
}

// withText returns the mails whose text part contains s.
func withText(mails []mailpit.Full, s string) []mailpit.Full {
	var out []mailpit.Full
	for _, m := range mails {
		if strings.Contains(m.Text, s) {
			out = append(out, m)
		}
	}
	return out
}

// mailDeliveries returns the mail deliveries to address, as recorded.
func (r *mailRig) mailDeliveries(t *testing.T, address string) []domain.Delivery {
	t.Helper()
	ds, _, err := r.st.ListDeliveries(context.Background(), domain.MailDestination(address), store.Page{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

// waitDeliveries waits until ok holds for the mail deliveries to address.
func (r *mailRig) waitDeliveries(t *testing.T, address, what string, ok func([]domain.Delivery) bool) []domain.Delivery {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		ds := r.mailDeliveries(t, address)
		if ok(ds) {
			return ds
		}
		if time.Now().After(deadline) {
			t.Fatalf("never %s: %+v", what, ds)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// advance moves the local clock by d; the due sweeps have run when it answers.
func (r *mailRig) advance(t *testing.T, d time.Duration) {
	t.Helper()
	if status, out := call(t, r.srv, "POST", "/_local/clock", "", fmt.Sprintf(`{"advance":%q}`, d.String())); status != http.StatusOK {
		t.Fatalf("clock: %d %v", status, out)
	}
}

// TestMailsUntilDataDeletion follows a purchaser from her purchase through
// a declined renewal, the retries, the suspension for non-payment and the
// deletion warnings to the deletion of her data, with the mail server
// down at the end: the last warning's retries are cancelled once her data
// is gone, the data-deleted mail is sent when the server is back (to the
// address as it was), and no mail follows.
func TestMailsUntilDataDeletion(t *testing.T) {
	r := startMailRig(t)
	ops := r.token(t, `{"tenantId":"ops","userId":"op","roles":["Operator"]}`)
	if status, out := call(t, r.srv, "PUT", "/v1/tenants/contoso", ops, `{"name":"Contoso","country":"US","createdAt":"2025-01-01T00:00:00Z"}`); status != http.StatusCreated {
		t.Fatalf("tenant: %d %v", status, out)
	}
	const erin = "erin@contoso.example"
	tok := r.token(t, `{"tenantId":"contoso","userId":"erin","name":"Erin","email":"`+erin+`","locale":"en"}`)
	status, sub := callKey(t, r.srv, "POST", "/v1/tenants/contoso/subscriptions", tok,
		`{"productId":"CFQ7TTC0L3PB","billingFrequency":"monthly","paymentMethodId":"pm_card_visa"}`, "erin-1")
	if status != http.StatusCreated {
		t.Fatalf("buy: %d %v", status, sub)
	}
	path := "/v1/tenants/contoso/subscriptions/" + sub["id"].(string)
	if status, out := call(t, r.srv, "PUT", path+"/payment-method", tok, `{"paymentMethodId":"pm_card_chargeDeclined"}`); status != http.StatusOK {
		t.Fatalf("payment method: %d %v", status, out)
	}
	r.mailsTo(t, 1, erin)
	// The renewal is declined, then retried on days 1, 3, 5 and 7.
	r.advance(t, 744*time.Hour)
	for i, days := range []int{1, 2, 2, 2} {
		r.mailsTo(t, 2+i, erin) // each failure's mail, before the next retry
		r.advance(t, time.Duration(days)*24*time.Hour)
	}
	r.mailsTo(t, 6, erin) // the suspension (the last failure's mail is the suspension's)
	_, got := call(t, r.srv, "GET", path, tok, "")
	if got["status"] != "Suspended" || got["suspensionReason"] != "nonPayment" {
		t.Fatalf("after the last retry: %v", got)
	}
	deletion, err := time.Parse(time.RFC3339, got["dataDeletionAt"].(string))
	if err != nil {
		t.Fatal(err)
	}
	_, now := call(t, r.srv, "GET", "/_local/clock", "", "")
	at, _ := time.Parse(time.RFC3339Nano, now["now"].(string))
	r.advance(t, deletion.Add(-30*24*time.Hour).Sub(at))
	r.advance(t, 23*24*time.Hour) // 7 days left
	mails := r.mailsTo(t, 8, erin)
	for _, c := range []struct {
		text string
		want int
	}{{"is confirmed", 1}, {"failed", 4}, {"has been suspended", 1}, {"will be deleted in 30", 1}, {"will be deleted in 7", 1}} {
		n := 0
		for _, m := range mails {
			if strings.Contains(m.Subject, c.text) {
				n++
			}
		}
		if n != c.want {
			t.Errorf("%d mails %q, want %d", n, c.text, c.want)
		}
	}

	// The mail server goes down: the last warning and the data-deleted
	// mail wait for their retries.
	smtp, ui := r.mp.SMTPAddr, strings.TrimPrefix(r.mp.URL, "http://")
	r.mp.Stop()
	r.advance(t, 6*24*time.Hour)
	r.waitDeliveries(t, erin, "the last warning failed", func(ds []domain.Delivery) bool {
		return len(ds) == 9 && ds[0].Status == domain.DeliveryPending && len(ds[0].Attempts) == 1
	})
	r.advance(t, 24*time.Hour)
	_, got = call(t, r.srv, "GET", path, tok, "")
	if got["status"] != "Deleted" || got["purchaser"].(map[string]any)["email"] != nil {
		t.Fatalf("after the deletion: %v", got)
	}
	r.waitDeliveries(t, erin, "the data-deleted mail failed", func(ds []domain.Delivery) bool {
		return len(ds) == 10 && ds[0].Status == domain.DeliveryPending && len(ds[0].Attempts) == 1
	})
	root, err := template.Root()
	if err != nil {
		t.Fatal(err)
	}
	if r.mp, err = mailpit.Start(context.Background(), root, mailpit.Addrs(smtp, ui)); err != nil {
		t.Fatal(err)
	}
	r.advance(t, 12*time.Hour) // every pending retry is due
	ds := r.waitDeliveries(t, erin, "both settled", func(ds []domain.Delivery) bool {
		return ds[0].Status != domain.DeliveryPending && ds[1].Status != domain.DeliveryPending
	})
	if ds[0].Status != domain.DeliverySucceeded || ds[1].Status != domain.DeliveryCancelled {
		t.Errorf("data-deleted mail %s, last warning %s; want succeeded, cancelled", ds[0].Status, ds[1].Status)
	}
	for _, d := range ds[:2] {
		if len(d.Payload) != 0 {
			t.Errorf("delivery %s keeps its job (the address) once settled: %s", d.ID, d.Payload)
		}
	}
	last := r.mailsTo(t, 1, erin)
	if len(last) != 1 || !strings.Contains(last[0].Subject, "has been deleted") || last[0].To[0].Name != "Erin" {
		t.Fatalf("after the outage: %+v", last)
	}
}

// TestInvoiceMailsToBillingAddresses: at the month's end the tenant's
// billing address gets the invoice of its central purchases and the
// partner's billing address the partner's invoice; a purchaser paying by
// card gets no invoice mail, and a tenant without billingEmail none.
func TestInvoiceMailsToBillingAddresses(t *testing.T) {
	r := startMailRig(t)
	ops := r.token(t, `{"tenantId":"ops","userId":"op","roles":["Operator"]}`)
	for _, tn := range []struct{ id, body string }{
		{"fabrikam-partners", `{"name":"Fabrikam Partners","country":"US","billingEmail":"billing@fabrikam.example"}`},
		{"contoso", `{"name":"Contoso","country":"US","partnerId":"fabrikam-partners","createdAt":"2025-01-01T00:00:00Z","billingEmail":"ap@contoso.example"}`},
		{"northwind", `{"name":"Northwind","country":"US","createdAt":"2025-01-01T00:00:00Z"}`},
	} {
		if status, out := call(t, r.srv, "PUT", "/v1/tenants/"+tn.id, ops, tn.body); status != http.StatusCreated {
			t.Fatalf("tenant %s: %d %v", tn.id, status, out)
		}
	}
	buys := []struct{ tenant, token, body string }{
		{"contoso", `{"tenantId":"contoso","userId":"alice","roles":["GlobalAdmin"]}`, `{"productId":"CFQ7TTC0L3PB","billingFrequency":"monthly","quantity":5}`},
		{"contoso", `{"tenantId":"fabrikam-partners","userId":"pat","roles":["AdminAgent"]}`, `{"productId":"CFQ7TTC0KXN8","billingFrequency":"monthly","quantity":2}`},
		{"contoso", `{"tenantId":"contoso","userId":"bob","email":"bob@contoso.example"}`, `{"productId":"CFQ7TTC0L3PB","billingFrequency":"monthly","paymentMethodId":"pm_card_visa"}`},
		{"northwind", `{"tenantId":"northwind","userId":"nia","roles":["GlobalAdmin"]}`, `{"productId":"CFQ7TTC0L3PB","billingFrequency":"monthly","quantity":1}`},
	}
	for i, b := range buys {
		tok := r.token(t, b.token)
		if status, out := callKey(t, r.srv, "POST", "/v1/tenants/"+b.tenant+"/subscriptions", tok, b.body, fmt.Sprint("buy-", i)); status != http.StatusCreated {
			t.Fatalf("buy %s: %d %v", b.body, status, out)
		}
	}
	r.mailsTo(t, 1, "bob@contoso.example") // his purchase
	// t0 is March 2nd: March's invoices are final on April 1st, 01:00 UTC.
	r.advance(t, time.Date(2026, 4, 1, 2, 0, 0, 0, time.UTC).Sub(t0))
	all := r.mailsTo(t, 3, "ap@contoso.example")
	if len(all) != 1 || !strings.Contains(all[0].Subject, "INV-2026-") || !strings.Contains(all[0].Text, "Contoso") {
		t.Errorf("tenant invoice mail: %+v", all)
	}
	partner := r.mailsTo(t, 3, "billing@fabrikam.example")
	if len(partner) != 1 || !strings.Contains(partner[0].Subject, "INV-2026-") || partner[0].Subject == all[0].Subject {
		t.Errorf("partner invoice mail: %+v", partner)
	}
}
