// Package sesemu starts moto's server (moto_server, from the Python
// package moto on this machine) as a child process on a loopback port, to
// stand in for Amazon SES v2 in the SES adapter's tests. It reads back what
// moto received: the messages SES accepted, from moto's own model data
// (/moto-api/data.json), and every SendEmail request, from moto's request
// recorder (/moto-api/recorder/download-recording).
package sesemu

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"

	"selfserve/shared/childproc"
)

// Region is the region the clients of Client sign for.
const Region = "us-east-1"

// Server is a running moto_server.
type Server struct {
	// URL is its HTTP base URL, http://127.0.0.1:<port>.
	URL    string
	proc   *childproc.Proc
	dir    string
	client *http.Client
}

// listening is what moto_server (werkzeug) prints before its URL.
const listening = " * Running on "

// Start starts moto_server on a loopback port the system picks, read back
// from its output, with its request recorder on (its recording in a
// temporary folder that Stop removes), and waits until it answers. It
// fails, saying so, when moto_server is not installed.
func Start(ctx context.Context) (*Server, error) {
	bin, err := exec.LookPath("moto_server")
	if err != nil {
		return nil, fmt.Errorf("moto_server not found (pip install 'moto[server]'): %w", err)
	}
	dir, err := os.MkdirTemp("", "sesemu-")
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "-H", "127.0.0.1", "-p", "0")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"MOTO_ENABLE_RECORDING=true",
		"MOTO_RECORDER_FILEPATH="+filepath.Join(dir, "recording"),
		"PYTHONUNBUFFERED=1",
	)
	proc, url, err := childproc.StartListening(ctx, cmd, "moto_server", listening, 60*time.Second)
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	s := &Server{proc: proc, dir: dir, client: &http.Client{Timeout: 10 * time.Second}, URL: url}
	err = proc.WaitUntil(ctx, 60*time.Second, "moto_server", func(ctx context.Context) bool {
		return childproc.Answers(ctx, s.client, s.URL+"/moto-api/config", nil) // 201, as it happens
	})
	if err != nil {
		s.Stop()
		return nil, err
	}
	return s, nil
}

// Stop ends moto_server's process group, waits for it and removes its
// recording.
func (s *Server) Stop() {
	if s != nil {
		s.proc.Stop()
		os.RemoveAll(s.dir)
	}
}

// Client returns an SES v2 client of this moto_server, with test
// credentials.
func (s *Server) Client() *sesv2.Client {
	return sesv2.New(sesv2.Options{
		Region:       Region,
		BaseEndpoint: aws.String(s.URL),
		Credentials:  credentials.NewStaticCredentialsProvider("test", "test", ""),
	})
}

// VerifyIdentity creates the SES identity, an address or a domain, as
// verified: moto, like SES in its sandbox, refuses mail from a sender that
// is not.
func (s *Server) VerifyIdentity(ctx context.Context, identity string) error {
	_, err := s.Client().CreateEmailIdentity(ctx, &sesv2.CreateEmailIdentityInput{EmailIdentity: aws.String(identity)})
	return err
}
