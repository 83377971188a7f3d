package template

import (
	"encoding/json"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
)

// The tests of this file pin what template.yaml must hold to be run in
// production (docs/spec.md §14, docs/decisions.md "Production (AWS)"), so a
// new function, schedule or queue can't come without its log group, names,
// dead letters and alarms. They read the YAML as nodes: the intrinsics
// (!Ref, !Sub, !GetAtt, !If) are checked as written.

// prodTemplate is template.yaml's root mapping.
type prodTemplate struct{ root *yaml.Node }

func loadProd(t *testing.T) prodTemplate {
	t.Helper()
	path, err := Find()
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	return prodTemplate{root: doc.Content[0]}
}

// get follows mapping keys from n; nil when one is missing.
func get(n *yaml.Node, keys ...string) *yaml.Node {
	for _, k := range keys {
		if n == nil || n.Kind != yaml.MappingNode {
			return nil
		}
		var next *yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == k {
				next = n.Content[i+1]
				break
			}
		}
		n = next
	}
	return n
}

// entries are a mapping's keys and values in order.
func entries(n *yaml.Node) [][2]*yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	var out [][2]*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		out = append(out, [2]*yaml.Node{n.Content[i], n.Content[i+1]})
	}
	return out
}

// intrinsic returns a node's short-form intrinsic and its scalar argument
// ("!Ref", "X"); "" for a plain value.
func intrinsic(n *yaml.Node) (tag, arg string) {
	if n == nil || !strings.HasPrefix(n.Tag, "!") || strings.HasPrefix(n.Tag, "!!") {
		return "", ""
	}
	if n.Kind == yaml.ScalarNode {
		return n.Tag, n.Value
	}
	return n.Tag, ""
}

func (p prodTemplate) resource(id string) *yaml.Node { return get(p.root, "Resources", id) }

func (p prodTemplate) resourcesOfType(typ string) map[string]*yaml.Node {
	out := map[string]*yaml.Node{}
	for _, e := range entries(get(p.root, "Resources")) {
		if v := get(e[1], "Type"); v != nil && v.Value == typ {
			out[e[0].Value] = e[1]
		}
	}
	return out
}

// items are a sequence's elements (none for a missing node).
func items(n *yaml.Node) []*yaml.Node {
	if n == nil {
		return nil
	}
	return n.Content
}

func value(n *yaml.Node) string {
	if n == nil {
		return ""
	}
	return n.Value
}

// refersTo reports whether n is !Ref id or !GetAtt id.<attr>.
func refersTo(n *yaml.Node, id, attr string) bool {
	tag, arg := intrinsic(n)
	switch tag {
	case "!Ref":
		return attr == "" && arg == id
	case "!GetAtt":
		return arg == id+"."+attr
	}
	return false
}

// TestTableOutlivesTheStack: deleting the stack or replacing the table keeps
// the data, and DeleteTable is refused while protection is on.
func TestTableOutlivesTheStack(t *testing.T) {
	p := loadProd(t)
	tables := p.resourcesOfType("AWS::DynamoDB::Table")
	for id, r := range tables {
		if value(get(r, "DeletionPolicy")) != "Retain" || value(get(r, "UpdateReplacePolicy")) != "Retain" {
			t.Errorf("%s: DeletionPolicy %q, UpdateReplacePolicy %q; want Retain, Retain", id, value(get(r, "DeletionPolicy")), value(get(r, "UpdateReplacePolicy")))
		}
		if value(get(r, "Properties", "DeletionProtectionEnabled")) != "true" {
			t.Errorf("%s: DeletionProtectionEnabled is not true", id)
		}
		if value(get(r, "Properties", "PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled")) != "true" {
			t.Errorf("%s: point-in-time recovery is off", id)
		}
	}
	if len(tables) != 1 {
		t.Errorf("%d tables, want 1", len(tables))
	}
}

