package zchattest_test

import (
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/zchat/zchat-go/zchattest"
)

// TestCloseLeavesNoGoroutine closes a busy server: a delivery the receiver
// holds, a retry waiting on the schedule, and a request held in an
// injected delay. Close must end them all at once and leave no goroutine.
// (It runs alone: it is not parallel.)
func TestCloseLeavesNoGoroutine(t *testing.T) {
	ignore := goleak.IgnoreCurrent()

	var calls atomic.Int32
	hold := make(chan struct{})
	rcv := receiver(t, func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			select { // the first delivery hangs until the server gives up
			case <-r.Context().Done():
			case <-hold:
			}
			return
		}
		w.WriteHeader(http.StatusInternalServerError) // the others wait for a retry
	})
	s := zchattest.NewServer(zchattest.WithNotificationURL(rcv.URL), zchattest.WithDeliverySchedule(0, time.Hour))
	s.Emit("held", nil)
	require.Eventually(t, func() bool { return calls.Load() == 1 }, 5*time.Second, time.Millisecond)
	s.Emit("retried", nil)
	require.Eventually(t, func() bool { return len(s.Deliveries()) == 1 }, 5*time.Second, time.Millisecond)

	s.InjectFaults(zchattest.Fault{Delay: time.Hour})
	done := make(chan error, 1)
	go func() {
		_, err := s.Client().Ping(t.Context())
		done <- err
	}()
	require.Eventually(t, func() bool { return s.PendingFaults() == 0 }, 5*time.Second, time.Millisecond)

	start := time.Now()
	s.Close()
	assert.Less(t, time.Since(start), 10*time.Second, "Close does not wait for the hour-long delay or retries")
	assert.Error(t, <-done, "the delayed request got no answer")
	assert.ErrorIs(t, s.WaitDeliveries(t.Context(), 1), zchattest.ErrClosed)
	s.Close() // again: no-op
	close(hold)
	rcv.Close()

	goleak.VerifyNone(t, ignore)
}
