package webhook_test

import (
	"testing"

	"github.com/zchat/zchat-go/internal/storetest"
	"github.com/zchat/zchat-go/webhook"
)

// MemoryStore passes the suite every ReplayStore must pass, as far as a
// store in one process's memory can: its values share nothing, so the
// replicas of the proof share one value, and there is no server to lose.
func TestMemoryStoreSuite(t *testing.T) {
	t.Parallel()
	storetest.Run(t, storetest.Suite{
		New: func(_ *testing.T, tg storetest.Target) webhook.ReplayStore {
			return webhook.NewMemoryStore(tg.TTL, 0)
		},
	})
}

// BenchmarkDeliveries: deliveries per second over loopback through a bare
// verifying handler and through NewHandler with a MemoryStore, in one run
// (webhook/redisstore and webhook/pgstore add theirs to the same pair).
func BenchmarkDeliveries(b *testing.B) { storetest.BenchDeliveries(b) }
