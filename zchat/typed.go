package zchat

import (
	"context"
	"iter"
)

// GetAs sends a GET and returns the answer decoded as a T. It is what a
// resource package's Get and List methods are made of:
//
//	return zchat.GetAs[Agent](ctx, c.c, zchat.Path("agents", userID), nil)
func GetAs[T any](ctx context.Context, c *Client, path string, query any) (*T, error) {
	return doAs[T](ctx, c, &Request{Method: "GET", Path: path, Query: query})
}

// PostAs sends a POST with body (and an Idempotency-Key) and returns the
// answer decoded as a T.
func PostAs[T any](ctx context.Context, c *Client, path string, body any) (*T, error) {
	return doAs[T](ctx, c, &Request{Method: "POST", Path: path, Body: body})
}

// PutAs sends a PUT with body and returns the answer decoded as a T.
func PutAs[T any](ctx context.Context, c *Client, path string, body any) (*T, error) {
	return doAs[T](ctx, c, &Request{Method: "PUT", Path: path, Body: body})
}

func doAs[T any](ctx context.Context, c *Client, r *Request) (*T, error) {
	var out T
	if _, err := c.do(ctx, r, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// IterateList turns a List method into the lazy iterator behind an All
// method. It copies *opts (nil means the zero O), so the caller's value is
// never changed; starts at the cursor that cursor points to in the copy;
// and lists each page with that cursor set. See Iterate for laziness and
// errors.
func IterateList[O, T any](ctx context.Context, opts *O, cursor func(*O) *string, list func(context.Context, *O) (*Page[T], error)) iter.Seq2[T, error] {
	var o O
	if opts != nil {
		o = *opts
	}
	return Iterate(ctx, *cursor(&o), func(ctx context.Context, next string) (*Page[T], error) {
		page := o
		*cursor(&page) = next
		return list(ctx, &page)
	})
}
