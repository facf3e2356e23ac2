package wiretest

import (
	"encoding/json"
	"testing"

	"github.com/zchat/zchat-go/zchat"
)

// DecodePages is the body of a page-decoding benchmark: it reports
// allocations and bytes per operation, and decodes page, a list page as the
// server writes it, into a zchat.Page[T] per iteration, failing unless it
// decodes to items items.
func DecodePages[T any](b *testing.B, page []byte, items int) {
	b.Helper()
	b.ReportAllocs()
	b.SetBytes(int64(len(page)))
	for b.Loop() {
		var p zchat.Page[T]
		if err := json.Unmarshal(page, &p); err != nil || len(p.Items) != items {
			b.Fatalf("decoded %d items (%v), want %d", len(p.Items), err, items)
		}
	}
}
