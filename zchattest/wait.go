package zchattest

import (
	"context"
	"fmt"
)

// WaitDeliveries waits until n deliveries in all have succeeded (answered
// 2xx), the context ends (its error is returned), or the server closes
// (ErrClosed). It counts every event, those a receiver's own handler causes
// too: to wait for one event use WaitDelivered, for all of them WaitIdle.
func (s *Server) WaitDeliveries(ctx context.Context, n int) error {
	return s.waitFor(ctx, func() (bool, error) { return s.notifier.delivered >= n, nil })
}

// WaitDelivered waits until no delivery of the event with this id is in
// progress, and returns nil when the last one delivered it (a 2xx answer).
// It returns ErrNotDelivered when that delivery ended otherwise (every
// attempt failed, or 410 Gone) or the event was never sent (no notification
// URL), ErrUnknownEvent for an id the server never emitted, the context's
// error, or ErrClosed. Unlike WaitDeliveries it does not count other
// events, such as those the receiver's own handler causes.
func (s *Server) WaitDelivered(ctx context.Context, eventID string) error {
	return s.waitFor(ctx, func() (bool, error) {
		st, ok := s.notifier.byID[eventID]
		switch {
		case !ok:
			return true, fmt.Errorf("%w: %q", ErrUnknownEvent, eventID)
		case st.pending > 0:
			return false, nil
		case !st.ok:
			return true, fmt.Errorf("%w: %s", ErrNotDelivered, eventID)
		}
		return true, nil
	})
}

// WaitIdle waits until no delivery is in progress: every event emitted so
// far, including those emitted while waiting (by a receiver's handler that
// calls the API, say), has been delivered or given up. It returns nil, the
// context's error, or ErrClosed.
func (s *Server) WaitIdle(ctx context.Context) error {
	return s.waitFor(ctx, func() (bool, error) { return s.notifier.pending == 0, nil })
}

// waitFor waits until done (called with s.mu held) says so, the context
// ends, or the server closes.
func (s *Server) waitFor(ctx context.Context, done func() (bool, error)) error {
	for {
		s.mu.Lock()
		ok, err := done()
		changed := s.notifier.changedCh
		s.mu.Unlock()
		if ok {
			return err
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return ctx.Err()
		case <-s.ctx.Done():
			return ErrClosed
		}
	}
}
