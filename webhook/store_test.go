package webhook

import (
	"context"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeClock is a settable clock for MemoryStore.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func newTestStore(ttl time.Duration, max int) (*MemoryStore, *fakeClock) {
	clock := &fakeClock{t: t0}
	s := NewMemoryStore(ttl, max)
	s.now = clock.now
	return s, clock
}

func TestMemoryStoreLifecycle(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	tests := []struct {
		name  string
		steps func(s *MemoryStore) error // the result of the last Claim
		want  error
	}{
		{"new id is claimed", func(s *MemoryStore) error { return s.Claim(ctx, "a") }, nil},
		{"claimed id is in progress", func(s *MemoryStore) error {
			require.NoError(t, s.Claim(ctx, "a"))
			return s.Claim(ctx, "a")
		}, ErrInProgress},
		{"completed id is replayed", func(s *MemoryStore) error {
			require.NoError(t, s.Claim(ctx, "a"))
			require.NoError(t, s.Complete(ctx, "a"))
			return s.Claim(ctx, "a")
		}, ErrReplayed},
		{"released id can be claimed again", func(s *MemoryStore) error {
			require.NoError(t, s.Claim(ctx, "a"))
			require.NoError(t, s.Release(ctx, "a"))
			return s.Claim(ctx, "a")
		}, nil},
		{"release does not forget a completed id", func(s *MemoryStore) error {
			require.NoError(t, s.Claim(ctx, "a"))
			require.NoError(t, s.Complete(ctx, "a"))
			require.NoError(t, s.Release(ctx, "a"))
			return s.Claim(ctx, "a")
		}, ErrReplayed},
		{"complete without claim", func(s *MemoryStore) error {
			require.NoError(t, s.Complete(ctx, "a"))
			return s.Claim(ctx, "a")
		}, ErrReplayed},
		{"release of an unknown id", func(s *MemoryStore) error {
			require.NoError(t, s.Release(ctx, "zzz"))
			return s.Claim(ctx, "a")
		}, nil},
		{"ids are independent", func(s *MemoryStore) error {
			require.NoError(t, s.Claim(ctx, "a"))
			require.NoError(t, s.Complete(ctx, "a"))
			return s.Claim(ctx, "b")
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, _ := newTestStore(time.Hour, 10)
			err := tt.steps(s)
			if tt.want == nil {
				assert.NoError(t, err)
			} else {
				assert.ErrorIs(t, err, tt.want)
			}
		})
	}
}

func TestMemoryStoreExpiry(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, clock := newTestStore(time.Hour, 10)
	require.NoError(t, s.Claim(ctx, "done"))
	require.NoError(t, s.Complete(ctx, "done"))
	require.NoError(t, s.Claim(ctx, "stuck")) // never completed nor released
	clock.add(30 * time.Minute)
	require.NoError(t, s.Claim(ctx, "later"))
	assert.Equal(t, 3, s.Len())

	clock.add(30*time.Minute - time.Nanosecond)
	assert.ErrorIs(t, s.Claim(ctx, "done"), ErrReplayed, "kept until ttl")
	assert.ErrorIs(t, s.Claim(ctx, "stuck"), ErrInProgress)

	clock.add(time.Nanosecond)
	assert.Equal(t, 1, s.Len(), "expired entries are dropped")
	assert.NoError(t, s.Claim(ctx, "done"), "forgotten after ttl")
	assert.NoError(t, s.Claim(ctx, "stuck"), "a stuck claim expires too")
	assert.ErrorIs(t, s.Claim(ctx, "later"), ErrInProgress)

	// Completing refreshes the expiry.
	require.NoError(t, s.Complete(ctx, "later"))
	clock.add(59 * time.Minute)
	assert.ErrorIs(t, s.Claim(ctx, "later"), ErrReplayed)
}

func TestMemoryStoreBounded(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, clock := newTestStore(time.Hour, 3)
	for i := range 5 {
		require.NoError(t, s.Claim(ctx, strconv.Itoa(i)))
		require.NoError(t, s.Complete(ctx, strconv.Itoa(i)))
		clock.add(time.Second)
		assert.LessOrEqual(t, s.Len(), 3)
	}
	assert.Equal(t, 3, s.Len())
	assert.NoError(t, s.Claim(ctx, "0"), "oldest evicted")
	assert.NoError(t, s.Claim(ctx, "1"), "second oldest evicted")
	assert.Equal(t, 3, s.Len())
	assert.ErrorIs(t, s.Claim(ctx, "4"), ErrReplayed, "newest kept")

	// Completing moves an id to the back: it outlives older handled ones.
	s2, _ := newTestStore(time.Hour, 2)
	require.NoError(t, s2.Complete(ctx, "w"))
	require.NoError(t, s2.Complete(ctx, "x"))
	require.NoError(t, s2.Complete(ctx, "w")) // w moves behind x
	require.NoError(t, s2.Complete(ctx, "z")) // evicts x, the oldest now
	assert.ErrorIs(t, s2.Claim(ctx, "w"), ErrReplayed)
	assert.NoError(t, s2.Claim(ctx, "x"), "x was evicted")
}

// A full store never drops a claim in progress to make room: another
// delivery of that id would be handled a second time while the first is
// still running. It drops the oldest handled id instead, and holds more
// than maxEntries only while that many deliveries are in progress.
func TestMemoryStoreKeepsClaimsInProgress(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, _ := newTestStore(time.Hour, 2)
	require.NoError(t, s.Claim(ctx, "running"))
	require.NoError(t, s.Complete(ctx, "done"))
	require.NoError(t, s.Claim(ctx, "new")) // full: drops "done", not "running"
	assert.ErrorIs(t, s.Claim(ctx, "running"), ErrInProgress, "the claim in progress survived")
	assert.NoError(t, s.Claim(ctx, "done"), "the handled id made room")
	assert.Equal(t, 3, s.Len(), "three claims in progress, over maxEntries")
	require.NoError(t, s.Complete(ctx, "running"))
	require.NoError(t, s.Complete(ctx, "new"))
	require.NoError(t, s.Complete(ctx, "done"))
	require.NoError(t, s.Complete(ctx, "last")) // back within the bound
	assert.Equal(t, 2, s.Len())
}

func TestMemoryStoreDefaults(t *testing.T) {
	t.Parallel()
	s := NewMemoryStore(0, -1)
	assert.Equal(t, DefaultReplayTTL, s.ttl)
	assert.Equal(t, DefaultReplayMaxEntries, s.max)

	var zero MemoryStore
	ctx := context.Background()
	require.NoError(t, zero.Release(ctx, "a"))
	require.NoError(t, zero.Claim(ctx, "a"))
	require.NoError(t, zero.Complete(ctx, "a"))
	assert.ErrorIs(t, zero.Claim(ctx, "a"), ErrReplayed)
	assert.Equal(t, DefaultReplayTTL, zero.ttl)
}

// Of many concurrent claims of one id, exactly one wins.
func TestMemoryStoreConcurrentClaims(t *testing.T) {
	t.Parallel()
	s := NewMemoryStore(time.Hour, 100)
	var won atomic.Int32
	var wg sync.WaitGroup
	for range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if s.Claim(context.Background(), "same") == nil {
				won.Add(1)
			}
		}()
	}
	wg.Wait()
	assert.Equal(t, int32(1), won.Load())
}
