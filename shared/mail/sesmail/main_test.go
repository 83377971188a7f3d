package sesmail

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"selfserve/shared/sesemu"
)

// moto is the package's moto_server; sender is verified there.
var moto *sesemu.Server

const sender = "noreply@selfserve.example"

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	var err error
	if moto, err = sesemu.Start(ctx); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer moto.Stop()
	if err := moto.VerifyIdentity(ctx, sender); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return m.Run()
}
