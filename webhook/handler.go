package webhook

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"runtime/debug"
)

// HandlerOption configures NewHandler. Every VerifyOption (WithTolerance,
// WithClock, WithSecrets, WithMaxBodyBytes) is a HandlerOption too.
type HandlerOption interface{ applyHandler(*handlerConfig) }

// handlerConfig is what the options set.
type handlerConfig struct {
	verify   verifyConfig
	store    ReplayStore
	storeSet bool
	logger   *slog.Logger
	observer Observer
}

func (o VerifyOption) applyHandler(c *handlerConfig) {
	if o != nil {
		o(&c.verify)
	}
}

// handlerOptionFunc is a HandlerOption that is not a VerifyOption.
type handlerOptionFunc func(*handlerConfig)

func (f handlerOptionFunc) applyHandler(c *handlerConfig) { f(c) }

// WithReplayStore sets where the handler remembers handled event Ids (a new
// NewMemoryStore(DefaultReplayTTL, DefaultReplayMaxEntries) per handler
// unless set). Use a shared store when several processes receive
// notifications. WithReplayStore(nil) turns deduplication off: every
// verified delivery reaches fn, which must then be idempotent itself.
func WithReplayStore(s ReplayStore) HandlerOption {
	return handlerOptionFunc(func(c *handlerConfig) { c.store, c.storeSet = s, true })
}

// WithLogger makes the handler log each request it answers: Debug for 2xx,
// Warn for 4xx, Error for 5xx, with the status, the event Id and Type when
// known, and the reason. Secrets and signatures are never logged. No logging
// unless set.
func WithLogger(l *slog.Logger) HandlerOption {
	return handlerOptionFunc(func(c *handlerConfig) { c.logger = l })
}

// handler is the http.Handler NewHandler and NewTenantHandler return: one
// core, which differs only in how a request's tenant and keys are found.
type handler struct {
	resolve  func(r *http.Request) (resolved, error)
	setupErr error // a bad secret, a nil fn or lookup: every request gets 500
	verify   verifyConfig
	fn       func(context.Context, *Event) error
	store    ReplayStore
	log      *slog.Logger
	observer Observer // see WithObserver
}

// resolved is the tenant of a request and the keys its notifications are
// signed with.
type resolved struct {
	tenant string // "" for NewHandler
	scoped bool   // NewTenantHandler: replay keys are scoped by tenant
	keys   []*key
}

// newHandler applies opts and sets up what both constructors share.
func newHandler(fn func(context.Context, *Event) error, opts []HandlerOption) (*handler, handlerConfig) {
	var cfg handlerConfig
	for _, o := range opts {
		if o != nil {
			o.applyHandler(&cfg)
		}
	}
	h := &handler{verify: cfg.verify, fn: fn, store: cfg.store, log: cfg.logger, observer: cfg.observer}
	if !cfg.storeSet {
		h.store = NewMemoryStore(DefaultReplayTTL, DefaultReplayMaxEntries)
	}
	if h.log == nil {
		h.log = slog.New(slog.DiscardHandler)
	}
	if fn == nil {
		h.setupErr = errors.New("webhook: the handler was given a nil fn")
	}
	return h, cfg
}

// NewHandler returns the http.Handler to mount at ChatApiNotificationUrl. For
// each request it:
//
//   - answers 405 (with an Allow header) to anything but POST;
//   - reads at most WithMaxBodyBytes bytes (DefaultMaxBodyBytes unless set),
//     answering 413 to a longer body;
//   - verifies the body and headers as Verify does with secret, answering
//     401, with no detail, when they do not verify;
//   - parses the event, answering 400 when the body is no event;
//   - claims the event Id in the ReplayStore: an event handled already gets
//     200 without fn being called again, one another delivery is handling
//     right now gets 503;
//   - calls fn with the request's context: nil → the Id is remembered and the
//     answer is 200; an error or a panic (recovered) → the Id is released and
//     the answer is 500, so the APP Server delivers again and the retry is
//     handled (a *StatusError chooses another status, such as 410 Gone to
//     stop the retries).
//
// fn should finish well within the APP Server's 10 s timeout; a Mux's Handle
// method fits as fn. A secret that CheckSecret refuses, or a nil fn, makes
// every request answer 500 (and log why), so deliveries are retried once the
// configuration is fixed.
func NewHandler(secret string, fn func(context.Context, *Event) error, opts ...HandlerOption) http.Handler {
	h, cfg := newHandler(fn, opts)
	keys, err := keysFor(secret, cfg.verify.secrets)
	if h.setupErr == nil {
		h.setupErr = err
	}
	r := resolved{keys: keys}
	h.resolve = func(*http.Request) (resolved, error) { return r, nil }
	return h
}

