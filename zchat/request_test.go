package zchat_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/zchat"
)

func TestRequestHeaders(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		method     string
		body       any
		wantCT     bool
		wantIdemp  bool
		userAgent  string
		wantUAExpr string
	}{
		{"GET has no body headers", http.MethodGet, nil, false, false, "", `^zchat-go/0\.1\.0 \(go1\.[0-9.a-z]+; [a-z0-9]+/[a-z0-9]+\)$`},
		{"POST with body", http.MethodPost, map[string]int{"a": 1}, true, true, "", `^zchat-go/`},
		{"POST without body still has a key", http.MethodPost, nil, false, true, "", `^zchat-go/`},
		{"PUT with body", http.MethodPut, map[string]int{"a": 1}, true, false, "", `^zchat-go/`},
		{"DELETE", http.MethodDelete, nil, false, false, "", `^zchat-go/`},
		{"User-Agent overridden", http.MethodGet, nil, false, false, "crm-bridge/2.0", `^crm-bridge/2\.0$`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var opts []zchat.Option
			if tt.userAgent != "" {
				opts = append(opts, zchat.WithUserAgent(tt.userAgent))
			}
			c, mt := setupMock(t, opts...)
			var got *http.Request
			mt.RegisterResponder(tt.method, mockBase+"/api/v1/things", func(r *http.Request) (*http.Response, error) {
				got = r
				return httpmock.NewStringResponse(200, `{}`), nil
			})
			_, err := c.Do(context.Background(), &zchat.Request{Method: tt.method, Path: "/things", Body: tt.body}, nil)
			require.NoError(t, err)
			require.NotNil(t, got)
			assert.Equal(t, "Bearer "+testKey, got.Header.Get("Authorization"))
			assert.Equal(t, "application/json", got.Header.Get("Accept"))
			assert.Regexp(t, regexp.MustCompile(tt.wantUAExpr), got.Header.Get("User-Agent"))
			if tt.wantCT {
				assert.Equal(t, "application/json; charset=utf-8", got.Header.Get("Content-Type"))
			} else {
				assert.Empty(t, got.Header.Get("Content-Type"))
			}
			if tt.wantIdemp {
				assert.Regexp(t, `^[0-9a-f]{32}$`, got.Header.Get("Idempotency-Key"))
			} else {
				assert.Empty(t, got.Header.Get("Idempotency-Key"))
			}
		})
	}
}

func TestNoAuthorizationWithoutKey(t *testing.T) {
	t.Parallel()
	mt := httpmock.NewMockTransport()
	var got http.Header
	mt.RegisterResponder("GET", mockBase+"/api/v1/ping", func(r *http.Request) (*http.Response, error) {
		got = r.Header
		return httpmock.NewStringResponse(401, `{"Code":"unauthorized","Message":"missing key"}`), nil
	})
	c, err := zchat.NewClient(mockBase, zchat.WithHTTPClient(&http.Client{Transport: mt}))
	require.NoError(t, err)
	_, err = c.Ping(context.Background())
	assert.ErrorIs(t, err, zchat.ErrUnauthorized)
	assert.NotContains(t, got, "Authorization")
}

func TestPathEscapesSegments(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "/agents/3", zchat.Path("agents", 3))
	assert.Equal(t, "/sessions/12/messages", zchat.Path("sessions", 12, "messages"))
	assert.Equal(t, "/x/a%2Fb%20c%3F%23", zchat.Path("x", "a/b c?#"))
	assert.Equal(t, "/x/Guest:@cust-1", zchat.Path("x", zchat.ChatID("Guest:@cust-1")))
	assert.Equal(t, "/x/..%2F..%2Fadmin", zchat.Path("x", "../../admin"))

	c, mt := setupMock(t)
	var escaped string
	mt.RegisterRegexpResponder("GET", regexp.MustCompile(`.*`), func(r *http.Request) (*http.Response, error) {
		escaped = r.URL.EscapedPath()
		return httpmock.NewStringResponse(200, `{}`), nil
	})
	require.NoError(t, c.Get(context.Background(), zchat.Path("x", "a/b c"), nil, nil))
	assert.Equal(t, "/api/v1/x/a%2Fb%20c", escaped, "a slash inside a segment stays escaped on the wire")
}