// TestLogGroups: every function logs to its own group of the stack, named
// after the stack and kept LogRetentionDays; so do the API's access logs,
// one JSON object per request.
func TestLogGroups(t *testing.T) {
	p := loadProd(t)
	checkGroup := func(owner string, groupID string) {
		t.Helper()
		g := p.resource(groupID)
		if value(get(g, "Type")) != "AWS::Logs::LogGroup" {
			t.Errorf("%s logs to %s, which is not an AWS::Logs::LogGroup of the template", owner, groupID)
			return
		}
		if !refersTo(get(g, "Properties", "RetentionInDays"), "LogRetentionDays", "") {
			t.Errorf("log group %s: RetentionInDays is not !Ref LogRetentionDays", groupID)
		}
		if tag, name := intrinsic(get(g, "Properties", "LogGroupName")); tag != "!Sub" || !strings.Contains(name, "${AWS::StackName}") {
			t.Errorf("log group %s: LogGroupName %s %q does not contain the stack name", groupID, tag, name)
		}
	}
	groups := map[string]string{}
	for id, f := range p.resourcesOfType("AWS::Serverless::Function") {
		tag, group := intrinsic(get(f, "Properties", "LoggingConfig", "LogGroup"))
		if tag != "!Ref" {
			t.Errorf("%s: LoggingConfig.LogGroup is not a !Ref to a log group", id)
			continue
		}
		if other, ok := groups[group]; ok {
			t.Errorf("%s and %s share the log group %s", id, other, group)
		}
		groups[group] = id
		checkGroup(id, group)
	}
	if v := value(get(p.root, "Parameters", "LogRetentionDays", "Default")); v != "30" {
		t.Errorf("LogRetentionDays defaults to %q, want 30", v)
	}

	access := get(p.resource("HttpApi"), "Properties", "AccessLogSettings")
	tag, arn := intrinsic(get(access, "DestinationArn"))
	if tag != "!GetAtt" || !strings.HasSuffix(arn, ".Arn") {
		t.Fatalf("HttpApi access logs go to %s %q, want !GetAtt <log group>.Arn", tag, arn)
	}
	checkGroup("HttpApi", strings.TrimSuffix(arn, ".Arn"))
	var format map[string]string
	if err := json.Unmarshal([]byte(value(get(access, "Format"))), &format); err != nil {
		t.Fatalf("access log format is not a JSON object: %v", err)
	}
	for key, variable := range map[string]string{"requestId": "$context.requestId", "routeKey": "$context.routeKey", "status": "$context.status",
		"latency": "$context.responseLatency", "integrationError": "$context.integrationErrorMessage"} {
		if format[key] != variable {
			t.Errorf("access log %q = %q, want %q", key, format[key], variable)
		}
	}
}

var rateExpr = regexp.MustCompile(`^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$`)

// scheduleRate is a rate() expression's period.
func scheduleRate(expr string) (time.Duration, bool) {
	m := rateExpr.FindStringSubmatch(expr)
	if m == nil {
		return 0, false
	}
	n, _ := strconv.Atoi(m[1])
	unit := map[string]time.Duration{"minute": time.Minute, "hour": time.Hour, "day": 24 * time.Hour}[strings.TrimSuffix(m[2], "s")]
	return time.Duration(n) * unit, true
}

