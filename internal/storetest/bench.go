package storetest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/zchat/zchat-go/webhook"
)

// BenchStore is a store in BenchDeliveries.
type BenchStore struct {
	Name string
	// New returns the store for one sub-benchmark, cleaned up with b.Cleanup.
	New func(b *testing.B) webhook.ReplayStore
	// RoundTrips, when set, returns the round trips made to the store's
	// server so far; the benchmark reports them per event.
	RoundTrips func() int64
}

// BenchDeliveries measures deliveries per second over loopback, on
// concurrent keep-alive connections, each a new signed 1 KiB event: through a
// bare handler that only reads and verifies (the baseline), through
// NewHandler with a MemoryStore, and through NewHandler with each of stores.
// Run them in one go test run, so that the ratios compare like with like.
func BenchDeliveries(b *testing.B, stores ...BenchStore) {
	const secret = "zk_live_bench_0000000000000001"
	ok := func(context.Context, *webhook.Event) error { return nil }
	all := append([]BenchStore{
		{Name: "verify-only"},
		{Name: "memorystore", New: func(*testing.B) webhook.ReplayStore { return webhook.NewMemoryStore(0, 0) }},
	}, stores...)
	for _, bs := range all {
		b.Run(bs.Name, func(b *testing.B) {
			var h http.Handler
			if bs.New == nil {
				h = verifyOnly(b, secret)
			} else {
				h = webhook.NewHandler(secret, ok, webhook.WithReplayStore(bs.New(b)))
			}
			runDeliveries(b, h, secret, bs.RoundTrips)
		})
	}
}

// verifyOnly reads and verifies a delivery, and does nothing else.
func verifyOnly(b *testing.B, secret string) http.Handler {
	v, err := webhook.NewVerifier(secret)
	if err != nil {
		b.Fatal(err)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(io.LimitReader(r.Body, webhook.DefaultMaxBodyBytes))
		if err != nil || v.Verify(r.Header, body) != nil {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
}

var benchRun atomic.Int64

func runDeliveries(b *testing.B, h http.Handler, secret string, roundTrips func() int64) {
	srv := httptest.NewServer(h)
	defer srv.Close()
	tr := &http.Transport{MaxIdleConnsPerHost: 64}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr}
	text := strconv.Quote(string(bytes.Repeat([]byte("x"), 900)))
	run := benchRun.Add(1)
	var seq atomic.Int64
	var rt0 int64
	if roundTrips != nil {
		rt0 = roundTrips()
	}
	b.ReportAllocs()
	b.SetParallelism(8)
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			id := "evt_bench_" + strconv.FormatInt(run, 10) + "_" + strconv.FormatInt(seq.Add(1), 10)
			body := fmt.Appendf(nil, `{"Id":%q,"Type":"message.created","Time":"2026-11-24T03:52:27Z","Data":{"MessageId":7,"SessionId":41,"Text":%s}}`, id, text)
			req, err := http.NewRequest(http.MethodPost, srv.URL, bytes.NewReader(body))
			if err != nil {
				b.Error(err)
				return
			}
			now := time.Now()
			req.Header.Set(webhook.HeaderID, id)
			req.Header.Set(webhook.HeaderTimestamp, strconv.FormatInt(now.Unix(), 10))
			req.Header.Set(webhook.HeaderSignature, webhook.Sign(secret, id, now, body))
			resp, err := client.Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				b.Errorf("status %d", resp.StatusCode)
				return
			}
		}
	})
	elapsed := time.Since(start)
	b.StopTimer()
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "deliveries/s")
	if roundTrips != nil {
		b.ReportMetric(float64(roundTrips()-rt0)/float64(b.N), "round-trips/event")
	}
}