func TestRequestRefusesBadRequests(t *testing.T) {
	t.Parallel()
	c, mt := setupMock(t)
	for name, r := range map[string]*zchat.Request{
		"no method":      {Path: "/x"},
		"relative path":  {Method: "GET", Path: "x"},
		"bad query type": {Method: "GET", Path: "/x", Query: 42},
		"too big a body": {Method: "POST", Path: "/x", Body: strings.Repeat("a", zchat.MaxRequestBytes)},
	} {
		_, err := c.Do(context.Background(), r, nil)
		assert.ErrorIs(t, err, zchat.ErrInvalidArgument, name)
	}
	//nolint:staticcheck // a nil context is what this checks
	_, err := c.Do(nil, &zchat.Request{Method: "GET", Path: "/x"}, nil) //lint:ignore SA1012 checking nil ctx
	assert.ErrorIs(t, err, zchat.ErrInvalidArgument)
	_, err = c.Do(context.Background(), &zchat.Request{Method: "POST", Path: "/x", Body: func() {}}, nil)
	assert.Error(t, err, "a body that cannot be JSON")
	assert.Zero(t, mt.GetTotalCallCount(), "nothing is sent for a refused request")
}

type queryOpts struct {
	Since    time.Time    `url:"since,omitempty"`
	Until    time.Time    `url:"until,omitempty"`
	At       zchat.Time   `url:"at,omitempty"`
	Status   string       `url:"status,omitempty"`
	Customer zchat.ChatID `url:"customerId,omitempty"`
	zchat.ListOptions
}

func TestQueryEncoding(t *testing.T) {
	t.Parallel()
	plus2 := time.FixedZone("", 2*3600)
	tests := []struct {
		name string
		in   any
		want string
	}{
		{"empty values omitted", &queryOpts{}, ""},
		{"times in UTC with fractions", &queryOpts{
			Since: time.Date(2026, 11, 24, 5, 52, 27, 500_000_000, plus2),
			Until: time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC),
		}, "since=2026-11-24T03%3A52%3A27.5Z&until=2026-11-25T00%3A00%3A00Z"},
		{"zchat.Time", &queryOpts{At: zchat.NewTime(time.Date(2026, 11, 24, 5, 52, 27, 0, plus2))}, "at=2026-11-24T03%3A52%3A27Z"},
		{"strings, chat ids and embedded paging", queryOpts{
			Status: "ended", Customer: "Guest:@a b",
			ListOptions: zchat.ListOptions{PageSize: 50, Cursor: "c/1=="},
		}, "cursor=c%2F1%3D%3D&customerId=Guest%3A%40a+b&pageSize=50&status=ended"},
		{"ListOptions alone", &zchat.ListOptions{PageSize: 1000}, "pageSize=1000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt := setupMock(t)
			var raw string
			mt.RegisterRegexpResponder("GET", regexp.MustCompile(`.*`), func(r *http.Request) (*http.Response, error) {
				raw = r.URL.RawQuery
				return httpmock.NewStringResponse(200, `{}`), nil
			})
			require.NoError(t, c.Get(context.Background(), "/q", tt.in, nil))
			assert.Equal(t, tt.want, raw)
		})
	}
}

func TestQueryDoesNotMutateOptions(t *testing.T) {
	t.Parallel()
	c, mt := setupMock(t)
	mt.RegisterRegexpResponder("GET", regexp.MustCompile(`.*`), httpmock.NewStringResponder(200, `{}`))
	plus2 := time.FixedZone("", 2*3600)
	opts := &queryOpts{Since: time.Date(2026, 11, 24, 5, 0, 0, 0, plus2), Status: "active"}
	before := *opts
	require.NoError(t, c.Get(context.Background(), "/q", opts, nil))
	assert.Equal(t, before, *opts)
	assert.Equal(t, plus2, opts.Since.Location())
}

