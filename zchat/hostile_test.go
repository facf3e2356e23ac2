package zchat_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/internal/safetext"
	"github.com/zchat/zchat-go/zchat"
)

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// assertSafeLine fails if s is more than one line, holds a control
// character, or is longer than max bytes.
func assertSafeLine(t *testing.T, s string, max int) {
	t.Helper()
	assert.LessOrEqual(t, len(s), max, "%.200q…", s)
	for _, r := range s {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == '\u2028' || r == '\u2029' {
			t.Fatalf("control character %U in %.200q", r, s)
		}
	}
}

// Text from a server — Code, Message, RequestId, Fields, X-Request-Id, an
// HTML page's title — is bounded and has its control characters replaced
// before it reaches an error or the *APIError's fields: a hostile server
// cannot forge log lines, set a terminal's title, or hand back 9 MiB.
func TestServerTextIsBoundedInErrors(t *testing.T) {
	t.Parallel()
	huge := strings.Repeat("lorem ipsum\r\n\x1b]0;pwned\x07\x1b[2J", 1000) // about 30 KB
	longID := strings.Repeat("r", 9<<20)                                   // a 9 MiB request id
	fields := make([]string, 500)
	for i := range fields {
		fields[i] = fmt.Sprintf(`{"Field":"F%d\n\u001b[31m","Message":"is bad\u001b]0;x\u0007 %s"}`, i, strings.Repeat("m", 40))
	}
	tests := []struct {
		name    string
		status  int
		header  http.Header
		body    string
		check   func(t *testing.T, e *zchat.APIError)
		noCType bool
	}{
		{name: "30 KB message with newlines and escapes", status: 400,
			body: fmt.Sprintf(`{"Code":"bad\u001b[2J\nforged","Message":%s,"RequestId":%s}`, jsonString(huge), jsonString(huge[:5000])),
			check: func(t *testing.T, e *zchat.APIError) {
				assert.Equal(t, "bad [2J forged", e.Code)
				assert.True(t, strings.HasPrefix(e.Message, "lorem ipsum ]0;pwned [2Jlorem"), e.Message)
				assertSafeLine(t, e.Message, safetext.MaxMessage+len("…"))
				assertSafeLine(t, e.Code, safetext.MaxToken+len("…"))
				assertSafeLine(t, e.RequestID, safetext.MaxToken+len("…"))
			}},
		{name: "a thousand fields", status: 422,
			body: `{"Code":"validation_failed","Message":"bad","Fields":[` + strings.Join(fields, ",") + `]}`,
			check: func(t *testing.T, e *zchat.APIError) {
				assert.Len(t, e.Fields, 50)
				for _, f := range e.Fields {
					assertSafeLine(t, f.Field, safetext.MaxToken+len("…"))
					assertSafeLine(t, f.Message, safetext.MaxMessage+len("…"))
				}
				assert.Contains(t, e.Error(), "and 40 more")
			}},
		{name: "9 MiB X-Request-Id", status: 503, header: http.Header{"X-Request-Id": {longID}},
			body: `{"Code":"unavailable","Message":"busy"}`,
			check: func(t *testing.T, e *zchat.APIError) {
				assert.Len(t, e.RequestID, safetext.MaxToken+len("…"))
			}},
		{name: "HTML page with escapes in its title, unlabelled", status: 502, noCType: true,
			body: "<html><title>Bad\x1b]0;pwned\x07 Gateway" + huge + "</title></html>",
			check: func(t *testing.T, e *zchat.APIError) {
				assert.Contains(t, e.Message, "Bad ]0;pwned Gateway")
				assertSafeLine(t, e.Message, 300)
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, _ := setupServer(t, func(w http.ResponseWriter, r *http.Request) {
				for k, v := range tt.header {
					w.Header()[k] = v
				}
				if tt.noCType {
					w.Header()["Content-Type"] = nil
				}
				w.WriteHeader(tt.status)
				fmt.Fprint(w, tt.body)
			}, zchat.WithRetryMax(0))
			var resp zchat.Response
			_, err := c.Ping(zchat.WithCaptureResponse(context.Background(), &resp))
			var e *zchat.APIError
			require.ErrorAs(t, err, &e)
			assertSafeLine(t, err.Error(), 8<<10)
			assertSafeLine(t, resp.RequestID, safetext.MaxToken+len("…"))
			tt.check(t, e)
		})
	}
}

// A 2xx answer that cannot be decoded, with a 9 MiB X-Request-Id, and an
// answer whose header net/http refuses because it holds escape sequences:
// both errors are bounded.
func TestTransportAndDecodeErrorsAreBounded(t *testing.T) {
	t.Parallel()
	for name, id := range map[string]string{
		"9 MiB plain request id":   strings.Repeat("r", 9<<20),
		"malformed header line":    strings.Repeat("\x1b[2J", 9<<17),
		"request id with controls": "id\x1b",
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c, _ := setupServer(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("X-Request-Id", id)
				fmt.Fprint(w, `[1,2]`)
			}, zchat.WithRetryMax(0))
			var resp zchat.Response
			ctx := zchat.WithCaptureResponse(context.Background(), &resp)
			err := c.Get(ctx, "/ping", nil, &struct{ Version string }{})
			require.Error(t, err)
			assertSafeLine(t, err.Error(), 1500)
			assertSafeLine(t, resp.RequestID, safetext.MaxToken+len("…"))
		})
	}
}
