package template

import (
	"os"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// TestSAMConventions pins the project's deployment conventions (README "Deploy") in
// template.yaml: runtime, architecture, handler, the makefile build, payload
// 2.0 behind the JWT authorizer, least privilege, outputs.
func TestSAMConventions(t *testing.T) {
	path, err := Find()
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Globals struct {
			Function struct {
				Runtime       string   `yaml:"Runtime"`
				Architectures []string `yaml:"Architectures"`
				Handler       string   `yaml:"Handler"`
				Tracing       string   `yaml:"Tracing"`
			} `yaml:"Function"`
		} `yaml:"Globals"`
		Resources map[string]struct {
			Type     string `yaml:"Type"`
			Metadata struct {
				BuildMethod string `yaml:"BuildMethod"`
			} `yaml:"Metadata"`
			Properties struct {
				Auth struct {
					DefaultAuthorizer string `yaml:"DefaultAuthorizer"`
					Authorizers       map[string]struct {
						JwtConfiguration map[string]any `yaml:"JwtConfiguration"`
					} `yaml:"Authorizers"`
				} `yaml:"Auth"`
				// Policies stay a node: statements may sit under !If or
				// take !If values (policyActions reads every branch).
				Policies yaml.Node `yaml:"Policies"`
				Events   map[string]struct {
					Type       string `yaml:"Type"`
					Properties struct {
						Method               string `yaml:"Method"`
						PayloadFormatVersion string `yaml:"PayloadFormatVersion"`
					} `yaml:"Properties"`
				} `yaml:"Events"`
			} `yaml:"Properties"`
		} `yaml:"Resources"`
		Outputs map[string]any `yaml:"Outputs"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	g := doc.Globals.Function
	if g.Runtime != "provided.al2023" || !slices.Equal(g.Architectures, []string{"arm64"}) || g.Handler != "bootstrap" || g.Tracing != "Active" {
		t.Errorf("Globals.Function = %+v, want provided.al2023, [arm64], bootstrap, Active tracing", g)
	}
	api := doc.Resources["HttpApi"].Properties.Auth
	if api.DefaultAuthorizer != "Jwt" || api.Authorizers["Jwt"].JwtConfiguration["issuer"] == nil || api.Authorizers["Jwt"].JwtConfiguration["audience"] == nil {
		t.Errorf("HttpApi auth = %+v, want the Jwt authorizer by default with issuer and audience", api)
	}
	writes := []string{"dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:ConditionCheckItem", "dynamodb:BatchWriteItem"}
	for name, r := range doc.Resources {
		if r.Type != "AWS::Serverless::Function" {
			continue
		}
		if r.Metadata.BuildMethod != "makefile" {
			t.Errorf("%s BuildMethod = %q, want makefile", name, r.Metadata.BuildMethod)
		}
		if _, err := os.Stat(strings.TrimSuffix(path, "template.yaml") + "functions/" + name + "/main.go"); err != nil {
			t.Errorf("%s has no functions/%s/main.go", name, name)
		}
		readOnly := false
		for _, ev := range r.Properties.Events {
			if ev.Type == "HttpApi" {
				if ev.Properties.PayloadFormatVersion != "2.0" {
					t.Errorf("%s PayloadFormatVersion = %q, want 2.0", name, ev.Properties.PayloadFormatVersion)
				}
				readOnly = ev.Properties.Method == "GET"
			}
		}
		actions := policyActions(&r.Properties.Policies)
		for _, a := range actions {
			if readOnly && slices.Contains(writes, a) {
				t.Errorf("read-only function %s may %s", name, a)
			}
			if a == "dynamodb:*" || a == "dynamodb:Scan" || a == "*" {
				t.Errorf("%s may %s", name, a)
			}
		}
	}
	for _, out := range []string{"ApiUrl", "TableName"} {
		if doc.Outputs[out] == nil {
			t.Errorf("output %s missing", out)
		}
	}
}

// policyActions returns the IAM actions ("service:Action") a function's
// Policies grant, in whichever shape they are written: a statement list, a
// single action, or either under !If (both branches count: either may be
// deployed).
func policyActions(policies *yaml.Node) []string {
	var out []string
	var walk func(n *yaml.Node, underAction bool)
	walk = func(n *yaml.Node, underAction bool) {
		switch n.Kind {
		case yaml.ScalarNode:
			if underAction && strings.Contains(n.Value, ":") && !strings.Contains(n.Value, "::") { // not AWS::NoValue
				out = append(out, n.Value)
			}
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				walk(n.Content[i+1], underAction || n.Content[i].Value == "Action")
			}
		case yaml.SequenceNode, yaml.DocumentNode:
			for _, c := range n.Content {
				walk(c, underAction)
			}
		case yaml.AliasNode:
			walk(n.Alias, underAction)
		}
	}
	walk(policies, false)
	return out
}

// TestPolicyActions: the conventions above see the actions of every policy
// shape, !If included, so a conditional grant can't slip past them.
func TestPolicyActions(t *testing.T) {
	src := `
Policies:
  - Statement:
      - Effect: Allow
        Action: [dynamodb:GetItem, dynamodb:Query]
        Resource: !GetAtt Table.Arn
  - Statement:
      - Effect: Allow
        Action: ses:SendEmail
        Resource: "*"
  - !If
    - UsesStripe
    - Statement:
        - Effect: Allow
          Action: !If [SendsMail, [dynamodb:PutItem], [dynamodb:UpdateItem]]
          Resource: !GetAtt Table.Arn
        - Effect: Allow
          Action: !If [SendsMail, sqs:SendMessage, !Ref AWS::NoValue]
          Resource: "*"
    - !Ref AWS::NoValue
  - AWSXrayWriteOnlyAccess
`
	var doc struct {
		Policies yaml.Node `yaml:"Policies"`
	}
	if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
		t.Fatal(err)
	}
	got := policyActions(&doc.Policies)
	want := []string{"dynamodb:GetItem", "dynamodb:Query", "ses:SendEmail", "dynamodb:PutItem", "dynamodb:UpdateItem", "sqs:SendMessage"}
	if !slices.Equal(got, want) {
		t.Errorf("policyActions = %q, want %q", got, want)
	}
}