func TestBodyIsJSON(t *testing.T) {
	t.Parallel()
	c, mt := setupMock(t)
	var got map[string]any
	mt.RegisterResponder("PUT", mockBase+"/api/v1/agents/3", func(r *http.Request) (*http.Response, error) {
		require.NoError(t, json.NewDecoder(r.Body).Decode(&got))
		return httpmock.NewStringResponse(200, `{"UserId":3,"DisplayName":"Ana"}`), nil
	})
	var out struct {
		UserID      int    `json:"UserId"`
		DisplayName string `json:"displayname"` // the server's names match case-insensitively
	}
	require.NoError(t, c.Put(context.Background(), zchat.Path("agents", 3), map[string]string{"DisplayName": "Ana"}, &out))
	assert.Equal(t, map[string]any{"DisplayName": "Ana"}, got)
	assert.Equal(t, 3, out.UserID)
	assert.Equal(t, "Ana", out.DisplayName)
}

func TestResponseSizeCap(t *testing.T) {
	t.Parallel()
	const limit = 1024
	tests := []struct {
		name    string
		size    int
		wantErr bool
	}{
		{"well under", 100, false},
		{"exactly the limit", limit, false},
		{"one over", limit + 1, true},
		{"far over", 10 * limit, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt := setupMock(t, zchat.WithMaxResponseBytes(limit))
			body := `"` + strings.Repeat("a", tt.size-2) + `"`
			mt.RegisterResponder("GET", mockBase+"/api/v1/big", httpmock.NewStringResponder(200, body))
			var out string
			err := c.Get(context.Background(), "/big", nil, &out)
			if !tt.wantErr {
				require.NoError(t, err)
				assert.Len(t, out, tt.size-2)
				return
			}
			require.ErrorIs(t, err, zchat.ErrResponseTooLarge)
			assert.Contains(t, err.Error(), "1024")
		})
	}
}

func TestResponseSizeCapStopsReading(t *testing.T) {
	t.Parallel()
	// A body that never ends: the read stops at the cap, not at EOF.
	c, mt := setupMock(t, zchat.WithMaxResponseBytes(4096))
	var served countingReader
	mt.RegisterResponder("GET", mockBase+"/api/v1/endless", func(*http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 200, Body: io.NopCloser(&served), Header: http.Header{}}, nil
	})
	var out []string
	err := c.Get(context.Background(), "/endless", nil, &out)
	require.ErrorIs(t, err, zchat.ErrResponseTooLarge)
	assert.LessOrEqual(t, served.n, int64(4096+64<<10), "read far past the cap")
}

// countingReader is an endless JSON array of strings.
type countingReader struct{ n int64 }

func (r *countingReader) Read(p []byte) (int, error) {
	for i := range p {
		switch {
		case r.n == 0:
			p[i] = '['
		case r.n%4 == 0:
			p[i] = ','
		default:
			p[i] = '"'
			if r.n%4 == 2 {
				p[i] = 'x'
			}
		}
		r.n++
	}
	return len(p), nil
}

func TestDecodeErrorsAreClear(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, contentType, body, want string
	}{
		{"empty body", "application/json", "", "empty response body"},
		{"truncated JSON", "application/json", `{"UserId": 3, "Login`, "truncated JSON"},
		{"wrong shape", "application/json", `[1,2,3]`, "decoding response"},
		{"HTML with 200", "text/html", `<html><body>Welcome</body></html>`, "text/html, not JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt := setupMock(t)
			mt.RegisterResponder("GET", mockBase+"/api/v1/x", func(*http.Request) (*http.Response, error) {
				resp := httpmock.NewStringResponse(200, tt.body)
				resp.Header.Set("Content-Type", tt.contentType)
				resp.Header.Set("X-Request-Id", "rq-7")
				return resp, nil
			})
			var out struct{ UserID int }
			err := c.Get(context.Background(), "/x", nil, &out)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.Contains(t, err.Error(), "GET /x")
			assert.Contains(t, err.Error(), "rq-7")
		})
	}
}

