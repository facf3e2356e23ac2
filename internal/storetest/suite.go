package storetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
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

// Target is what Suite.New makes a store value for.
type Target struct {
	// Addr is the host:port to connect to: Suite.Addr, or a Proxy's in the
	// outage test. "" when Suite.Addr is.
	Addr string
	// NS is a namespace unique to the subtest: lower-case letters, digits
	// and underscores, starting with a letter, at most 40 bytes; use it as
	// the key prefix or table name. Values made for one NS share their data
	// (when Suite.Shared); values for different ones never do.
	NS string
	// Lease is the claim lease, TTL how long a handled id is remembered.
	Lease, TTL time.Duration
}

// Suite is a ReplayStore under test.
type Suite struct {
	// Addr is the server's host:port; "" for a store in memory, which skips
	// the outage test.
	Addr string
	// New returns a new store value for tg: as a separate replica would make
	// it. It cleans up after itself with t.Cleanup.
	New func(t *testing.T, tg Target) webhook.ReplayStore
	// Shared says that values made for one NS share their data, as stores
	// on a server do. A store in memory is not shared: the suite then gives
	// every replica the same value and skips the tests between owners.
	Shared bool
}

// Leases and TTLs of the tests that wait for one to pass: long enough that a
// loaded machine (-race, two busy cores) does not let one pass early.
const (
	shortLease = time.Second
	shortTTL   = 1500 * time.Millisecond
	// margin is added to a wait for a lease or TTL to pass: clocks of the
	// test and the server, and the server's expiry sweep.
	margin = 300 * time.Millisecond
	// longLease and longTTL never pass during a test.
	longLease = time.Minute
	longTTL   = time.Hour
)

// Run runs every test of the suite on s as subtests of t.
func Run(t *testing.T, s Suite) {
	t.Helper()
	require.NotNil(t, s.New, "storetest: Suite.New is nil")
	t.Run("Lifecycle", func(t *testing.T) { testLifecycle(t, s) })
	t.Run("HeldPastLease", func(t *testing.T) { testHeldPastLease(t, s) })
	t.Run("TTL", func(t *testing.T) { testTTL(t, s) })
	t.Run("Ids", func(t *testing.T) { testIDs(t, s) })
	t.Run("ConcurrentClaims", func(t *testing.T) { testConcurrentClaims(t, s) })
	t.Run("Owners", func(t *testing.T) { testOwners(t, s) })
	t.Run("Takeover", func(t *testing.T) { testTakeover(t, s) })
	t.Run("Replicas", func(t *testing.T) { testReplicas(t, s) })
	t.Run("CrashedReplica", func(t *testing.T) { testCrashedReplica(t, s) })
	t.Run("Outage", func(t *testing.T) { testOutage(t, s) })
}

var nsCount atomic.Int64

// newNS returns a namespace no other test uses, in this process or another.
func newNS() string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return "zt_" + hex.EncodeToString(b[:]) + "_" + strconv.FormatInt(nsCount.Add(1), 10)
}

// values makes n store values for one new namespace: n owners when the
// store is shared, one value n times when it is not.
func (s Suite) values(t *testing.T, n int, addr string, lease, ttl time.Duration) []webhook.ReplayStore {
	t.Helper()
	tg := Target{Addr: addr, NS: newNS(), Lease: lease, TTL: ttl}
	out := make([]webhook.ReplayStore, n)
	for i := range out {
		if i == 0 || s.Shared {
			out[i] = s.New(t, tg)
			require.NotNil(t, out[i], "storetest: Suite.New returned nil")
		} else {
			out[i] = out[0]
		}
	}
	return out
}

var ctx = context.Background()

