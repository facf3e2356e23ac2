package webhook

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/sessions"
)

// delivery builds a signed POST of an event, as the APP Server sends it.
func delivery(secret, id, typ string) *http.Request {
	body := eventBody(id, typ, sampleData[TypeSessionEnded])
	return signedRequest(secret, id, body)
}

func signedRequest(secret, id string, body []byte) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "/zchat/notify", bytes.NewReader(body))
	r.Header = signedHeader(secret, id, t0, body)
	r.Header.Set("Content-Type", "application/json")
	return r
}

func serve(h http.Handler, r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// stubStore is a ReplayStore whose answers are set by the test.
type stubStore struct {
	claim, complete, release error
	mu                       sync.Mutex
	calls, keys              []string
}

func (s *stubStore) record(op, key string) {
	s.mu.Lock()
	s.calls, s.keys = append(s.calls, op), append(s.keys, key)
	s.mu.Unlock()
}
func (s *stubStore) reset() { s.mu.Lock(); s.calls, s.keys = nil, nil; s.mu.Unlock() }
func (s *stubStore) Claim(_ context.Context, key string) error {
	s.record("claim", key)
	return s.claim
}
func (s *stubStore) Complete(ctx context.Context, key string) error {
	s.record("complete", key)
	if ctx.Err() != nil {
		return errors.New("complete got a done context")
	}
	return s.complete
}
func (s *stubStore) Release(ctx context.Context, key string) error {
	s.record("release", key)
	if ctx.Err() != nil {
		return errors.New("release got a done context")
	}
	return s.release
}

func TestHandlerStatus(t *testing.T) {
	t.Parallel()
	ok := func(context.Context, *Event) error { return nil }
	failing := func(context.Context, *Event) error { return errors.New("database down") }
	panicking := func(context.Context, *Event) error { panic("nil map") }
	storeErr := errors.New("redis down")
	big := bytes.Repeat([]byte("x"), DefaultMaxBodyBytes+1)

	tests := []struct {
		name      string
		secret    string
		fn        func(context.Context, *Event) error
		opts      []HandlerOption
		req       func() *http.Request
		want      int
		wantCalls int32  // calls of fn
		wantStore string // store calls, when the store is a stubStore
	}{
		{name: "handled", secret: plainKey, fn: ok, req: func() *http.Request { return delivery(plainKey, "evt_1", TypeSessionEnded) }, want: 200, wantCalls: 1},
		{name: "unknown type handled", secret: plainKey, fn: ok, req: func() *http.Request { return delivery(plainKey, "evt_1", "chatbot.replied") }, want: 200, wantCalls: 1},
		{name: "GET", secret: plainKey, fn: ok, req: func() *http.Request { return httptest.NewRequest(http.MethodGet, "/", nil) }, want: 405},
		{name: "PUT, signed", secret: plainKey, fn: ok, req: func() *http.Request {
			r := delivery(plainKey, "evt_1", TypeSessionEnded)
			r.Method = http.MethodPut
			return r
		}, want: 405},
		{name: "Content-Length over the default limit", secret: plainKey, fn: ok, req: func() *http.Request { return signedRequest(plainKey, "evt_1", big) }, want: 413},
		{name: "unknown length over the limit", secret: plainKey, fn: ok, req: func() *http.Request {
			r := signedRequest(plainKey, "evt_1", big)
			r.ContentLength = -1
			r.Body = io.NopCloser(io.MultiReader(bytes.NewReader(big))) // hides the length
			return r
		}, want: 413},
		{name: "over WithMaxBodyBytes", secret: plainKey, fn: ok, opts: []HandlerOption{WithMaxBodyBytes(64)}, req: func() *http.Request { return delivery(plainKey, "evt_1", TypeSessionEnded) }, want: 413},
		{name: "under a raised limit", secret: plainKey, fn: ok, opts: []HandlerOption{WithMaxBodyBytes(4 << 20)}, req: func() *http.Request {
			body := eventBody("evt_big", "file.uploaded", `"`+strings.Repeat("A", 2<<20)+`"`)
			return signedRequest(plainKey, "evt_big", body)
		}, want: 200, wantCalls: 1},
		{name: "body read fails", secret: plainKey, fn: ok, req: func() *http.Request {
			r := delivery(plainKey, "evt_1", TypeSessionEnded)
			r.Body = io.NopCloser(&failingReader{})
			return r
		}, want: 400},
		{name: "wrong key", secret: plainKey, fn: ok, req: func() *http.Request { return delivery(otherKey, "evt_1", TypeSessionEnded) }, want: 401},
		{name: "no signature headers", secret: plainKey, fn: ok, req: func() *http.Request {
			r := delivery(plainKey, "evt_1", TypeSessionEnded)
			r.Header.Del(HeaderSignature)
			return r
		}, want: 401},
		{name: "stale", secret: plainKey, fn: ok, opts: []HandlerOption{clockAt(t0.Add(time.Hour))}, req: func() *http.Request { return delivery(plainKey, "evt_1", TypeSessionEnded) }, want: 401},
		{name: "rotation through WithSecrets", secret: otherKey, fn: ok, opts: []HandlerOption{WithSecrets(plainKey)}, req: func() *http.Request { return delivery(plainKey, "evt_1", TypeSessionEnded) }, want: 200, wantCalls: 1},
		{name: "signed but no event", secret: plainKey, fn: ok, req: func() *http.Request { return signedRequest(plainKey, "evt_1", []byte(`{"Id":"evt_1"}`)) }, want: 400},
		{name: "signed but not JSON", secret: plainKey, fn: ok, req: func() *http.Request { return signedRequest(plainKey, "evt_1", []byte(`hello`)) }, want: 400},
		{name: "fn fails", secret: plainKey, fn: failing, req: func() *http.Request { return delivery(plainKey, "evt_1", TypeSessionEnded) }, want: 500, wantCalls: 1},
		{name: "fn panics", secret: plainKey, fn: panicking, req: func() *http.Request { return delivery(plainKey, "evt_1", TypeSessionEnded) }, want: 500, wantCalls: 1},
		{name: "bad secret", secret: "", fn: ok, req: func() *http.Request { return delivery(plainKey, "evt_1", TypeSessionEnded) }, want: 500},
		{name: "bad rotation secret", secret: plainKey, fn: ok, opts: []HandlerOption{WithSecrets("whsec_%%")}, req: func() *http.Request { return delivery(plainKey, "evt_1", TypeSessionEnded) }, want: 500},
		{name: "nil fn", secret: plainKey, fn: nil, req: func() *http.Request { return delivery(plainKey, "evt_1", TypeSessionEnded) }, want: 500},
		{name: "nil option ignored", secret: plainKey, fn: ok, opts: []HandlerOption{nil, VerifyOption(nil)}, req: func() *http.Request { return delivery(plainKey, "evt_1", TypeSessionEnded) }, want: 200, wantCalls: 1},

		// Store answers.
		{name: "store: replayed", secret: plainKey, fn: ok, opts: []HandlerOption{WithReplayStore(&stubStore{claim: ErrReplayed})}, req: func() *http.Request { return delivery(plainKey, "evt_1", TypeSessionEnded) }, want: 200, wantStore: "claim"},
		{name: "store: in progress", secret: plainKey, fn: ok, opts: []HandlerOption{WithReplayStore(&stubStore{claim: ErrInProgress})}, req: func() *http.Request { return delivery(plainKey, "evt_1", TypeSessionEnded) }, want: 503, wantStore: "claim"},
		{name: "store: claim fails", secret: plainKey, fn: ok, opts: []HandlerOption{WithReplayStore(&stubStore{claim: storeErr})}, req: func() *http.Request { return delivery(plainKey, "evt_1", TypeSessionEnded) }, want: 500, wantStore: "claim"},
		{name: "store: handled and completed", secret: plainKey, fn: ok, opts: []HandlerOption{WithReplayStore(&stubStore{})}, req: func() *http.Request { return delivery(plainKey, "evt_1", TypeSessionEnded) }, want: 200, wantCalls: 1, wantStore: "claim complete"},
		{name: "store: complete fails, still handled", secret: plainKey, fn: ok, opts: []HandlerOption{WithReplayStore(&stubStore{complete: storeErr})}, req: func() *http.Request { return delivery(plainKey, "evt_1", TypeSessionEnded) }, want: 200, wantCalls: 1, wantStore: "claim complete"},
		{name: "store: fn fails, released", secret: plainKey, fn: failing, opts: []HandlerOption{WithReplayStore(&stubStore{})}, req: func() *http.Request { return delivery(plainKey, "evt_1", TypeSessionEnded) }, want: 500, wantCalls: 1, wantStore: "claim release"},
		{name: "store: fn panics, released", secret: plainKey, fn: panicking, opts: []HandlerOption{WithReplayStore(&stubStore{})}, req: func() *http.Request { return delivery(plainKey, "evt_1", TypeSessionEnded) }, want: 500, wantCalls: 1, wantStore: "claim release"},
		{name: "store: release fails", secret: plainKey, fn: failing, opts: []HandlerOption{WithReplayStore(&stubStore{release: storeErr})}, req: func() *http.Request { return delivery(plainKey, "evt_1", TypeSessionEnded) }, want: 500, wantCalls: 1, wantStore: "claim release"},
		{name: "store: not consulted for a bad signature", secret: plainKey, fn: ok, opts: []HandlerOption{WithReplayStore(&stubStore{})}, req: func() *http.Request { return delivery(otherKey, "evt_1", TypeSessionEnded) }, want: 401, wantStore: ""},
		{name: "store: the request context is done", secret: plainKey, fn: ok, opts: []HandlerOption{WithReplayStore(&stubStore{})}, req: func() *http.Request {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			return delivery(plainKey, "evt_1", TypeSessionEnded).WithContext(ctx)
		}, want: 200, wantCalls: 1, wantStore: "claim complete"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var stub *stubStore
			for _, o := range tt.opts {
				var cfg handlerConfig
				if o != nil {
					o.applyHandler(&cfg)
				}
				if s, ok := cfg.store.(*stubStore); ok {
					stub = s
				}
			}
			// NewTenantHandler behaves as NewHandler in all of this: the
			// same table runs through both, one after the other.
			for _, ctor := range handlerCtors {
				var calls atomic.Int32
				fn := tt.fn
				if fn != nil {
					fn = func(ctx context.Context, e *Event) error {
						calls.Add(1)
						assert.Equal(t, ctor.tenant, e.Tenant)
						return tt.fn(ctx, e)
					}
				}
				if stub != nil {
					stub.reset()
				}
				opts := append([]HandlerOption{clockAt(t0)}, tt.opts...)
				w := serve(ctor.make(tt.secret, fn, opts...), tt.req())
				assert.Equal(t, tt.want, w.Code, ctor.name)
				assert.Equal(t, tt.wantCalls, calls.Load(), "fn calls, %s", ctor.name)
				if tt.want == 405 {
					assert.Equal(t, "POST", w.Header().Get("Allow"))
				}
				if tt.want >= 400 {
					assert.Equal(t, http.StatusText(tt.want)+"\n", w.Body.String(), "no detail in the body")
				}
				if stub != nil {
					assert.Equal(t, tt.wantStore, strings.Join(stub.calls, " "), "store calls, %s", ctor.name)
					for _, k := range stub.keys {
						assert.Equal(t, ctor.key("evt_1"), k, "the store key, %s", ctor.name)
					}
				}
			}
		})
	}
}

