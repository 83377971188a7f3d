// Package ddbtest gives tests a real DynamoDB: the DynamoDB Local that
// `make test` started (DYNAMODB_ENDPOINT), or, under plain `go test`, one
// started for the package by Main. Every test gets its own table created from
// the table resource in template.yaml.
package ddbtest

import (
	"bytes"
	"compress/flate"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"selfserve/shared/ddblocal"
	"selfserve/shared/dynamo"
	"selfserve/shared/template"
)

var (
	endpoint string
	tmpl     *template.Template
	loadOnce sync.Once
	loadErr  error
)

// Main runs m against DYNAMODB_ENDPOINT, or starts a DynamoDB Local for the
// package and stops it afterwards. Use it from TestMain.
func Main(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	endpoint = os.Getenv(dynamo.EndpointEnv)
	if endpoint == "" {
		srv, err := ddblocal.StartInMemory(context.Background())
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer srv.Stop()
		endpoint = srv.Endpoint
	}
	return m.Run()
}

// Template returns the parsed template.yaml.
func Template(tb testing.TB) *template.Template {
	tb.Helper()
	loadOnce.Do(func() { tmpl, loadErr = template.LoadDefault() })
	if loadErr != nil {
		tb.Fatal(loadErr)
	}
	return tmpl
}

// DB is a fresh table on DynamoDB Local with a client whose round trips are
// counted.
type DB struct {
	Client   *dynamodb.Client
	Table    string
	Counter  *dynamo.Counter
	Endpoint string
}

// New creates a table for the test from template.yaml and deletes it when the
// test ends.
func New(tb testing.TB) *DB {
	tb.Helper()
	if endpoint == "" {
		tb.Fatal("ddbtest: no DynamoDB Local; call ddbtest.Main from TestMain")
	}
	return newOn(tb, endpoint)
}

// NewDedicated is New on a DynamoDB Local of the test's own, stopped when
// the test ends: for heavy tests (tens of thousands of transactional
// writes), which make a shared DynamoDB Local slower for every test after.
func NewDedicated(tb testing.TB) *DB {
	tb.Helper()
	srv, err := ddblocal.StartInMemory(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(srv.Stop)
	return newOn(tb, srv.Endpoint)
}

func newOn(tb testing.TB, endpoint string) *DB {
	tb.Helper()
	ctx := context.Background()
	counter := dynamo.NewCounter()
	client, err := dynamo.NewClient(ctx, dynamo.Options{Endpoint: endpoint, Counter: counter})
	if err != nil {
		tb.Fatal(err)
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	name := "test_" + hex.EncodeToString(b[:])
	if err := ddblocal.CreateTable(ctx, client, Template(tb).Table, name); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		_, _ = client.DeleteTable(context.Background(), &dynamodb.DeleteTableInput{TableName: aws.String(name)})
	})
	counter.Reset()
	return &DB{Client: client, Table: name, Counter: counter, Endpoint: endpoint}
}

// Items scans the test's table for items whose kind attribute is kind and
// returns them as plain values, an event's payload inflated (tests only: a
// table holds a test's few items).
func (db *DB) Items(tb testing.TB, kind string) []map[string]any {
	tb.Helper()
	var out []map[string]any
	p := dynamodb.NewScanPaginator(db.Client, &dynamodb.ScanInput{TableName: aws.String(db.Table), ConsistentRead: aws.Bool(true)})
	for p.HasMorePages() {
		page, err := p.NextPage(context.Background())
		if err != nil {
			tb.Fatal(err)
		}
		for _, it := range page.Items {
			var m map[string]any
			if err := attributevalue.UnmarshalMap(it, &m); err != nil {
				tb.Fatal(err)
			}
			if m["kind"] != kind {
				continue
			}
			if z, ok := m["payloadZ"].([]byte); ok { // an event's payload, stored deflated
				b, err := io.ReadAll(flate.NewReader(bytes.NewReader(z)))
				if err != nil {
					tb.Fatal(err)
				}
				m["payload"] = string(b)
			}
			out = append(out, m)
		}
	}
	return out
}

// Uncounted is another client on the test's DynamoDB Local whose round
// trips are not counted: for what stands beside the application (the local
// payment provider), so budgets count the application's own.
func (db *DB) Uncounted(tb testing.TB) *dynamodb.Client {
	tb.Helper()
	client, err := dynamo.NewClient(context.Background(), dynamo.Options{Endpoint: db.Endpoint})
	if err != nil {
		tb.Fatal(err)
	}
	return client
}
