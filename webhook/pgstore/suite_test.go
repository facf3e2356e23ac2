package pgstore

import (
	"context"
	"net"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/require"
	"github.com/zchat/zchat-go/internal/storetest"
	"github.com/zchat/zchat-go/webhook"
)

// TestSuite runs the proof every ReplayStore must pass against a real
// PostgreSQL: the contract (claims, leases and their takeover, ownership,
// TTL, any ids, concurrent claims across owners), then three replicas of a
// NewTenantHandler, each with its own Store on the same table, receiving two
// tenants' events with the same ids four times at once (each handled exactly
// once, none lost; cross-tenant signatures and unknown tenants refused), a
// replica that dies holding a claim (handled by another after the lease),
// and the database going away mid-run (5xx, nothing remembered unhandled,
// recovery when it is back).
func TestSuite(t *testing.T) {
	t.Parallel()
	dsn := testDSN(t)
	cfg, err := pgxpool.ParseConfig(dsn)
	require.NoError(t, err)
	cleanup := testPool(t) // drops the tables the replicas share, once
	storetest.Run(t, storetest.Suite{
		Addr:   addrOf(cfg),
		Shared: true,
		New: func(t *testing.T, tg storetest.Target) webhook.ReplayStore {
			// A pool of its own per value, as each replica would have.
			pool := poolAt(t, dsn, tg.Addr)
			dropAtEnd(t, cleanup, tg.NS)
			s, err := New(context.Background(), pool, WithTable(tg.NS), WithLease(tg.Lease), WithTTL(tg.TTL))
			require.NoError(t, err)
			return s
		},
	})
}

// addrOf is the host:port a pool config dials.
func addrOf(cfg *pgxpool.Config) string {
	return net.JoinHostPort(cfg.ConnConfig.Host, portString(cfg.ConnConfig.Port))
}
