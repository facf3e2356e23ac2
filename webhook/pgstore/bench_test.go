package pgstore

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/zchat/zchat-go/internal/storetest"
	"github.com/zchat/zchat-go/webhook"
)

// BenchmarkDeliveries: deliveries per second over loopback through
// NewHandler with a pgstore Store, against a bare verifying handler and a
// MemoryStore in the same run, with the round trips to PostgreSQL per event.
func BenchmarkDeliveries(b *testing.B) {
	dsn := testDSN(b)
	var counter queryCounter
	storetest.BenchDeliveries(b, storetest.BenchStore{
		Name: "pgstore",
		New: func(b *testing.B) webhook.ReplayStore {
			// As many connections as the benchmark has deliveries in flight.
			pool := poolOn(b, dsn, func(c *pgxpool.Config) {
				c.MaxConns = 32
				c.ConnConfig.Tracer = &counter
			})
			s, err := New(context.Background(), pool, WithTable(freshTable(b, pool)))
			if err != nil {
				b.Fatal(err)
			}
			return s
		},
		RoundTrips: counter.n.Load,
	})
}

// queryCounter counts the statements a pool sends: round trips to the
// database (pgx sends each Exec and QueryRow as one).
type queryCounter struct{ n atomic.Int64 }

func (c *queryCounter) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	c.n.Add(1)
	return ctx
}

func (c *queryCounter) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}