func TestNoContentAndDiscardedBodies(t *testing.T) {
	t.Parallel()
	c, mt := setupMock(t)
	mt.RegisterResponder("DELETE", mockBase+"/api/v1/agents/3", httpmock.NewStringResponder(204, ""))
	require.NoError(t, c.Delete(context.Background(), zchat.Path("agents", 3)))
	mt.RegisterResponder("PUT", mockBase+"/api/v1/departments/1/agents/3", httpmock.NewStringResponder(204, ""))
	var out struct{}
	require.NoError(t, c.Put(context.Background(), zchat.Path("departments", 1, "agents", 3), nil, &out))
}

func TestAPIErrorFromJSONBody(t *testing.T) {
	t.Parallel()
	tests := []struct {
		status   int
		body     string
		sentinel error
		code     string
	}{
		{401, `{"Code":"unauthorized","Message":"bad key","RequestId":"r1"}`, zchat.ErrUnauthorized, "unauthorized"},
		{403, `{"Code":"forbidden","Message":"no","RequestId":"r1"}`, zchat.ErrForbidden, "forbidden"},
		{404, `{"Code":"not_found","Message":"agent 7 not found","RequestId":"r1"}`, zchat.ErrNotFound, "not_found"},
		{409, `{"Code":"conflict","Message":"LoginName taken","RequestId":"r1"}`, zchat.ErrConflict, "conflict"},
		{422, `{"Code":"validation_failed","Message":"Email is not a valid address","RequestId":"r1","Fields":[{"Field":"Email","Message":"is not a valid address"}]}`, zchat.ErrValidation, "validation_failed"},
		{422, `{"Code":"idempotency_mismatch","Message":"key reused with another body","RequestId":"r1"}`, zchat.ErrIdempotencyMismatch, "idempotency_mismatch"},
		{429, `{"Code":"rate_limited","Message":"slow down","RequestId":"r1"}`, zchat.ErrRateLimited, "rate_limited"},
	}
	all := []error{zchat.ErrUnauthorized, zchat.ErrForbidden, zchat.ErrNotFound, zchat.ErrConflict, zchat.ErrValidation, zchat.ErrIdempotencyMismatch, zchat.ErrRateLimited}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			t.Parallel()
			c, mt := setupMock(t)
			mt.RegisterResponder("GET", mockBase+"/api/v1/x", httpmock.NewStringResponder(tt.status, tt.body))
			err := c.Get(context.Background(), "/x", nil, nil)
			var apiErr *zchat.APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, tt.status, apiErr.StatusCode)
			assert.Equal(t, tt.code, apiErr.Code)
			assert.Equal(t, "r1", apiErr.RequestID)
			assert.NotEmpty(t, apiErr.Message)
			assert.Equal(t, 1, apiErr.Attempts)
			for _, s := range all {
				assert.Equal(t, s == tt.sentinel, errors.Is(err, s), "errors.Is(%v)", s)
			}
			assert.Contains(t, err.Error(), fmt.Sprint(tt.status))
			assert.Contains(t, err.Error(), apiErr.Message)
		})
	}
}

func TestAPIErrorFields(t *testing.T) {
	t.Parallel()
	c, mt := setupMock(t)
	mt.RegisterResponder("POST", mockBase+"/api/v1/leads", httpmock.NewStringResponder(422,
		`{"Code":"validation_failed","Message":"Email is not a valid address","RequestId":"0HN8","Fields":[{"Field":"Email","Message":"is not a valid address"}]}`))
	err := c.Post(context.Background(), "/leads", map[string]string{"Email": "x"}, nil)
	var apiErr *zchat.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, []zchat.FieldError{{Field: "Email", Message: "is not a valid address"}}, apiErr.Fields)
	assert.Contains(t, err.Error(), "Email: is not a valid address")
}

