//go:build !race

// Performance assertions, built only without the race detector (which
// changes memory and timing); CI runs them in their own pass:
// go test -run '^TestPerf' ./...

package messages_test

// Every TestPerf* here starts with wiretest.RequirePerf(t), which calls
// t.Skip unless ZCHAT_PERF=1: the timing assertions run only in .ci/run's
// performance pass, never in a plain go test ./... on a busy laptop.

import (
	"context"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/internal/wiretest"
	"github.com/zchat/zchat-go/messages"
	"github.com/zchat/zchat-go/zchat"
)

// streamPeakHeap streams total messages through All and returns two
// figures above the heap at the start: the largest live heap (sampled after
// a GC every 50,000 messages: what the stream holds) and the largest heap
// including garbage not yet collected (sampled after every page: what the
// process needs, at the default GOGC).
func streamPeakHeap(t *testing.T, total int) (live, raw uint64) {
	srv := generator(t, total)
	zc, err := zchat.NewClient(srv.URL)
	require.NoError(t, err)
	mc := messages.New(zc)

	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc
	above := func() uint64 { return ms.HeapAlloc - min(ms.HeapAlloc, base) }
	n := 0
	for m, err := range mc.All(context.Background(), 101, &messages.ListOptions{PageSize: 1000}) {
		require.NoError(t, err)
		n++
		require.Equal(t, n, m.MessageID)
		if n%1000 == 0 {
			runtime.ReadMemStats(&ms)
			raw = max(raw, above())
		}
		if n%50_000 == 0 { // a GC per sample is costly; 20 samples per million
			runtime.GC()
			runtime.ReadMemStats(&ms)
			live = max(live, above())
		}
	}
	require.Equal(t, total, n)
	return live, raw
}

// Streaming a session holds one page at a time: the heap stays flat whether
// the session has 100,000 or 1,000,000 messages, well under 16 MiB.
func TestPerfStreamingHeapIsFlat(t *testing.T) {
	wiretest.RequirePerf(t)
	small, smallRaw := streamPeakHeap(t, 100_000)
	large, largeRaw := streamPeakHeap(t, 1_000_000)
	t.Logf("peak live heap: 100k messages %d KiB, 1M messages %d KiB (ratio %.2f)",
		small>>10, large>>10, float64(large)/float64(max(small, 1)))
	t.Logf("peak heap with garbage: 100k messages %d KiB, 1M messages %d KiB (ratio %.2f)",
		smallRaw>>10, largeRaw>>10, float64(largeRaw)/float64(max(smallRaw, 1)))
	assert.Less(t, large, uint64(16<<20), "live heap, 1M messages")
	assert.Less(t, largeRaw, uint64(16<<20), "heap with garbage, 1M messages")
	// Flat: ten times the messages must not need noticeably more memory.
	assert.Less(t, large, 2*small+(1<<20), "the live heap grew with the message count")
	assert.Less(t, largeRaw, 2*smallRaw+(4<<20), "the heap grew with the message count")
}
