package zchat

import (
	"context"
	"errors"
	"iter"
)

// Page is one page of a listed resource. An empty NextCursor ends the list;
// otherwise pass it as the Cursor of the next call.
type Page[T any] struct {
	Items      []T    `json:"Items"`
	NextCursor string `json:"NextCursor"`
}

// ListOptions pages a list that has no filters.
type ListOptions struct {
	PageSize int    `url:"pageSize,omitempty"` // 1–1000; 0 = the server's default (100)
	Cursor   string `url:"cursor,omitempty"`   // from the previous Page's NextCursor
}

// Check refuses a PageSize outside 0–1000.
func (o *ListOptions) Check() error {
	if o == nil || (o.PageSize >= 0 && o.PageSize <= MaxPageSize) {
		return nil
	}
	return invalidArgument("ListOptions.PageSize", "must be between 0 and %d, got %d", MaxPageSize, o.PageSize)
}

// ErrCursorLoop is yielded by Iterate when the server hands back the cursor
// it was just given, which would otherwise loop forever.
var ErrCursorLoop = errors.New("zchat: server returned the same cursor again")

// Iterate turns a function that fetches one page by cursor into an iterator
// over every item of every page, starting at cursor. It is lazy: a page is
// fetched only when the consumer reaches it, and nothing more is fetched once
// the consumer stops. An error is yielded once, with the zero T, and ends the
// sequence.
func Iterate[T any](ctx context.Context, cursor string, fetch func(ctx context.Context, cursor string) (*Page[T], error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		for {
			if err := ctx.Err(); err != nil {
				yield(zero, err) // a cancelled iteration sends nothing more
				return
			}
			page, err := fetch(ctx, cursor)
			if err != nil {
				yield(zero, err)
				return
			}
			for _, item := range page.Items {
				if !yield(item, nil) {
					return
				}
			}
			if page.NextCursor == "" {
				return
			}
			if page.NextCursor == cursor {
				yield(zero, ErrCursorLoop)
				return
			}
			cursor = page.NextCursor
		}
	}
}
