// Package template reads template.yaml, the one description of the system: the
// table definition, the HTTP routes and the schedules. The local runner and the
// test harness build from it so they can't drift from what is deployed.
package template

import (
	"cmp"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"gopkg.in/yaml.v3"
)

// Template is what the system needs from template.yaml.
type Template struct {
	Table     Table
	Functions []Function
}

// Function is one AWS::Serverless::Function with its trigger.
type Function struct {
	Name string
	// Route is set for the API's HttpApi functions (one route each).
	Route *Route
	// Public are the routes of a function serving without the JWT
	// authorizer (Auth: Authorizer: NONE): the console's static files.
	Public []Route
	// Schedule is the ScheduleV2 expression, e.g. "rate(1 minute)".
	Schedule string
	// Stream is true for functions triggered by the table's stream.
	Stream bool
	// Timeout is the function's, or the template's Globals default.
	Timeout time.Duration
}

// Route is an HttpApi event: method and path in API Gateway syntax.
type Route struct {
	Method string
	Path   string
}

// Pattern is the route key as API Gateway writes it ("GET /v1/x/{id}"); for
// the API's routes it is also their net/http ServeMux pattern.
func (r Route) Pattern() string { return r.Method + " " + r.Path }

// MuxPattern is the route as a net/http ServeMux pattern: "/" matches only
// itself and a greedy {name+} is {name...}.
func (r Route) MuxPattern() string {
	p := strings.ReplaceAll(r.Path, "+}", "...}")
	if p == "/" {
		p = "/{$}"
	}
	return r.Method + " " + p
}

// Table is the AWS::DynamoDB::Table resource.
type Table struct {
	LogicalID              string
	AttributeDefinitions   []attribute `yaml:"AttributeDefinitions"`
	KeySchema              []key       `yaml:"KeySchema"`
	GlobalSecondaryIndexes []index     `yaml:"GlobalSecondaryIndexes"`
	StreamSpecification    *struct {
		StreamViewType string `yaml:"StreamViewType"`
	} `yaml:"StreamSpecification"`
	TimeToLiveSpecification *struct {
		AttributeName string `yaml:"AttributeName"`
		Enabled       bool   `yaml:"Enabled"`
	} `yaml:"TimeToLiveSpecification"`
}

type attribute struct {
	AttributeName string `yaml:"AttributeName"`
	AttributeType string `yaml:"AttributeType"`
}

type key struct {
	AttributeName string `yaml:"AttributeName"`
	KeyType       string `yaml:"KeyType"`
}

type index struct {
	IndexName  string `yaml:"IndexName"`
	KeySchema  []key  `yaml:"KeySchema"`
	Projection struct {
		ProjectionType   string   `yaml:"ProjectionType"`
		NonKeyAttributes []string `yaml:"NonKeyAttributes"`
	} `yaml:"Projection"`
}

type resource struct {
	Type       string    `yaml:"Type"`
	Properties yaml.Node `yaml:"Properties"`
}

type functionProperties struct {
	Timeout int `yaml:"Timeout"` // seconds
	Events  map[string]struct {
		Type       string `yaml:"Type"`
		Properties struct {
			Method string `yaml:"Method"`
			Path   string `yaml:"Path"`
			Auth   struct {
				Authorizer string `yaml:"Authorizer"`
			} `yaml:"Auth"`
			ScheduleExpression string `yaml:"ScheduleExpression"`
		} `yaml:"Properties"`
	} `yaml:"Events"`
}

// Load reads and parses the template at path.
func Load(path string) (*Template, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(data)
}

// Find walks up from the working directory to the file template.yaml, so
// tests in any package and binaries run from the repo find the same file.
func Find() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		p := filepath.Join(dir, "template.yaml")
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("template.yaml not found above the working directory")
		}
		dir = parent
	}
}

// Root is the repository root: the folder of template.yaml.
func Root() (string, error) {
	p, err := Find()
	if err != nil {
		return "", err
	}
	return filepath.Dir(p), nil
}

// LoadDefault finds and loads the repo's template.yaml.
func LoadDefault() (*Template, error) {
	p, err := Find()
	if err != nil {
		return nil, err
	}
	return Load(p)
}