// testLifecycle is the contract on one store value.
func testLifecycle(t *testing.T, s Suite) {
	tests := []struct {
		name  string
		steps func(t *testing.T, st webhook.ReplayStore) error // the result of the last Claim
		want  error
	}{
		{"a new id is claimed", func(t *testing.T, st webhook.ReplayStore) error { return st.Claim(ctx, "a") }, nil},
		{"a claimed id is in progress", func(t *testing.T, st webhook.ReplayStore) error {
			require.NoError(t, st.Claim(ctx, "a"))
			return st.Claim(ctx, "a")
		}, webhook.ErrInProgress},
		{"a completed id is replayed", func(t *testing.T, st webhook.ReplayStore) error {
			require.NoError(t, st.Claim(ctx, "a"))
			require.NoError(t, st.Complete(ctx, "a"))
			return st.Claim(ctx, "a")
		}, webhook.ErrReplayed},
		{"a released id is claimed again", func(t *testing.T, st webhook.ReplayStore) error {
			require.NoError(t, st.Claim(ctx, "a"))
			require.NoError(t, st.Release(ctx, "a"))
			return st.Claim(ctx, "a")
		}, nil},
		{"release does not forget a completed id", func(t *testing.T, st webhook.ReplayStore) error {
			require.NoError(t, st.Claim(ctx, "a"))
			require.NoError(t, st.Complete(ctx, "a"))
			require.NoError(t, st.Release(ctx, "a"))
			return st.Claim(ctx, "a")
		}, webhook.ErrReplayed},
		{"complete without a claim", func(t *testing.T, st webhook.ReplayStore) error {
			require.NoError(t, st.Complete(ctx, "a"))
			return st.Claim(ctx, "a")
		}, webhook.ErrReplayed},
		{"complete twice", func(t *testing.T, st webhook.ReplayStore) error {
			require.NoError(t, st.Claim(ctx, "a"))
			require.NoError(t, st.Complete(ctx, "a"))
			require.NoError(t, st.Complete(ctx, "a"))
			return st.Claim(ctx, "a")
		}, webhook.ErrReplayed},
		{"release of an unknown id", func(t *testing.T, st webhook.ReplayStore) error {
			require.NoError(t, st.Release(ctx, "zzz"))
			return st.Claim(ctx, "zzz")
		}, nil},
		{"ids are independent", func(t *testing.T, st webhook.ReplayStore) error {
			require.NoError(t, st.Claim(ctx, "a"))
			require.NoError(t, st.Complete(ctx, "a"))
			return st.Claim(ctx, "b")
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			st := s.values(t, 1, s.Addr, longLease, longTTL)[0]
			err := tt.steps(t, st)
			if tt.want == nil {
				assert.NoError(t, err)
			} else {
				assert.ErrorIs(t, err, tt.want)
			}
		})
	}
}

// testHeldPastLease: a value's own claim lasts until Complete or Release,
// even past the lease: its holder is alive in this process.
func testHeldPastLease(t *testing.T, s Suite) {
	t.Parallel()
	st := s.values(t, 1, s.Addr, shortLease, longTTL)[0]
	require.NoError(t, st.Claim(ctx, "a"))
	time.Sleep(shortLease + margin)
	assert.ErrorIs(t, st.Claim(ctx, "a"), webhook.ErrInProgress)
	require.NoError(t, st.Release(ctx, "a"))
	assert.NoError(t, st.Claim(ctx, "a"))
}

// testTTL: a handled id is remembered for the TTL, then forgotten.
func testTTL(t *testing.T, s Suite) {
	t.Parallel()
	vs := s.values(t, 2, s.Addr, longLease, shortTTL)
	require.NoError(t, vs[0].Claim(ctx, "a"))
	require.NoError(t, vs[0].Complete(ctx, "a"))
	assert.ErrorIs(t, vs[1].Claim(ctx, "a"), webhook.ErrReplayed)
	time.Sleep(shortTTL + margin)
	assert.NoError(t, vs[1].Claim(ctx, "a"), "remembered past the TTL")
}

