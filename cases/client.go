package cases

import (
	"context"
	"iter"

	"github.com/zchat/zchat-go/zchat"
)

// Client calls the submission API: leads, and the cases and notes attached
// to them. It is safe for concurrent use.
type Client struct{ c *zchat.Client }

// New returns a Client that sends its requests through c.
func New(c *zchat.Client) *Client { return &Client{c: c} }

// list fetches one page of a listed resource; query may be nil.
func list[T any](ctx context.Context, c *zchat.Client, path string, query any) (*zchat.Page[T], error) {
	var page zchat.Page[T]
	if err := c.Get(ctx, path, query, &page); err != nil {
		return nil, err
	}
	return &page, nil
}

// pageQuery checks plain paging options and returns them as a query (nil
// when there are none, so nothing is added to the URL).
func pageQuery(opts *zchat.ListOptions) (any, error) {
	if opts == nil {
		return nil, nil
	}
	if err := zchat.CheckPageSize("ListOptions.PageSize", opts.PageSize); err != nil {
		return nil, err
	}
	return opts, nil
}

// allPages iterates a list with plain paging. It works on a copy of opts,
// so the caller's options are never changed.
func allPages[T any](ctx context.Context, opts *zchat.ListOptions, fetch func(context.Context, *zchat.ListOptions) (*zchat.Page[T], error)) iter.Seq2[T, error] {
	var o zchat.ListOptions
	if opts != nil {
		o = *opts
	}
	return zchat.Iterate(ctx, o.Cursor, func(ctx context.Context, cursor string) (*zchat.Page[T], error) {
		p := o
		p.Cursor = cursor
		return fetch(ctx, &p)
	})
}
