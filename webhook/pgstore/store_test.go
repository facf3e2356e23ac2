package pgstore

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zchat/zchat-go/webhook"
)

func TestStoreLifecycle(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	tests := []struct {
		name  string
		steps func(t *testing.T, s, other *Store) error // the result of the last Claim
		want  error
	}{
		{"new id is claimed", func(t *testing.T, s, _ *Store) error { return s.Claim(ctx, "a") }, nil},
		{"claimed id is in progress for another store", func(t *testing.T, s, o *Store) error {
			require.NoError(t, s.Claim(ctx, "a"))
			return o.Claim(ctx, "a")
		}, webhook.ErrInProgress},
		{"claimed id is in progress for the same store", func(t *testing.T, s, _ *Store) error {
			require.NoError(t, s.Claim(ctx, "a"))
			return s.Claim(ctx, "a")
		}, webhook.ErrInProgress},
		{"completed id is replayed", func(t *testing.T, s, o *Store) error {
			require.NoError(t, s.Claim(ctx, "a"))
			require.NoError(t, s.Complete(ctx, "a"))
			return o.Claim(ctx, "a")
		}, webhook.ErrReplayed},
		{"completed id is replayed for the same store", func(t *testing.T, s, _ *Store) error {
			require.NoError(t, s.Claim(ctx, "a"))
			require.NoError(t, s.Complete(ctx, "a"))
			return s.Claim(ctx, "a")
		}, webhook.ErrReplayed},
		{"released id can be claimed again", func(t *testing.T, s, o *Store) error {
			require.NoError(t, s.Claim(ctx, "a"))
			require.NoError(t, s.Release(ctx, "a"))
			return o.Claim(ctx, "a")
		}, nil},
		{"release does not forget a completed id", func(t *testing.T, s, o *Store) error {
			require.NoError(t, s.Claim(ctx, "a"))
			require.NoError(t, s.Complete(ctx, "a"))
			require.NoError(t, s.Release(ctx, "a"))
			return o.Claim(ctx, "a")
		}, webhook.ErrReplayed},
		{"another store cannot release the claim", func(t *testing.T, s, o *Store) error {
			require.NoError(t, s.Claim(ctx, "a"))
			require.NoError(t, o.Release(ctx, "a"))
			return o.Claim(ctx, "a")
		}, webhook.ErrInProgress},
		{"complete without claim", func(t *testing.T, s, o *Store) error {
			require.NoError(t, s.Complete(ctx, "a"))
			return o.Claim(ctx, "a")
		}, webhook.ErrReplayed},
		{"release of an unknown id", func(t *testing.T, s, _ *Store) error {
			require.NoError(t, s.Release(ctx, "zzz"))
			return s.Claim(ctx, "zzz")
		}, nil},
		{"ids are independent and exact", func(t *testing.T, s, o *Store) error {
			require.NoError(t, s.Claim(ctx, "a"))
			require.NoError(t, s.Complete(ctx, "a"))
			require.NoError(t, o.Claim(ctx, "A"))
			require.NoError(t, o.Claim(ctx, "a "))
			return o.Claim(ctx, "b")
		}, nil},
		{"any bytes and any length make an id", func(t *testing.T, s, o *Store) error {
			long := strings.Repeat("x", 64<<10)
			for _, id := range []string{"tenant\x00evt_1", "\xff\xfe", long} {
				require.NoError(t, s.Claim(ctx, id))
				require.NoError(t, s.Complete(ctx, id))
				require.ErrorIs(t, o.Claim(ctx, id), webhook.ErrReplayed)
			}
			return o.Claim(ctx, "tenant\x00evt_2")
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, pool, table := newStore(t)
			other, err := New(ctx, pool, WithTable(table))
			require.NoError(t, err)
			requireIs(t, tt.steps(t, s, other), tt.want)
		})
	}
}

// A claim is a lease: its holder dying (here: never calling Complete or
// Release) does not lose the event; another replica claims it once the
// lease has passed, and not before.
func TestLeaseTakeover(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	const lease = 300 * time.Millisecond
	a, pool, table := newStore(t, WithLease(lease))
	b, err := New(ctx, pool, WithTable(table), WithLease(lease))
	require.NoError(t, err)

	require.NoError(t, a.Claim(ctx, "evt"))
	require.ErrorIs(t, b.Claim(ctx, "evt"), webhook.ErrInProgress, "within the lease")
	time.Sleep(lease + 100*time.Millisecond)
	require.NoError(t, b.Claim(ctx, "evt"), "after the lease")
	require.NoError(t, b.Complete(ctx, "evt"))
	require.ErrorIs(t, a.Claim(ctx, "evt"), webhook.ErrInProgress, "a still holds evt in this process")
}

