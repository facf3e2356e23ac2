package zchat_test

import (
	"encoding/json"
	"iter"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/zchat"
)

const (
	testKey  = "s3cr3t-ChatApiKey"
	mockBase = "https://zchat.test"
)

// setupMock returns a Client whose requests go to an httpmock transport, with
// retries off unless opts turn them on. Nothing global is touched, so tests
// using it run in parallel.
func setupMock(t *testing.T, opts ...zchat.Option) (*zchat.Client, *httpmock.MockTransport) {
	t.Helper()
	mt := httpmock.NewMockTransport()
	base := []zchat.Option{
		zchat.WithAPIKey(testKey),
		zchat.WithHTTPClient(&http.Client{Transport: mt}),
		zchat.WithRetryMax(0),
	}
	c, err := zchat.NewClient(mockBase, append(base, opts...)...)
	require.NoError(t, err)
	return c, mt
}

// setupServer returns a Client talking to an httptest server running h over
// real sockets, with fast retries unless opts say otherwise.
func setupServer(t *testing.T, h http.HandlerFunc, opts ...zchat.Option) (*zchat.Client, *httptest.Server) {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	base := []zchat.Option{zchat.WithAPIKey(testKey), zchat.WithRetryWait(0, 0)}
	c, err := zchat.NewClient(srv.URL, append(base, opts...)...)
	require.NoError(t, err)
	return c, srv
}

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }

// iterPull is iter.Pull2 for the tests' iterators.
func iterPull[K, V any](seq iter.Seq2[K, V]) (func() (K, V), func()) {
	next, stop := iter.Pull2(seq)
	return func() (K, V) {
		k, v, _ := next()
		return k, v
	}, stop
}
