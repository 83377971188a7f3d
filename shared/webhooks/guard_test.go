package webhooks_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"selfserve/shared/domain"
	"selfserve/shared/webhooks"
)

// staticResolver answers fixed addresses per name: DNS as an attacker
// controls it (a name of theirs pointing inside).
type staticResolver map[string][]netip.Addr

func (r staticResolver) LookupNetIP(_ context.Context, _, host string) ([]netip.Addr, error) {
	if a, ok := r[host]; ok {
		return a, nil
	}
	return nil, &netErr{host}
}

type netErr struct{ host string }

func (e *netErr) Error() string { return "no such host " + e.host }

// TestDeployedGuardRefusesInternalURLs: in deployed mode registration
// refuses every URL that is not https or that resolves to a loopback,
// private, link-local, metadata or otherwise non-public address — including
// a name resolving to loopback; public https URLs pass.
func TestDeployedGuardRefusesInternalURLs(t *testing.T) {
	resolver := staticResolver{
		"hooks.example.net":    {netip.MustParseAddr("93.184.215.14")},
		"inside.example.net":   {netip.MustParseAddr("10.1.2.3")},
		"mixed.example.net":    {netip.MustParseAddr("93.184.215.14"), netip.MustParseAddr("127.0.0.1")},
		"metadata.example.net": {netip.MustParseAddr("169.254.169.254")},
		"v6local.example.net":  {netip.MustParseAddr("::1")},
		"mapped.example.net":   {netip.MustParseAddr("::ffff:192.168.1.1")},
	}
	deployed := webhooks.Guard{Resolver: resolver}
	tests := []struct {
		url  string
		want bool // accepted
	}{
		{"https://hooks.example.net/selfserve", true},
		{"https://93.184.215.14:8443/hooks?token=x", true},
		{"https://[2606:4700:4700::1111]/hooks", true},
		{"http://hooks.example.net/selfserve", false},
		{"ftp://hooks.example.net/", false},
		{"https://127.0.0.1/hooks", false},
		{"https://127.8.9.10/hooks", false},
		{"https://[::1]/hooks", false},
		{"https://10.0.0.5/hooks", false},
		{"https://172.16.0.1/hooks", false},
		{"https://192.168.1.20/hooks", false},
		{"https://169.254.169.254/latest/meta-data/", false},
		{"https://[fd00:ec2::254]/latest/meta-data/", false},
		{"https://[fe80::1]/hooks", false},
		{"https://100.64.0.1/hooks", false},
		{"https://0.0.0.0/hooks", false},
		{"https://224.0.0.1/hooks", false},
		{"https://255.255.255.255/hooks", false},
		{"https://[::ffff:10.0.0.1]/hooks", false},
		{"https://[64:ff9b::a00:1]/hooks", false},
		{"https://[::7f00:1]/hooks", false},
		{"https://[::ffff:0:7f00:1]/hooks", false},
		{"https://[fec0::1]/hooks", false},
		{"https://[2001::1]/hooks", false},
		{"https://[2002:7f00:1::1]/hooks", false},
		{"https://inside.example.net/hooks", false},
		{"https://mixed.example.net/hooks", false},
		{"https://metadata.example.net/hooks", false},
		{"https://v6local.example.net/hooks", false},
		{"https://mapped.example.net/hooks", false},
		{"https://unknown.example.net/hooks", false},
		{"https://user:secret@hooks.example.net/", false},
		{"https://hooks.example.net/#frag", false},
		{"https:///nohost", false},
		{"hooks.example.net/relative", false},
		{"https://" + strings.Repeat("a", 2050) + ".example.net/", false},
	}
	for _, tt := range tests {
		err := deployed.CheckURL(context.Background(), tt.url)
		if got := err == nil; got != tt.want {
			t.Errorf("CheckURL(%.60q) = %v, want accepted %v", tt.url, err, tt.want)
		}
		if err != nil && domain.ErrorCode(err) != domain.CodeInvalidRequest {
			t.Errorf("CheckURL(%.60q): code %s, want invalid_request", tt.url, domain.ErrorCode(err))
		}
		if err != nil && strings.Contains(err.Error(), "token=x") {
			t.Errorf("CheckURL(%.60q): error shows the query: %v", tt.url, err)
		}
	}
	// A real name resolving to loopback, through the system resolver.
	if err := (webhooks.Guard{}).CheckURL(context.Background(), "https://localhost/hooks"); err == nil {
		t.Error("https://localhost was accepted in deployed mode")
	}
	// Local mode takes loopback receivers over http, but still nothing else.
	local := webhooks.Guard{AllowLoopback: true, Resolver: resolver}
	for url, want := range map[string]bool{"http://127.0.0.1:8080/hooks": true, "http://[::1]:9/x": true,
		"http://10.0.0.5/hooks": false, "https://169.254.169.254/": false} {
		if got := local.CheckURL(context.Background(), url) == nil; got != want {
			t.Errorf("local CheckURL(%s) accepted = %v, want %v", url, got, want)
		}
	}
}

