package access

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Markdown renders the role table as the Markdown table kept in
// docs/authorization.md (a test keeps the two the same).
func Markdown() string {
	ops := make([]string, 0, len(Table))
	for op := range Table {
		ops = append(ops, string(op))
	}
	sort.Strings(ops)
	cols := []Actor{User, GlobalAdmin, BillingAdmin, AdminAgent, SalesAgent, HelpdeskAgent, OperatorActor}
	var b strings.Builder
	b.WriteString("| operation | channel | scope |")
	for _, c := range cols {
		fmt.Fprintf(&b, " %s |", c)
	}
	b.WriteString("\n|---|---|---|" + strings.Repeat("---|", len(cols)) + "\n")
	for _, op := range ops {
		rule := Table[Operation(op)]
		chans := make([]string, 0, len(rule.Allowed))
		for ch := range rule.Allowed {
			chans = append(chans, string(ch))
		}
		sort.Strings(chans)
		for _, ch := range chans {
			allowed := rule.Allowed[Channel(ch)]
			name := ch
			if name == "" {
				name = "any"
			}
			fmt.Fprintf(&b, "| %s | %s | %s |", op, name, [...]string{"global", "tenant", "partner"}[rule.Scope])
			for _, c := range cols {
				mark := ""
				if slices.Contains(allowed, c) || slices.Contains(allowed, Anyone) {
					mark = "✓"
				}
				fmt.Fprintf(&b, " %s |", mark)
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}
