package store

import (
	"bytes"
	"compress/flate"
	"io"
	"sync"
)

// Large texts an item carries whole — a kept answer, an event's payload —
// are stored deflated: DynamoDB bills writes by the kilobyte.

// deflaters reuses compressors: each holds ~800 KB of tables, too much to
// allocate per write.
var deflaters = sync.Pool{New: func() any {
	w, _ := flate.NewWriter(nil, flate.BestCompression) // the level is valid
	return w
}}

// deflate compresses b.
func deflate(b []byte) []byte {
	var buf bytes.Buffer
	w := deflaters.Get().(*flate.Writer)
	w.Reset(&buf)
	_, _ = w.Write(b)
	_ = w.Close()
	deflaters.Put(w)
	return buf.Bytes()
}

// inflate restores what deflate compressed.
func inflate(b []byte) ([]byte, error) {
	return io.ReadAll(flate.NewReader(bytes.NewReader(b)))
}
