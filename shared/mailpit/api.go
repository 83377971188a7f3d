package mailpit

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/mail"
	"net/url"
	"strconv"
	"time"
)

// Summary is a mail in Mailpit's list (GET /api/v1/messages).
type Summary struct {
	// ID is Mailpit's id of the mail, for Message.
	ID string
	// MessageID is the Message-ID header without angle brackets.
	MessageID string
	From      mail.Address
	To        []mail.Address
	Subject   string
	// Created is when Mailpit received it.
	Created time.Time
	Snippet string
}

// Full is one mail as Mailpit read it (GET /api/v1/message/{ID}): its
// headers decoded and its text and HTML parts.
type Full struct {
	ID        string
	MessageID string
	From      mail.Address
	To        []mail.Address
	Subject   string
	// Date is the Date header.
	Date time.Time
	Text string
	HTML string
}

// pageSize is how many mails Messages asks for at a time.
const pageSize = 200

// Messages lists every mail Mailpit holds, newest first.
func (s *Server) Messages(ctx context.Context) ([]Summary, error) {
	var all []Summary
	for {
		var page struct {
			Total    int `json:"total"`
			Messages []Summary
		}
		q := url.Values{"start": {strconv.Itoa(len(all))}, "limit": {strconv.Itoa(pageSize)}}
		if err := s.call(ctx, http.MethodGet, "/api/v1/messages?"+q.Encode(), &page); err != nil {
			return nil, err
		}
		all = append(all, page.Messages...)
		if len(page.Messages) == 0 || len(all) >= page.Total {
			return all, nil
		}
	}
}

// Message reads the mail with Mailpit's id id.
func (s *Server) Message(ctx context.Context, id string) (Full, error) {
	var m Full
	err := s.call(ctx, http.MethodGet, "/api/v1/message/"+url.PathEscape(id), &m)
	return m, err
}

// Headers reads the headers of the mail with Mailpit's id id, as sent
// (encoded words not decoded).
func (s *Server) Headers(ctx context.Context, id string) (map[string][]string, error) {
	var h map[string][]string
	err := s.call(ctx, http.MethodGet, "/api/v1/message/"+url.PathEscape(id)+"/headers", &h)
	return h, err
}

// DeleteAll deletes every mail.
func (s *Server) DeleteAll(ctx context.Context) error {
	return s.call(ctx, http.MethodDelete, "/api/v1/messages", nil)
}

// WaitFor lists the mails once Mailpit holds at least n, asking every
// 50 ms until then or until ctx ends.
func (s *Server) WaitFor(ctx context.Context, n int) ([]Summary, error) {
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		msgs, err := s.Messages(ctx)
		if err == nil && len(msgs) >= n {
			return msgs, nil
		}
		select {
		case <-ctx.Done():
			if err == nil {
				err = fmt.Errorf("%d mails, want %d", len(msgs), n)
			}
			return nil, fmt.Errorf("waiting for Mailpit's mails: %w (%w)", ctx.Err(), err)
		case <-tick.C:
		}
	}
}

// call sends a request to Mailpit's API and decodes its JSON answer into
// out (unless out is nil).
func (s *Server) call(ctx context.Context, method, path string, out any) error {
	req, err := http.NewRequestWithContext(ctx, method, s.URL+path, nil)
	if err != nil {
		return err
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 1024))
		return fmt.Errorf("%s %s: %s: %s", method, path, resp.Status, body)
	}
	if out == nil {
		return nil
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	return nil
}
