package call

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"strings"

	"github.com/zchat/zchat-go/internal/apispec"
	"github.com/zchat/zchat-go/internal/check"
	"github.com/zchat/zchat-go/zchat"
)

// Get sends op, a GET with the query struct query (or nil), and returns the
// answer decoded as a T.
func Get[T any](ctx context.Context, c *zchat.Client, op apispec.Operation, query any, args ...any) (*T, error) {
	out, _, err := send[T](ctx, c, op, http.MethodGet, query, args)
	return out, err
}

// List sends op, a GET answered with a plain JSON array, and returns its
// items.
func List[T any](ctx context.Context, c *zchat.Client, op apispec.Operation, args ...any) ([]T, error) {
	out, _, err := send[[]T](ctx, c, op, http.MethodGet, nil, args)
	if err != nil {
		return nil, err
	}
	return *out, nil
}

// Post sends op, a POST with body (and an Idempotency-Key), and returns the
// answer decoded as a T.
func Post[T any](ctx context.Context, c *zchat.Client, op apispec.Operation, body any, args ...any) (*T, error) {
	out, _, err := send[T](ctx, c, op, http.MethodPost, body, args)
	return out, err
}

// PostResponse is Post that also returns the Response, for a method that
// tells its caller what the status meant (201 created, 200 found).
func PostResponse[T any](ctx context.Context, c *zchat.Client, op apispec.Operation, body any, args ...any) (*T, *zchat.Response, error) {
	return send[T](ctx, c, op, http.MethodPost, body, args)
}

// Put sends op, a PUT with body, and returns the answer decoded as a T.
func Put[T any](ctx context.Context, c *zchat.Client, op apispec.Operation, body any, args ...any) (*T, error) {
	out, _, err := send[T](ctx, c, op, http.MethodPut, body, args)
	return out, err
}

// NoContent sends op, a call without a body answered 204 No Content (a
// DELETE, or a PUT that adds a member).
func NoContent(ctx context.Context, c *zchat.Client, op apispec.Operation, args ...any) error {
	_, _, err := send[struct{}](ctx, c, op, op.Method, nil, args)
	return err
}

// GetByID is Get for the one object with the given id, op's only path
// argument: an id that is not positive is refused, named name in the error
// ("userID"), before anything is sent.
func GetByID[T any](ctx context.Context, c *zchat.Client, op apispec.Operation, name string, id int) (*T, error) {
	if err := check.ID(name, id); err != nil {
		return nil, err
	}
	return Get[T](ctx, c, op, nil, id)
}

// DeleteByID is NoContent for the one object with the given id, refused as
// GetByID refuses it.
func DeleteByID(ctx context.Context, c *zchat.Client, op apispec.Operation, name string, id int) error {
	if err := check.ID(name, id); err != nil {
		return err
	}
	return NoContent(ctx, c, op, id)
}

// send builds op's request and sends it through c.Do: in is the query of a
// GET or DELETE and the body of a POST or PUT. It refuses an operation whose
// method is not the one the helper was called for, and a wrong number of
// path arguments: both are mistakes in the SDK, caught by its tests.
func send[T any](ctx context.Context, c *zchat.Client, op apispec.Operation, method string, in any, args []any) (*T, *zchat.Response, error) {
	if op.Method != method {
		return nil, nil, fmt.Errorf("call: %s is not a %s", op, method)
	}
	path, err := expand(op, args)
	if err != nil {
		return nil, nil, err
	}
	r := zchat.Request{Method: op.Method, Path: path, Operation: op.ID, Pattern: op.Pattern}
	if method == http.MethodGet || method == http.MethodDelete {
		r.Query = in
	} else {
		r.Body = in
	}
	var out T
	resp, err := c.Do(ctx, &r, &out)
	if err != nil {
		return nil, resp, err
	}
	return &out, resp, nil
}

// expand fills op's path template with args, one per {parameter}, each
// escaped by zchat.Path.
func expand(op apispec.Operation, args []any) (string, error) {
	if len(args) == 0 && !strings.Contains(op.Pattern, "{") {
		return op.Pattern, nil
	}
	var b strings.Builder
	b.Grow(len(op.Pattern) + 8)
	n := 0
	for seg := range strings.SplitSeq(strings.TrimPrefix(op.Pattern, "/"), "/") {
		if _, ok := apispec.IsParam(seg); !ok {
			b.WriteByte('/')
			b.WriteString(seg)
			continue
		}
		if n < len(args) {
			b.WriteString(zchat.Path(args[n]))
		}
		n++
	}
	if n != len(args) {
		return "", fmt.Errorf("call: %s takes %d path arguments, got %d", op, n, len(args))
	}
	return b.String(), nil
}

// All turns a List method into the lazy iterator behind an All method. It
// copies *opts (nil means the zero O), so the caller's value is never
// changed; starts at the cursor that cursor points to in the copy; and
// lists each page with that cursor set. See zchat.Iterate for laziness and
// errors.
func All[O, T any](ctx context.Context, opts *O, cursor func(*O) *string, list func(context.Context, *O) (*zchat.Page[T], error)) iter.Seq2[T, error] {
	var o O
	if opts != nil {
		o = *opts
	}
	return zchat.Iterate(ctx, *cursor(&o), func(ctx context.Context, next string) (*zchat.Page[T], error) {
		page := o
		*cursor(&page) = next
		return list(ctx, &page)
	})
}
