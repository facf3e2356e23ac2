package zchattest_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/agents"
	"github.com/zchat/zchat-go/cases"
	"github.com/zchat/zchat-go/zchat"
	"github.com/zchat/zchat-go/zchattest"
)

func TestFaultStatusAndRetryAfter(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	ctx := ctxT(t)

	// Retry-After beyond the SDK's ceiling: the error comes back at once.
	s.InjectFaults(zchattest.Fault{Status: http.StatusTooManyRequests, RetryAfter: "120"})
	_, err := s.Client().Ping(ctx)
	require.ErrorIs(t, err, zchat.ErrRateLimited)
	ae := asAPIError(t, err)
	assert.Equal(t, 120*time.Second, ae.RetryAfter)
	assert.Equal(t, zchat.CodeRateLimited, ae.Code)
	assert.NotEmpty(t, ae.RequestID)

	// A 429 always carries Retry-After, as the contract requires.
	s.InjectFaults(zchattest.Fault{Status: http.StatusTooManyRequests})
	r := call(t, s, http.MethodGet, "/ping", nil)
	assert.Equal(t, "0", r.Header.Get("Retry-After"))

	// Twice 503 with Retry-After 0, then the answer.
	s.InjectFaults(zchattest.Fault{Count: 2, Status: http.StatusServiceUnavailable, RetryAfter: "0"})
	_, err = s.Client().Ping(ctx)
	require.NoError(t, err)
	assert.Equal(t, 0, s.PendingFaults())
	var statuses []int
	for _, r := range s.Requests() {
		statuses = append(statuses, r.Status)
	}
	assert.Equal(t, []int{429, 429, 503, 503, 200}, statuses)
}

func TestFaultHTML(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	s.InjectFaults(zchattest.Fault{Status: http.StatusBadGateway, HTML: true})
	r := call(t, s, http.MethodGet, "/ping", nil)
	require.Equal(t, http.StatusBadGateway, r.Status)
	assert.Equal(t, "text/html", r.Header.Get("Content-Type"))
	assert.Contains(t, string(r.Body), "<title>502 Bad Gateway</title>")
	assert.Contains(t, string(r.Body), "nginx")
	assert.Empty(t, r.Header.Get("X-Request-Id"), "a proxy's page has no request id")

	s.InjectFaults(zchattest.Fault{Status: http.StatusGatewayTimeout, HTML: true})
	_, err := s.Client(zchat.WithRetryMax(0)).Ping(ctxT(t))
	ae := asAPIError(t, err)
	assert.Equal(t, http.StatusGatewayTimeout, ae.StatusCode)
	assert.Empty(t, ae.Code)
	assert.Contains(t, ae.Message, "504 Gateway Time")
}

func TestFaultDelay(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	s.InjectFaults(zchattest.Fault{Delay: 150 * time.Millisecond})
	start := time.Now()
	_, err := s.Client().Ping(ctxT(t))
	require.NoError(t, err)
	assert.GreaterOrEqual(t, time.Since(start), 150*time.Millisecond)

	// A delay ends when the client gives up: no answer is sent.
	s.InjectFaults(zchattest.Fault{Delay: time.Minute})
	ctx, cancel := context.WithTimeout(ctxT(t), 50*time.Millisecond)
	defer cancel()
	start = time.Now()
	_, err = s.Client().Ping(ctx)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Less(t, time.Since(start), 5*time.Second)
	require.Eventually(t, func() bool { return len(s.Requests()) == 2 }, 5*time.Second, time.Millisecond)
	last := s.Requests()[1]
	assert.Equal(t, 0, last.Status)
	assert.True(t, last.Dropped)
}

func TestFaultDropConnection(t *testing.T) {
	t.Parallel()
	s := newServer(t, zchattest.WithDemoData())
	s.InjectFaults(zchattest.Fault{Method: http.MethodGet, Path: "/agents", DropConnection: true})
	list, err := agents.New(s.Client()).List(ctxT(t))
	require.NoError(t, err, "the SDK retries a dropped connection")
	assert.Len(t, list, 3)
	recs := s.Requests()
	require.Len(t, recs, 2)
	assert.True(t, recs[0].Dropped)
	assert.Equal(t, 0, recs[0].Status)

	// Without retries, and on a fresh connection (net/http itself retries
	// a GET, or a request with an Idempotency-Key, on a reused one).
	s.InjectFaults(zchattest.Fault{DropConnection: true})
	fresh := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	_, err = s.Client(zchat.WithRetryMax(0), zchat.WithHTTPClient(fresh)).Ping(ctxT(t))
	require.Error(t, err)
	var ae *zchat.APIError
	assert.False(t, errors.As(err, &ae), "no answer, so no APIError: %v", err)
}

