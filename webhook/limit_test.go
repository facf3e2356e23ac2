package webhook

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/cases"
)

// bigCaseBody is a case.created event carrying 8 MiB of attachments, the most
// the contract allows: about 11 MB of JSON.
func bigCaseBody(t *testing.T, id string) []byte {
	t.Helper()
	var atts []cases.Attachment
	for i := range 8 {
		atts = append(atts, cases.Attachment{FileName: "dump" + string(rune('0'+i)) + ".bin", ContentType: "application/octet-stream", Content: bytes.Repeat([]byte{byte(i)}, 1<<20)})
	}
	data, err := json.Marshal(cases.Case{CaseID: 12, LeadID: 9, Subject: "Crash", Debug: &cases.DebugInfo{Attachments: atts}})
	require.NoError(t, err)
	body := eventBody(id, TypeCaseCreated, string(data))
	require.Greater(t, len(body), 10<<20, "the event should be about 11 MB")
	return body
}

// A receiver with the default limit accepts the largest notification the
// contract allows, over a real connection (issue 13, point 8).
func TestHandlerDefaultLimitAdmitsLargestNotification(t *testing.T) {
	t.Parallel()
	var attached atomic.Int64
	h := NewHandler(plainKey, func(_ context.Context, e *Event) error {
		c, err := e.Case()
		if err != nil {
			return err
		}
		for _, a := range c.Debug.Attachments {
			attached.Add(int64(len(a.Content)))
		}
		return nil
	})
	srv := httptest.NewServer(h)
	defer srv.Close()

	body := bigCaseBody(t, "evt_big_case")
	req, err := http.NewRequest(http.MethodPost, srv.URL, bytes.NewReader(body))
	require.NoError(t, err)
	req.Header = signedHeader(plainKey, "evt_big_case", time.Now(), body)
	resp, err := srv.Client().Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, int64(8<<20), attached.Load(), "every attachment reached fn")
	assert.EqualValues(t, 16<<20, DefaultMaxBodyBytes, "the contract's limit")
}

// countingBody yields n bytes without holding them and counts what was read.
type countingBody struct {
	left int64
	read atomic.Int64
}

func (b *countingBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		return 0, io.EOF
	}
	n := int64(len(p))
	n = min(n, b.left)
	clear(p[:n])
	b.left -= n
	b.read.Add(n)
	return int(n), nil
}

func (b *countingBody) Close() error { return nil }

// Over the limit: a Content-Length is refused before a byte is read; a body
// of unknown length is read only to just past the limit.
func TestHandlerBodyLimit(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name          string
		opts          []HandlerOption
		contentLength int64 // -1: unknown
		bodyLen       int64
		want          int
		maxRead       int64
	}{
		{"Content-Length one over the default", nil, DefaultMaxBodyBytes + 1, DefaultMaxBodyBytes + 1, 413, 0},
		{"Content-Length far over the default", nil, 1 << 40, 1 << 40, 413, 0},
		{"Content-Length over a lowered limit", []HandlerOption{WithMaxBodyBytes(1 << 10)}, 1<<10 + 1, 1<<10 + 1, 413, 0},
		{"unknown length over the default", nil, -1, DefaultMaxBodyBytes + 1<<20, 413, DefaultMaxBodyBytes + 64<<10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var calls atomic.Int32
			h := NewHandler(plainKey, func(context.Context, *Event) error { calls.Add(1); return nil }, tt.opts...)
			body := &countingBody{left: tt.bodyLen}
			r := httptest.NewRequest(http.MethodPost, "/zchat/notify", nil)
			r.Header = signedHeader(plainKey, "evt_1", time.Now(), nil)
			r.Body, r.ContentLength = body, tt.contentLength
			w := serve(h, r)
			assert.Equal(t, tt.want, w.Code)
			assert.LessOrEqual(t, body.read.Load(), tt.maxRead, "bytes read")
			assert.Zero(t, calls.Load())
		})
	}
}
