package pgstore

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/zchat/zchat-go/webhook"
)

const benchSecret = "zk_live_7f3a9c2e41b84d0f"

// delivery is one signed notification, made before the clock runs.
type delivery struct {
	h    http.Header
	body []byte
}

// deliveries signs n events with distinct ids (a few hundred bytes each, a
// message.created's size).
func deliveries(n int) []delivery {
	now := time.Now()
	out := make([]delivery, n)
	for i := range out {
		id := "evt_bench_" + strconv.Itoa(i)
		body := fmt.Appendf(nil, `{"Id":%q,"Type":"message.created","Time":"2026-11-24T03:52:27Z","Data":{"MessageId":%d,"SessionId":41,"SenderId":"User:3","Text":"hello, I would like to know the status of my order 8841"}}`, id, i)
		h := http.Header{}
		h.Set("webhook-id", id)
		h.Set(webhook.HeaderTimestamp, strconv.FormatInt(now.Unix(), 10))
		h.Set(webhook.HeaderSignature, webhook.Sign(benchSecret, id, now, body))
		out[i] = delivery{h: h, body: body}
	}
	return out
}

// queryCounter counts the statements a pool sends: round trips to the
// database (pgx sends each Exec and QueryRow as one).
type queryCounter struct{ n atomic.Int64 }

func (c *queryCounter) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	c.n.Add(1)
	return ctx
}
func (c *queryCounter) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

// BenchmarkHandler measures deliveries per second through NewTenantHandler
// with a pgstore Store, against a bare handler that only reads and verifies
// in the same run; 16 deliveries in flight, each with a new id, handled by a
// function that does nothing (so the figure is the SDK's and the store's
// cost). rt/op is the database round trips per delivery.
func BenchmarkHandler(b *testing.B) {
	verifier, err := webhook.NewVerifier(benchSecret)
	if err != nil {
		b.Fatal(err)
	}
	bare := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(io.LimitReader(r.Body, webhook.DefaultMaxBodyBytes))
		if err == nil {
			err = verifier.Verify(r.Header, body)
		}
		if err != nil {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
	lookup := func(*http.Request) (string, []string, error) { return "acme", []string{benchSecret}, nil }
	nop := func(context.Context, *webhook.Event) error { return nil }

	b.Run("bare-verify", func(b *testing.B) { benchDeliveries(b, bare, nil) })
	b.Run("tenant-handler-no-store", func(b *testing.B) {
		benchDeliveries(b, webhook.NewTenantHandler(lookup, nop, webhook.WithReplayStore(nil)), nil)
	})
	b.Run("tenant-handler-pgstore", func(b *testing.B) {
		var counter queryCounter
		pool := poolOn(b, testDSN(b), func(c *pgxpool.Config) {
			c.MaxConns = 16
			c.ConnConfig.Tracer = &counter
		})
		s, err := New(context.Background(), pool, WithTable(freshTable(b, testPool(b))))
		if err != nil {
			b.Fatal(err)
		}
		benchDeliveries(b, webhook.NewTenantHandler(lookup, nop, webhook.WithReplayStore(s)), &counter)
	})
}

// benchDeliveries serves b.N distinct deliveries to h from 16 goroutines,
// calling ServeHTTP directly (no network between the APP Server and the
// handler; the store's own connections are loopback TCP).
func benchDeliveries(b *testing.B, h http.Handler, counter *queryCounter) {
	ds := deliveries(b.N)
	var next atomic.Int64
	b.SetParallelism(max(1, 16/runtime.GOMAXPROCS(0)))
	b.ReportAllocs()
	before := int64(0)
	if counter != nil {
		before = counter.n.Load()
	}
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			d := ds[next.Add(1)-1]
			r := httptest.NewRequest(http.MethodPost, "/zchat/notify/acme", bytes.NewReader(d.body))
			r.Header = d.h
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != http.StatusOK {
				b.Errorf("status %d", w.Code)
				return
			}
		}
	})
	elapsed := time.Since(start)
	b.StopTimer()
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "deliveries/s")
	if counter != nil {
		b.ReportMetric(float64(counter.n.Load()-before)/float64(b.N), "rt/op")
	}
}
