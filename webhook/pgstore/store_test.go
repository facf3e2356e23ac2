package pgstore

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zchat/zchat-go/internal/storetest"
	"github.com/zchat/zchat-go/webhook"
)

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

// A database that goes away makes every call fail (so the handler answers
// 5xx), never claim or remember anything; once it is back the same Store
// works without being remade.
func TestDatabaseDown(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	cfg, err := pgxpool.ParseConfig(testDSN(t))
	require.NoError(t, err)
	px := storetest.NewProxy(t, addrOf(cfg))
	s, err := New(ctx, poolAt(t, testDSN(t), px.Addr()), WithTable(freshTable(t, testPool(t))))
	require.NoError(t, err)
	require.NoError(t, s.Claim(ctx, "held"))

	px.Down()
	callCtx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	for name, err := range map[string]error{
		"claim":    s.Claim(callCtx, "evt"),
		"complete": s.Complete(callCtx, "held"),
		"release":  s.Release(callCtx, "other"),
	} {
		require.Error(t, err, name)
		assert.NotErrorIs(t, err, webhook.ErrReplayed, name)
		assert.NotErrorIs(t, err, webhook.ErrInProgress, name)
		assert.Contains(t, err.Error(), "pgstore: ", name)
	}

	px.Up()
	require.NoError(t, s.Claim(ctx, "evt"), "recovers when the database is back")
	require.NoError(t, s.Complete(ctx, "evt"))
	require.ErrorIs(t, s.Claim(ctx, "evt"), webhook.ErrReplayed)
	// "held" was never completed: its claim is still ours and in the database.
	require.ErrorIs(t, s.Claim(ctx, "held"), webhook.ErrInProgress)
}
