package client

// StrictDecoding makes the client refuse answer fields its types lack, so
// tests against the real API catch a field the document and the types miss.
func StrictDecoding() Option { return func(c *Client) { c.strict = true } }