// Parse parses a SAM template. It requires exactly one DynamoDB table.
func Parse(data []byte) (*Template, error) {
	var doc struct {
		Globals struct {
			Function struct {
				Timeout int `yaml:"Timeout"`
			} `yaml:"Function"`
		} `yaml:"Globals"`
		Resources map[string]resource `yaml:"Resources"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("template: %w", err)
	}
	t := &Template{}
	tables := 0
	for id, r := range doc.Resources {
		switch r.Type {
		case "AWS::DynamoDB::Table":
			tables++
			if err := r.Properties.Decode(&t.Table); err != nil {
				return nil, fmt.Errorf("template: table %s: %w", id, err)
			}
			t.Table.LogicalID = id
		case "AWS::Serverless::Function":
			var props functionProperties
			if err := r.Properties.Decode(&props); err != nil {
				return nil, fmt.Errorf("template: function %s: %w", id, err)
			}
			f := Function{Name: id, Timeout: time.Duration(cmp.Or(props.Timeout, doc.Globals.Function.Timeout, 3)) * time.Second} // Lambda's default: 3 s
			for name, ev := range props.Events {
				switch ev.Type {
				case "HttpApi":
					r := Route{Method: ev.Properties.Method, Path: ev.Properties.Path}
					switch {
					case ev.Properties.Auth.Authorizer == "NONE":
						f.Public = append(f.Public, r)
					case f.Route != nil:
						return nil, fmt.Errorf("template: function %s has more than one HttpApi event", id)
					default:
						f.Route = &r
					}
				case "ScheduleV2":
					f.Schedule = ev.Properties.ScheduleExpression
				case "DynamoDB":
					f.Stream = true
				default:
					return nil, fmt.Errorf("template: function %s event %s: unsupported type %s", id, name, ev.Type)
				}
			}
			if f.Route != nil && len(f.Public) > 0 {
				return nil, fmt.Errorf("template: function %s has both authorized and public HttpApi events", id)
			}
			slices.SortFunc(f.Public, func(a, b Route) int { return cmp.Compare(a.Path, b.Path) })
			t.Functions = append(t.Functions, f)
		}
	}
	if tables != 1 {
		return nil, fmt.Errorf("template: want exactly one AWS::DynamoDB::Table, found %d", tables)
	}
	sort.Slice(t.Functions, func(i, j int) bool { return t.Functions[i].Name < t.Functions[j].Name })
	return t, nil
}

// Routes returns the HttpApi functions.
func (t *Template) Routes() []Function {
	var out []Function
	for _, f := range t.Functions {
		if f.Route != nil {
			out = append(out, f)
		}
	}
	return out
}

// PublicRoutes returns the functions serving routes without the authorizer.
func (t *Template) PublicRoutes() []Function {
	var out []Function
	for _, f := range t.Functions {
		if len(f.Public) > 0 {
			out = append(out, f)
		}
	}
	return out
}

// Scheduled returns the ScheduleV2 functions.
func (t *Template) Scheduled() []Function {
	var out []Function
	for _, f := range t.Functions {
		if f.Schedule != "" {
			out = append(out, f)
		}
	}
	return out
}

// CreateTableInput is the table definition as a CreateTable request for the
// named table (on-demand, as deployed).
func (tb Table) CreateTableInput(name string) *dynamodb.CreateTableInput {
	in := &dynamodb.CreateTableInput{
		TableName:   aws.String(name),
		BillingMode: types.BillingModePayPerRequest,
		KeySchema:   keySchema(tb.KeySchema),
	}
	for _, a := range tb.AttributeDefinitions {
		in.AttributeDefinitions = append(in.AttributeDefinitions, types.AttributeDefinition{
			AttributeName: aws.String(a.AttributeName), AttributeType: types.ScalarAttributeType(a.AttributeType),
		})
	}
	for _, ix := range tb.GlobalSecondaryIndexes {
		p := &types.Projection{ProjectionType: types.ProjectionType(ix.Projection.ProjectionType)}
		if len(ix.Projection.NonKeyAttributes) > 0 {
			p.NonKeyAttributes = ix.Projection.NonKeyAttributes
		}
		in.GlobalSecondaryIndexes = append(in.GlobalSecondaryIndexes, types.GlobalSecondaryIndex{
			IndexName: aws.String(ix.IndexName), KeySchema: keySchema(ix.KeySchema), Projection: p,
		})
	}
	if tb.StreamSpecification != nil {
		in.StreamSpecification = &types.StreamSpecification{
			StreamEnabled: aws.Bool(true), StreamViewType: types.StreamViewType(tb.StreamSpecification.StreamViewType),
		}
	}
	return in
}

// TTLAttribute is the table's time-to-live attribute, or "" if none.
func (tb Table) TTLAttribute() string {
	if tb.TimeToLiveSpecification == nil || !tb.TimeToLiveSpecification.Enabled {
		return ""
	}
	return tb.TimeToLiveSpecification.AttributeName
}

func keySchema(keys []key) []types.KeySchemaElement {
	out := make([]types.KeySchemaElement, 0, len(keys))
	for _, k := range keys {
		out = append(out, types.KeySchemaElement{AttributeName: aws.String(k.AttributeName), KeyType: types.KeyType(k.KeyType)})
	}
	return out
}
