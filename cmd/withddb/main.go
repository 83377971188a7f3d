// Command withddb starts one DynamoDB Local, runs a command with
// DYNAMODB_ENDPOINT set to it, and stops it: `make test` runs the whole test
// suite against a single instance this way.
//
//	go run ./cmd/withddb -- go test ./...
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"syscall"

	"selfserve/shared/ddblocal"
	"selfserve/shared/dynamo"
)

func main() {
	args := os.Args[1:]
	if len(args) > 0 && args[0] == "--" {
		args = args[1:]
	}
	if len(args) == 0 {
		fmt.Fprintln(os.Stderr, "usage: withddb -- command [args...]")
		os.Exit(2)
	}
	os.Exit(run(args))
}

func run(args []string) int {
	srv, err := ddblocal.StartInMemory(context.Background())
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer srv.Stop()
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.Env = append(os.Environ(), dynamo.EndpointEnv+"="+srv.Endpoint)
	signal.Ignore(syscall.SIGINT) // the child gets Ctrl-C; we stop after it
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return exit.ExitCode()
		}
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}