// handlerCtors are NewHandler and NewTenantHandler, made to take the same
// arguments: the tenant handler's lookup returns the secret and those of
// WithSecrets (which NewTenantHandler itself refuses) for tenant "acme".
var handlerCtors = []struct {
	name   string
	tenant string
	key    func(id string) string
	make   func(secret string, fn func(context.Context, *Event) error, opts ...HandlerOption) http.Handler
}{
	{name: "NewHandler", key: func(id string) string { return id }, make: NewHandler},
	{name: "NewTenantHandler", tenant: "acme", key: func(id string) string { return "4:acme:" + id }, make: func(secret string, fn func(context.Context, *Event) error, opts ...HandlerOption) http.Handler {
		var kept []HandlerOption
		secrets := []string{secret}
		for _, o := range opts {
			var cfg handlerConfig
			if o != nil {
				o.applyHandler(&cfg)
			}
			if len(cfg.verify.secrets) > 0 {
				secrets = append(secrets, cfg.verify.secrets...)
				continue
			}
			kept = append(kept, o)
		}
		lookup := func(*http.Request) (string, []string, error) { return "acme", secrets, nil }
		return NewTenantHandler(lookup, fn, kept...)
	}},
}

// The handler dedupes on the event Id and handles the retry of a failure.
func TestHandlerAtLeastOnce(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	fail := atomic.Int32{} // how many of the next calls fail; -1: panic
	fail.Store(1)
	h := NewHandler(plainKey, func(_ context.Context, e *Event) error {
		calls.Add(1)
		switch fail.Load() {
		case 1:
			fail.Store(-1)
			return errors.New("try again")
		case -1:
			fail.Store(0)
			panic("bug")
		}
		return nil
	}, clockAt(t0))

	steps := []struct {
		name      string
		id        string
		want      int
		wantCalls int32
	}{
		{"first delivery fails", "evt_1", 500, 1},
		{"retry panics", "evt_1", 500, 2},
		{"second retry handled", "evt_1", 200, 3},
		{"duplicate acknowledged, fn not called", "evt_1", 200, 3},
		{"duplicate again", "evt_1", 200, 3},
		{"another event", "evt_2", 200, 4},
	}
	for _, s := range steps {
		w := serve(h, delivery(plainKey, s.id, TypeSessionEnded))
		assert.Equal(t, s.want, w.Code, s.name)
		assert.Equal(t, s.wantCalls, calls.Load(), s.name)
	}

	// With deduplication off, every delivery reaches fn.
	var n atomic.Int32
	off := NewHandler(plainKey, func(context.Context, *Event) error { n.Add(1); return nil }, clockAt(t0), WithReplayStore(nil))
	for range 3 {
		assert.Equal(t, 200, serve(off, delivery(plainKey, "evt_1", TypeSessionEnded)).Code)
	}
	assert.Equal(t, int32(3), n.Load())
}

