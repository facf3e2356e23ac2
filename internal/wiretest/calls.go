package wiretest

import (
	"context"
	"net/http"
	"slices"
	"sync"

	"github.com/zchat/zchat-go/zchat"
)

// Calls is a zchat.Observer (install it with zchat.WithObserver) that keeps
// every call a Client makes, as its Request named it: operation, method and
// path template. It is safe for concurrent use.
type Calls struct {
	// Header, when set, is added to each attempt's request with the call's
	// "<operation> <pattern>", so a transport can compare it with where the
	// request actually goes. A call that names no operation adds nothing.
	Header string

	mu    sync.Mutex
	calls []zchat.CallInfo
}

// StartCall records the call.
func (c *Calls) StartCall(ctx context.Context, info zchat.CallInfo) (context.Context, func(zchat.CallResult)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls = append(c.calls, info)
	return ctx, nil
}

// StartAttempt adds the Header, when one is set.
func (c *Calls) StartAttempt(_ context.Context, a zchat.AttemptInfo, h http.Header) func(zchat.AttemptResult) {
	if c.Header != "" && a.Operation != "" {
		h.Set(c.Header, a.Operation+" "+a.Pattern)
	}
	return nil
}

// All returns the calls recorded so far, in the order they started.
func (c *Calls) All() []zchat.CallInfo {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.calls)
}