func TestIdempotencyMismatchIsNotValidation(t *testing.T) {
	t.Parallel()
	c, mt := setupMock(t)
	mt.RegisterResponder("POST", mockBase+"/api/v1/leads", httpmock.NewStringResponder(422,
		`{"Code":"idempotency_mismatch","Message":"key reused with another body"}`))
	err := c.Post(context.Background(), "/leads", map[string]string{"Email": "x"}, nil)
	assert.False(t, errors.Is(err, zchat.ErrValidation))
	var apiErr *zchat.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, zchat.CodeIdempotencyMismatch, apiErr.Code)
}

func TestAPIErrorFromProxyPages(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, contentType, body, want string
		status                        int
	}{
		{"nginx 502", "text/html", "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.24.0</center>\r\n</body>\r\n</html>\r\n", "502 Bad Gateway", 502},
		{"IIS 503", "text/html; charset=us-ascii", `<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01//EN"><HTML><HEAD><TITLE>Service Unavailable</TITLE></HEAD><BODY><h2>Service Unavailable</h2><hr><p>HTTP Error 503. The service is unavailable.</p></BODY></HTML>`, "Service Unavailable", 503},
		{"untitled HTML 504", "text/html", `<html><body><h1>Gateway   Timeout</h1><p>upstream timed out</p></body></html>`, "Gateway Timeout upstream timed out", 504},
		{"plain text", "text/plain", "upstream connect error or disconnect/reset before headers", "upstream connect error", 502},
		{"JSON that is not an error", "application/json", `["x"]`, `["x"]`, 500},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt := setupMock(t)
			mt.RegisterResponder("GET", mockBase+"/api/v1/x", func(*http.Request) (*http.Response, error) {
				resp := httpmock.NewStringResponse(tt.status, tt.body)
				resp.Header.Set("Content-Type", tt.contentType)
				resp.Header.Set("X-Request-Id", "edge-1")
				return resp, nil
			})
			err := c.Get(context.Background(), "/x", nil, nil)
			var apiErr *zchat.APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, tt.status, apiErr.StatusCode)
			assert.Empty(t, apiErr.Code)
			assert.Contains(t, apiErr.Message, tt.want)
			assert.NotContains(t, apiErr.Message, "<")
			assert.LessOrEqual(t, len(apiErr.Message), 250)
			assert.Equal(t, "edge-1", apiErr.RequestID, "request id from the header")
			assert.NotContains(t, err.Error(), "invalid character", "not a JSON parse error")
			assert.True(t, apiErr.Temporary())
		})
	}
}

func TestAPIErrorRequestIDFromHeader(t *testing.T) {
	t.Parallel()
	c, mt := setupMock(t)
	mt.RegisterResponder("GET", mockBase+"/api/v1/x", func(*http.Request) (*http.Response, error) {
		resp := httpmock.NewStringResponse(404, `{"Code":"not_found","Message":"gone"}`)
		resp.Header.Set("X-Request-Id", "hdr-9")
		return resp, nil
	})
	err := c.Get(context.Background(), "/x", nil, nil)
	var apiErr *zchat.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "hdr-9", apiErr.RequestID)
}

func TestResponseInfo(t *testing.T) {
	t.Parallel()
	c, mt := setupMock(t)
	mt.RegisterResponder("POST", mockBase+"/api/v1/leads", func(*http.Request) (*http.Response, error) {
		resp := httpmock.NewStringResponse(201, `{"LeadId":1}`)
		resp.Header.Set("X-Request-Id", "r-201")
		return resp, nil
	})
	var out struct {
		LeadID int `json:"LeadId"`
	}
	info, err := c.Do(context.Background(), &zchat.Request{Method: "POST", Path: "/leads", Body: map[string]string{"Email": "a@b.c"}}, &out)
	require.NoError(t, err)
	assert.Equal(t, 201, info.StatusCode)
	assert.Equal(t, "r-201", info.RequestID)
	assert.Equal(t, 1, info.Attempts)
	assert.Equal(t, 1, out.LeadID)
}
