package zchattest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/zchat"
	"github.com/zchat/zchat-go/zchattest"
)

// newServer starts a server closed at the end of the test.
func newServer(t *testing.T, opts ...zchattest.Option) *zchattest.Server {
	t.Helper()
	s := zchattest.NewServer(opts...)
	t.Cleanup(s.Close)
	return s
}

// ctxT is a context ended at the end of the test, and after 10 s at most.
func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// rawResponse is an answer read whole.
type rawResponse struct {
	Status int
	Header http.Header
	Body   []byte
}

// apiBody decodes the contract's error body.
func (r rawResponse) apiBody(t *testing.T) zchat.APIError {
	t.Helper()
	var e zchat.APIError
	require.NoError(t, json.Unmarshal(r.Body, &e), "body %s", r.Body)
	return e
}

// call sends one request with the server's key (unless header says
// otherwise) below the base path; body may be nil, a []byte, a string or a
// value to encode as JSON.
func call(t *testing.T, s *zchattest.Server, method, path string, body any, header ...string) rawResponse {
	t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case []byte:
		rd = bytes.NewReader(b)
	case string:
		rd = bytes.NewReader([]byte(b))
	default:
		enc, err := json.Marshal(b)
		require.NoError(t, err)
		rd = bytes.NewReader(enc)
	}
	req, err := http.NewRequestWithContext(ctxT(t), method, s.URL+s.BasePath()+path, rd)
	require.NoError(t, err)
	req.Close = true // no idle connection outlives the test
	req.Header.Set("Authorization", "Bearer "+s.APIKey)
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		if header[i+1] == "" {
			req.Header.Del(header[i])
			continue
		}
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return rawResponse{Status: resp.StatusCode, Header: resp.Header, Body: b}
}

// asAPIError is err as a *zchat.APIError.
func asAPIError(t *testing.T, err error) *zchat.APIError {
	t.Helper()
	var ae *zchat.APIError
	require.True(t, errors.As(err, &ae), "error %v is not an *APIError", err)
	return ae
}

// fieldNames lists the Field of each FieldError.
func fieldNames(fs []zchat.FieldError) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.Field
	}
	return out
}

// fakeClock is a clock tests move by hand.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock(t time.Time) *fakeClock { return &fakeClock{t: t} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}
