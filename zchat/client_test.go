package zchat_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/zchat"
)

func TestNewClientValidatesBaseURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		wantErr string // "" = accepted
	}{
		{"", "is empty"},
		{"   ", "is empty"},
		{"zchatdemo.com", "not absolute"},
		{"ftp://zchatdemo.com", `scheme "ftp"`},
		{"not a url", "not absolute"},
		{"http://", "has no host"},
		{"https://user:pw@zchatdemo.com", "credentials"},
		{"https://zchatdemo.com/?x=1", "query"},
		{"https://zchatdemo.com/#top", "fragment"},
		{"http://[::1", "not a URL"},
		{"https://zchatdemo.com", ""},
		{"http://127.0.0.1:8080/", ""},
		{"https://zchatdemo.com/chat", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			c, err := zchat.NewClient(tt.in)
			if tt.wantErr == "" {
				require.NoError(t, err)
				require.NotNil(t, c)
				return
			}
			require.Error(t, err)
			assert.Nil(t, c)
			assert.ErrorIs(t, err, zchat.ErrInvalidArgument)
			assert.Contains(t, err.Error(), "baseURL")
			assert.Contains(t, err.Error(), tt.wantErr)
		})
	}
}

func TestNewClientRefusesBadOptions(t *testing.T) {
	t.Parallel()
	for name, opt := range map[string]zchat.Option{
		"empty key":        zchat.WithAPIKey(""),
		"nil http client":  zchat.WithHTTPClient(nil),
		"negative retries": zchat.WithRetryMax(-1),
		"min over max":     zchat.WithRetryWait(time.Second, time.Millisecond),
		"negative timeout": zchat.WithTimeout(-time.Second),
		"zero max bytes":   zchat.WithMaxResponseBytes(0),
		"negative ceiling": zchat.WithRetryAfterMax(-time.Second),
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, err := zchat.NewClient(mockBase, opt)
			assert.ErrorIs(t, err, zchat.ErrInvalidArgument)
		})
	}
}

func TestBasePath(t *testing.T) {
	t.Parallel()
	tests := []struct {
		base, path, want string
	}{
		{"https://zchat.test", "", "https://zchat.test/api/v1/ping"},
		{"https://zchat.test/", "", "https://zchat.test/api/v1/ping"},
		{"https://zchat.test", "/chat/api/", "https://zchat.test/chat/api/ping"},
		{"https://zchat.test/zchat", "api", "https://zchat.test/zchat/api/ping"},
		{"https://zchat.test", "/", "https://zchat.test/ping"},
	}
	for _, tt := range tests {
		t.Run(tt.base+" "+tt.path, func(t *testing.T) {
			t.Parallel()
			opts := []zchat.Option{}
			if tt.path != "" {
				opts = append(opts, zchat.WithBasePath(tt.path))
			}
			c, mt := setupMock(t, opts...)
			_ = c
			c, err := zchat.NewClient(tt.base, append(opts, zchat.WithHTTPClient(&http.Client{Transport: mt}))...)
			require.NoError(t, err)
			mt.RegisterResponder("GET", tt.want, httpmock.NewStringResponder(200, `{"Version":"9.1"}`))
			info, err := c.Ping(context.Background())
			require.NoError(t, err)
			assert.Equal(t, "9.1", info.Version)
		})
	}
}

func TestCallerHTTPClientIsNotMutated(t *testing.T) {
	t.Parallel()
	mt := httpmock.NewMockTransport()
	mt.RegisterResponder("GET", mockBase+"/api/v1/ping", httpmock.NewStringResponder(200, `{}`))
	hc := &http.Client{Transport: mt, Timeout: 7 * time.Second}
	before := *hc
	c, err := zchat.NewClient(mockBase, zchat.WithHTTPClient(hc), zchat.WithTimeout(time.Second))
	require.NoError(t, err)
	_, err = c.Ping(context.Background())
	require.NoError(t, err)
	assert.Same(t, before.Transport, hc.Transport, "transport replaced")
	assert.Equal(t, 7*time.Second, hc.Timeout, "timeout changed")
	assert.Nil(t, hc.CheckRedirect, "redirect policy installed on the caller's client")
	assert.Nil(t, hc.Jar)
}

func TestCallerHTTPClientTimeoutIsKeptUnlessOverridden(t *testing.T) {
	t.Parallel()
	// The caller's own Timeout is the per-attempt timeout when WithTimeout is
	// not given; a hanging responder shows which one is in force.
	mt := httpmock.NewMockTransport()
	mt.RegisterResponder("GET", mockBase+"/api/v1/ping", func(r *http.Request) (*http.Response, error) {
		<-r.Context().Done()
		return nil, r.Context().Err()
	})
	c, err := zchat.NewClient(mockBase, zchat.WithHTTPClient(&http.Client{Transport: mt, Timeout: 50 * time.Millisecond}), zchat.WithRetryMax(0))
	require.NoError(t, err)
	start := time.Now()
	_, err = c.Ping(context.Background())
	require.Error(t, err)
	assert.Less(t, time.Since(start), 5*time.Second)
}

