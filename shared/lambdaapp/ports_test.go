package lambdaapp_test

import (
	"context"
	"os"
	"slices"
	"testing"

	"gopkg.in/yaml.v3"

	"selfserve/shared/domain"
	"selfserve/shared/lambdaapp"
	"selfserve/shared/template"
)

// TestWebhookPortsReachTheGuard: WEBHOOK_PORTS (template parameter
// WebhookPorts) is the deployed allow-list of webhook URL ports; the API's
// guard refuses other ports at registration, and a malformed list fails
// the cold start instead of allowing anything.
func TestWebhookPortsReachTheGuard(t *testing.T) {
	tests := []struct {
		env     string
		allowed []string
		refused []string
	}{
		{"", []string{"https://93.184.215.14/h", "https://93.184.215.14:443/h", "https://93.184.215.14:8443/h"},
			[]string{"https://93.184.215.14:8080/h", "https://93.184.215.14:22/h", "https://93.184.215.14:9443/h"}},
		{"443, 9443", []string{"https://93.184.215.14/h", "https://93.184.215.14:9443/h"},
			[]string{"https://93.184.215.14:8443/h", "https://93.184.215.14:80/h"}},
	}
	for _, tt := range tests {
		t.Setenv(lambdaapp.EnvWebhookPorts, tt.env)
		ports, err := lambdaapp.WebhookPortsFromEnv()
		if err != nil {
			t.Fatalf("WEBHOOK_PORTS=%q: %v", tt.env, err)
		}
		api, err := lambdaapp.NewAPI(lambdaapp.Deps{CursorKey: make([]byte, 32), WebhookPorts: ports})
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range tt.allowed {
			if err := api.App.Webhooks.CheckURL(context.Background(), u); err != nil {
				t.Errorf("WEBHOOK_PORTS=%q: %s refused: %v", tt.env, u, err)
			}
		}
		for _, u := range tt.refused {
			if err := api.App.Webhooks.CheckURL(context.Background(), u); domain.ErrorCode(err) != domain.CodeInvalidRequest {
				t.Errorf("WEBHOOK_PORTS=%q: %s = %v, want invalid_request", tt.env, u, err)
			}
		}
	}
	for _, bad := range []string{"https", "443,", "0", "65536", "443;8443", "-1"} {
		t.Setenv(lambdaapp.EnvWebhookPorts, bad)
		if _, err := lambdaapp.WebhookPortsFromEnv(); err == nil {
			t.Errorf("WEBHOOK_PORTS=%q accepted, want an error", bad)
		}
	}
}

// TestTemplatePassesWebhookPorts: template.yaml has the WebhookPorts
// parameter (default 443 and 8443) and passes it as WEBHOOK_PORTS to every
// function that checks or sends webhook URLs.
func TestTemplatePassesWebhookPorts(t *testing.T) {
	path, err := template.Find()
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Parameters map[string]struct {
			Type    string `yaml:"Type"`
			Default string `yaml:"Default"`
		} `yaml:"Parameters"`
		Resources map[string]struct {
			Properties struct {
				Environment struct {
					Variables map[string]yaml.Node `yaml:"Variables"`
				} `yaml:"Environment"`
			} `yaml:"Properties"`
		} `yaml:"Resources"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	if p := doc.Parameters["WebhookPorts"]; p.Type != "String" || p.Default != "443,8443" {
		t.Errorf("parameter WebhookPorts = %+v, want a String defaulting to 443,8443", p)
	}
	var got []string
	for name, r := range doc.Resources {
		if v, ok := r.Properties.Environment.Variables[lambdaapp.EnvWebhookPorts]; ok {
			if v.Tag != "!Ref" || v.Value != "WebhookPorts" {
				t.Errorf("%s: %s = %s %s, want !Ref WebhookPorts", name, lambdaapp.EnvWebhookPorts, v.Tag, v.Value)
			}
			got = append(got, name)
		}
	}
	slices.Sort(got)
	if want := []string{"CreateWebhookEndpoint", "RetryDelivery", "WebhookDispatch", "WebhookRetrySweep"}; !slices.Equal(got, want) {
		t.Errorf("functions given %s = %v, want %v", lambdaapp.EnvWebhookPorts, got, want)
	}
}
