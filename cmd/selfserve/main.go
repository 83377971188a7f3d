// Command selfserve manages a selfserve deployment from the shell: product
// policies the way the MSCommerce PowerShell module does, and every other
// route of the API (docs/cli.md maps the cmdlets to its commands).
//
// Exit codes: 0 success, 1 refused by the API (4xx), 2 usage error, 3 network
// or server error.
package main

import (
	"context"
	"os"
	"os/signal"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], stdio{in: os.Stdin, out: os.Stdout, err: os.Stderr})
	stop()
	os.Exit(code)
}