// TestDeployedSenderRefusesAtDial: a name that resolved to a public
// address at registration but resolves to loopback when dialled (DNS
// rebinding) is refused by the dialler; the receiver gets nothing and the
// attempt is a failure.
func TestDeployedSenderRefusesAtDial(t *testing.T) {
	hits := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits++ }))
	defer srv.Close()
	port := srv.URL[strings.LastIndex(srv.URL, ":"):]
	url := "https://localhost" + port + "/hooks" // the system resolver says 127.0.0.1
	n, _ := strconv.Atoi(port[1:])
	guard := webhooks.Guard{Resolver: staticResolver{"localhost": {netip.MustParseAddr("93.184.215.14")}}, Ports: []uint16{uint16(n)}}
	if err := guard.CheckURL(context.Background(), url); err != nil {
		t.Fatalf("registration (public answer) refused: %v", err)
	}
	for _, u := range []string{url, "https://127.0.0.1" + port + "/hooks", "http://127.0.0.1" + port + "/hooks"} {
		e := domain.Endpoint{ID: "ep_1", URL: u, Status: domain.EndpointEnabled, Secrets: []domain.Secret{{Value: webhooks.NewSecret()}}}
		d := domain.Delivery{ID: "dlv_1", EventID: "evt_1", Payload: []byte(`{}`)}
		a, err := webhooks.NewSender(guard).Send(context.Background(), e, d, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if a.Succeeded() || a.HTTPStatus != 0 || a.Error == "" {
			t.Errorf("Send(%s) = %+v, want a refused attempt", u, a)
		}
	}
	if hits != 0 {
		t.Errorf("receiver on loopback got %d requests in deployed mode", hits)
	}
}

// TestDeployedGuardAllowsOnlyListedPorts: deployed, an endpoint URL's port
// (443 when an https URL names none) must be in the allow-list — 443 and
// 8443 unless configured — at registration and at dial time; locally any
// port is allowed.
func TestDeployedGuardAllowsOnlyListedPorts(t *testing.T) {
	resolver := staticResolver{"hooks.example.net": {netip.MustParseAddr("93.184.215.14")}}
	deployed := webhooks.Guard{Resolver: resolver}
	custom := webhooks.Guard{Resolver: resolver, Ports: []uint16{443, 9443}}
	local := webhooks.Guard{Resolver: resolver, AllowLoopback: true}
	tests := []struct {
		url                     string
		deployed, custom, local bool
	}{
		{"https://hooks.example.net/h", true, true, true},
		{"https://hooks.example.net:443/h", true, true, true},
		{"https://hooks.example.net:8443/h", true, false, true},
		{"https://hooks.example.net:9443/h", false, true, true},
		{"https://hooks.example.net:8080/h", false, false, true},
		{"https://93.184.215.14:22/h", false, false, true},
		{"https://93.184.215.14:6379/h", false, false, true},
		{"https://[2606:4700:4700::1111]:25/h", false, false, true},
		{"https://hooks.example.net:0/h", false, false, false},
		{"https://hooks.example.net:65536/h", false, false, false},
		{"https://hooks.example.net:/h", true, true, true}, // empty port: the scheme's
		{"http://127.0.0.1:6379/h", false, false, true},
	}
	for _, tt := range tests {
		for _, g := range []struct {
			name  string
			guard webhooks.Guard
			want  bool
		}{{"deployed", deployed, tt.deployed}, {"custom", custom, tt.custom}, {"local", local, tt.local}} {
			err := g.guard.CheckURL(context.Background(), tt.url)
			if got := err == nil; got != g.want {
				t.Errorf("%s CheckURL(%s) = %v, want accepted %v", g.name, tt.url, err, g.want)
			}
			if err != nil && domain.ErrorCode(err) != domain.CodeInvalidRequest {
				t.Errorf("%s CheckURL(%s): code %s, want invalid_request", g.name, tt.url, domain.ErrorCode(err))
			}
		}
	}
	// At dial time: the address actually dialled.
	dials := []struct {
		addr                    string
		deployed, custom, local bool
	}{
		{"93.184.215.14:443", true, true, true},
		{"93.184.215.14:8443", true, false, true},
		{"93.184.215.14:9443", false, true, true},
		{"93.184.215.14:22", false, false, true},
		{"[2606:4700:4700::1111]:8080", false, false, true},
		{"127.0.0.1:443", false, false, true},
		{"10.0.0.1:443", false, false, false},
	}
	for _, d := range dials {
		for _, g := range []struct {
			name  string
			guard webhooks.Guard
			want  bool
		}{{"deployed", deployed, d.deployed}, {"custom", custom, d.custom}, {"local", local, d.local}} {
			if got := g.guard.CheckDial(d.addr) == nil; got != g.want {
				t.Errorf("%s CheckDial(%s) allowed = %v, want %v", g.name, d.addr, got, g.want)
			}
		}
	}
	// An endpoint registered under another list is refused when sent to.
	e := domain.Endpoint{ID: "ep_1", URL: "https://93.184.215.14:9443/hooks", Status: domain.EndpointEnabled, Secrets: []domain.Secret{{Value: webhooks.NewSecret()}}}
	a, err := webhooks.NewSender(deployed).Send(context.Background(), e, domain.Delivery{ID: "dlv_1", EventID: "evt_1", Payload: []byte(`{}`)}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if a.Succeeded() || a.HTTPStatus != 0 || a.Error == "" {
		t.Errorf("Send to port 9443 = %+v, want a refused attempt", a)
	}
}

func TestParsePorts(t *testing.T) {
	good := map[string][]uint16{"443": {443}, "443,8443": {443, 8443}, " 443 , 9443 ": {443, 9443}, "65535": {65535}}
	for in, want := range good {
		got, err := webhooks.ParsePorts(in)
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("ParsePorts(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", ",", "443,", "https", "0", "65536", "-1", "443;8443", "4 43"} {
		if got, err := webhooks.ParsePorts(in); err == nil {
			t.Errorf("ParsePorts(%q) = %v, want an error", in, got)
		}
	}
}
