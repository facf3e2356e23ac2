package zchattest_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/cases"
	"github.com/zchat/zchat-go/webhook"
	"github.com/zchat/zchat-go/zchattest"
)

// TestWaitDeliveredOneEvent holds the delivery of one event in the
// receiver while others go through: counting deliveries (WaitDeliveries)
// would be satisfied by the others; WaitDelivered waits for that event.
func TestWaitDeliveredOneEvent(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	var slowID atomic.Value
	rcv := receiver(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get(webhook.HeaderID) == slowID.Load() {
			<-release
		}
		w.WriteHeader(http.StatusNoContent)
	})
	s := newServer(t, fastSchedule)
	ctx := ctxT(t)

	// Emit the slow one unsent, to learn its id, then deliver it.
	slow := s.Emit("test.slow", map[string]int{"n": 1})
	slowID.Store(slow.ID)
	s.SetNotificationURL(rcv.URL)
	require.NoError(t, s.Redeliver(slow.ID))
	fast1 := s.Emit("test.fast", map[string]int{"n": 2})
	fast2 := s.Emit("test.fast", map[string]int{"n": 3})

	done := make(chan error, 1)
	go func() { done <- s.WaitDelivered(ctx, slow.ID) }()
	require.NoError(t, s.WaitDelivered(ctx, fast1.ID))
	require.NoError(t, s.WaitDelivered(ctx, fast2.ID))
	require.NoError(t, s.WaitDeliveries(ctx, 2), "counting is satisfied by the other events")
	select {
	case err := <-done:
		t.Fatalf("WaitDelivered returned %v while its event is still held", err)
	default:
	}
	close(release)
	require.NoError(t, <-done)
	assert.Equal(t, 3, s.Delivered())
}

// TestWaitDeliveredFailures checks the answers that end a wait without a
// delivery.
func TestWaitDeliveredFailures(t *testing.T) {
	t.Parallel()
	gone := receiver(t, func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusGone) })
	failing := receiver(t, func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusInternalServerError) })
	ctx := ctxT(t)

	s := newServer(t, fastSchedule)
	unsent := s.Emit("test.unsent", nil) // no notification URL
	require.ErrorIs(t, s.WaitDelivered(ctx, unsent.ID), zchattest.ErrNotDelivered)
	require.ErrorIs(t, s.WaitDelivered(ctx, "evt_nope"), zchattest.ErrUnknownEvent)
	require.ErrorIs(t, s.Redeliver("evt_nope"), zchattest.ErrUnknownEvent)
	require.Error(t, s.Redeliver(unsent.ID), "no notification URL")

	s.SetNotificationURL(gone.URL)
	ev := s.Emit("test.gone", nil)
	require.ErrorIs(t, s.WaitDelivered(ctx, ev.ID), zchattest.ErrNotDelivered)
	assert.Len(t, s.Deliveries(), 1, "410 stops at once")

	s.SetNotificationURL(failing.URL)
	ev = s.Emit("test.failing", nil)
	require.ErrorIs(t, s.WaitDelivered(ctx, ev.ID), zchattest.ErrNotDelivered)
	assert.Len(t, s.Deliveries(), 1+4, "every attempt of the schedule")
	require.NoError(t, s.WaitIdle(ctx))

	s.Close()
	require.ErrorIs(t, s.Redeliver(ev.ID), zchattest.ErrClosed)
}

// TestWaitIdleIncludesHandlerEvents has a receiver whose handler calls the
// API for each ended session, which sends more events: WaitIdle returns
// only once those are delivered too.
func TestWaitIdleIncludesHandlerEvents(t *testing.T) {
	t.Parallel()
	var col collector
	var srv *zchattest.Server
	var once sync.Once
	var c *cases.Client
	handle := func(ctx context.Context, e *webhook.Event) error {
		if e.Type == webhook.TypeSessionEnded {
			once.Do(func() { c = cases.New(srv.Client()) })
			time.Sleep(20 * time.Millisecond) // a handler that takes its time
			if _, err := c.SubmitNote(ctx, 1, cases.NoteInput{Text: "chat ended"}); err != nil {
				return err
			}
		}
		return col.handle(ctx, e)
	}
	rcv := receiver(t, webhook.NewHandler("k", handle).ServeHTTP)
	srv = newServer(t, zchattest.WithAPIKey("k"), zchattest.WithDemoData(), zchattest.WithNotificationURL(rcv.URL), fastSchedule)
	x, err := srv.StartSession(zchattest.Visitor{DisplayName: "V"})
	require.NoError(t, err)
	_, err = srv.End(x.SessionID)
	require.NoError(t, err)

	require.NoError(t, srv.WaitIdle(ctxT(t)))
	evs := srv.Events()
	require.Len(t, evs, 3, "session.started, session.ended, and the handler's note.created")
	assert.Equal(t, webhook.TypeNoteCreated, evs[2].Type)
	assert.Len(t, col.got(), 3, "every event handled, the handler's own included")
	for _, ev := range evs {
		assert.NoError(t, srv.WaitDelivered(ctxT(t), ev.ID), ev.Type)
	}
}

// TestRedeliverSameEvent delivers an event twice, the same id and body
// newly signed, as the APP Server may: a receiver built with
// webhook.NewHandler runs its function once.
func TestRedeliverSameEvent(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	var mu sync.Mutex
	var bodies [][]byte
	var ids []string
	h := webhook.NewHandler("k", func(context.Context, *webhook.Event) error { calls.Add(1); return nil })
	rcv := receiver(t, func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		mu.Lock()
		bodies, ids = append(bodies, body), append(ids, r.Header.Get(webhook.HeaderID))
		mu.Unlock()
		r.Body = io.NopCloser(bytes.NewReader(body))
		h.ServeHTTP(w, r)
	})
	s := newServer(t, zchattest.WithAPIKey("k"), zchattest.WithNotificationURL(rcv.URL), fastSchedule)
	ctx := ctxT(t)
	ev := s.Emit("test.dedupe", map[string]string{"k": "v"})
	require.NoError(t, s.WaitDelivered(ctx, ev.ID))
	require.NoError(t, s.Redeliver(ev.ID))
	require.NoError(t, s.WaitDelivered(ctx, ev.ID))

	assert.Equal(t, int32(1), calls.Load(), "the receiver deduped the second delivery")
	mu.Lock()
	defer mu.Unlock()
	require.Len(t, bodies, 2)
	assert.Equal(t, []string{ev.ID, ev.ID}, ids)
	assert.Equal(t, bodies[0], bodies[1], "the same body")
	assert.Equal(t, 2, s.Delivered())
	assert.Len(t, s.Events(), 1, "no new event")
}
