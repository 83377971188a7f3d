package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"
)

// table is what a command shows as a table or CSV: its columns and rows.
type table struct {
	columns []string
	rows    [][]string
}

// add appends a row of cells.
func (t *table) add(cells ...any) {
	row := make([]string, len(cells))
	for i, v := range cells {
		row[i] = cell(v)
	}
	t.rows = append(t.rows, row)
}

// cell is v as a table cell.
func cell(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case *string:
		if v == nil {
			return ""
		}
		return *v
	case time.Time:
		if v.IsZero() {
			return ""
		}
		return v.UTC().Format(time.RFC3339)
	case *time.Time:
		if v == nil {
			return ""
		}
		return cell(*v)
	case []string:
		return strings.Join(v, ",")
	case fmt.Stringer:
		return v.String()
	}
	return fmt.Sprint(v)
}

// print writes v — the API's answer — as JSON, or t as an aligned table or
// CSV, as --output says.
func (c *cli) print(v any, t table) error {
	switch c.output {
	case "json":
		enc := json.NewEncoder(c.out)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(v)
	case "csv":
		w := csv.NewWriter(c.out)
		_ = w.Write(t.columns)
		for _, r := range t.rows {
			_ = w.Write(r)
		}
		w.Flush()
		return w.Error()
	}
	w := tabwriter.NewWriter(c.out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, strings.Join(t.columns, "\t"))
	for _, r := range t.rows {
		for i := range r {
			r[i] = strings.NewReplacer("\t", " ", "\n", " ").Replace(r[i])
		}
		fmt.Fprintln(w, strings.Join(r, "\t"))
	}
	return w.Flush()
}
