package template

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func TestDefaultTemplate(t *testing.T) {
	tmpl, err := LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	in := tmpl.Table.CreateTableInput("x")
	if got, want := len(in.GlobalSecondaryIndexes), 2; got != want {
		t.Fatalf("GSIs = %d, want %d", got, want)
	}
	names := map[string]bool{}
	for _, ix := range in.GlobalSecondaryIndexes {
		names[*ix.IndexName] = true
	}
	if !names["gsi1"] || !names["due"] {
		t.Errorf("indexes %v, want gsi1 and due", names)
	}
	if in.StreamSpecification == nil || string(in.StreamSpecification.StreamViewType) != "NEW_AND_OLD_IMAGES" {
		t.Errorf("stream = %+v, want NEW_AND_OLD_IMAGES", in.StreamSpecification)
	}
	if got, want := tmpl.Table.TTLAttribute(), "expiresAt"; got != want {
		t.Errorf("TTL attribute = %q, want %q", got, want)
	}
	var defaults []string
	for _, f := range tmpl.Routes() {
		if f.Route.Method == "" && f.Route.Path == "" { // SAM's $default route
			defaults = append(defaults, f.Name)
			continue
		}
		if !strings.HasPrefix(f.Route.Path, "/v1/") {
			t.Errorf("%s path %q is not under /v1", f.Name, f.Route.Path)
		}
	}
	if got, want := strings.Join(defaults, ","), "NotFound"; got != want {
		t.Errorf("$default routes (HttpApi events without Path and Method) = %q, want %q", got, want)
	}
}

// TestConsoleRoutes: the console is the template's one function without the
// authorizer, on / and /assets/; every other route is the API's.
func TestConsoleRoutes(t *testing.T) {
	tmpl, err := LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range tmpl.PublicRoutes() {
		for _, r := range f.Public {
			got = append(got, f.Name+" "+r.Pattern()+" → "+r.MuxPattern())
		}
	}
	want := []string{"Console GET / → GET /{$}", "Console GET /assets/{proxy+} → GET /assets/{proxy...}"}
	if !slices.Equal(got, want) {
		t.Errorf("public routes = %q, want %q", got, want)
	}
	for _, f := range tmpl.Routes() {
		if f.Name == "Console" {
			t.Errorf("Console is among the API's routes")
		}
	}
}

func TestParseFunctionsAndTriggers(t *testing.T) {
	src := `
Resources:
  Table:
    Type: AWS::DynamoDB::Table
    Properties:
      KeySchema: [{AttributeName: pk, KeyType: HASH}]
      AttributeDefinitions: [{AttributeName: pk, AttributeType: S}]
  GetThing:
    Type: AWS::Serverless::Function
    Properties:
      Events:
        Api:
          Type: HttpApi
          Properties:
            ApiId: !Ref HttpApi
            Method: GET
            Path: /v1/things/{id}
  Sweep:
    Type: AWS::Serverless::Function
    Properties:
      Events:
        Every: {Type: ScheduleV2, Properties: {ScheduleExpression: rate(1 minute)}}
  Dispatch:
    Type: AWS::Serverless::Function
    Properties:
      Events:
        Stream: {Type: DynamoDB, Properties: {Stream: !GetAtt Table.StreamArn}}
`
	tmpl, err := Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(tmpl.Functions), 3; got != want {
		t.Fatalf("functions = %d, want %d", got, want)
	}
	if r := tmpl.Routes(); len(r) != 1 || r[0].Route.Pattern() != "GET /v1/things/{id}" {
		t.Errorf("routes = %+v, want GET /v1/things/{id}", r)
	}
	if s := tmpl.Scheduled(); len(s) != 1 || s[0].Schedule != "rate(1 minute)" {
		t.Errorf("scheduled = %+v", s)
	}
	bad := []string{
		"Resources: {}",
		"Resources:\n  A: {Type: AWS::DynamoDB::Table}\n  B: {Type: AWS::DynamoDB::Table}",
		"Resources:\n  T: {Type: AWS::DynamoDB::Table}\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Events:\n        X: {Type: SQS}",
		"not: [yaml",
		"Resources:\n  T: {Type: AWS::DynamoDB::Table}\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Events:\n" +
			"        A: {Type: HttpApi, Properties: {Method: GET, Path: /a}}\n        B: {Type: HttpApi, Properties: {Method: GET, Path: /b, Auth: {Authorizer: NONE}}}",
	}
	for _, b := range bad {
		if _, err := Parse([]byte(b)); err == nil {
			t.Errorf("Parse(%q) succeeded, want an error", b)
		}
	}
}

// TestFunctionTimeouts: a function's Timeout, else the Globals default,
// else Lambda's 3 s.
func TestFunctionTimeouts(t *testing.T) {
	tmpl, err := LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]time.Duration{}
	for _, f := range tmpl.Functions {
		byName[f.Name] = f.Timeout
	}
	for name, want := range map[string]time.Duration{"GetSubscription": 10 * time.Second, "AssignLicensesBulk": 29 * time.Second, "MoveUsers": 29 * time.Second} {
		if got := byName[name]; got != want {
			t.Errorf("%s timeout = %v, want %v", name, got, want)
		}
	}
	bare, err := Parse([]byte("Resources:\n  T: {Type: AWS::DynamoDB::Table, Properties: {}}\n  F: {Type: AWS::Serverless::Function, Properties: {}}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := bare.Functions[0].Timeout, 3*time.Second; got != want {
		t.Errorf("no Timeout anywhere: %v, want Lambda's default %v", got, want)
	}
}