// TestSchedules: a schedule is named after its stack (two stages in one
// account and region don't collide; infra/sam-check.py checks what SAM
// makes of it), has a retry policy and a dead-letter queue; its function
// never runs twice at once: it ends before the next run starts (or is
// limited to one at a time), and Lambda doesn't retry a failed run beside
// the next one.
func TestSchedules(t *testing.T) {
	p := loadProd(t)
	tmpl, err := LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	timeouts := map[string]time.Duration{}
	for _, f := range tmpl.Functions {
		timeouts[f.Name] = f.Timeout
	}
	n := 0
	for id, f := range p.resourcesOfType("AWS::Serverless::Function") {
		for _, ev := range entries(get(f, "Properties", "Events")) {
			if value(get(ev[1], "Type")) != "ScheduleV2" {
				continue
			}
			n++
			props := get(ev[1], "Properties")
			if tag, name := intrinsic(get(props, "Name")); tag != "!Sub" || name != "${AWS::StackName}-"+id {
				t.Errorf("%s: schedule Name is %s %q, want !Sub \"${AWS::StackName}-%s\"", id, tag, name, id)
			}
			tag, arn := intrinsic(get(props, "DeadLetterConfig", "Arn"))
			if tag != "!GetAtt" || value(get(p.resource(strings.TrimSuffix(arn, ".Arn")), "Type")) != "AWS::SQS::Queue" {
				t.Errorf("%s: schedule DeadLetterConfig.Arn is %s %q, want !GetAtt <queue>.Arn", id, tag, arn)
			}
			retry := get(props, "RetryPolicy")
			if get(retry, "MaximumRetryAttempts") == nil || get(retry, "MaximumEventAgeInSeconds") == nil {
				t.Errorf("%s: schedule has no RetryPolicy with MaximumRetryAttempts and MaximumEventAgeInSeconds", id)
			}
			rate, ok := scheduleRate(value(get(props, "ScheduleExpression")))
			if !ok {
				t.Errorf("%s: schedule %q is not a rate()", id, value(get(props, "ScheduleExpression")))
				continue
			}
			if timeouts[id] >= rate && value(get(f, "Properties", "ReservedConcurrentExecutions")) != "1" {
				t.Errorf("%s: timeout %v is not below its rate %v and it may run more than once at a time", id, timeouts[id], rate)
			}
			if value(get(f, "Properties", "EventInvokeConfig", "MaximumRetryAttempts")) != "0" {
				t.Errorf("%s: EventInvokeConfig.MaximumRetryAttempts is not 0 (Lambda would retry a failed run beside the next one)", id)
			}
		}
	}
	if n != len(tmpl.Scheduled()) || n == 0 {
		t.Errorf("%d ScheduleV2 events, parser finds %d", n, len(tmpl.Scheduled()))
	}
}

// TestOutboxStreamIsBounded: a failing outbox record is retried a bounded
// number of times, its batch split down to it, then its place in the stream
// is kept in a dead-letter queue, never dropped silently.
func TestOutboxStreamIsBounded(t *testing.T) {
	p := loadProd(t)
	n := 0
	for id, f := range p.resourcesOfType("AWS::Serverless::Function") {
		for _, ev := range entries(get(f, "Properties", "Events")) {
			if value(get(ev[1], "Type")) != "DynamoDB" {
				continue
			}
			n++
			props := get(ev[1], "Properties")
			if r, err := strconv.Atoi(value(get(props, "MaximumRetryAttempts"))); err != nil || r < 0 {
				t.Errorf("%s: MaximumRetryAttempts %q, want a bound", id, value(get(props, "MaximumRetryAttempts")))
			}
			if a, err := strconv.Atoi(value(get(props, "MaximumRecordAgeInSeconds"))); err != nil || a < 60 || a >= 24*3600 {
				t.Errorf("%s: MaximumRecordAgeInSeconds %q, want 60 s up to below the stream's 24 h", id, value(get(props, "MaximumRecordAgeInSeconds")))
			}
			if value(get(props, "BisectBatchOnFunctionError")) != "true" {
				t.Errorf("%s: BisectBatchOnFunctionError is not true", id)
			}
			onFailure := get(props, "DestinationConfig", "OnFailure")
			tag, arn := intrinsic(get(onFailure, "Destination"))
			queue := p.resource(strings.TrimSuffix(arn, ".Arn"))
			if value(get(onFailure, "Type")) != "SQS" || tag != "!GetAtt" || value(get(queue, "Type")) != "AWS::SQS::Queue" {
				t.Errorf("%s: on-failure destination %s %q (Type %q), want an SQS queue of the stack with Type SQS (SAM then grants sqs:SendMessage)",
					id, tag, arn, value(get(onFailure, "Type")))
			}
		}
	}
	if n != 1 {
		t.Errorf("%d DynamoDB stream events, want 1 (WebhookDispatch)", n)
	}
}

