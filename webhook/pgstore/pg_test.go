package pgstore

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net"
	"os"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/require"
)

// dsnEnv names the PostgreSQL the tests use; .ci/postgres.sh starts a
// throwaway server and sets it.
const dsnEnv = "ZCHAT_TEST_PG_DSN"

// testDSN returns the server's DSN, skipping the test without one (failing
// it under CI=true, where the server must be there).
func testDSN(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv(dsnEnv)
	if dsn == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not set: CI must start PostgreSQL (.ci/postgres.sh)", dsnEnv)
		}
		t.Skipf("needs PostgreSQL: set %s (bash .ci/postgres.sh starts one)", dsnEnv)
	}
	return dsn
}

// testPool returns a pool on the test server, closed when t ends.
func testPool(t testing.TB) *pgxpool.Pool {
	t.Helper()
	return poolOn(t, testDSN(t), nil)
}

// poolOn opens a pool on dsn, optionally changing its config first.
func poolOn(t testing.TB, dsn string, edit func(*pgxpool.Config)) *pgxpool.Pool {
	t.Helper()
	cfg, err := pgxpool.ParseConfig(dsn)
	require.NoError(t, err)
	if edit != nil {
		edit(cfg)
	}
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	require.NoError(t, err)
	t.Cleanup(pool.Close)
	return pool
}

// freshTable returns a table name no other test uses, dropped when t ends.
func freshTable(t testing.TB, pool *pgxpool.Pool) string {
	t.Helper()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "zchat_test_" + hex.EncodeToString(b)
	dropAtEnd(t, pool, name)
	return name
}

// dropAtEnd drops table (if it exists) when t ends.
func dropAtEnd(t testing.TB, pool *pgxpool.Pool, table string) {
	t.Cleanup(func() {
		_, err := pool.Exec(context.Background(), "DROP TABLE IF EXISTS "+table)
		require.NoError(t, err)
	})
}

// newStore makes a Store on a fresh table of the test server.
func newStore(t testing.TB, opts ...Option) (*Store, *pgxpool.Pool, string) {
	t.Helper()
	pool := testPool(t)
	table := freshTable(t, pool)
	s, err := New(context.Background(), pool, append([]Option{WithTable(table)}, opts...)...)
	require.NoError(t, err)
	return s, pool, table
}

// poolAt opens a pool on dsn's server, database and user, dialling addr
// (host:port): the server itself or a storetest.Proxy in front of it. A
// short connect timeout, so a call during an outage fails quickly.
func poolAt(t testing.TB, dsn, addr string) *pgxpool.Pool {
	t.Helper()
	host, port, err := net.SplitHostPort(addr)
	require.NoError(t, err)
	p, err := strconv.ParseUint(port, 10, 16)
	require.NoError(t, err)
	return poolOn(t, dsn, func(cfg *pgxpool.Config) {
		cfg.ConnConfig.Host, cfg.ConnConfig.Port = host, uint16(p)
		cfg.ConnConfig.Fallbacks = nil
		cfg.ConnConfig.ConnectTimeout = 2 * time.Second
	})
}

func portString(p uint16) string { return strconv.Itoa(int(p)) }

// silentPool returns a pool on a loopback listener that fails the test if
// anything connects to it: for checks that must refuse before any query.
func silentPool(t testing.TB) *pgxpool.Pool {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	var accepted atomic.Int32
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			accepted.Add(1)
			_ = c.Close()
		}
	}()
	addr := ln.Addr().(*net.TCPAddr)
	pool := poolOn(t, "postgres://nobody@"+addr.String()+"/none?sslmode=disable&connect_timeout=1", nil)
	t.Cleanup(func() {
		pool.Close()
		_ = ln.Close()
		<-done
		require.Zero(t, accepted.Load(), "the check connected to the database")
	})
	return pool
}
