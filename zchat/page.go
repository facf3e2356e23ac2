package zchat

import (
	"context"
	"errors"
	"fmt"
	"hash/maphash"
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

// ErrCursorLoop is yielded by Iterate when the server hands back a cursor
// it gave before in the same iteration (A→A, or A→B→A): following it would
// fetch the same pages forever.
var ErrCursorLoop = errors.New("zchat: server returned a cursor it gave before")

// Iterate turns a function that fetches one page by cursor into an iterator
// over every item of every page, starting at cursor. It is lazy: a page is
// fetched only when the consumer reaches it, and nothing more is fetched once
// the consumer stops. An error is yielded once, with the zero T, and ends the
// sequence. A cursor seen before in the iteration ends it with
// ErrCursorLoop; to tell, Iterate keeps a 64-bit hash of each cursor (a few
// bytes per page, however long the cursors).
func Iterate[T any](ctx context.Context, cursor string, fetch func(ctx context.Context, cursor string) (*Page[T], error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		var seen cursorSet
		seen.add(cursor)
		for pages := 1; ; pages++ {
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
			if !seen.add(page.NextCursor) {
				yield(zero, fmt.Errorf("%w: page %d pointed back to an earlier page", ErrCursorLoop, pages))
				return
			}
			cursor = page.NextCursor
		}
	}
}

// cursorSet remembers the cursors of one iteration by a seeded 64-bit hash.
// Two different cursors share a hash with a chance of about n²/2⁶⁵ after n
// pages, and the seed differs per iteration, so a rare false loop does not
// repeat.
type cursorSet struct {
	seed maphash.Seed
	last string // the previous cursor: the common A→A case needs no hashing
	seen map[uint64]struct{}
}

// add records c and reports whether it is new. The empty cursor (the
// start of a list) counts too.
func (s *cursorSet) add(c string) bool {
	if s.seen == nil {
		s.seed = maphash.MakeSeed()
		s.seen = map[uint64]struct{}{}
	} else if c == s.last {
		return false
	}
	s.last = c
	h := maphash.String(s.seed, c)
	if _, ok := s.seen[h]; ok {
		return false
	}
	s.seen[h] = struct{}{}
	return true
}
