package webhooks

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"selfserve/shared/domain"
)

// maxResponseRead bounds how much of a receiver's answer is read (and
// thrown away): receivers can't make us buffer.
const maxResponseRead = 64 << 10

// Sender makes delivery attempts: one signed POST each.
type Sender struct {
	client *http.Client
	guard  Guard
	// Wall is the clock of the webhook-timestamp header, which receivers
	// compare with their own clocks (time.Now unless a test sets it).
	Wall func() time.Time
}

// NewSender returns a Sender whose connections go only where g allows,
// checked on the address dialled; it follows no redirects and uses no
// proxy.
func NewSender(g Guard) *Sender {
	dialer := &net.Dialer{Timeout: 5 * time.Second, Control: g.control}
	tr := &http.Transport{
		Proxy:                 nil,
		DialContext:           dialer.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConnsPerHost:   8,
		IdleConnTimeout:       60 * time.Second,
		TLSHandshakeTimeout:   5 * time.Second,
		ResponseHeaderTimeout: domain.DeliveryTimeout,
	}
	return &Sender{guard: g, Wall: time.Now, client: &http.Client{Transport: tr, Timeout: domain.DeliveryTimeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// errCancelled: the attempt was cut off by the caller, not by the
// receiver; it is not recorded as the receiver's failure.
var errCancelled = errors.New("delivery attempt cancelled")

// Send posts d's payload, signed with e's current secrets, and returns the
// attempt made at at. It fails only when ctx ends first: any answer or
// network failure of the receiver is an attempt.
func (s *Sender) Send(ctx context.Context, e domain.Endpoint, d domain.Delivery, at time.Time) (domain.Attempt, error) {
	a := domain.Attempt{At: at}
	if _, err := s.guard.parse(e.URL); err != nil {
		a.Error = "url not allowed"
		return a, nil
	}
	ts := s.Wall()
	sig, err := Sign(d.EventID, ts, d.Payload, e.SigningSecrets(at))
	if err != nil {
		return a, err
	}
	attemptCtx, cancel := context.WithTimeout(ctx, domain.DeliveryTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(attemptCtx, http.MethodPost, e.URL, bytes.NewReader(d.Payload))
	if err != nil {
		a.Error = "url not allowed"
		return a, nil
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "selfserve-webhooks/1")
	req.Header.Set(HeaderID, d.EventID)
	req.Header.Set(HeaderTimestamp, strconv.FormatInt(ts.Unix(), 10))
	req.Header.Set(HeaderSignature, sig)
	start := time.Now()
	resp, err := s.client.Do(req)
	a.DurationMs = time.Since(start).Milliseconds()
	if err != nil {
		if ctx.Err() != nil { // the caller's deadline or cancellation
			return a, errCancelled
		}
		a.Error = attemptError(err)
		return a, nil
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxResponseRead))
	a.HTTPStatus = resp.StatusCode
	if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable {
		a.RetryAfter = retryAfter(resp.Header.Get("Retry-After"), ts)
	}
	return a, nil
}

// attemptError describes a failed attempt without the URL (its path and
// query may carry the receiver's tokens).
func attemptError(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return "timeout after 15s"
	case errors.Is(err, errRefusedAddress):
		return errRefusedAddress.Error()
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return "timeout after 15s"
	}
	msg := err.Error()
	if len(msg) > 200 {
		msg = msg[:200]
	}
	return msg
}

// retryAfter reads a Retry-After header: seconds or an HTTP date.
func retryAfter(h string, now time.Time) time.Duration {
	if h == "" {
		return 0
	}
	if n, err := strconv.Atoi(h); err == nil && n > 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(h); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}
