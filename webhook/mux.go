package webhook

import (
	"context"
	"errors"
	"sync"

	"github.com/zchat/zchat-go/cases"
	"github.com/zchat/zchat-go/messages"
	"github.com/zchat/zchat-go/sessions"
)

// Mux dispatches events to functions by Type, decoding Data for the typed
// registrations. Its Handle method is the fn of NewHandler:
//
//	var mux webhook.Mux
//	mux.OnSessionEnded(func(ctx context.Context, s *sessions.Session) error { … })
//	http.Handle("/zchat/notify", webhook.NewHandler(key, mux.Handle))
//
// An event whose Type has no function registered goes to the Default
// function, and is acknowledged (Handle returns nil) when there is none, so
// new event types never make deliveries fail. Registering a Type again
// replaces its function; registering nil removes it. The zero Mux is ready to
// use and safe for concurrent use.
type Mux struct {
	mu       sync.RWMutex
	handlers map[string]func(context.Context, *Event) error
	fallback func(context.Context, *Event) error
}

// On registers fn for events of type typ, the raw way: fn gets the whole
// Event, for any Type (known to this package or not).
func (m *Mux) On(typ string, fn func(context.Context, *Event) error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if fn == nil {
		delete(m.handlers, typ)
		return
	}
	if m.handlers == nil {
		m.handlers = make(map[string]func(context.Context, *Event) error)
	}
	m.handlers[typ] = fn
}

// Default registers fn for every event whose Type has no function
// registered, such as types newer than this package. nil removes it.
func (m *Mux) Default(fn func(context.Context, *Event) error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.fallback = fn
}

// Handle passes e to the function registered for its Type, else to the
// Default function, else returns nil. A typed registration whose Data does
// not decode gets no call; Handle returns the decoding error (wrapping
// ErrInvalidEvent).
func (m *Mux) Handle(ctx context.Context, e *Event) error {
	if e == nil {
		return errors.New("webhook: Mux.Handle was given a nil event")
	}
	m.mu.RLock()
	fn, ok := m.handlers[e.Type]
	if !ok {
		fn = m.fallback
	}
	m.mu.RUnlock()
	if fn == nil {
		return nil
	}
	return fn(ctx, e)
}

// onTyped registers fn for typ behind decode.
func onTyped[T any](m *Mux, typ string, decode func(*Event) (*T, error), fn func(context.Context, *T) error) {
	if fn == nil {
		m.On(typ, nil)
		return
	}
	m.On(typ, func(ctx context.Context, e *Event) error {
		v, err := decode(e)
		if err != nil {
			return err
		}
		return fn(ctx, v)
	})
}

// OnSessionStarted registers fn for session.started events.
func (m *Mux) OnSessionStarted(fn func(context.Context, *sessions.Session) error) {
	onTyped(m, TypeSessionStarted, (*Event).Session, fn)
}

// OnSessionAccepted registers fn for session.accepted events.
func (m *Mux) OnSessionAccepted(fn func(context.Context, *sessions.Session) error) {
	onTyped(m, TypeSessionAccepted, (*Event).Session, fn)
}

// OnSessionTransferred registers fn for session.transferred events.
func (m *Mux) OnSessionTransferred(fn func(context.Context, *sessions.Session) error) {
	onTyped(m, TypeSessionTransferred, (*Event).Session, fn)
}

// OnSessionEnded registers fn for session.ended events.
func (m *Mux) OnSessionEnded(fn func(context.Context, *sessions.Session) error) {
	onTyped(m, TypeSessionEnded, (*Event).Session, fn)
}

// OnSessionRated registers fn for session.rated events.
func (m *Mux) OnSessionRated(fn func(context.Context, *sessions.Session) error) {
	onTyped(m, TypeSessionRated, (*Event).Session, fn)
}

// OnMessageCreated registers fn for message.created events.
func (m *Mux) OnMessageCreated(fn func(context.Context, *messages.Message) error) {
	onTyped(m, TypeMessageCreated, (*Event).Message, fn)
}

// OnLeadCreated registers fn for lead.created events.
func (m *Mux) OnLeadCreated(fn func(context.Context, *cases.Lead) error) {
	onTyped(m, TypeLeadCreated, (*Event).Lead, fn)
}

// OnCaseCreated registers fn for case.created events.
func (m *Mux) OnCaseCreated(fn func(context.Context, *cases.Case) error) {
	onTyped(m, TypeCaseCreated, (*Event).Case, fn)
}

// OnNoteCreated registers fn for note.created events.
func (m *Mux) OnNoteCreated(fn func(context.Context, *cases.Note) error) {
	onTyped(m, TypeNoteCreated, (*Event).Note, fn)
}

// OnAgentStatusChanged registers fn for agent.status_changed events.
func (m *Mux) OnAgentStatusChanged(fn func(context.Context, *AgentStatus) error) {
	onTyped(m, TypeAgentStatusChanged, (*Event).AgentStatus, fn)
}
