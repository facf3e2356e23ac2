package multitenant_test

import (
	"net/http"
	"runtime"
	"testing"

	"github.com/zchat/zchat-go/zchat"
)

// retainedBytesPerClient is the live heap each of n Clients given hc holds
// once made (hc nil: each makes its own pool).
func retainedBytesPerClient(tb testing.TB, n int, hc *http.Client) float64 {
	tb.Helper()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	clients := make([]*zchat.Client, n)
	for i := range clients {
		opts := []zchat.Option{zchat.WithAPIKey(tenantKey(i))}
		if hc != nil {
			opts = append(opts, zchat.WithHTTPClient(hc))
		}
		c, err := zchat.NewClient("https://tenant.example.com", opts...)
		if err != nil {
			tb.Fatal(err)
		}
		clients[i] = c
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(clients)
	return float64(after.HeapAlloc-before.HeapAlloc) / float64(n)
}

// BenchmarkNewClient is the cost of one more tenant's Client given the
// shared http.Client, against a Client that makes its own pool.
func BenchmarkNewClient(b *testing.B) {
	hc := &http.Client{Transport: &http.Transport{}}
	for _, bc := range []struct {
		name string
		hc   *http.Client
	}{{"shared-http-client", hc}, {"own-pool", nil}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				opts := []zchat.Option{zchat.WithAPIKey("zk_tenant_001")}
				if bc.hc != nil {
					opts = append(opts, zchat.WithHTTPClient(bc.hc))
				}
				if _, err := zchat.NewClient("https://tenant.example.com", opts...); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(retainedBytesPerClient(b, 1000, bc.hc), "retained-B/client")
		})
	}
}
