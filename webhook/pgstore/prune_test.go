package pgstore

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// settableClock drives a pruner's schedule.
type settableClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *settableClock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *settableClock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// Expired rows go without a job: a Claim prunes at most a batch, at most
// once a minute, sooner when the table is behind; live rows stay.
func TestPrune(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, pool, table := newStore(t)
	clock := &settableClock{t: time.Now()}
	s.prune.now = clock.now
	count := func(where string) int {
		var n int
		require.NoError(t, pool.QueryRow(ctx, "SELECT count(*) FROM "+table+" WHERE "+where).Scan(&n))
		return n
	}

	// 2.5 batches of rows past their time, and two live ones.
	expired := pruneBatch * 5 / 2
	_, err := pool.Exec(ctx, `INSERT INTO `+table+` (key, state, owner, expires_at)
		SELECT sha256(i::text::bytea), 'done', '\x00', now() - interval '1 second' FROM generate_series(1, $1) i`, expired)
	require.NoError(t, err)
	require.NoError(t, s.Complete(ctx, "live-done"))
	require.NoError(t, s.Claim(ctx, "live-claim")) // the first claim prunes a batch
	assert.Equal(t, expired-pruneBatch, count("expires_at < now()"), "first claim: one batch")

	require.NoError(t, s.Claim(ctx, "c2")) // that batch was full: prune again now
	assert.Equal(t, expired-2*pruneBatch, count("expires_at < now()"), "behind: the next claim prunes too")

	require.NoError(t, s.Claim(ctx, "c3")) // a full batch again
	assert.Zero(t, count("expires_at < now()"), "the rest")

	// Not full: the next prune waits a minute.
	_, err = pool.Exec(ctx, `INSERT INTO `+table+` (key, state, owner, expires_at)
		SELECT sha256(('late'||i)::bytea), 'claimed', '\x00', now() - interval '1 second' FROM generate_series(1, 10) i`)
	require.NoError(t, err)
	require.NoError(t, s.Claim(ctx, "c4"))
	assert.Equal(t, 10, count("expires_at < now()"), "within the minute: no prune")
	clock.add(pruneEvery)
	require.NoError(t, s.Claim(ctx, "c5"))
	assert.Zero(t, count("expires_at < now()"), "a minute later")

	for _, id := range []string{"live-done", "live-claim", "c2", "c3", "c4", "c5"} {
		assert.Equal(t, 1, count("key = sha256('"+id+"'::bytea)"), "live row %s stays", id)
	}
	assert.Equal(t, 6, count("true"))
}
