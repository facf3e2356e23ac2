package zchat_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/zchat/zchat-go/zchat"
)

// nopObserver is an Observer that does nothing: what the hook itself costs
// once one is installed.
type nopObserver struct{}

func (nopObserver) StartCall(ctx context.Context, _ zchat.CallInfo) (context.Context, func(zchat.CallResult)) {
	return ctx, nil
}

func (nopObserver) StartAttempt(context.Context, zchat.AttemptInfo, http.Header) func(zchat.AttemptResult) {
	return nil
}

// BenchmarkObserver shows that a Client with no Observer (the default)
// costs what it did before the hook existed, against bare net/http (the
// baseline) on the same loopback server; "nop-observer" is the hook's own
// cost with an Observer that does nothing. See docs/PERFORMANCE.md.
func BenchmarkObserver(b *testing.B) {
	srv := benchServer(b)
	b.Run("baseline=net/http", benchGetBaseline(srv.URL))
	b.Run("sdk,no-observer", benchGetSDK(srv.URL))
	b.Run("sdk,nop-observer", func(b *testing.B) {
		c, err := zchat.NewClient(srv.URL, zchat.WithAPIKey("k"), zchat.WithObserver(nopObserver{}))
		if err != nil {
			b.Fatal(err)
		}
		req := zchat.Request{Method: http.MethodGet, Path: zchat.Path("agents", 3), Operation: "getAgent", Pattern: "/agents/{userId}"}
		b.ReportAllocs()
		for b.Loop() {
			var a benchAgent
			r := req
			if _, err := c.Do(context.Background(), &r, &a); err != nil || a.UserID != 3 {
				b.Fatal(err)
			}
		}
	})
}
