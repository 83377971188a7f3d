// Package ids makes identifiers that sort by creation time: a prefix, 48 bits
// of milliseconds and 80 random bits, in lowercase Crockford base32.
package ids

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"strings"
	"time"
)

const alphabet = "0123456789abcdefghjkmnpqrstvwxyz"

// New returns prefix + "_" + 26 characters that sort by at, then randomly.
func New(prefix string, at time.Time) string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], uint64(at.UnixMilli())<<16)
	_, _ = rand.Read(b[6:])
	var sb strings.Builder
	sb.Grow(len(prefix) + 27)
	sb.WriteString(prefix)
	sb.WriteByte('_')
	// 128 bits → 26 base32 characters, most significant first.
	hi, lo := binary.BigEndian.Uint64(b[:8]), binary.BigEndian.Uint64(b[8:])
	for i := 25; i >= 0; i-- {
		shift := uint(i * 5)
		var v uint64
		switch {
		case shift >= 64:
			v = hi >> (shift - 64)
		case shift > 59:
			v = lo>>shift | hi<<(64-shift)
		default:
			v = lo >> shift
		}
		sb.WriteByte(alphabet[v&31])
	}
	return sb.String()
}

// Derive returns prefix + "_" + 26 characters fixed by seed: the same seed
// always gives the same id (ids of effects a retry must find again, such
// as the order a provider charge is for).
func Derive(prefix, seed string) string {
	sum := sha256.Sum256([]byte(seed))
	var sb strings.Builder
	sb.Grow(len(prefix) + 27)
	sb.WriteString(prefix)
	sb.WriteByte('_')
	for i := range 26 { // 130 of the 256 bits, 5 at a time
		bit := i * 5
		v := (uint(sum[bit/8])<<8 | uint(sum[bit/8+1])) >> (11 - bit%8) & 31
		sb.WriteByte(alphabet[v])
	}
	return sb.String()
}
