package client

import (
	"context"
	"iter"
)

// Page is one page of a paged list: its items and, unless it is the last,
// the cursor of the next (the Cursor of the list's …Params).
type Page[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"nextCursor,omitempty"`
}

// All yields every item of a paged list, fetching page after page: fetch
// gets "" for the first page, then each page's NextCursor. It stops after
// the last page, at the first error (yielded with a zero item), or when
// the loop breaks.
func All[T any](ctx context.Context, fetch func(ctx context.Context, cursor string) (*Page[T], error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		cursor := ""
		for {
			p, err := fetch(ctx, cursor)
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			for _, it := range p.Items {
				if !yield(it, nil) {
					return
				}
			}
			if p.NextCursor == "" {
				return
			}
			cursor = p.NextCursor
		}
	}
}

// pager is a paged list's …Params.
type pager[P any] interface {
	*P
	setCursor(string)
}

// pages is the fetch for All of the list that list calls with a copy of
// params (nil: no filters), its cursor set for each page after the first.
func pages[T, P any, PP pager[P]](params PP, list func(context.Context, PP) (*Page[T], error)) func(context.Context, string) (*Page[T], error) {
	var p P
	if params != nil {
		p = *params
	}
	return func(ctx context.Context, cursor string) (*Page[T], error) {
		if cursor != "" {
			PP(&p).setCursor(cursor)
		}
		return list(ctx, &p)
	}
}
