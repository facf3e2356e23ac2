package zchat

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func newTestTimer(d time.Duration) *attemptTimer {
	return &attemptTimer{timeout: d, expired: &AttemptTimeoutError{After: d}}
}

// An attempt's context behaves as context.WithTimeoutCause did: it ends at
// the timeout with the *AttemptTimeoutError, with the call's context, or
// when the attempt is over, and contexts derived from it end with it.
func TestAttemptContext(t *testing.T) {
	t.Parallel()
	t.Run("times out, and derived contexts get the timeout as their cause", func(t *testing.T) {
		t.Parallel()
		a := new(attemptCtx)
		a.start(context.Background(), newTestTimer(50*time.Millisecond))
		derived, cancel := context.WithCancel(a)
		defer cancel()
		select {
		case <-derived.Done():
		case <-time.After(10 * time.Second):
			t.Fatal("the attempt did not time out")
		}
		assert.True(t, a.timedOut())
		assert.ErrorIs(t, a.Err(), context.DeadlineExceeded)
		var timeout *AttemptTimeoutError
		assert.ErrorAs(t, context.Cause(derived), &timeout)
		a.finish() // later ends change nothing
		assert.True(t, a.timedOut())
	})
	t.Run("ends with the call's context", func(t *testing.T) {
		t.Parallel()
		cause := errors.New("caller gave up")
		parent, cancelParent := context.WithCancelCause(context.Background())
		a := new(attemptCtx)
		a.start(parent, newTestTimer(time.Minute))
		derived, cancel := context.WithCancel(a)
		defer cancel()
		cancelParent(cause)
		<-a.Done()
		<-derived.Done()
		assert.ErrorIs(t, a.Err(), context.Canceled)
		assert.False(t, a.timedOut())
		assert.ErrorIs(t, context.Cause(derived), cause)
		a.finish()
	})
	t.Run("finish ends it and what derives from it", func(t *testing.T) {
		t.Parallel()
		tm := newTestTimer(time.Minute)
		a := new(attemptCtx)
		a.start(context.Background(), tm)
		derived, cancel := context.WithCancel(a)
		defer cancel()
		stopped := make(chan struct{})
		context.AfterFunc(a, func() { close(stopped) })
		require.NoError(t, a.Err())
		a.finish()
		<-derived.Done()
		<-stopped
		assert.ErrorIs(t, a.Err(), context.Canceled)
		assert.False(t, a.timedOut())
		tm.mu.Lock()
		defer tm.mu.Unlock()
		assert.Nil(t, tm.head, "the finished attempt left the timer's list")
	})
	t.Run("a call's context already done ends the attempt at once", func(t *testing.T) {
		t.Parallel()
		parent, cancel := context.WithCancel(context.Background())
		cancel()
		a := new(attemptCtx)
		a.start(parent, newTestTimer(time.Minute))
		defer a.finish()
		select {
		case <-a.Done():
		default:
			t.Fatal("Done is not closed although the call's context is done")
		}
		assert.ErrorIs(t, a.Err(), context.Canceled)
		derived, cancelDerived := context.WithCancel(a)
		defer cancelDerived()
		assert.ErrorIs(t, derived.Err(), context.Canceled, "a derived context is done at once, as net/http's is")
	})
	t.Run("a context derived after the end is done at once", func(t *testing.T) {
		t.Parallel()
		a := new(attemptCtx)
		a.start(context.Background(), newTestTimer(time.Minute))
		a.finish()
		derived, cancel := context.WithCancel(a)
		defer cancel()
		<-derived.Done()
		ran := make(chan struct{})
		a.AfterFunc(func() { close(ran) })
		<-ran
	})
	t.Run("deadline: the attempt's or the call's, whichever comes first", func(t *testing.T) {
		t.Parallel()
		a := new(attemptCtx)
		a.start(context.Background(), newTestTimer(time.Minute))
		defer a.finish()
		d, ok := a.Deadline()
		assert.True(t, ok)
		assert.WithinDuration(t, time.Now().Add(time.Minute), d, 5*time.Second)

		parent, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		b := new(attemptCtx)
		b.start(parent, newTestTimer(time.Minute))
		defer b.finish()
		pd, _ := parent.Deadline()
		d, _ = b.Deadline()
		assert.Equal(t, pd, d)
	})
	t.Run("values come from the call's context", func(t *testing.T) {
		t.Parallel()
		type key struct{}
		a := new(attemptCtx)
		a.start(context.WithValue(context.Background(), key{}, "v"), newTestTimer(time.Minute))
		defer a.finish()
		assert.Equal(t, "v", a.Value(key{}))
	})
}

// One timer serves every attempt of a Client: attempts started one after
// another, some finishing and some stalling, each time out on time, also
// after the timer has fired for an earlier one.
func TestAttemptTimerSharedByOverlappingAttempts(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/fast") {
			io.WriteString(w, `{}`)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"Items":[`) // then stall mid-body
		w.(http.Flusher).Flush()
		select {
		case <-r.Context().Done():
		case <-time.After(20 * time.Second):
		}
	}))
	t.Cleanup(srv.Close)
	const timeout = 200 * time.Millisecond
	c, err := NewClient(srv.URL, WithTimeout(timeout), WithRetryMax(0))
	require.NoError(t, err)

	var wg sync.WaitGroup
	errs := make([]error, 8)
	took := make([]time.Duration, 8)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			time.Sleep(time.Duration(i) * 60 * time.Millisecond) // deadlines spread over the timer's firings
			require.NoError(t, c.Get(context.Background(), "/fast", nil, nil))
			start := time.Now()
			errs[i] = c.Get(context.Background(), "/slow", nil, new(map[string]any))
			took[i] = time.Since(start)
		}()
	}
	wg.Wait()
	for i, err := range errs {
		var te *AttemptTimeoutError
		assert.ErrorAs(t, err, &te, "call %d: %v", i, err)
		assert.GreaterOrEqual(t, took[i], timeout-10*time.Millisecond, "call %d ended before its timeout", i)
		assert.Less(t, took[i], 5*time.Second, "call %d", i)
	}
}
