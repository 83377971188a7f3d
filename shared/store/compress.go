package store

import (
	"bytes"
	"compress/flate"
	"io"
)

// Large texts an item carries whole — a kept answer, an event's payload —
// are stored deflated: DynamoDB bills writes by the kilobyte.

// deflate compresses b.
func deflate(b []byte) []byte {
	var buf bytes.Buffer
	w, _ := flate.NewWriter(&buf, flate.BestCompression) // the level is valid
	_, _ = w.Write(b)
	_ = w.Close()
	return buf.Bytes()
}

// inflate restores what deflate compressed.
func inflate(b []byte) ([]byte, error) {
	return io.ReadAll(flate.NewReader(bytes.NewReader(b)))
}
