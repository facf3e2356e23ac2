package webhook

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// deliveryLog is an Observer that keeps what it is told.
type deliveryLog struct {
	mu     sync.Mutex
	starts int
	ends   []Delivery
}

type observerCtxKey struct{}

func (l *deliveryLog) StartDelivery(ctx context.Context, h http.Header) (context.Context, func(Delivery)) {
	l.mu.Lock()
	l.starts++
	l.mu.Unlock()
	return context.WithValue(ctx, observerCtxKey{}, "delivery-span"), func(d Delivery) {
		l.mu.Lock()
		defer l.mu.Unlock()
		l.ends = append(l.ends, d)
	}
}

func (l *deliveryLog) only(t *testing.T) Delivery {
	t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	require.Equal(t, 1, l.starts, "one start per request")
	require.Len(t, l.ends, 1, "one end per request")
	return l.ends[0]
}

// Every answer of both handlers reaches the observer once, with the event's
// Id, Type and tenant when known and the outcome; fn runs under the
// observer's context.
func TestObserverOutcomes(t *testing.T) {
	t.Parallel()
	fnErr := errors.New("crm down")
	tests := []struct {
		name    string
		req     func() *http.Request
		store   ReplayStore // the default MemoryStore unless set
		fnErr   error
		want    Outcome
		status  int
		event   bool // the Id and Type are known
		errIs   error
		handled bool
	}{
		{name: "handled", req: func() *http.Request { return delivery(plainKey, "evt_1", TypeSessionEnded) }, want: OutcomeHandled, status: 200, event: true, handled: true},
		{name: "duplicate", store: &stubStore{claim: ErrReplayed}, req: func() *http.Request { return delivery(plainKey, "evt_1", TypeSessionEnded) }, want: OutcomeDuplicate, status: 200, event: true, errIs: ErrReplayed},
		{name: "in progress", store: &stubStore{claim: ErrInProgress}, req: func() *http.Request { return delivery(plainKey, "evt_1", TypeSessionEnded) }, want: OutcomeInProgress, status: 503, event: true, errIs: ErrInProgress},
		{name: "store down", store: &stubStore{claim: errors.New("redis down")}, req: func() *http.Request { return delivery(plainKey, "evt_1", TypeSessionEnded) }, want: OutcomeFailed, status: 500, event: true},
		{name: "not remembered", store: &stubStore{complete: errors.New("redis down")}, req: func() *http.Request { return delivery(plainKey, "evt_1", TypeSessionEnded) }, want: OutcomeHandled, status: 200, event: true, handled: true},
		{name: "fn fails", fnErr: fnErr, req: func() *http.Request { return delivery(plainKey, "evt_1", TypeSessionEnded) }, want: OutcomeFailed, status: 500, event: true, errIs: fnErr, handled: true},
		{name: "fn answers 410", fnErr: &StatusError{Code: http.StatusGone, Err: fnErr}, req: func() *http.Request { return delivery(plainKey, "evt_1", TypeSessionEnded) }, want: OutcomeFailed, status: 410, event: true, errIs: fnErr, handled: true},
		{name: "bad signature", req: func() *http.Request { return delivery(otherKey, "evt_1", TypeSessionEnded) }, want: OutcomeRefused, status: 401, errIs: ErrInvalidSignature},
		{name: "GET", req: func() *http.Request { return httptest.NewRequest(http.MethodGet, "/", nil) }, want: OutcomeRefused, status: 405},
		{name: "no event", req: func() *http.Request { return signedRequest(plainKey, "evt_1", []byte(`{"Type":"x"}`)) }, want: OutcomeRefused, status: 400},
	}
	for _, ctor := range handlerCtors {
		for _, tt := range tests {
			t.Run(ctor.name+"/"+tt.name, func(t *testing.T) {
				t.Parallel()
				log := &deliveryLog{}
				var fnCtx any
				fn := func(ctx context.Context, _ *Event) error {
					fnCtx = ctx.Value(observerCtxKey{})
					return tt.fnErr
				}
				opts := []HandlerOption{clockAt(t0), WithObserver(log)}
				if tt.store != nil {
					opts = append(opts, WithReplayStore(tt.store))
				}
				w := serve(ctor.make(plainKey, fn, opts...), tt.req())
				require.Equal(t, tt.status, w.Code)

				d := log.only(t)
				assert.Equal(t, tt.want, d.Outcome)
				assert.Equal(t, tt.status, d.StatusCode)
				if tt.event {
					assert.Equal(t, "evt_1", d.ID)
					assert.Equal(t, TypeSessionEnded, d.Type)
				} else {
					assert.Empty(t, d.ID)
					assert.Empty(t, d.Type)
				}
				if tt.status != 405 { // the tenant is looked up after the method check
					assert.Equal(t, ctor.tenant, d.Tenant)
				}
				if tt.errIs != nil {
					assert.ErrorIs(t, d.Err, tt.errIs)
				}
				if tt.want == OutcomeHandled && tt.store == nil {
					assert.NoError(t, d.Err)
				}
				if tt.handled {
					assert.Equal(t, "delivery-span", fnCtx, "fn runs under the observer's context")
				}
			})
		}
	}
}

// A tenant lookup that does not know the tenant refuses the request; one
// that fails is the receiver's failure.
func TestObserverTenantLookup(t *testing.T) {
	t.Parallel()
	tests := []struct {
		tenant string
		status int
		want   Outcome
	}{
		{"acme", 200, OutcomeHandled},
		{"umbrella", 404, OutcomeRefused},
		{"left", 410, OutcomeRefused},
		{"db-down", 503, OutcomeFailed},
		{"no-secrets", 500, OutcomeFailed},
	}
	for _, tt := range tests {
		t.Run(tt.tenant, func(t *testing.T) {
			t.Parallel()
			log := &deliveryLog{}
			ts := newTenantServer(t, WithObserver(log))
			require.Equal(t, tt.status, ts.post(t, tt.tenant, plainKey, "evt_9"))
			d := log.only(t)
			assert.Equal(t, tt.want, d.Outcome)
			assert.Equal(t, tt.status, d.StatusCode)
			if tt.want == OutcomeHandled {
				assert.Equal(t, "acme", d.Tenant)
				assert.Equal(t, "evt_9", d.ID)
			}
		})
	}
}

func TestWithObserverNilIsIgnored(t *testing.T) {
	t.Parallel()
	h := NewHandler(plainKey, func(context.Context, *Event) error { return nil }, clockAt(t0), WithObserver(nil))
	assert.Equal(t, http.StatusOK, serve(h, delivery(plainKey, "evt_1", TypeSessionEnded)).Code)
}