// A holder whose lease passed and was taken over must not release the new
// holder's claim; and the event, handled by it all the same, stays handled.
func TestStaleHolder(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	const lease = 300 * time.Millisecond
	tests := []struct {
		name      string
		stale     func(s *Store) error // what the stale holder does
		newHolder func(s *Store) error // then what the new holder does
		want      error                // then a third replica's Claim
	}{
		{"stale release keeps the new claim",
			func(s *Store) error { return s.Release(ctx, "evt") },
			func(*Store) error { return nil },
			webhook.ErrInProgress},
		{"stale release, new holder completes",
			func(s *Store) error { return s.Release(ctx, "evt") },
			func(s *Store) error { return s.Complete(ctx, "evt") },
			webhook.ErrReplayed},
		{"stale complete is remembered although the new holder fails",
			func(s *Store) error { return s.Complete(ctx, "evt") },
			func(s *Store) error { return s.Release(ctx, "evt") },
			webhook.ErrReplayed},
		{"new holder fails after a stale release",
			func(s *Store) error { return s.Release(ctx, "evt") },
			func(s *Store) error { return s.Release(ctx, "evt") },
			nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			stale, pool, table := newStore(t, WithLease(lease))
			holder, err := New(ctx, pool, WithTable(table), WithLease(lease))
			require.NoError(t, err)
			third, err := New(ctx, pool, WithTable(table), WithLease(lease))
			require.NoError(t, err)

			require.NoError(t, stale.Claim(ctx, "evt"))
			time.Sleep(lease + 100*time.Millisecond)
			require.NoError(t, holder.Claim(ctx, "evt"))
			require.NoError(t, tt.stale(stale))
			require.NoError(t, tt.newHolder(holder))
			requireIs(t, third.Claim(ctx, "evt"), tt.want)
		})
	}
}

// A handled id is remembered for the TTL, then handled again.
func TestTTL(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	const ttl = 300 * time.Millisecond
	s, pool, table := newStore(t, WithTTL(ttl))
	other, err := New(ctx, pool, WithTable(table), WithTTL(ttl))
	require.NoError(t, err)

	require.NoError(t, s.Claim(ctx, "evt"))
	require.NoError(t, s.Complete(ctx, "evt"))
	require.ErrorIs(t, other.Claim(ctx, "evt"), webhook.ErrReplayed)
	time.Sleep(ttl + 100*time.Millisecond)
	require.NoError(t, other.Claim(ctx, "evt"), "after the TTL")
}

// Many deliveries of one id at once, through many Stores and pools: exactly
// one claim wins.
func TestClaimAtomic(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	first, _, table := newStore(t)
	const stores, perStore, ids = 4, 8, 20
	all := []*Store{first}
	for range stores - 1 {
		p := poolOn(t, testDSN(t), nil)
		s, err := New(ctx, p, WithTable(table))
		require.NoError(t, err)
		all = append(all, s)
	}
	var won [ids]atomic.Int32
	var wg sync.WaitGroup
	for _, s := range all {
		for range perStore {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range ids {
					err := s.Claim(ctx, "evt-"+strconv.Itoa(i))
					if err == nil {
						won[i].Add(1)
						continue
					}
					assert.ErrorIs(t, err, webhook.ErrInProgress)
				}
			}()
		}
	}
	wg.Wait()
	for i := range ids {
		assert.EqualValues(t, 1, won[i].Load(), "id %d", i)
	}
}

func TestOptionsRefused(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	tests := []struct {
		name string
		opt  Option
		want string
	}{
		{"zero lease", WithLease(0), "lease"},
		{"negative lease", WithLease(-time.Second), "lease"},
		{"zero ttl", WithTTL(0), "ttl"},
		{"negative ttl", WithTTL(-time.Hour), "ttl"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			// No server needed: options are checked before any query.
			s, err := New(ctx, silentPool(t), tt.opt)
			require.Error(t, err)
			assert.Nil(t, s)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
	_, err := New(ctx, nil)
	require.ErrorContains(t, err, "nil pool")
}

// requireIs requires err to be want, or nil when want is.
func requireIs(t *testing.T, err, want error) {
	t.Helper()
	if want == nil {
		require.NoError(t, err)
		return
	}
	require.ErrorIs(t, err, want)
}