// A caller's transport that answers with no Body, or with neither a
// response nor an error, gets what net/http's Client gives it (an empty
// body; an error), never a panic, with the attempt timeout on or off.
func TestCallerTransportWithoutBodyOrResponse(t *testing.T) {
	t.Parallel()
	for _, timeout := range []time.Duration{0, time.Minute} {
		t.Run(timeout.String(), func(t *testing.T) {
			t.Parallel()
			mt := httpmock.NewMockTransport()
			mt.RegisterResponder("DELETE", mockBase+"/api/v1/agents/1", func(r *http.Request) (*http.Response, error) {
				return &http.Response{StatusCode: http.StatusNoContent, Header: http.Header{}, Request: r}, nil
			})
			mt.RegisterResponder("DELETE", mockBase+"/api/v1/agents/2", func(*http.Request) (*http.Response, error) {
				return nil, nil
			})
			c, err := zchat.NewClient(mockBase, zchat.WithHTTPClient(&http.Client{Transport: mt}),
				zchat.WithTimeout(timeout), zchat.WithRetryMax(0))
			require.NoError(t, err)
			assert.NoError(t, c.Delete(context.Background(), "/agents/1"), "no Body is an empty one")
			assert.ErrorContains(t, c.Delete(context.Background(), "/agents/2"), "nil *Response with a nil error")
		})
	}
}

// secretNeedles are strings that must never show up in any output.
var secretNeedles = []string{testKey, "Bearer"}

func assertNoSecret(t *testing.T, what, s string) {
	t.Helper()
	for _, needle := range secretNeedles {
		assert.NotContains(t, s, needle, "%s leaks %q", what, needle)
	}
}

func TestClientNeverPrintsKey(t *testing.T) {
	t.Parallel()
	c, _ := setupMock(t)
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x"} {
		assertNoSecret(t, verb, fmt.Sprintf(verb, c))
		assertNoSecret(t, verb+" of value", fmt.Sprintf(verb, *c))
	}
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("client", "c", c)
	slog.New(slog.NewTextHandler(&buf, nil)).Info("client", "c", c)
	assertNoSecret(t, "slog", buf.String())
	assert.Contains(t, fmt.Sprint(c), "[REDACTED]")
}

func TestSecretsNeverInLogsOrErrors(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c, mt := setupMock(t, zchat.WithLogger(logger))
	mt.RegisterResponder("POST", mockBase+"/api/v1/agents", httpmock.NewStringResponder(422,
		`{"Code":"validation_failed","Message":"Password too short","RequestId":"r-1","Fields":[{"Field":"Password","Message":"too short"}]}`))
	err := c.Post(context.Background(), "/agents", map[string]string{"LoginName": "ana", "Password": "hunter2-pass"}, nil)
	require.Error(t, err)
	assertNoSecret(t, "error", err.Error())
	assertNoSecret(t, "logs", logs.String())
	assert.NotContains(t, logs.String(), "hunter2-pass")
	assert.NotContains(t, err.Error(), "hunter2-pass")
	assert.Contains(t, logs.String(), `"status":422`, "the attempt was logged")
}

func TestLogsOneRecordPerAttempt(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	n := 0
	c, _ := setupServer(t, func(w http.ResponseWriter, r *http.Request) {
		n++
		w.Header().Set("X-Request-Id", fmt.Sprintf("req-%d", n))
		if n == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		fmt.Fprint(w, `{"Version":"1"}`)
	}, zchat.WithLogger(logger), zchat.WithRetryMax(2))
	_, err := c.Ping(context.Background())
	require.NoError(t, err)

	var records []map[string]any
	for _, line := range bytes.Split(bytes.TrimSpace(logs.Bytes()), []byte("\n")) {
		var rec map[string]any
		require.NoError(t, jsonUnmarshal(line, &rec))
		records = append(records, rec)
	}
	require.Len(t, records, 2)
	for i, rec := range records {
		assert.Equal(t, "DEBUG", rec["level"])
		assert.Equal(t, "GET", rec["method"])
		assert.Equal(t, "ping", rec["operation"])
		assert.Equal(t, "/ping", rec["pattern"])
		assert.NotContains(t, rec, "path", "a named call logs its template, not its path")
		assert.EqualValues(t, i+1, rec["attempt"])
		assert.Equal(t, fmt.Sprintf("req-%d", i+1), rec["request_id"])
		assert.Contains(t, rec, "duration")
	}
	assert.EqualValues(t, 503, records[0]["status"])
	assert.EqualValues(t, 200, records[1]["status"])
	assertNoSecret(t, "logs", logs.String())
}

func TestNoLoggerNoLogs(t *testing.T) {
	t.Parallel()
	// A Client without WithLogger must not write to slog's default logger.
	c, mt := setupMock(t)
	mt.RegisterResponder("GET", mockBase+"/api/v1/ping", httpmock.NewStringResponder(200, `{}`))
	_, err := c.Ping(context.Background())
	require.NoError(t, err)
	assert.False(t, errors.Is(err, zchat.ErrNotFound))
}
