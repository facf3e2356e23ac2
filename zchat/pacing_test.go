package zchat_test

import (
	"context"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/zchat"
)

// arrivals records when each request reached the server.
type arrivals struct {
	mu    sync.Mutex
	times []time.Time
}

func (a *arrivals) add() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.times = append(a.times, time.Now())
	return len(a.times)
}

func (a *arrivals) all() []time.Time {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]time.Time(nil), a.times...)
}

func TestWithRateLimitRefusesBadValues(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		perSecond float64
		burst     int
	}{{0, 1}, {-1, 1}, {1, 0}} {
		_, err := zchat.NewClient("https://zchat.test", zchat.WithRateLimit(tt.perSecond, tt.burst))
		require.ErrorIs(t, err, zchat.ErrInvalidArgument, "%v", tt)
	}
}

// Concurrent calls share one limiter: 6 calls at 20 per second with a burst
// of 1 reach the server at least 50ms apart (a lower bound, which a busy
// machine cannot break).
func TestWithRateLimitPacesEveryCall(t *testing.T) {
	t.Parallel()
	var seen arrivals
	c, _ := setupServer(t, func(w http.ResponseWriter, r *http.Request) {
		seen.add()
		_, _ = w.Write([]byte(`{}`))
	}, zchat.WithRateLimit(20, 1))
	var wg sync.WaitGroup
	for range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			assert.NoError(t, c.Get(context.Background(), "/ping", nil, nil))
		}()
	}
	wg.Wait()
	times := seen.all()
	require.Len(t, times, 6)
	span := times[len(times)-1].Sub(times[0])
	assert.GreaterOrEqual(t, span, 5*45*time.Millisecond, "6 requests at 20/s span at least 250ms, took %s", span)
}

// Retries take tokens too, and a wait for a token ends with the caller's
// context: nothing more is sent.
func TestWithRateLimitWaitEndsWithTheContext(t *testing.T) {
	t.Parallel()
	var n atomic.Int32
	c, _ := setupServer(t, func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.WriteHeader(http.StatusBadGateway)
	}, zchat.WithRateLimit(1, 1), zchat.WithRetryWait(0, 0))
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := c.Get(ctx, "/ping", nil, nil)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Equal(t, int32(1), n.Load(), "the retry waited for a token and never went out")
	assert.Less(t, time.Since(start), 5*time.Second, "the wait ended with the context, not the next token")
}

// A 429 with Retry-After pauses the whole Client: calls started meanwhile
// wait for it too instead of collecting 429s of their own, and a call whose
// context ends first fails without reaching the server.
func TestRetryAfterPausesTheWholeClient(t *testing.T) {
	t.Parallel()
	var seen arrivals
	limited := make(chan struct{}) // closed when the Client has the 429
	c, _ := setupServer(t, func(w http.ResponseWriter, r *http.Request) {
		if seen.add() == 1 {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		_, _ = w.Write([]byte(`{}`))
	}, zchat.WithRetryWait(0, 0), zchat.WithObserver(&onStatus{code: 429, seen: limited}))

	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		assert.NoError(t, c.Get(context.Background(), "/ping", nil, nil), "the limited call retries after the pause")
	}()
	<-limited
	pausedAt := time.Now()
	short, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	require.ErrorIs(t, c.Get(short, "/ping", nil, nil), context.DeadlineExceeded, "a call whose context ends during the pause")
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			assert.NoError(t, c.Get(context.Background(), "/ping", nil, nil))
		}()
	}
	wg.Wait()
	times := seen.all()
	require.Len(t, times, 5, "the limited call's retry and the 3 later calls; nothing of the short one")
	for _, at := range times[1:] {
		assert.GreaterOrEqual(t, at.Sub(pausedAt), 850*time.Millisecond, "a request reached the server during the pause")
	}
}

// A Retry-After over WithRetryAfterMax is not honored, so it pauses nothing.
func TestRetryAfterOverTheCeilingPausesNothing(t *testing.T) {
	t.Parallel()
	var n atomic.Int32
	c, _ := setupServer(t, func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			w.Header().Set("Retry-After", "3600")
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		_, _ = w.Write([]byte(`{}`))
	})
	var apiErr *zchat.APIError
	require.ErrorAs(t, c.Get(context.Background(), "/ping", nil, nil), &apiErr)
	assert.Equal(t, time.Hour, apiErr.RetryAfter)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	require.NoError(t, c.Get(ctx, "/ping", nil, nil), "the next call goes out at once")
}

// onStatus is an Observer that closes seen when an attempt is answered with
// code.
type onStatus struct {
	code int
	seen chan struct{}
	once sync.Once
}

func (o *onStatus) StartCall(ctx context.Context, _ zchat.CallInfo) (context.Context, func(zchat.CallResult)) {
	return ctx, nil
}

func (o *onStatus) StartAttempt(context.Context, zchat.AttemptInfo, http.Header) func(zchat.AttemptResult) {
	return func(r zchat.AttemptResult) {
		if r.StatusCode == o.code {
			o.once.Do(func() { close(o.seen) })
		}
	}
}