// testIDs: ids may hold any bytes and any length; distinct ids never meet.
func testIDs(t *testing.T, s Suite) {
	t.Parallel()
	st := s.values(t, 1, s.Addr, longLease, longTTL)[0]
	ids := []string{
		"a", "A", "a\x00b", "a\x00c", "a\x00", "\x00", " a", "a ", "a\nb", "é", "e\u0301",
		"\xff\xfe invalid UTF-8", "%", "_", "*", "?", "'", `"`, `\`, "a:b", "1:a:b",
		strings.Repeat("x", 64<<10), strings.Repeat("x", 64<<10-1) + "y",
	}
	for _, id := range ids {
		require.NoError(t, st.Claim(ctx, id), "claim %.20q", id)
	}
	for i, id := range ids {
		if i%2 == 0 {
			require.NoError(t, st.Complete(ctx, id))
		}
	}
	for i, id := range ids {
		want := webhook.ErrInProgress
		if i%2 == 0 {
			want = webhook.ErrReplayed
		}
		assert.ErrorIs(t, st.Claim(ctx, id), want, "id %.20q", id)
	}
}

// testConcurrentClaims: many deliveries claim one id at once, through
// several owners: exactly one wins.
func testConcurrentClaims(t *testing.T, s Suite) {
	t.Parallel()
	vs := s.values(t, 3, s.Addr, longLease, longTTL)
	for round := range 5 {
		id := "evt_" + strconv.Itoa(round)
		var won, busy atomic.Int32
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range 30 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				switch err := vs[i%len(vs)].Claim(ctx, id); {
				case err == nil:
					won.Add(1)
				case assert.ErrorIs(t, err, webhook.ErrInProgress):
					busy.Add(1)
				}
			}()
		}
		close(start)
		wg.Wait()
		assert.Equal(t, int32(1), won.Load(), "winners of %s", id)
		assert.Equal(t, int32(29), busy.Load(), "in progress for %s", id)
	}
}

// testOwners: what one owner does is seen by the others.
func testOwners(t *testing.T, s Suite) {
	if !s.Shared {
		t.Skip("store values do not share data: a store in memory has one owner")
	}
	tests := []struct {
		name  string
		steps func(t *testing.T, a, b webhook.ReplayStore) error // the result of c's Claim
		want  error
	}{
		{"a claim is in progress for others", func(t *testing.T, a, b webhook.ReplayStore) error {
			require.NoError(t, a.Claim(ctx, "x"))
			assert.ErrorIs(t, b.Claim(ctx, "x"), webhook.ErrInProgress)
			return nil
		}, webhook.ErrInProgress},
		{"a completed id is replayed for others", func(t *testing.T, a, b webhook.ReplayStore) error {
			require.NoError(t, a.Claim(ctx, "x"))
			require.NoError(t, a.Complete(ctx, "x"))
			assert.ErrorIs(t, b.Claim(ctx, "x"), webhook.ErrReplayed)
			return nil
		}, webhook.ErrReplayed},
		{"a released id is claimed by another", func(t *testing.T, a, b webhook.ReplayStore) error {
			require.NoError(t, a.Claim(ctx, "x"))
			require.NoError(t, a.Release(ctx, "x"))
			assert.NoError(t, b.Claim(ctx, "x"))
			return nil
		}, webhook.ErrInProgress},
		{"release frees only the caller's own claim", func(t *testing.T, a, b webhook.ReplayStore) error {
			require.NoError(t, a.Claim(ctx, "x"))
			require.NoError(t, b.Release(ctx, "x"))
			return nil
		}, webhook.ErrInProgress},
		{"complete by another owner marks the id handled", func(t *testing.T, a, b webhook.ReplayStore) error {
			require.NoError(t, a.Claim(ctx, "x"))
			require.NoError(t, b.Complete(ctx, "x"))
			require.NoError(t, a.Release(ctx, "x"))
			return nil
		}, webhook.ErrReplayed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			vs := s.values(t, 3, s.Addr, longLease, longTTL)
			tt.steps(t, vs[0], vs[1])
			assert.ErrorIs(t, vs[2].Claim(ctx, "x"), tt.want)
		})
	}
}

// testTakeover: once a claim's lease has passed, another owner takes the id
// (its holder is presumed dead); the stale holder can then neither free the
// new claim nor have its late answer undo the new holder's work.
func testTakeover(t *testing.T, s Suite) {
	if !s.Shared {
		t.Skip("store values do not share data: a store in memory has one owner")
	}
	tests := []struct {
		name  string
		steps func(t *testing.T, stale, fresh webhook.ReplayStore) // after fresh took the claim over
		want  error                                                // a third owner's Claim
	}{
		{"the new holder keeps the claim", func(t *testing.T, stale, fresh webhook.ReplayStore) {}, webhook.ErrInProgress},
		{"the stale holder's release leaves the new claim", func(t *testing.T, stale, fresh webhook.ReplayStore) {
			require.NoError(t, stale.Release(ctx, "x"))
		}, webhook.ErrInProgress},
		{"the new holder completes", func(t *testing.T, stale, fresh webhook.ReplayStore) {
			require.NoError(t, stale.Release(ctx, "x"))
			require.NoError(t, fresh.Complete(ctx, "x"))
		}, webhook.ErrReplayed},
		{"the new holder releases", func(t *testing.T, stale, fresh webhook.ReplayStore) {
			require.NoError(t, fresh.Release(ctx, "x"))
		}, nil},
		{"the stale holder handled it after all", func(t *testing.T, stale, fresh webhook.ReplayStore) {
			require.NoError(t, stale.Complete(ctx, "x"))
			require.NoError(t, fresh.Release(ctx, "x"))
		}, webhook.ErrReplayed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			vs := s.values(t, 3, s.Addr, shortLease, longTTL)
			stale, fresh, third := vs[0], vs[1], vs[2]
			require.NoError(t, stale.Claim(ctx, "x"))
			require.ErrorIs(t, fresh.Claim(ctx, "x"), webhook.ErrInProgress, "taken before the lease passed")
			time.Sleep(shortLease + margin)
			require.NoError(t, fresh.Claim(ctx, "x"), "not taken over after the lease")
			tt.steps(t, stale, fresh)
			err := third.Claim(ctx, "x")
			if tt.want == nil {
				assert.NoError(t, err)
			} else {
				assert.ErrorIs(t, err, tt.want)
			}
		})
	}
}
