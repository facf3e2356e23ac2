package zchat

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/zchat/zchat-go/internal/safetext"
)

func FuzzAPIErrorDecoding(f *testing.F) {
	f.Add(422, "application/json", []byte(`{"Code":"validation_failed","Message":"Email is not a valid address","RequestId":"0HN8","Fields":[{"Field":"Email","Message":"is not a valid address"}]}`))
	f.Add(502, "text/html", []byte("<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"))
	f.Add(503, "text/html", []byte("<title>unterminated"))
	f.Add(500, "", []byte(`{"Code":`))
	f.Add(429, "application/json", []byte(`{"Fields":null,"Message":"\ud800"}`))
	f.Add(404, "text/plain", []byte("\xff\xfe not utf-8 <<<>>>"))
	c, err := NewClient("https://zchat.test")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, status int, contentType string, body []byte) {
		resp := &http.Response{StatusCode: status, Header: http.Header{"Content-Type": {contentType}, "Retry-After": {"1"}}}
		r := &Request{Method: "GET", Path: "/x"}
		err := c.apiError(r, resp, io.NopCloser(bytes.NewReader(body)), &Response{})
		e, ok := err.(*APIError)
		if !ok {
			t.Fatalf("not an *APIError: %T", err)
		}
		if e.StatusCode != status {
			t.Fatalf("status %d, want %d", e.StatusCode, status)
		}
		for _, s := range []string{e.Code, e.Message, e.RequestID} {
			if len(s) > safetext.MaxMessage+len("…") || safetext.Line(s, len(s)) != s {
				t.Fatalf("server text not bounded to one clean line: %q", s)
			}
		}
		if len(e.Fields) > maxFields {
			t.Fatalf("%d fields kept", len(e.Fields))
		}
		if msg := e.Error(); safetext.Line(msg, len(msg)) != msg {
			t.Fatalf("Error() is not one clean line: %q", msg)
		}
	})
}

// FuzzTimeFastPath checks that the allocation-free parser agrees with the
// general one on every input it accepts, with "/" written plainly or
// escaped as .NET does.
func FuzzTimeFastPath(f *testing.F) {
	for _, s := range []string{
		"2026-11-24T03:52:27Z", "2026-11-24T05:52:27.1234567+02:00", "2026-11-24T03:52:27",
		"2026-11-24T03:52:27.1234567", "/Date(1764042747000)/", "/Date(1764042747000+0200)/",
		"/Date(-1)/", "0001-01-01T00:00:00", "2026-11-24T03:52:27+0200",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		plain, err := json.Marshal(s)
		if err != nil {
			return
		}
		escaped := bytes.ReplaceAll(plain, []byte("/"), []byte(`\/`))
		want, wantErr := ParseTime(s)
		for _, b := range [][]byte{plain, escaped} {
			got, ok := fastParse(b)
			if !ok {
				continue
			}
			if wantErr != nil {
				t.Fatalf("fast path accepted %s, ParseTime refused it: %v", b, wantErr)
			}
			if !zeroIfMin(got).Equal(want) {
				t.Fatalf("fast path read %s as %v, ParseTime as %v", b, got, want)
			}
		}
	})
}
