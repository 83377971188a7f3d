package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/oauth2"

	"selfserve/shared/client"
)

func (c *cli) loginCommand() *cobra.Command {
	var local bool
	var user, name, email, issuer, clientID string
	var roles, scopes []string
	cmd := &cobra.Command{
		Use:   "login",
		Short: "Sign in and save the token in a profile",
		Long: `Sign in and save the API, the tenant and the token in a profile (the user's
config directory, readable by the user alone).

--local asks the local runner (make run) for a token, as its identity provider.
--issuer and --client-id sign in with your identity provider by the OAuth 2.0 device
authorization grant: open the address it prints and enter the code.`,
		Example: `  selfserve login --local --tenant contoso --user alice --roles GlobalAdmin
  selfserve login --issuer https://login.example.com/ --client-id selfserve-cli --tenant contoso`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var p profile
			var err error
			switch {
			case local && issuer != "":
				return usagef("give --local or --issuer, not both")
			case local:
				tenant, err := c.needTenant()
				if err != nil {
					return err
				}
				if user == "" {
					return usagef("--local needs --user")
				}
				p, err = c.localToken(cmd.Context(), tenant, user, name, email, roles)
				if err != nil {
					return err
				}
			case issuer != "":
				if clientID == "" {
					return usagef("--issuer needs --client-id")
				}
				if base, ok := strings.CutSuffix(strings.TrimRight(issuer, "/"), "/_local"); ok && !c.apiGiven {
					c.api = base // the local runner is its own identity provider
				}
				if p, err = c.deviceLogin(cmd.Context(), issuer, clientID, scopes); err != nil {
					return err
				}
			default:
				return usagef("give --local or --issuer (see 'selfserve login --help')")
			}
			if err := saveProfile(c.configPath, c.profile, p); err != nil {
				return err
			}
			fmt.Fprintf(c.out, "Signed in to %s as %s in tenant %s (profile %q).\n", p.API, p.User, p.Tenant, c.profile)
			return nil
		},
	}
	f := cmd.Flags()
	f.BoolVar(&local, "local", false, "get a token from the local runner")
	f.StringVar(&user, "user", "", "with --local: the user id")
	f.StringSliceVar(&roles, "roles", nil, "with --local: roles, e.g. GlobalAdmin,BillingAdmin")
	f.StringVar(&name, "name", "", "with --local: the user's display name")
	f.StringVar(&email, "email", "", "with --local: the user's email address")
	f.StringVar(&issuer, "issuer", "", "your identity provider's issuer URL")
	f.StringVar(&clientID, "client-id", "", "the CLI's client id at your identity provider")
	f.StringSliceVar(&scopes, "scopes", []string{"openid"}, "with --issuer: the scopes to ask for")
	return cmd
}

// localToken asks the local runner to mint a token.
func (c *cli) localToken(ctx context.Context, tenant, user, name, email string, roles []string) (profile, error) {
	if roles == nil {
		roles = []string{}
	}
	body, _ := json.Marshal(map[string]any{"tenantId": tenant, "userId": user, "name": name, "email": email, "roles": roles})
	var out struct {
		Token string `json:"token"`
	}
	if err := postJSON(ctx, c.api+"/_local/tokens", body, &out); err != nil {
		return profile{}, err
	}
	return profile{API: c.api, Tenant: tenant, User: user, Token: out.Token}, nil
}

// deviceLogin signs in with the OAuth 2.0 device authorization grant
// (RFC 8628), the endpoints found by OpenID discovery on issuer.
func (c *cli) deviceLogin(ctx context.Context, issuer, clientID string, scopes []string) (profile, error) {
	var d struct {
		DeviceAuthorizationEndpoint string `json:"device_authorization_endpoint"`
		TokenEndpoint               string `json:"token_endpoint"`
	}
	if err := getJSON(ctx, strings.TrimRight(issuer, "/")+"/.well-known/openid-configuration", &d); err != nil {
		return profile{}, err
	}
	if d.DeviceAuthorizationEndpoint == "" || d.TokenEndpoint == "" {
		return profile{}, usagef("%s does not offer the device authorization grant", issuer)
	}
	cfg := &oauth2.Config{ClientID: clientID, Scopes: scopes,
		Endpoint: oauth2.Endpoint{DeviceAuthURL: d.DeviceAuthorizationEndpoint, TokenURL: d.TokenEndpoint}}
	auth, err := cfg.DeviceAuth(ctx)
	if err != nil {
		return profile{}, networkError{fmt.Errorf("device authorization: %w", err)}
	}
	where := auth.VerificationURIComplete
	if where == "" {
		where = auth.VerificationURI
	}
	fmt.Fprintf(c.err, "To sign in, open %s and enter the code %s\n", where, auth.UserCode)
	tok, err := cfg.DeviceAccessToken(ctx, auth)
	if err != nil {
		return profile{}, networkError{fmt.Errorf("device sign-in: %w", err)}
	}
	claims := tokenClaims(tok.AccessToken)
	return profile{API: c.api, Tenant: first(c.tenant, claims.TenantID), User: claims.Subject, Token: tok.AccessToken,
		Issuer: issuer, ClientID: clientID}, nil
}

// claims are the token claims the CLI shows.
type claims struct {
	Subject  string `json:"sub"`
	TenantID string `json:"tid"`
}

// tokenClaims reads a JWT's claims without verifying it (the API does):
// only to say who signed in.
func tokenClaims(jwt string) claims {
	var cl claims
	parts := strings.Split(jwt, ".")
	if len(parts) != 3 {
		return cl
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err == nil {
		_ = json.Unmarshal(b, &cl)
	}
	return cl
}

// networkError is a failure to talk to a server (exit 3).
type networkError struct{ err error }

func (e networkError) Error() string { return e.err.Error() }
func (e networkError) Unwrap() error { return e.err }

// postJSON posts body to url and decodes a 2xx answer into out; any other
// answer is its problem.
func postJSON(ctx context.Context, url string, body []byte, out any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return usagef("%v", err)
	}
	req.Header.Set("Content-Type", "application/json")
	return doJSON(req, out)
}

// getJSON gets url and decodes a 2xx answer into out.
func getJSON(ctx context.Context, url string, out any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return usagef("%v", err)
	}
	return doJSON(req, out)
}

func doJSON(req *http.Request, out any) error {
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return networkError{fmt.Errorf("cannot reach %s: %w", req.URL.Host, err)}
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return networkError{err}
	}
	if resp.StatusCode/100 != 2 {
		return client.ParseProblem(resp.StatusCode, resp.Header, b)
	}
	if err := json.Unmarshal(b, out); err != nil {
		return networkError{fmt.Errorf("%s answered something that is not JSON", req.URL.Host)}
	}
	return nil
}
