package wiretest

import (
	"context"
	"mime"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/zchat"
)

// CheckWire checks what a request looked like on the wire: method, path
// (below the base path), query (nil for none), the API key and Accept
// header, an Idempotency-Key on POST and on nothing else, and the JSON body
// with its Content-Type (wantBody "" means no body and no Content-Type).
func CheckWire(t testing.TB, got Request, method, path string, query url.Values, wantBody string) {
	t.Helper()
	assert.Equal(t, method, got.Method, "method")
	assert.Equal(t, "/api/v1"+path, got.Path, "path")
	if query == nil {
		query = url.Values{}
	}
	assert.Equal(t, query, got.Query, "query")
	assert.Equal(t, "Bearer "+APIKey, got.Header.Get("Authorization"))
	assert.Equal(t, "application/json", got.Header.Get("Accept"))
	if wantBody == "" {
		assert.Empty(t, got.Body, "body")
		assert.Empty(t, got.Header.Get("Content-Type"), "Content-Type without a body")
	} else {
		mt, _, err := mime.ParseMediaType(got.Header.Get("Content-Type"))
		assert.NoError(t, err)
		assert.Equal(t, "application/json", mt, "Content-Type")
		assert.JSONEq(t, wantBody, string(got.Body), "body")
	}
	if method == http.MethodPost {
		assert.NotEmpty(t, got.Header.Get("Idempotency-Key"), "Idempotency-Key on POST")
	} else {
		assert.Empty(t, got.Header.Get("Idempotency-Key"), "Idempotency-Key on "+method)
	}
}

// RequireInvalid fails the test now unless err is a
// *zchat.InvalidArgumentError (so wraps zchat.ErrInvalidArgument) naming
// exactly field, e.g. "userID" or "CaseInput.Subject".
func RequireInvalid(t testing.TB, err error, field string) {
	t.Helper()
	require.ErrorIs(t, err, zchat.ErrInvalidArgument)
	var iae *zchat.InvalidArgumentError
	require.ErrorAs(t, err, &iae)
	require.Equal(t, field, iae.Name, "the argument named by %q", err.Error())
	require.Contains(t, err.Error(), field)
}

// RequireCalls fails the test now unless mt was sent n requests in all.
func RequireCalls(t testing.TB, mt *httpmock.MockTransport, n int) {
	t.Helper()
	require.Equal(t, n, mt.GetTotalCallCount(), "requests sent")
}

// CheckTime checks that got is the instant want, in whatever location.
func CheckTime(t testing.TB, want time.Time, got zchat.Time) {
	t.Helper()
	assert.True(t, want.Equal(got.Time), "want %s, got %s", want, got.Time)
}

// Op is one call of a resource client C and the exchange it must make.
type Op[C any] struct {
	Name string
	// Call makes the call and returns its result (nil for none).
	Call func(context.Context, C) (any, error)

	// The request it must send (see CheckWire); Query nil means none and
	// WantBody "" no body.
	Method   string
	Path     string
	Query    url.Values
	WantBody string

	// The answer it gets, and the result it must make of it.
	Status int
	Resp   string
	Want   any
}

// CheckOps runs each op in a parallel subtest, on a fresh client from
// setup with a Recorder answering op.Method and op.Path, and checks that
// the call succeeds with op.Want after sending exactly the one request op
// describes.
func CheckOps[C any](t *testing.T, setup func(*testing.T) (C, *httpmock.MockTransport), ops []Op[C]) {
	t.Helper()
	for _, op := range ops {
		t.Run(op.Name, func(t *testing.T) {
			t.Parallel()
			c, mt := setup(t)
			rec := Respond(mt, op.Method, op.Path, op.Status, op.Resp)

			got, err := op.Call(context.Background(), c)
			require.NoError(t, err)
			assert.Equal(t, op.Want, got)
			CheckWire(t, rec.Only(t), op.Method, op.Path, op.Query, op.WantBody)
			assert.Equal(t, 1, mt.GetTotalCallCount(), "requests sent")
		})
	}
}

// Invalid is a call of a resource client C that must be refused before
// anything is sent, with an error naming Field.
type Invalid[C any] struct {
	Name  string
	Field string // the argument the error names (see RequireInvalid)
	Call  func(context.Context, C) error
}

// CheckInvalid runs each call in a parallel subtest on a fresh client from
// setup, and checks that it is refused with a *zchat.InvalidArgumentError
// naming its Field, and that no request was sent.
func CheckInvalid[C any](t *testing.T, setup func(*testing.T) (C, *httpmock.MockTransport), calls []Invalid[C]) {
	t.Helper()
	for _, call := range calls {
		t.Run(call.Name, func(t *testing.T) {
			t.Parallel()
			c, mt := setup(t)
			RequireInvalid(t, call.Call(context.Background(), c), call.Field)
			assert.Equal(t, 0, mt.GetTotalCallCount(), "no request may be sent")
		})
	}
}
