package pgstore

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"net"
	"os"
	"strconv"
	"sync"
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
	t.Cleanup(func() {
		_, err := pool.Exec(context.Background(), "DROP TABLE IF EXISTS "+name)
		require.NoError(t, err)
	})
	return name
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

// proxy is a loopback TCP proxy in front of the test server that can be cut
// (every connection dropped, new ones refused) and restored: the database
// going away and coming back, without touching the shared server.
type proxy struct {
	ln     net.Listener
	target string

	mu    sync.Mutex
	down  bool
	conns map[net.Conn]struct{}
	wg    sync.WaitGroup
}

// newProxy starts a proxy to the test server.
func newProxy(t testing.TB) *proxy {
	t.Helper()
	cfg, err := pgxpool.ParseConfig(testDSN(t))
	require.NoError(t, err)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	cc := cfg.ConnConfig
	p := &proxy{ln: ln, target: net.JoinHostPort(cc.Host, strconv.Itoa(int(cc.Port))), conns: map[net.Conn]struct{}{}}
	p.wg.Add(1)
	go p.serve()
	t.Cleanup(p.close)
	return p
}

// pool opens a pool that reaches the test server through the proxy. Its
// connections are checked before use, so that once the proxy is restored
// the pool recovers at the next call.
func (p *proxy) pool(t testing.TB) *pgxpool.Pool {
	t.Helper()
	addr := p.ln.Addr().(*net.TCPAddr)
	return poolOn(t, testDSN(t), func(cfg *pgxpool.Config) {
		cfg.ConnConfig.Host, cfg.ConnConfig.Port = addr.IP.String(), uint16(addr.Port)
		cfg.ConnConfig.Fallbacks = nil
		cfg.ConnConfig.ConnectTimeout = 2 * time.Second
	})
}

func (p *proxy) serve() {
	defer p.wg.Done()
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		if p.down {
			p.mu.Unlock()
			_ = c.Close()
			continue
		}
		up, err := net.DialTimeout("tcp", p.target, 5*time.Second)
		if err != nil {
			p.mu.Unlock()
			_ = c.Close()
			continue
		}
		p.conns[c], p.conns[up] = struct{}{}, struct{}{}
		p.wg.Add(2)
		p.mu.Unlock()
		go p.pipe(c, up)
		go p.pipe(up, c)
	}
}

func (p *proxy) pipe(dst, src net.Conn) {
	defer p.wg.Done()
	_, _ = io.Copy(dst, src)
	_ = dst.Close()
	_ = src.Close()
	p.mu.Lock()
	delete(p.conns, dst)
	delete(p.conns, src)
	p.mu.Unlock()
}

// cut drops every connection and refuses new ones until restore.
func (p *proxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.down = true
	for c := range p.conns {
		_ = c.Close()
	}
}

func (p *proxy) restore() {
	p.mu.Lock()
	p.down = false
	p.mu.Unlock()
}

func (p *proxy) close() {
	_ = p.ln.Close()
	p.cut()
	p.wg.Wait()
}

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
