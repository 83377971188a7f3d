// Package ddblocal starts the official AWS DynamoDB Local (installed by
// infra/dynamodb-local.sh) as a child process on a free loopback port.
package ddblocal

import (
	"context"
	"fmt"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"selfserve/shared/childproc"
	"selfserve/shared/template"
)

// Options say where the data lives.
type Options struct {
	// Root is the repository root (holding infra/dynamodb-local.sh).
	Root string
	// DBPath keeps the data in files under this folder; empty means in memory.
	DBPath string
	// Port to listen on; 0 picks a free one.
	Port int
	// Log receives DynamoDB Local's output; nil discards it.
	Log *os.File
}

// Server is a running DynamoDB Local.
type Server struct {
	Endpoint string
	proc     *childproc.Proc
}

// Install runs infra/dynamodb-local.sh (a no-op once installed) and returns
// the folder holding DynamoDBLocal.jar.
func Install(root string) (string, error) { return childproc.Install(root, "dynamodb-local.sh") }

// Start installs if needed, starts DynamoDB Local and waits until it answers.
func Start(ctx context.Context, opt Options) (*Server, error) {
	dir, err := Install(opt.Root)
	if err != nil {
		return nil, err
	}
	port := opt.Port
	if port == 0 {
		if port, err = freePort(); err != nil {
			return nil, err
		}
	}
	args := []string{
		"-Djava.library.path=" + filepath.Join(dir, "DynamoDBLocal_lib"),
		"-XX:+UseSerialGC", "-Xss1m",
		"-jar", filepath.Join(dir, "DynamoDBLocal.jar"),
		"-port", fmt.Sprint(port), "-disableTelemetry", "-sharedDb",
	}
	if opt.DBPath == "" {
		args = append(args, "-inMemory")
	} else {
		if err := os.MkdirAll(opt.DBPath, 0o755); err != nil {
			return nil, err
		}
		args = append(args, "-dbPath", opt.DBPath)
	}
	cmd := exec.Command("java", args...)
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = opt.Log, opt.Log
	proc, err := childproc.Start(cmd)
	if err != nil {
		return nil, fmt.Errorf("starting DynamoDB Local: %w", err)
	}
	s := &Server{Endpoint: fmt.Sprintf("http://127.0.0.1:%d", port), proc: proc}
	client := &http.Client{Timeout: time.Second}
	err = proc.WaitUntil(ctx, 60*time.Second, "DynamoDB Local (needs Java 17)", func(context.Context) bool {
		resp, err := client.Get(s.Endpoint)
		if err == nil {
			resp.Body.Close()
		}
		return err == nil
	})
	if err != nil {
		s.Stop()
		return nil, err
	}
	return s, nil
}

// StartInMemory starts an in-memory DynamoDB Local for the repository that
// holds the working directory (tests and `make test`).
func StartInMemory(ctx context.Context) (*Server, error) {
	root, err := template.Root()
	if err != nil {
		return nil, err
	}
	return Start(ctx, Options{Root: root})
}

// Stop ends the process and waits for it.
func (s *Server) Stop() {
	if s != nil {
		s.proc.Stop()
	}
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// CreateTable creates the template's table under name, waits until it is
// active and turns on its TTL.
func CreateTable(ctx context.Context, client *dynamodb.Client, t template.Table, name string) error {
	if _, err := client.CreateTable(ctx, t.CreateTableInput(name)); err != nil {
		return fmt.Errorf("create table %s: %w", name, err)
	}
	w := dynamodb.NewTableExistsWaiter(client, func(o *dynamodb.TableExistsWaiterOptions) { o.MinDelay = 50 * time.Millisecond })
	if err := w.Wait(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(name)}, 30*time.Second); err != nil {
		return err
	}
	if attr := t.TTLAttribute(); attr != "" {
		_, err := client.UpdateTimeToLive(ctx, &dynamodb.UpdateTimeToLiveInput{TableName: aws.String(name),
			TimeToLiveSpecification: &types.TimeToLiveSpecification{AttributeName: aws.String(attr), Enabled: aws.Bool(true)}})
		if err != nil {
			return fmt.Errorf("ttl on %s: %w", name, err)
		}
	}
	return nil
}