// Two deliveries of one Id at the same time: the second gets 503 while the
// first is being handled, and 200 without a call once it is done.
func TestHandlerConcurrentDuplicate(t *testing.T) {
	t.Parallel()
	started, release := make(chan struct{}), make(chan struct{})
	var calls atomic.Int32
	h := NewHandler(plainKey, func(context.Context, *Event) error {
		calls.Add(1)
		close(started)
		<-release
		return nil
	}, clockAt(t0))

	first := make(chan int)
	go func() { first <- serve(h, delivery(plainKey, "evt_1", TypeSessionEnded)).Code }()
	<-started
	assert.Equal(t, 503, serve(h, delivery(plainKey, "evt_1", TypeSessionEnded)).Code)
	close(release)
	assert.Equal(t, 200, <-first)
	assert.Equal(t, 200, serve(h, delivery(plainKey, "evt_1", TypeSessionEnded)).Code)
	assert.Equal(t, int32(1), calls.Load())
}

// fn gets the request's context, and the Event.
func TestHandlerContext(t *testing.T) {
	t.Parallel()
	var got string
	var mux Mux
	mux.OnSessionEnded(func(ctx context.Context, s *sessions.Session) error {
		got = ctx.Value(ctxKey{}).(string)
		assert.Equal(t, 41, s.SessionID)
		return nil
	})
	h := NewHandler(plainKey, mux.Handle, clockAt(t0))
	withValue := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, "req-42")))
	})
	assert.Equal(t, 200, serve(withValue, delivery(plainKey, "evt_1", TypeSessionEnded)).Code)
	assert.Equal(t, "req-42", got)
}

