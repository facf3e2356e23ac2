package zchat_test

import (
	"context"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/zchat"
)

// observerLog is an Observer that keeps what it is told, in order.
type observerLog struct {
	mu     sync.Mutex
	events []string
	calls  []zchat.CallInfo
	tries  []zchat.AttemptInfo
	result zchat.CallResult
	codes  []int
}

type spanKey struct{}

func (r *observerLog) StartCall(ctx context.Context, call zchat.CallInfo) (context.Context, func(zchat.CallResult)) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, "start call")
	r.calls = append(r.calls, call)
	return context.WithValue(ctx, spanKey{}, "call-span"), func(res zchat.CallResult) {
		r.mu.Lock()
		defer r.mu.Unlock()
		r.events = append(r.events, "end call")
		r.result = res
	}
}

func (r *observerLog) StartAttempt(ctx context.Context, a zchat.AttemptInfo, h http.Header) func(zchat.AttemptResult) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, "start attempt")
	r.tries = append(r.tries, a)
	h.Set("Traceparent", ctx.Value(spanKey{}).(string))
	h.Set("Authorization", "Bearer stolen") // must not replace the key
	return func(res zchat.AttemptResult) {
		r.mu.Lock()
		defer r.mu.Unlock()
		r.events = append(r.events, "end attempt")
		r.codes = append(r.codes, res.StatusCode)
	}
}

func TestObserverSeesCallsAndAttempts(t *testing.T) {
	t.Parallel()
	var n atomic.Int32
	var traceparents, auths []string
	var mu sync.Mutex
	rec := &observerLog{}
	c, srv := setupServer(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		traceparents = append(traceparents, r.Header.Get("Traceparent"))
		auths = append(auths, r.Header.Get("Authorization"))
		mu.Unlock()
		if n.Add(1) == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"UserId":3}`))
	}, zchat.WithObserver(rec))

	var out struct{ UserId int }
	_, err := c.Do(context.Background(), &zchat.Request{
		Method: "GET", Path: "/agents/3", Query: struct {
			Email string `url:"email"`
		}{"ann@example.com"},
		Operation: "getAgent", Pattern: "/agents/{userId}",
	}, &out)
	require.NoError(t, err)
	assert.Equal(t, 3, out.UserId)

	assert.Equal(t, []string{"start call", "start attempt", "end attempt", "start attempt", "end attempt", "end call"}, rec.events)
	require.Len(t, rec.calls, 1)
	call := rec.calls[0]
	assert.Equal(t, "getAgent", call.Operation)
	assert.Equal(t, "GET", call.Method)
	assert.Equal(t, "/agents/{userId}", call.Pattern)
	assert.Equal(t, "127.0.0.1", call.ServerAddress)
	assert.NotZero(t, call.ServerPort)
	require.Len(t, rec.tries, 2)
	assert.Equal(t, 1, rec.tries[0].Number)
	assert.Equal(t, 2, rec.tries[1].Number)
	assert.Equal(t, srv.URL+"/api/v1/agents/3", rec.tries[1].URL, "the query (an e-mail address) is left out")
	assert.Equal(t, []int{503, 200}, rec.codes)
	assert.Equal(t, zchat.CallResult{StatusCode: 200, Attempts: 2}, rec.result)
	assert.Equal(t, []string{"call-span", "call-span"}, traceparents, "the attempt carries the observer's headers")
	assert.Equal(t, []string{"Bearer " + testKey, "Bearer " + testKey}, auths, "an observer cannot replace the key")
}

func TestObserverSeesFailures(t *testing.T) {
	t.Parallel()
	rec := &observerLog{}
	c, _ := setupServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNotFound)
	}, zchat.WithObserver(rec))
	err := c.Get(context.Background(), "/agents/9", nil, nil)
	require.ErrorIs(t, err, zchat.ErrNotFound)
	assert.Equal(t, 404, rec.result.StatusCode)
	assert.Equal(t, 1, rec.result.Attempts)
	assert.ErrorIs(t, rec.result.Err, zchat.ErrNotFound)
}

func TestWithObserverRefusesNil(t *testing.T) {
	t.Parallel()
	_, err := zchat.NewClient("https://zchat.test", zchat.WithObserver(nil))
	require.ErrorIs(t, err, zchat.ErrInvalidArgument)
}