// ServeHTTP answers one delivery; see NewHandler.
func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if h.observer != nil {
		r = h.observe(r)
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		h.answer(w, r, http.StatusMethodNotAllowed, nil, fmt.Errorf("webhook: method %s is not POST", r.Method))
		return
	}
	if h.setupErr != nil {
		h.answer(w, r, http.StatusInternalServerError, nil, h.setupErr)
		return
	}
	// The tenant is known before the body is read, so an unknown one costs
	// no read.
	res, err := h.resolve(r)
	if err != nil {
		h.answer(w, r, lookupStatus(err), nil, err)
		return
	}
	body, err := h.readBody(w, r)
	if err != nil {
		code := http.StatusBadRequest
		if errors.Is(err, ErrPayloadTooLarge) {
			code = http.StatusRequestEntityTooLarge
		}
		h.answer(w, r, code, &Event{Tenant: res.tenant}, err)
		return
	}
	if err := verify(res.keys, &h.verify, r.Header, body); err != nil {
		h.answer(w, r, http.StatusUnauthorized, &Event{Tenant: res.tenant}, err)
		return
	}
	ev, err := Parse(body)
	if err != nil {
		h.answer(w, r, http.StatusBadRequest, &Event{Tenant: res.tenant}, err)
		return
	}
	ev.Tenant = res.tenant
	h.handle(w, r, ev, res.replayKey(ev.ID))
}

// readBody reads the body, at most the configured limit.
func (h *handler) readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	limit := h.verify.maxBodyBytes()
	if r.ContentLength > limit {
		return nil, fmt.Errorf("%w: Content-Length %d is over the limit of %d bytes", ErrPayloadTooLarge, r.ContentLength, limit)
	}
	if r.Body == nil {
		return nil, nil
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	if maxErr := (*http.MaxBytesError)(nil); errors.As(err, &maxErr) {
		return nil, fmt.Errorf("%w: body is over the limit of %d bytes", ErrPayloadTooLarge, limit)
	}
	if err != nil {
		return nil, fmt.Errorf("webhook: reading the body: %w", err)
	}
	return body, nil
}

// handle runs fn for a verified event, deduplicated through the store under
// key (the event Id, scoped by tenant for NewTenantHandler).
func (h *handler) handle(w http.ResponseWriter, r *http.Request, ev *Event, key string) {
	ctx := r.Context()
	if ev.Tenant != "" {
		ctx = context.WithValue(ctx, tenantKey{}, ev.Tenant)
	}
	// Remembering or releasing an Id must happen even when the APP Server
	// gave up waiting and the request's context is done.
	storeCtx := context.WithoutCancel(ctx)
	if h.store != nil {
		switch err := h.store.Claim(ctx, key); {
		case errors.Is(err, ErrReplayed):
			h.answer(w, r, http.StatusOK, ev, err)
			return
		case errors.Is(err, ErrInProgress):
			h.answer(w, r, http.StatusServiceUnavailable, ev, err)
			return
		case err != nil:
			h.answer(w, r, http.StatusInternalServerError, ev, fmt.Errorf("webhook: claiming the event: %w", err))
			return
		}
	}
	if err := h.call(ctx, ev); err != nil {
		if h.store != nil {
			if rerr := h.store.Release(storeCtx, key); rerr != nil {
				err = errors.Join(err, fmt.Errorf("webhook: releasing the event: %w", rerr))
			}
		}
		h.answer(w, r, statusFor(err), ev, err)
		return
	}
	var err error
	if h.store != nil {
		// The event is handled: answer 200 even if it cannot be remembered,
		// at the risk of handling a later duplicate again.
		if cerr := h.store.Complete(storeCtx, key); cerr != nil {
			err = fmt.Errorf("webhook: handled, but not remembered: %w", cerr)
		}
	}
	h.answer(w, r, http.StatusOK, ev, err)
}

// call runs fn, turning a panic into an error.
func (h *handler) call(ctx context.Context, ev *Event) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = &panicError{value: p, stack: debug.Stack()}
		}
	}()
	return h.fn(ctx, ev)
}

// panicError is a panic of fn, recovered.
type panicError struct {
	value any
	stack []byte
}

func (e *panicError) Error() string { return fmt.Sprintf("webhook: handler panicked: %v", e.value) }

// answer writes the status (with its standard text as the body, never the
// reason) and logs it.
func (h *handler) answer(w http.ResponseWriter, r *http.Request, code int, ev *Event, reason error) {
	if code == http.StatusOK {
		w.WriteHeader(code)
	} else {
		http.Error(w, http.StatusText(code), code)
	}
	h.observed(r, code, ev, reason)
	level := slog.LevelDebug
	switch {
	case code >= 500:
		level = slog.LevelError
	case code >= 400:
		level = slog.LevelWarn
	}
	ctx := r.Context()
	if !h.log.Enabled(ctx, level) {
		return
	}
	attrs := []slog.Attr{slog.Int("status", code), slog.String("remote", r.RemoteAddr)}
	if ev != nil && ev.Tenant != "" {
		attrs = append(attrs, slog.String("tenant", ev.Tenant))
	}
	if ev != nil && ev.ID != "" {
		attrs = append(attrs, slog.String("id", ev.ID), slog.String("type", ev.Type))
	}
	if reason != nil {
		attrs = append(attrs, slog.String("reason", reason.Error()))
		if pe := (*panicError)(nil); errors.As(reason, &pe) {
			attrs = append(attrs, slog.String("stack", string(pe.stack)))
		}
	}
	h.log.LogAttrs(ctx, level, "webhook: notification answered", attrs...)
}