// Over a real connection: the APP Server's view.
func TestHandlerOverHTTP(t *testing.T) {
	t.Parallel()
	var mux Mux
	var ended atomic.Int32
	mux.OnSessionEnded(func(context.Context, *sessions.Session) error { ended.Add(1); return nil })
	srv := httptest.NewServer(NewHandler(whsecRaw, mux.Handle, WithMaxBodyBytes(1024)))
	defer srv.Close()

	send := func(body []byte, secret string) int {
		req, err := http.NewRequest(http.MethodPost, srv.URL, bytes.NewReader(body))
		require.NoError(t, err)
		req.Header = signedHeader(secret, "evt_h", time.Now(), body)
		resp, err := srv.Client().Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		return resp.StatusCode
	}
	body := eventBody("evt_h", TypeSessionEnded, sampleData[TypeSessionEnded])
	assert.Equal(t, 200, send(body, whsecPadded))
	assert.Equal(t, 200, send(body, whsecPadded))
	assert.Equal(t, int32(1), ended.Load())
	assert.Equal(t, 401, send(body, plainKey))
	assert.Equal(t, 413, send(bytes.Repeat([]byte(" "), 2048), whsecPadded))

	resp, err := srv.Client().Get(srv.URL)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, 405, resp.StatusCode)
}

