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
	open  bool // a bar is drawn and its line not ended
}

// stop ends the bar's line, so what is written next starts on its own.
func (p *progress) stop() {
	if p.open {
		fmt.Fprintln(p.w)
		p.open = false
	}
}

// set redraws the bar at done of total.
func (p *progress) set(done int) {
	if p.w == nil || p.total == 0 {
		return
	}
	const width = 30
	filled := width * done / p.total
	fmt.Fprintf(p.w, "\r%s [%s%s] %d/%d", p.label, strings.Repeat("#", filled), strings.Repeat(".", width-filled), done, p.total)
	p.open = true
	if done >= p.total {
		p.stop()
	}
}
