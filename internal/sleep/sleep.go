package sleep

import (
	"context"
	"time"
)

// For waits for d, or until ctx ends, and then returns the context's cause
// (nil when the whole wait passed). A d ≤ 0 does not wait: it returns
// ctx.Err(), so an ended context still says so.
func For(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}
