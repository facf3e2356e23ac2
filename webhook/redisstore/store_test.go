package redisstore_test

import (
	"context"
	"net"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/internal/storetest"
	"github.com/zchat/zchat-go/webhook"
	"github.com/zchat/zchat-go/webhook/redisstore"
)

// AddrEnv names the Redis the tests use (host:port); .ci/redis.sh starts a
// throwaway one and sets it.
const AddrEnv = "ZCHAT_TEST_REDIS_ADDR"

// redisAddr returns the test Redis's address, or skips t without one (and
// fails it under CI=true, where .ci/run starts one).
func redisAddr(t *testing.T) string {
	t.Helper()
	addr := os.Getenv(AddrEnv)
	if addr == "" {
		msg := "needs a Redis server: set " + AddrEnv + "=host:port, or run `bash ../../.ci/redis.sh go test ./...`, which starts one"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return addr
}

// newClient is a client to addr, closed when t ends.
func newClient(t *testing.T, addr string) *redis.Client {
	t.Helper()
	rdb := redis.NewClient(&redis.Options{Addr: addr, DialTimeout: time.Second, DialerRetries: 1, MaxRetries: 1})
	t.Cleanup(func() { _ = rdb.Close() })
	return rdb
}

// The proof every ReplayStore passes (internal/storetest), on a real Redis:
// the store contract, three replicas of a tenant handler with two tenants
// sharing ids, a crashed replica, and Redis going away mid-run.
func TestSuite(t *testing.T) {
	addr := redisAddr(t)
	storetest.Run(t, storetest.Suite{
		Addr:   addr,
		Shared: true,
		New: func(t *testing.T, tg storetest.Target) webhook.ReplayStore {
			s := redisstore.New(newClient(t, tg.Addr),
				redisstore.WithPrefix("zchat:test:"+tg.NS+":"), redisstore.WithLease(tg.Lease), redisstore.WithTTL(tg.TTL))
			return s
		},
	})
}

// Keys expire on their own: a claim after its lease, a handled id after its
// TTL; and each holds only the prefix and a fixed-length hash.
func TestKeys(t *testing.T) {
	t.Parallel()
	rdb := newClient(t, redisAddr(t))
	ctx := context.Background()
	prefix := "zchat:test:keys:" + strings.ReplaceAll(t.Name(), "/", "_") + ":"
	s := redisstore.New(rdb, redisstore.WithPrefix(prefix), redisstore.WithLease(30*time.Second), redisstore.WithTTL(2*time.Hour))
	require.NoError(t, s.Ping(ctx))
	t.Cleanup(func() { deleteKeys(t, rdb, prefix) })

	long := strings.Repeat("x", 1<<20)
	require.NoError(t, s.Claim(ctx, "claimed"))
	require.NoError(t, s.Claim(ctx, long))
	require.NoError(t, s.Complete(ctx, long))

	keys, err := rdb.Keys(ctx, prefix+"*").Result()
	require.NoError(t, err)
	require.Len(t, keys, 2)
	var ttls []time.Duration
	for _, k := range keys {
		assert.Len(t, k, len(prefix)+43, "prefix and base64 SHA-256")
		d, err := rdb.PTTL(ctx, k).Result()
		require.NoError(t, err)
		ttls = append(ttls, d)
	}
	if ttls[0] > ttls[1] {
		ttls[0], ttls[1] = ttls[1], ttls[0]
	}
	assert.InDelta(t, 30*time.Second, ttls[0], float64(5*time.Second), "a claim lasts its lease")
	assert.InDelta(t, 2*time.Hour, ttls[1], float64(time.Minute), "a handled id lasts the TTL")
}

// Each event costs two round trips to Redis: claim, then complete (or
// release). A replayed event costs one.
func TestRoundTrips(t *testing.T) {
	t.Parallel()
	rdb := newClient(t, redisAddr(t))
	var n atomic.Int32
	rdb.AddHook(countHook{add: func() { n.Add(1) }})
	ctx := context.Background()
	prefix := "zchat:test:rtt:"
	s := redisstore.New(rdb, redisstore.WithPrefix(prefix))
	t.Cleanup(func() { deleteKeys(t, rdb, prefix) })
	require.NoError(t, s.Ping(ctx)) // loads nothing, but dials
	// The first script run may need EVAL after EVALSHA; warm both scripts.
	require.NoError(t, s.Claim(ctx, "warm"))
	require.NoError(t, s.Release(ctx, "warm"))

	n.Store(0)
	require.NoError(t, s.Claim(ctx, "evt_1"))
	require.NoError(t, s.Complete(ctx, "evt_1"))
	assert.Equal(t, int32(2), n.Load(), "claim + complete")
	n.Store(0)
	require.NoError(t, s.Claim(ctx, "evt_2"))
	require.NoError(t, s.Release(ctx, "evt_2"))
	assert.Equal(t, int32(2), n.Load(), "claim + release")
	n.Store(0)
	assert.ErrorIs(t, s.Claim(ctx, "evt_1"), webhook.ErrReplayed)
	assert.Equal(t, int32(1), n.Load(), "a replay")
}

// countHook counts commands sent.
type countHook struct{ add func() }

func (countHook) DialHook(next redis.DialHook) redis.DialHook { return next }
func (h countHook) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		if cmd.Name() != "ping" {
			h.add()
		}
		return next(ctx, cmd)
	}
}
func (h countHook) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		h.add()
		return next(ctx, cmds)
	}
}

