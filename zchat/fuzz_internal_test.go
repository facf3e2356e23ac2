package zchat

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"
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
		if len(e.Message) > 64<<10 {
			t.Fatalf("message of %d bytes", len(e.Message))
		}
		if e.Code == "" && strings.Contains(e.Message, "\n") {
			t.Fatalf("excerpt is not one line: %q", e.Message)
		}
		_ = e.Error()
	})
}