// TestDeadLetterQueues: 14 days (SQS's longest), encrypted, and an alarm as
// soon as one message is in.
func TestDeadLetterQueues(t *testing.T) {
	p := loadProd(t)
	alarmed := map[string]bool{}
	for _, a := range p.resourcesOfType("AWS::CloudWatch::Alarm") {
		for _, d := range items(get(a, "Properties", "Dimensions")) {
			if value(get(d, "Name")) == "QueueName" {
				_, arg := intrinsic(get(d, "Value"))
				alarmed[strings.TrimSuffix(arg, ".QueueName")] = value(get(a, "Properties", "MetricName")) == "ApproximateNumberOfMessagesVisible" &&
					value(get(a, "Properties", "Threshold")) == "1"
			}
		}
	}
	queues := p.resourcesOfType("AWS::SQS::Queue")
	for id, q := range queues {
		if v := value(get(q, "Properties", "MessageRetentionPeriod")); v != "1209600" {
			t.Errorf("%s: MessageRetentionPeriod %q, want 1209600 (14 days)", id, v)
		}
		if value(get(q, "Properties", "SqsManagedSseEnabled")) != "true" && get(q, "Properties", "KmsMasterKeyId") == nil {
			t.Errorf("%s is not encrypted", id)
		}
		if !alarmed[id] {
			t.Errorf("%s has no alarm on ApproximateNumberOfMessagesVisible >= 1", id)
		}
	}
	if len(queues) < 2 {
		t.Errorf("%d queues, want the outbox's and the schedules' dead-letter queues", len(queues))
	}
}

// TestAlarms: what on-call needs, each alarm named after the stack and
// notifying the alarm topic: the API's 5xx and latency (which cover the
// route functions), errors of every sweep and of the stream function,
// their throttles, the stream's iterator age, the table's throttles and
// system errors. (Dead-letter queue depth: TestDeadLetterQueues.)
func TestAlarms(t *testing.T) {
	p := loadProd(t)
	// watched[metric] = the dimension values it is watched on
	watched := map[string][]string{}
	for id, a := range p.resourcesOfType("AWS::CloudWatch::Alarm") {
		props := get(a, "Properties")
		if tag, name := intrinsic(get(props, "AlarmName")); tag != "!Sub" || !strings.HasPrefix(name, "${AWS::StackName}-") {
			t.Errorf("%s: AlarmName %s %q does not start with the stack name", id, tag, name)
		}
		for _, list := range []string{"AlarmActions", "OKActions"} {
			actions := get(props, list)
			if actions == nil || !slices.ContainsFunc(actions.Content, func(n *yaml.Node) bool { return refersTo(n, "AlarmTopic", "") }) {
				t.Errorf("%s: %s does not notify AlarmTopic", id, list)
			}
		}
		if value(get(props, "TreatMissingData")) != "notBreaching" {
			t.Errorf("%s: TreatMissingData is not notBreaching (no traffic is no alarm)", id)
		}
		metrics := []*yaml.Node{props}
		if m := get(props, "Metrics"); m != nil {
			metrics = nil
			for _, q := range items(m) {
				if s := get(q, "MetricStat", "Metric"); s != nil {
					metrics = append(metrics, s)
				}
			}
		}
		for _, m := range metrics {
			name := value(get(m, "Namespace")) + " " + value(get(m, "MetricName"))
			for _, d := range items(get(m, "Dimensions")) {
				_, arg := intrinsic(get(d, "Value"))
				watched[name] = append(watched[name], arg)
			}
		}
	}
	tmpl, err := LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	var background []string
	for _, f := range tmpl.Functions {
		if f.Schedule != "" || f.Stream {
			background = append(background, f.Name)
		}
	}
	want := map[string][]string{
		"AWS/ApiGateway 5xx":             {"HttpApi"},
		"AWS/ApiGateway Latency":         {"HttpApi"},
		"AWS/Lambda Errors":              background,
		"AWS/Lambda Throttles":           background,
		"AWS/Lambda IteratorAge":         {"WebhookDispatch"},
		"AWS/DynamoDB ThrottledRequests": {"Table"},
		"AWS/DynamoDB SystemErrors":      {"Table"},
	}
	for metric, targets := range want {
		for _, target := range targets {
			if !slices.Contains(watched[metric], target) {
				t.Errorf("no alarm on %s of %s", metric, target)
			}
		}
	}
	sub := p.resourcesOfType("AWS::SNS::Subscription")
	if len(sub) != 1 {
		t.Fatalf("%d SNS subscriptions, want the optional AlarmEmail one", len(sub))
	}
	for id, s := range sub {
		if value(get(s, "Condition")) != "HasAlarmEmail" || !refersTo(get(s, "Properties", "Endpoint"), "AlarmEmail", "") {
			t.Errorf("%s: want Condition HasAlarmEmail and Endpoint !Ref AlarmEmail", id)
		}
	}
	if value(get(p.root, "Parameters", "AlarmEmail", "Default")) != "" || get(p.root, "Parameters", "AlarmEmail", "Default") == nil {
		t.Errorf("AlarmEmail must be optional (Default \"\")")
	}
}

