package main

import (
	"fmt"
	"io"
	"strings"
)

// progress draws a one-line bar on a terminal; elsewhere it draws nothing.
type progress struct {
	w     io.Writer // nil: not a terminal
	label string
	total int
}

// set redraws the bar at done of total.
func (p *progress) set(done int) {
	if p.w == nil || p.total == 0 {
		return
	}
	const width = 30
	filled := width * done / p.total
	fmt.Fprintf(p.w, "\r%s [%s%s] %d/%d", p.label, strings.Repeat("#", filled), strings.Repeat(".", width-filled), done, p.total)
	if done >= p.total {
		fmt.Fprintln(p.w)
	}
}
