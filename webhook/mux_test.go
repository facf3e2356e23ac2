package webhook

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/cases"
	"github.com/zchat/zchat-go/messages"
	"github.com/zchat/zchat-go/sessions"
)

// recordingMux returns a Mux with a typed function for every contract type,
// each recording which registration ran and what it got.
func recordingMux(got *[]string, values *[]any) *Mux {
	m := &Mux{}
	rec := func(name string, v any) error {
		*got = append(*got, name)
		*values = append(*values, v)
		return nil
	}
	m.OnSessionStarted(func(_ context.Context, s *sessions.Session) error { return rec(TypeSessionStarted, s) })
	m.OnSessionAccepted(func(_ context.Context, s *sessions.Session) error { return rec(TypeSessionAccepted, s) })
	m.OnSessionTransferred(func(_ context.Context, s *sessions.Session) error { return rec(TypeSessionTransferred, s) })
	m.OnSessionEnded(func(_ context.Context, s *sessions.Session) error { return rec(TypeSessionEnded, s) })
	m.OnSessionRated(func(_ context.Context, s *sessions.Session) error { return rec(TypeSessionRated, s) })
	m.OnMessageCreated(func(_ context.Context, v *messages.Message) error { return rec(TypeMessageCreated, v) })
	m.OnLeadCreated(func(_ context.Context, v *cases.Lead) error { return rec(TypeLeadCreated, v) })
	m.OnCaseCreated(func(_ context.Context, v *cases.Case) error { return rec(TypeCaseCreated, v) })
	m.OnNoteCreated(func(_ context.Context, v *cases.Note) error { return rec(TypeNoteCreated, v) })
	m.OnAgentStatusChanged(func(_ context.Context, v *AgentStatus) error { return rec(TypeAgentStatusChanged, v) })
	return m
}

func TestMuxTypedDispatch(t *testing.T) {
	t.Parallel()
	for typ, data := range sampleData {
		t.Run(typ, func(t *testing.T) {
			t.Parallel()
			var got []string
			var values []any
			m := recordingMux(&got, &values)
			e, err := Parse(eventBody("evt_m", typ, data))
			require.NoError(t, err)
			require.NoError(t, m.Handle(context.Background(), e))
			require.Equal(t, []string{typ}, got)

			want, err := decodeAs(e, accessorFor[typ])
			require.NoError(t, err)
			assert.Equal(t, want, values[0], "the function gets the decoded Data")
		})
	}
}

func TestMux(t *testing.T) {
	t.Parallel()
	ctx := context.WithValue(context.Background(), ctxKey{}, "req-7")
	boom := errors.New("boom")
	unknown := &Event{ID: "evt_u", Type: "chatbot.replied", Data: json.RawMessage(`{"x":1}`)}
	ended := &Event{ID: "evt_e", Type: TypeSessionEnded, Data: json.RawMessage(`{"SessionId":4}`)}
	badData := &Event{ID: "evt_b", Type: TypeSessionEnded, Data: json.RawMessage(`[]`)}

	tests := []struct {
		name     string
		setup    func(m *Mux, calls *[]string)
		event    *Event
		wantErr  error
		wantCall []string
	}{
		{name: "no handler, no default: acknowledged", setup: func(*Mux, *[]string) {}, event: unknown},
		{name: "zero Mux, known type: acknowledged", setup: func(*Mux, *[]string) {}, event: ended},
		{name: "unknown type goes to Default with raw Data", setup: func(m *Mux, calls *[]string) {
			m.Default(func(ctx context.Context, e *Event) error {
				*calls = append(*calls, "default:"+e.Type+":"+string(e.Data)+":"+ctx.Value(ctxKey{}).(string))
				return nil
			})
		}, event: unknown, wantCall: []string{`default:chatbot.replied:{"x":1}:req-7`}},
		{name: "known type without handler goes to Default", setup: func(m *Mux, calls *[]string) {
			m.OnLeadCreated(func(context.Context, *cases.Lead) error { *calls = append(*calls, "lead"); return nil })
			m.Default(func(_ context.Context, e *Event) error { *calls = append(*calls, "default:"+e.Type); return nil })
		}, event: ended, wantCall: []string{"default:session.ended"}},
		{name: "raw On for an unknown type", setup: func(m *Mux, calls *[]string) {
			m.On("chatbot.replied", func(_ context.Context, e *Event) error { *calls = append(*calls, "on:"+e.ID); return nil })
			m.Default(func(context.Context, *Event) error { *calls = append(*calls, "default"); return nil })
		}, event: unknown, wantCall: []string{"on:evt_u"}},
		{name: "typed function gets ctx and decoded Data", setup: func(m *Mux, calls *[]string) {
			m.OnSessionEnded(func(ctx context.Context, s *sessions.Session) error {
				*calls = append(*calls, "ended:"+ctx.Value(ctxKey{}).(string))
				if s.SessionID != 4 {
					return errors.New("wrong session")
				}
				return nil
			})
		}, event: ended, wantCall: []string{"ended:req-7"}},
		{name: "function error returned", setup: func(m *Mux, _ *[]string) {
			m.OnSessionEnded(func(context.Context, *sessions.Session) error { return boom })
		}, event: ended, wantErr: boom},
		{name: "Default error returned", setup: func(m *Mux, _ *[]string) {
			m.Default(func(context.Context, *Event) error { return boom })
		}, event: unknown, wantErr: boom},
		{name: "bad Data: no call, decoding error", setup: func(m *Mux, calls *[]string) {
			m.OnSessionEnded(func(context.Context, *sessions.Session) error { *calls = append(*calls, "ended"); return nil })
		}, event: badData, wantErr: ErrInvalidEvent},
		{name: "registering again replaces", setup: func(m *Mux, calls *[]string) {
			m.OnSessionEnded(func(context.Context, *sessions.Session) error { *calls = append(*calls, "first"); return nil })
			m.OnSessionEnded(func(context.Context, *sessions.Session) error { *calls = append(*calls, "second"); return nil })
		}, event: ended, wantCall: []string{"second"}},
		{name: "registering nil removes", setup: func(m *Mux, calls *[]string) {
			m.OnSessionEnded(func(context.Context, *sessions.Session) error { *calls = append(*calls, "ended"); return nil })
			m.OnSessionEnded(nil)
			m.On(TypeLeadCreated, nil)
			m.Default(nil)
		}, event: ended},
		{name: "nil event", setup: func(*Mux, *[]string) {}, event: nil, wantErr: errors.New("any")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var m Mux
			var calls []string
			tt.setup(&m, &calls)
			err := m.Handle(ctx, tt.event)
			switch {
			case tt.wantErr == nil:
				assert.NoError(t, err)
			case tt.event == nil:
				assert.Error(t, err)
			default:
				assert.ErrorIs(t, err, tt.wantErr)
			}
			assert.Equal(t, tt.wantCall, calls)
		})
	}
}

// ctxKey carries a value through contexts in tests.
type ctxKey struct{}