// TestCursorKeyFromSecretsManager: no secret is a plain parameter; the
// cursor key is resolved from Secrets Manager like the Stripe key.
func TestCursorKeyFromSecretsManager(t *testing.T) {
	p := loadProd(t)
	if get(p.root, "Parameters", "CursorKey") != nil {
		t.Errorf("the plain CursorKey parameter is back")
	}
	if get(p.root, "Parameters", "CursorKeySecretName") == nil {
		t.Errorf("no CursorKeySecretName parameter")
	}
	tag, v := intrinsic(get(p.root, "Globals", "Function", "Environment", "Variables", "CURSOR_KEY"))
	if tag != "!Sub" || v != "{{resolve:secretsmanager:${CursorKeySecretName}:SecretString:cursorKey}}" {
		t.Errorf("CURSOR_KEY = %s %q, want the cursorKey of the CursorKeySecretName secret", tag, v)
	}
}

// TestHttpAPIEdge: throttling on every route (parameters with defaults),
// and CORS only for the origins ConsoleOrigins names (none by default: the
// stack's own console is on the API's origin).
func TestHttpAPIEdge(t *testing.T) {
	p := loadProd(t)
	props := get(p.resource("HttpApi"), "Properties")
	for key, param := range map[string]string{"ThrottlingRateLimit": "ApiRateLimit", "ThrottlingBurstLimit": "ApiBurstLimit"} {
		if !refersTo(get(props, "DefaultRouteSettings", key), param, "") {
			t.Errorf("DefaultRouteSettings.%s is not !Ref %s", key, param)
		}
		if get(p.root, "Parameters", param, "Default") == nil {
			t.Errorf("parameter %s has no default", param)
		}
	}
	cors := get(props, "CorsConfiguration")
	if tag, _ := intrinsic(cors); tag != "!If" || len(cors.Content) != 3 || value(cors.Content[0]) != "HasConsoleOrigins" {
		t.Fatalf("CorsConfiguration is not !If [HasConsoleOrigins, …, !Ref AWS::NoValue]")
	}
	if !refersTo(cors.Content[2], "AWS::NoValue", "") {
		t.Errorf("without ConsoleOrigins, CORS is not off")
	}
	if value(get(cors.Content[1], "AllowCredentials")) == "true" {
		t.Errorf("CORS allows credentials; the console sends bearer tokens, no cookies")
	}
	if value(get(p.root, "Parameters", "ConsoleOrigins", "Default")) != "" {
		t.Errorf("ConsoleOrigins defaults to something: CORS must be off by default")
	}
}

// TestNoPublishedVersions: no function is published behind an alias. SAM
// names a published version after its code and environment with template
// parameters unresolved, so a parameter-only change (a rotated secret's
// name, the payment provider, the log level) would never reach an aliased
// function (docs/deploy.md "Rolling out").
func TestNoPublishedVersions(t *testing.T) {
	p := loadProd(t)
	for id, f := range p.resourcesOfType("AWS::Serverless::Function") {
		if props := get(f, "Properties"); get(props, "AutoPublishAlias") != nil || get(props, "DeploymentPreference") != nil {
			t.Errorf("%s is published behind an alias: parameter changes would not reach it", id)
		}
	}
	if get(p.root, "Globals", "Function", "AutoPublishAlias") != nil {
		t.Error("Globals publish every function behind an alias")
	}
}
