package zchat_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/zchat"
)

func TestWithCaptureResponse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		responder httpmock.Responder
		status    int
		attempts  int
		wantErr   bool
	}{
		{"success", func(*http.Request) (*http.Response, error) {
			r := httpmock.NewStringResponse(200, `{"Version":"9.1"}`)
			r.Header.Set("X-Request-Id", "req-ok")
			r.Header.Set("Content-Type", "application/json")
			return r, nil
		}, 200, 1, false},
		{"api error after retries", func(*http.Request) (*http.Response, error) {
			r := httpmock.NewStringResponse(503, `{"Code":"unavailable","RequestId":"req-ok"}`)
			r.Header.Set("X-Request-Id", "req-ok")
			return r, nil
		}, 503, 3, true},
		{"no answer", httpmock.NewErrorResponder(errors.New("connection reset")), 0, 3, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt := setupMock(t, zchat.WithRetryMax(2), zchat.WithRetryWait(0, 0))
			mt.RegisterResponder("GET", mockBase+"/api/v1/ping", tt.responder)
			var resp zchat.Response
			_, err := c.Ping(zchat.WithCaptureResponse(context.Background(), &resp))
			assert.Equal(t, tt.wantErr, err != nil, "err %v", err)
			assert.Equal(t, tt.status, resp.StatusCode)
			assert.Equal(t, tt.attempts, resp.Attempts)
			if tt.status != 0 {
				assert.Equal(t, "req-ok", resp.RequestID)
				assert.Equal(t, "req-ok", resp.Header.Get("X-Request-Id"))
			}
		})
	}
}

func TestWithCaptureResponseNilPointerIsIgnored(t *testing.T) {
	t.Parallel()
	c, mt := setupMock(t)
	mt.RegisterResponder("GET", mockBase+"/api/v1/ping", httpmock.NewStringResponder(200, `{}`))
	_, err := c.Ping(zchat.WithCaptureResponse(context.Background(), nil))
	require.NoError(t, err)
}
