package ids

import (
	"strings"
	"testing"
	"time"
)

func TestNewSortsByTimeAndIsUnique(t *testing.T) {
	base := time.Date(2026, 1, 31, 12, 0, 0, 0, time.UTC)
	seen := map[string]bool{}
	prev := ""
	for i := range 1000 {
		id := New("sub", base.Add(time.Duration(i)*time.Millisecond))
		if got, want := len(id), len("sub_")+26; got != want {
			t.Fatalf("len(%q) = %d, want %d", id, got, want)
		}
		if !strings.HasPrefix(id, "sub_") {
			t.Fatalf("%q has no prefix sub_", id)
		}
		if seen[id] {
			t.Fatalf("duplicate id %q", id)
		}
		seen[id] = true
		if id <= prev {
			t.Fatalf("%q sorts before the earlier %q", id, prev)
		}
		prev = id
	}
}

func TestDeriveIsStableAndDistinct(t *testing.T) {
	a, b := Derive("ord", "purchase#k1"), Derive("ord", "purchase#k1")
	if a != b {
		t.Fatalf("Derive gave %q then %q for one seed", a, b)
	}
	if got, want := len(a), len("ord_")+26; got != want {
		t.Fatalf("len(%q) = %d, want %d", a, got, want)
	}
	seen := map[string]bool{}
	for i := range 1000 {
		id := Derive("ord", strings.Repeat("x", i))
		if seen[id] {
			t.Fatalf("Derive repeated %q", id)
		}
		seen[id] = true
		if strings.Trim(id[4:], alphabet) != "" {
			t.Fatalf("%q has characters outside the alphabet", id)
		}
	}
}
