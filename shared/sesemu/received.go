package sesemu

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
)

// Sent is a message moto's SES accepted, as its model keeps it.
type Sent struct {
	// ID is the MessageId SendEmail answered.
	ID     string `json:"id"`
	Source string `json:"source"`
	// Destinations is the request's Destination.
	Destinations Destination `json:"destinations"`
	Subject      string      `json:"subject"`
	// Body is the HTML part of a message that has one, else its text
	// part: moto keeps only one (Requests has both).
	Body string `json:"body"`
}

// Destination is SendEmail's Destination.
type Destination struct {
	ToAddresses, CcAddresses, BccAddresses []string
}

// Sent lists the messages moto's SES accepted, oldest first (moto keeps
// every instance of its models, read from /moto-api/data.json).
func (s *Server) Sent(ctx context.Context) ([]Sent, error) {
	var data struct {
		SES struct {
			Message []Sent
		} `json:"ses"`
	}
	body, err := s.get(ctx, "/moto-api/data.json")
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(body, &data); err != nil {
		return nil, fmt.Errorf("moto's data.json: %w", err)
	}
	return data.SES.Message, nil
}

// SendEmailRequest is the body of an SES v2 SendEmail request (simple
// content only).
type SendEmailRequest struct {
	FromEmailAddress     string
	ConfigurationSetName string
	Destination          Destination
	Content              struct {
		Simple struct {
			Subject Content
			Body    struct{ Text, Html Content }
		}
	}
}

// Content is SES's text with its charset.
type Content struct{ Data, Charset string }

// Requests lists the SendEmail requests moto received, oldest first,
// accepted or not, read from moto's request recorder.
func (s *Server) Requests(ctx context.Context) ([]SendEmailRequest, error) {
	body, err := s.get(ctx, "/moto-api/recorder/download-recording")
	if err != nil {
		return nil, err
	}
	var reqs []SendEmailRequest
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var rec struct {
			Method      string `json:"method"`
			URL         string `json:"url"`
			Body        string `json:"body"`
			BodyEncoded bool   `json:"body_encoded"`
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			return nil, fmt.Errorf("moto's recording: %w", err)
		}
		u, err := url.Parse(rec.URL)
		if err != nil || rec.Method != http.MethodPost || u.Path != "/v2/email/outbound-emails" {
			continue
		}
		raw := []byte(rec.Body)
		if rec.BodyEncoded {
			if raw, err = base64.StdEncoding.DecodeString(rec.Body); err != nil {
				return nil, fmt.Errorf("moto's recording: %w", err)
			}
		}
		var req SendEmailRequest
		if err := json.Unmarshal(raw, &req); err != nil {
			return nil, fmt.Errorf("moto's recording of SendEmail: %w", err)
		}
		reqs = append(reqs, req)
	}
	return reqs, sc.Err()
}

// get reads path from moto_server.
func (s *Server) get(ctx context.Context, path string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.URL+path, nil)
	if err != nil {
		return nil, err
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s: %.200s", path, resp.Status, body)
	}
	return body, nil
}
