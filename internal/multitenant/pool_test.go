package multitenant_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/zchat"
)

// appServer is a loopback APP Server answering /api/v1/ping for any of the
// tenants' keys, counting the connections it accepts and the keys it saw.
type appServer struct {
	*httptest.Server
	conns atomic.Int32
	mu    sync.Mutex
	keys  map[string]int
}

func newAppServer(t *testing.T) *appServer {
	t.Helper()
	s := &appServer{keys: map[string]int{}}
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || r.URL.Path != "/api/v1/ping" {
			http.Error(w, `{"Code":"unauthorized","Message":"no key"}`, http.StatusUnauthorized)
			return
		}
		s.mu.Lock()
		s.keys[key]++
		s.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Request-Id", "req-1")
		fmt.Fprintf(w, `{"Version":"5.1","Time":"2026-11-24T03:52:27Z"}`)
	}))
	s.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		if st == http.StateNew {
			s.conns.Add(1)
		}
	}
	s.Start()
	t.Cleanup(s.Close)
	return s
}

func tenantKey(i int) string { return fmt.Sprintf("zk_tenant_%03d", i) }

// newTenantClients makes one zchat.Client per tenant for the server at
// urls[i%len(urls)], all given hc when it is not nil.
func newTenantClients(t *testing.T, n int, hc *http.Client, urls ...string) []*zchat.Client {
	t.Helper()
	clients := make([]*zchat.Client, n)
	for i := range clients {
		opts := []zchat.Option{zchat.WithAPIKey(tenantKey(i))}
		if hc != nil {
			opts = append(opts, zchat.WithHTTPClient(hc))
		}
		c, err := zchat.NewClient(urls[i%len(urls)], opts...)
		require.NoError(t, err)
		clients[i] = c
	}
	return clients
}

// Many tenants' Clients given one http.Client share its connections: calls
// made one after another, by every tenant in turn, use one connection per
// server, and each request still carries its own tenant's key.
func TestTenantClientsShareOneConnectionPool(t *testing.T) {
	t.Parallel()
	const tenants, rounds = 50, 3
	tests := []struct {
		name      string
		servers   int
		shared    bool
		wantConns int32 // per server
	}{
		{"one http.Client, one server", 1, true, 1},
		{"one http.Client, two servers", 2, true, 1},
		{"a pool per Client (the baseline)", 1, false, tenants},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var servers []*appServer
			var urls []string
			for range tt.servers {
				s := newAppServer(t)
				servers, urls = append(servers, s), append(urls, s.URL)
			}
			var hc *http.Client
			if tt.shared {
				tr := &http.Transport{MaxIdleConns: 256, MaxIdleConnsPerHost: 64, IdleConnTimeout: time.Minute}
				t.Cleanup(tr.CloseIdleConnections)
				hc = &http.Client{Transport: tr}
			}
			clients := newTenantClients(t, tenants, hc, urls...)
			ctx := context.Background()
			for range rounds {
				for _, c := range clients {
					_, err := c.Ping(ctx)
					require.NoError(t, err)
				}
			}
			if !tt.shared {
				// Each Client made its own pool: close their connections,
				// or goleak would see them idle.
				for _, s := range servers {
					s.CloseClientConnections()
				}
			}
			for si, s := range servers {
				assert.Equal(t, tt.wantConns, s.conns.Load(), "connections to server %d", si)
				s.mu.Lock()
				want := map[string]int{}
				for i := si; i < tenants; i += tt.servers { // client i calls urls[i%servers]
					want[tenantKey(i)] = rounds
				}
				assert.Equal(t, want, s.keys, "each request carries its own tenant's key")
				s.mu.Unlock()
			}
		})
	}
}

// Concurrent calls of many tenants share the pool too, and its limits hold
// across all tenants: with MaxConnsPerHost set, 200 tenants' calls use at
// most that many connections.
func TestTenantClientsShareConnectionsConcurrently(t *testing.T) {
	t.Parallel()
	const tenants, workers, calls = 200, 8, 1000
	s := newAppServer(t)
	tr := &http.Transport{MaxIdleConns: 256, MaxIdleConnsPerHost: 64, MaxConnsPerHost: workers}
	t.Cleanup(tr.CloseIdleConnections)
	clients := newTenantClients(t, tenants, &http.Client{Transport: tr}, s.URL)
	var next atomic.Int32
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= calls {
					return
				}
				if _, err := clients[i%tenants].Ping(context.Background()); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	assert.LessOrEqual(t, s.conns.Load(), int32(workers), "connections for %d tenants", tenants)
	s.mu.Lock()
	defer s.mu.Unlock()
	assert.Len(t, s.keys, tenants)
}
