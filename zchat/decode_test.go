package zchat_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/zchat"
)

// serveRaw answers every request with status and body and, when
// contentType is "", no Content-Type at all (net/http would sniff one).
func serveRaw(t *testing.T, status int, contentType, body string) *zchat.Client {
	t.Helper()
	c, _ := setupServer(t, func(w http.ResponseWriter, r *http.Request) {
		if contentType == "" {
			w.Header()["Content-Type"] = nil
		} else {
			w.Header().Set("Content-Type", contentType)
		}
		w.WriteHeader(status)
		fmt.Fprint(w, body)
	}, zchat.WithRetryMax(0))
	return c
}

// A 2xx null where an object is expected is an error, not a zero value
// that looks like success; for a plain-array list (agents, departments) it
// is an empty list. An HTML page without a Content-Type gives its excerpt,
// 2xx or not. JSON after a UTF-8 byte-order mark decodes, 2xx or not.
func TestDecodeNullBOMAndUnlabelledHTML(t *testing.T) {
	t.Parallel()
	type object struct {
		UserID int `json:"UserId"`
	}
	t.Run("null for an object", func(t *testing.T) {
		t.Parallel()
		for _, body := range []string{"null", " \r\n null \n", "\xef\xbb\xbfnull"} {
			var a object
			err := serveRaw(t, 200, "application/json", body).Get(context.Background(), "/agents/3", nil, &a)
			require.Error(t, err, "%q", body)
			assert.Contains(t, err.Error(), "null where a JSON object was expected")
		}
		var p zchat.Page[object]
		assert.Error(t, serveRaw(t, 200, "application/json", "null").Get(context.Background(), "/sessions", nil, &p), "a page is an object")
	})
	t.Run("null for a list", func(t *testing.T) {
		t.Parallel()
		var list []object
		require.NoError(t, serveRaw(t, 200, "application/json", "null").Get(context.Background(), "/agents", nil, &list))
		assert.Empty(t, list)
	})
	t.Run("HTML without a Content-Type, 2xx", func(t *testing.T) {
		t.Parallel()
		err := serveRaw(t, 200, "", "\n<!DOCTYPE html><html><head><title>Sign in</title></head></html>").Get(context.Background(), "/agents/3", nil, new(object))
		require.Error(t, err)
		assert.NotContains(t, err.Error(), "invalid character")
		assert.Contains(t, err.Error(), "HTML page")
		assert.Contains(t, err.Error(), "Sign in")
	})
	t.Run("HTML without a Content-Type, error", func(t *testing.T) {
		t.Parallel()
		err := serveRaw(t, 502, "", "<html><head><title>502 Bad Gateway</title></head></html>").Get(context.Background(), "/agents/3", nil, new(object))
		var apiErr *zchat.APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, "proxy answered with an HTML page: 502 Bad Gateway", apiErr.Message)
	})
	// The excerpt is the page's text as internal/htmltext reads it (the
	// one HTML-to-text of the SDK): entities decoded, script dropped.
	t.Run("HTML without a title, error", func(t *testing.T) {
		t.Parallel()
		page := "<html><head><script>var x = 1;</script></head><body><h1>Service &amp; API</h1><p>down for&nbsp;maintenance</p></body></html>"
		err := serveRaw(t, 503, "text/html", page).Get(context.Background(), "/agents/3", nil, new(object))
		var apiErr *zchat.APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, "proxy answered with an HTML page: Service & API down for maintenance", apiErr.Message)
	})
	t.Run("BOM then JSON, 2xx", func(t *testing.T) {
		t.Parallel()
		for _, ct := range []string{"application/json", ""} {
			a := new(object)
			err := serveRaw(t, 200, ct, "\xef\xbb\xbf{\"UserId\":3}").Get(context.Background(), "/agents/3", nil, a)
			require.NoError(t, err)
			assert.Equal(t, 3, a.UserID)
		}
	})
	t.Run("BOM then JSON, error", func(t *testing.T) {
		t.Parallel()
		err := serveRaw(t, 404, "application/json", "\xef\xbb\xbf{\"Code\":\"not_found\",\"Message\":\"no agent 3\"}").Get(context.Background(), "/agents/3", nil, new(object))
		var apiErr *zchat.APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, "not_found", apiErr.Code)
		assert.Equal(t, "no agent 3", apiErr.Message)
	})
	t.Run("bytes like a BOM that are not one", func(t *testing.T) {
		t.Parallel()
		err := serveRaw(t, 200, "application/json", "\xef{}").Get(context.Background(), "/agents/3", nil, new(object))
		require.Error(t, err)
		assert.Contains(t, err.Error(), "invalid character")
	})
}

// zchat.Path refuses nothing itself (it returns a string), but a path with
// an empty, "." or ".." segment — from Path or written by hand, also
// percent-encoded — is refused by the pipeline with *InvalidArgumentError,
// and nothing reaches the server.
func TestPathDotSegmentsAreRefused(t *testing.T) {
	t.Parallel()
	var hits atomic.Int32
	c, _ := setupServer(t, func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		fmt.Fprint(w, `{}`)
	})
	for _, p := range []string{
		zchat.Path("sessions", ".."),
		zchat.Path("sessions", "."),
		zchat.Path("sessions", "..", "messages"),
		zchat.Path("agents", ""),
		zchat.Path(zchat.ChatID(".."), "x"),
		"/sessions/%2e%2E",
		"/sessions/.%2e/x",
		"/sessions//3",
		"/",
	} {
		for _, method := range []string{"GET", "POST", "DELETE"} {
			_, err := c.Do(context.Background(), &zchat.Request{Method: method, Path: p}, nil)
			var invalid *zchat.InvalidArgumentError
			require.True(t, errors.As(err, &invalid), "%s %s: %v", method, p, err)
			assert.ErrorIs(t, err, zchat.ErrInvalidArgument)
			assert.Contains(t, err.Error(), "nothing was sent")
		}
	}
	assert.Zero(t, hits.Load(), "nothing reached the server")

	for _, p := range []string{zchat.Path("x", "a.b"), zchat.Path("x", "..."), zchat.Path("x", "%2e%2e"), zchat.Path("x", "a/.."), ""} {
		require.NoError(t, c.Get(context.Background(), p, nil, nil), p)
	}
	assert.EqualValues(t, 5, hits.Load(), "segments that only contain dots, or escape them, go through")
}