func TestFaultDropMidBody(t *testing.T) {
	t.Parallel()
	s := newServer(t, zchattest.WithDemoData())
	s.InjectFaults(zchattest.Fault{Path: "/agents", DropMidBody: true, After: true})
	_, err := agents.New(s.Client(zchat.WithRetryMax(0))).List(ctxT(t))
	require.Error(t, err, "a 200 cut in the middle of its body")
	assert.Contains(t, err.Error(), "EOF")
	rec := s.Requests()[0]
	assert.Equal(t, 200, rec.Status)
	assert.True(t, rec.Dropped)

	// With retries, the SDK sends the request again and gets a whole body.
	s.InjectFaults(zchattest.Fault{Path: "/agents", DropMidBody: true, After: true})
	list, err := agents.New(s.Client()).List(ctxT(t))
	require.NoError(t, err, "a body cut short is retried")
	assert.Len(t, list, 3)

	// Before the server acts: a 503 cut short is retried.
	s.InjectFaults(zchattest.Fault{DropMidBody: true, Status: http.StatusServiceUnavailable})
	_, err = s.Client().Ping(ctxT(t))
	require.NoError(t, err)
}

// TestFaultAfterPOSTIsNotDuplicated is the point of After: the server
// creates the case, the answer is lost, the SDK retries with the same
// Idempotency-Key and gets the stored answer. One case, not two.
func TestFaultAfterPOSTIsNotDuplicated(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		fault zchattest.Fault
	}{
		{"dropped connection", zchattest.Fault{DropConnection: true}},
		{"proxy timeout page", zchattest.Fault{Status: http.StatusGatewayTimeout, HTML: true}},
		{"cut body", zchattest.Fault{DropMidBody: true, Status: http.StatusBadGateway}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newServer(t, zchattest.WithDemoData())
			f := tt.fault
			f.Method, f.Path, f.After = http.MethodPost, "/leads/1/cases", true
			s.InjectFaults(f)
			c, err := cases.New(s.Client()).SubmitCase(ctxT(t), 1, cases.CaseInput{Subject: "Exactly once"})
			require.NoError(t, err)
			assert.Equal(t, 2, c.CaseID)
			assert.Equal(t, 1, s.Stats().Created[zchattest.KindCases], "one case created")
			assert.Len(t, s.Events(), 1, "one case.created")
			recs := s.Requests()
			require.Len(t, recs, 2)
			assert.True(t, recs[0].Fault)
			assert.Equal(t, recs[0].IdempotencyKey, recs[1].IdempotencyKey)
			assert.True(t, recs[1].Replayed)
			assert.Equal(t, 201, recs[1].Status)
		})
	}
	// Before the server acts, a dropped POST is not acted on at all.
	s := newServer(t, zchattest.WithDemoData())
	s.InjectFaults(zchattest.Fault{Method: http.MethodPost, DropConnection: true})
	_, err := cases.New(s.Client()).SubmitCase(ctxT(t), 1, cases.CaseInput{Subject: "x"})
	require.NoError(t, err)
	recs := s.Requests()
	require.Len(t, recs, 2)
	assert.False(t, recs[1].Replayed, "the first attempt stored nothing")
}

func TestFaultMatchingAndOrder(t *testing.T) {
	t.Parallel()
	s := newServer(t, zchattest.WithDemoData())
	s.InjectFaults(
		zchattest.Fault{Path: "/agents", Status: 500},
		zchattest.Fault{Match: func(r *http.Request) bool { return r.URL.Query().Get("status") == "ended" }, Status: 418},
		zchattest.Fault{Status: 503},
	)
	assert.Equal(t, 3, s.PendingFaults())
	assert.Equal(t, 418, call(t, s, http.MethodGet, "/sessions?status=ended", nil).Status, "the first fault that matches")
	assert.Equal(t, 500, call(t, s, http.MethodGet, "/agents/1", nil).Status)
	assert.Equal(t, 503, call(t, s, http.MethodGet, "/agents/1", nil).Status)
	assert.Equal(t, 200, call(t, s, http.MethodGet, "/agents/1", nil).Status)
	s.InjectFaults(zchattest.Fault{Count: 5, Status: 500})
	s.ClearFaults()
	assert.Equal(t, 0, s.PendingFaults())
	assert.Equal(t, 200, call(t, s, http.MethodGet, "/ping", nil).Status)

	// A fault applies before auth: a request with a wrong key gets it.
	s.InjectFaults(zchattest.Fault{Status: 503})
	assert.Equal(t, 503, call(t, s, http.MethodGet, "/ping", nil, "Authorization", "Bearer wrong").Status)
}