func deleteKeys(t *testing.T, rdb *redis.Client, prefix string) {
	t.Helper()
	ctx := context.Background()
	keys, err := rdb.Keys(ctx, prefix+"*").Result()
	if err == nil && len(keys) > 0 {
		_ = rdb.Del(ctx, keys...).Err()
	}
}

// Bad options are refused before any I/O: every call returns the error (the
// handler answers 500), and Ping reports it at start-up. No server needed.
func TestOptions(t *testing.T) {
	t.Parallel()
	// A client to a port nobody listens on: an error from it would be a
	// network error, not ErrInvalidOption.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	closed := ln.Addr().String()
	require.NoError(t, ln.Close())

	tests := []struct {
		name      string
		nilClient bool
		opts      []redisstore.Option
		bad       bool
	}{
		{"defaults", false, nil, false},
		{"a prefix of letters, digits and :_-.{}", false, []redisstore.Option{redisstore.WithPrefix("{crm-1}:zchat_replay.v2:")}, false},
		{"empty prefix", false, []redisstore.Option{redisstore.WithPrefix("")}, true},
		{"prefix with a space", false, []redisstore.Option{redisstore.WithPrefix("zchat replay:")}, true},
		{"prefix with a glob", false, []redisstore.Option{redisstore.WithPrefix("zchat:*")}, true},
		{"prefix with a newline", false, []redisstore.Option{redisstore.WithPrefix("zchat\r\nFLUSHALL\r\n")}, true},
		{"prefix with non-ASCII", false, []redisstore.Option{redisstore.WithPrefix("zchät:")}, true},
		{"prefix too long", false, []redisstore.Option{redisstore.WithPrefix(strings.Repeat("p", 129))}, true},
		{"zero lease", false, []redisstore.Option{redisstore.WithLease(0)}, true},
		{"negative TTL", false, []redisstore.Option{redisstore.WithTTL(-time.Hour)}, true},
		{"sub-millisecond lease", false, []redisstore.Option{redisstore.WithLease(time.Microsecond)}, true},
		{"nil client", true, nil, true},
		{"nil option ignored", false, []redisstore.Option{nil}, false},
	}
	ctx := context.Background()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			// A client of its own: go-redis starts a background redial
			// after as many failed dials as its pool size.
			var rdb redis.UniversalClient
			if !tt.nilClient {
				rdb = newClient(t, closed)
			}
			s := redisstore.New(rdb, tt.opts...)
			errs := []error{s.Ping(ctx), s.Claim(ctx, "a"), s.Complete(ctx, "a"), s.Release(ctx, "a")}
			for _, err := range errs {
				require.Error(t, err, "nothing listens")
				if tt.bad {
					assert.ErrorIs(t, err, redisstore.ErrInvalidOption)
				} else {
					assert.NotErrorIs(t, err, redisstore.ErrInvalidOption)
				}
				assert.NotContains(t, err.Error(), "FLUSHALL\r", "the prefix is quoted")
			}
		})
	}
}

// BenchmarkDeliveries: deliveries per second over loopback through NewHandler
// with a redisstore, against a bare verifying handler and a MemoryStore in
// the same run, with the round trips to Redis per event.
func BenchmarkDeliveries(b *testing.B) {
	addr := os.Getenv(AddrEnv)
	if addr == "" {
		b.Skip("needs a Redis server: set " + AddrEnv + "=host:port")
	}
	var n atomic.Int64
	storetest.BenchDeliveries(b, storetest.BenchStore{
		Name: "redisstore",
		New: func(b *testing.B) webhook.ReplayStore {
			rdb := redis.NewClient(&redis.Options{Addr: addr, PoolSize: 64})
			b.Cleanup(func() { _ = rdb.Close() })
			rdb.AddHook(countHook{add: func() { n.Add(1) }})
			return redisstore.New(rdb, redisstore.WithPrefix("zchat:bench:"))
		},
		RoundTrips: n.Load,
	})
}
