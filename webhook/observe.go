package webhook

import (
	"context"
	"errors"
	"net/http"
)

// Observer sees every request a handler of NewHandler or NewTenantHandler
// answers: the small hook that tracing and metrics adapters (the zchatotel
// module's Receiver) are built on, so that webhook itself depends on no
// telemetry library. Install one with WithObserver.
type Observer interface {
	// StartDelivery runs when a request arrives, before anything is read,
	// with the request's context and headers (to read trace context from;
	// they are the request's own: do not change them). The context it
	// returns is the request's from then on, so fn runs under it (a span
	// started here is the parent of fn's spans). end runs once, after the
	// answer is written.
	StartDelivery(ctx context.Context, header http.Header) (_ context.Context, end func(Delivery))
}

// Outcome is what became of a delivery.
type Outcome string

// The outcomes of a delivery. Every request ends in exactly one.
const (
	// OutcomeHandled: fn handled the event (200). The event may still fail
	// to be remembered; Delivery.Err says so.
	OutcomeHandled Outcome = "handled"
	// OutcomeDuplicate: the event Id was handled already (200); fn was not
	// called.
	OutcomeDuplicate Outcome = "duplicate"
	// OutcomeInProgress: another delivery of the same Id is being handled
	// right now (503, so the APP Server tries again later).
	OutcomeInProgress Outcome = "in_progress"
	// OutcomeRefused: the request is no valid notification for this
	// receiver and will never be one (4xx): not a POST, too large, a
	// signature or timestamp that does not verify, a body that is no event,
	// a tenant that is unknown or gone.
	OutcomeRefused Outcome = "refused"
	// OutcomeFailed: the receiver could not handle a valid request: fn
	// returned an error or panicked (its StatusError's status, else 500), or
	// the configuration, the tenant lookup or the ReplayStore failed (5xx).
	// The APP Server delivers again unless the status was 410.
	OutcomeFailed Outcome = "failed"
)

// Delivery is the outcome of one request, as an Observer is told.
type Delivery struct {
	ID, Type string // the event's Id and Type; "" until the body is verified and parsed
	Tenant   string // the tenant NewTenantHandler's lookup named; "" for NewHandler
	Outcome  Outcome
	// StatusCode is the status answered.
	StatusCode int
	// Err is why the request was not handled (nil when it was); for
	// OutcomeDuplicate and OutcomeInProgress it wraps ErrReplayed or
	// ErrInProgress. It can hold fn's own error text: an observer records its
	// type, not its message, unless fn's errors are known to hold no data.
	Err error
}

// WithObserver makes the handler tell o about every request it answers (see
// Observer). A nil o is ignored; a second WithObserver replaces the first.
func WithObserver(o Observer) HandlerOption {
	return handlerOptionFunc(func(c *handlerConfig) {
		if o != nil {
			c.observer = o
		}
	})
}

// observedKey is the context key of a request's end func.
type observedKey struct{}

// observe starts the delivery for the handler's observer and returns the
// request with the observer's context, which also carries the end func for
// answer to call.
func (h *handler) observe(r *http.Request) *http.Request {
	ctx, end := h.observer.StartDelivery(r.Context(), r.Header)
	if end == nil {
		return r.WithContext(ctx)
	}
	return r.WithContext(context.WithValue(ctx, observedKey{}, end))
}

// observed tells the observer of r, if any, how r was answered.
func (h *handler) observed(r *http.Request, code int, ev *Event, reason error) {
	if h.observer == nil {
		return
	}
	end, _ := r.Context().Value(observedKey{}).(func(Delivery))
	if end == nil {
		return
	}
	d := Delivery{StatusCode: code, Err: reason}
	if ev != nil {
		d.ID, d.Type, d.Tenant = ev.ID, ev.Type, ev.Tenant
	}
	d.Outcome = outcomeOf(code, d.ID != "", reason)
	end(d)
}

// outcomeOf classifies an answer: before the event is known (parsed is
// false) a 4xx refuses the request and anything else is a failure of the
// receiver; after, the status and the store's sentinels tell.
func outcomeOf(code int, parsed bool, reason error) Outcome {
	switch {
	case !parsed && code < 500:
		return OutcomeRefused
	case !parsed:
		return OutcomeFailed
	case errors.Is(reason, ErrReplayed) && code == http.StatusOK:
		return OutcomeDuplicate
	case code == http.StatusOK:
		return OutcomeHandled
	case errors.Is(reason, ErrInProgress):
		return OutcomeInProgress
	default:
		return OutcomeFailed
	}
}
