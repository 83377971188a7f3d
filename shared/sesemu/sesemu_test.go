package sesemu

import (
	"context"
	"errors"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	"github.com/aws/aws-sdk-go-v2/service/sesv2/types"
)

// TestStartStop: a started moto_server takes mail from a verified sender
// only, shows what it accepted and every request it got, and is gone,
// with its process group, once Stop returns.
func TestStartStop(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	s, err := Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Stop)

	send := func(from string) error {
		_, err := s.Client().SendEmail(ctx, &sesv2.SendEmailInput{
			FromEmailAddress: aws.String(from),
			Destination:      &types.Destination{ToAddresses: []string{"to@example.com"}},
			Content: &types.EmailContent{Simple: &types.Message{
				Subject: &types.Content{Data: aws.String("hello")},
				Body: &types.Body{
					Text: &types.Content{Data: aws.String("text")},
					Html: &types.Content{Data: aws.String("<p>html</p>")},
				},
			}},
		})
		return err
	}
	if err := send("from@example.com"); err == nil {
		t.Error("SendEmail from an unverified sender succeeded")
	}
	if err := s.VerifyIdentity(ctx, "from@example.com"); err != nil {
		t.Fatal(err)
	}
	if err := send("from@example.com"); err != nil {
		t.Fatal(err)
	}

	sent, err := s.Sent(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(sent), 1; got != want {
		t.Fatalf("%d messages accepted, want %d", got, want)
	}
	if got, want := sent[0].Source+" "+sent[0].Destinations.ToAddresses[0]+" "+sent[0].Subject+" "+sent[0].Body,
		"from@example.com to@example.com hello <p>html</p>"; got != want {
		t.Errorf("accepted %q, want %q", got, want)
	}
	reqs, err := s.Requests(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(reqs), 2; got != want {
		t.Fatalf("%d SendEmail requests, want %d", got, want)
	}
	if got, want := reqs[1].Content.Simple.Body.Text.Data, "text"; got != want {
		t.Errorf("text part %q, want %q", got, want)
	}

	pid := s.proc.Pid()
	s.Stop()
	select {
	case <-s.proc.Done():
	default:
		t.Fatal("Stop returned before moto_server exited")
	}
	if err := syscall.Kill(-pid, 0); !errors.Is(err, syscall.ESRCH) {
		t.Errorf("process group %d after Stop: %v, want ESRCH", pid, err)
	}
}
