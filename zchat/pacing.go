package zchat

import (
	"context"
	"net/http"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"

	"github.com/zchat/zchat-go/internal/sleep"
)

// pacer keeps a Client from hammering its APP Server (often a small,
// self-hosted IIS box): every attempt waits for a token of the client-side
// rate limit (WithRateLimit), and a 429 or 503 whose Retry-After the Client
// honors pauses every call of the Client, not only the one that got it, until
// that time has passed. Waits end with the caller's context.
type pacer struct {
	limiter    *rate.Limiter // nil: no client-side limit
	pauseUntil atomic.Int64  // Unix nanoseconds; 0 or past: not paused
	pauseMax   time.Duration // the longest pause honored (WithRetryAfterMax)
	now        func() time.Time
}

// wait blocks until the attempt may be sent: the pause has passed and the
// limiter gave a token. It returns the context's cause if that ends first;
// nothing has been sent then.
func (p *pacer) wait(ctx context.Context) error {
	if until := p.pauseUntil.Load(); until != 0 {
		if d := time.Duration(until - p.now().UnixNano()); d > 0 {
			if err := sleep.For(ctx, d); err != nil {
				return err
			}
		}
	}
	if p.limiter == nil {
		return nil
	}
	r := p.limiter.Reserve()
	if !r.OK() {
		return context.Canceled // not reached: burst ≥ 1 is checked by WithRateLimit
	}
	if err := sleep.For(ctx, r.Delay()); err != nil {
		r.Cancel() // give the token back to the calls still waiting
		return err
	}
	return nil
}

// observe pauses the Client after an answer asking for it: a 429 or 503 with
// a Retry-After the Client honors (not over WithRetryAfterMax).
func (p *pacer) observe(resp *http.Response) {
	if resp.StatusCode != http.StatusTooManyRequests && resp.StatusCode != http.StatusServiceUnavailable {
		return
	}
	now := p.now()
	d, ok := parseRetryAfter(resp.Header.Get("Retry-After"), now)
	if !ok || d <= 0 || d > p.pauseMax {
		return
	}
	until := now.Add(d).UnixNano()
	for {
		old := p.pauseUntil.Load()
		if old >= until || p.pauseUntil.CompareAndSwap(old, until) {
			return
		}
	}
}

// WithRateLimit paces the Client: every request it sends, each attempt and
// each retry included, waits for a token of a limiter that allows perSecond
// requests per second on average with bursts of up to burst. The wait ends
// with the caller's context. Use it to protect a small APP Server from a
// loop over many sessions; share one Client so all calls share the limit.
func WithRateLimit(perSecond float64, burst int) Option {
	return func(c *config) error {
		if !(perSecond > 0) {
			return invalidArgument("WithRateLimit", "perSecond must be > 0, got %v", perSecond)
		}
		if burst < 1 {
			return invalidArgument("WithRateLimit", "burst must be ≥ 1, got %d", burst)
		}
		c.rateLimit = rate.NewLimiter(rate.Limit(perSecond), burst)
		return nil
	}
}
