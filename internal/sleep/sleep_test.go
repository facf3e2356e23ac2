package sleep_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/internal/sleep"
)

func TestFor(t *testing.T) {
	t.Parallel()
	t.Run("waits the whole time", func(t *testing.T) {
		t.Parallel()
		start := time.Now()
		require.NoError(t, sleep.For(context.Background(), 20*time.Millisecond))
		assert.GreaterOrEqual(t, time.Since(start), 20*time.Millisecond)
	})
	t.Run("ends with the context, returning its cause", func(t *testing.T) {
		t.Parallel()
		cause := errors.New("shutting down")
		ctx, cancel := context.WithCancelCause(context.Background())
		time.AfterFunc(10*time.Millisecond, func() { cancel(cause) })
		start := time.Now()
		assert.ErrorIs(t, sleep.For(ctx, time.Minute), cause)
		assert.Less(t, time.Since(start), 30*time.Second)
	})
	t.Run("no wait on an ended context", func(t *testing.T) {
		t.Parallel()
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		assert.ErrorIs(t, sleep.For(ctx, 0), context.Canceled)
		assert.ErrorIs(t, sleep.For(ctx, time.Hour), context.Canceled)
		require.NoError(t, sleep.For(context.Background(), -time.Second))
	})
}