// The log says what happened, and never shows a secret or a signature.
func TestHandlerLogging(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	var mu sync.Mutex
	logger := newTestLogger(&buf, &mu)
	h := NewHandler(whsecPadded, func(_ context.Context, e *Event) error {
		switch e.ID {
		case "evt_fail":
			return errors.New("database down")
		case "evt_panic":
			panic("nil map")
		}
		return nil
	}, clockAt(t0), WithLogger(logger))

	var sigs []string
	for _, r := range []*http.Request{
		delivery(whsecPadded, "evt_ok", TypeSessionEnded),
		delivery(whsecPadded, "evt_ok", TypeSessionEnded),
		delivery(whsecPadded, "evt_fail", TypeSessionEnded),
		delivery(whsecPadded, "evt_panic", TypeSessionEnded),
		delivery(plainKey, "evt_forged", TypeSessionEnded),
		httptest.NewRequest(http.MethodGet, "/", nil),
	} {
		sigs = append(sigs, r.Header.Get(HeaderSignature))
		serve(h, r)
	}
	mu.Lock()
	out := buf.String()
	mu.Unlock()
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 6)
	assert.Contains(t, lines[0], "level=DEBUG")
	assert.Contains(t, lines[0], "status=200")
	assert.Contains(t, lines[0], "id=evt_ok")
	assert.Contains(t, lines[0], "type=session.ended")
	assert.Contains(t, lines[1], "already handled")
	assert.Contains(t, lines[2], "level=ERROR")
	assert.Contains(t, lines[2], "database down")
	assert.Contains(t, lines[3], "panicked: nil map")
	assert.Contains(t, lines[3], "stack=")
	assert.Contains(t, lines[4], "level=WARN")
	assert.Contains(t, lines[4], "status=401")
	assert.Contains(t, lines[4], "no matching signature")
	assert.Contains(t, lines[5], "status=405")

	assert.NotContains(t, out, whsecPadded[len(SecretPrefix):])
	assert.NotContains(t, out, "zchat-rotation-key-2")
	assert.NotContains(t, out, plainKey)
	for _, s := range sigs {
		if s != "" {
			assert.NotContains(t, out, s[3:20], "a signature was logged")
		}
	}
	expected := Sign(whsecPadded, "evt_forged", t0, eventBody("evt_forged", TypeSessionEnded, sampleData[TypeSessionEnded]))
	assert.NotContains(t, out, expected[3:20], "the expected signature was logged")
}

// newTestLogger logs every level as text to w, under mu.
func newTestLogger(w io.Writer, mu *sync.Mutex) *slog.Logger {
	return slog.New(slog.NewTextHandler(&lockedWriter{w: w, mu: mu}, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type lockedWriter struct {
	w  io.Writer
	mu *sync.Mutex
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// failingReader fails like a connection that broke mid-body.
type failingReader struct{}

func (*failingReader) Read([]byte) (int, error) { return 0, io.ErrUnexpectedEOF }

// fn chooses the answer with a *StatusError: 410 stops the APP Server's
// retries; the event is not remembered either way.
func TestHandlerStatusError(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		err  error
		want int
	}{
		{"gone", &StatusError{Code: http.StatusGone, Err: errors.New("unsubscribed")}, http.StatusGone},
		{"wrapped", fmt.Errorf("crm: %w", &StatusError{Code: http.StatusUnprocessableEntity}), http.StatusUnprocessableEntity},
		{"a 2xx is not an error status", &StatusError{Code: http.StatusOK}, http.StatusInternalServerError},
		{"no code", &StatusError{Err: errors.New("x")}, http.StatusInternalServerError},
		{"plain error", errors.New("x"), http.StatusInternalServerError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			calls := 0
			h := NewHandler(plainKey, func(context.Context, *Event) error { calls++; return tt.err }, clockAt(t0))
			for range 2 {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, delivery(plainKey, "evt_status", TypeSessionEnded))
				assert.Equal(t, tt.want, rec.Code)
				assert.NotContains(t, rec.Body.String(), "unsubscribed", "the reason is never in the body")
			}
			assert.Equal(t, 2, calls, "a failed event is not remembered")
		})
	}
	assert.Equal(t, "webhook: answer 410: unsubscribed", (&StatusError{Code: 410, Err: errors.New("unsubscribed")}).Error())
	assert.ErrorIs(t, &StatusError{Code: 410, Err: ErrInvalidEvent}, ErrInvalidEvent)
}
