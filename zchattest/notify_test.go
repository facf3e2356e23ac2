package zchattest_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/cases"
	"github.com/zchat/zchat-go/messages"
	"github.com/zchat/zchat-go/sessions"
	"github.com/zchat/zchat-go/webhook"
	"github.com/zchat/zchat-go/zchat"
	"github.com/zchat/zchat-go/zchattest"
)

// fastSchedule retries quickly.
var fastSchedule = zchattest.WithDeliverySchedule(0, 10*time.Millisecond, 10*time.Millisecond, 10*time.Millisecond)

// receiver is an httptest notification endpoint closed at the end of the
// test (after the server, which the test starts later).
func receiver(t *testing.T, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	r := httptest.NewServer(h)
	t.Cleanup(r.Close)
	return r
}

// collector is a webhook.NewHandler fn that keeps what it is given.
type collector struct {
	mu     sync.Mutex
	events []*webhook.Event
}

func (c *collector) handle(_ context.Context, e *webhook.Event) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.events = append(c.events, e)
	return nil
}

func (c *collector) got() []*webhook.Event {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.events)
}

// TestEveryEventType drives the chat simulation and the API, and checks that
// a receiver built with webhook.NewHandler gets every event type, verified,
// with Data its typed accessor decodes.
func TestEveryEventType(t *testing.T) {
	t.Parallel()
	const key = "chat-api-key"
	var col collector
	rcv := receiver(t, webhook.NewHandler(key, col.handle).ServeHTTP)
	s := newServer(t, zchattest.WithAPIKey(key), zchattest.WithDemoData(), zchattest.WithNotificationURL(rcv.URL), fastSchedule)
	ctx := ctxT(t)
	c := s.Client()

	_, err := s.SetAgentStatus(2, webhook.StatusOnline)
	require.NoError(t, err)
	x, err := s.PlayChat(zchattest.Chat{
		Visitor: zchattest.Visitor{DisplayName: "Visitor V", Email: "v@example.com", Question: "help?", DepartmentID: 2,
			Browser: "Edge 131", ContextData: `{"plan":"pro"}`},
		AgentUserID: 2,
		Lines:       []zchattest.Line{{Text: "it broke"}, {FromAgent: true, Text: "let me look"}},
		KeepOpen:    true, // transferred, ended and rated below
	})
	require.NoError(t, err)
	_, err = s.TransferSession(x.SessionID, 3, 0)
	require.NoError(t, err)
	_, err = s.End(x.SessionID)
	require.NoError(t, err)
	_, err = s.Rate(x.SessionID, 5)
	require.NoError(t, err)

	y, err := s.StartSession(zchattest.Visitor{DisplayName: "API"})
	require.NoError(t, err)
	_, err = messages.New(c).Send(ctx, y.SessionID, messages.NewMessage{Text: "from the API"})
	require.NoError(t, err)
	_, err = sessions.New(c).Transfer(ctx, y.SessionID, sessions.Transfer{DepartmentID: 1})
	require.NoError(t, err)
	_, err = sessions.New(c).Close(ctx, y.SessionID)
	require.NoError(t, err)
	cc := cases.New(c)
	l, err := cc.UpsertLead(ctx, cases.LeadInput{Email: "v@example.com"})
	require.NoError(t, err)
	cs, err := cc.SubmitCase(ctx, l.LeadID, cases.CaseInput{Subject: "broken", SessionID: x.SessionID})
	require.NoError(t, err)
	_, err = cc.SubmitNote(ctx, l.LeadID, cases.NoteInput{Text: "noted", CaseID: cs.CaseID})
	require.NoError(t, err)
	s.Emit("invoice.paid", map[string]any{"Amount": 42})

	events := s.Events()
	require.NoError(t, s.WaitDeliveries(ctx, len(events)))
	wantTypes := []string{
		"agent.status_changed", "session.started", "session.accepted", "message.created", "message.created",
		"session.transferred", "session.ended", "session.rated",
		"session.started", "message.created", "session.transferred", "session.ended",
		"lead.created", "case.created", "note.created", "invoice.paid",
	}
	var types []string
	for _, ev := range events {
		types = append(types, ev.Type)
		assert.Regexp(t, `^evt_[0-9A-Za-z]{12}$`, ev.ID)
	}
	assert.Equal(t, wantTypes, types)

	got := col.got()
	require.Len(t, got, len(events), "the handler got every event")
	byID := map[string]*webhook.Event{}
	for _, ev := range got {
		byID[ev.ID] = ev
	}
	for _, ev := range events {
		r, ok := byID[ev.ID]
		require.True(t, ok, "event %s %s not received", ev.ID, ev.Type)
		assert.Equal(t, ev.Type, r.Type)
		assert.JSONEq(t, string(ev.Data), string(r.Data))
		assert.True(t, ev.Time.Equal(r.Time.Time))
		var decodeErr error
		switch ev.Type {
		case "session.started", "session.accepted", "session.transferred", "session.ended", "session.rated":
			_, decodeErr = r.Session()
		case "message.created":
			_, decodeErr = r.Message()
		case "lead.created":
			_, decodeErr = r.Lead()
		case "case.created":
			_, decodeErr = r.Case()
		case "note.created":
			_, decodeErr = r.Note()
		case "agent.status_changed":
			_, decodeErr = r.AgentStatus()
		default:
			assert.JSONEq(t, `{"Amount":42}`, string(r.Data), "an unknown type keeps its raw Data")
		}
		assert.NoError(t, decodeErr, ev.Type)
	}

	// What the events say.
	accepted, err := byID[events[2].ID].Session()
	require.NoError(t, err)
	assert.Equal(t, zchat.ChatID("User:2"), accepted.AgentUserID)
	assert.Equal(t, `{"plan":"pro"}`, accepted.ContextData)
	rated, err := byID[events[7].ID].Session()
	require.NoError(t, err)
	assert.Equal(t, 5, rated.AgentRating)
	said, err := byID[events[3].ID].Message()
	require.NoError(t, err)
	assert.Equal(t, "Visitor V", said.Sender)
	assert.Equal(t, x.CustomerID, said.SenderID)
	status, err := byID[events[0].ID].AgentStatus()
	require.NoError(t, err)
	assert.Equal(t, webhook.AgentStatus{UserID: 2, Status: "online", Time: status.Time}, *status)
	st, err := s.AgentStatus(2)
	require.NoError(t, err)
	assert.Equal(t, "online", st)
	assert.Equal(t, len(events), s.Stats().Delivered)
}

func TestNotificationSigned(t *testing.T) {
	t.Parallel()
	for _, key := range []string{"plain-key", "whsec_" + base64.StdEncoding.EncodeToString([]byte("0123456789abcdef0123456789abcdef"))} {
		t.Run(key[:5], func(t *testing.T) {
			t.Parallel()
			type seen struct {
				header http.Header
				body   []byte
				err    error
			}
			got := make(chan seen, 1)
			rcv := receiver(t, func(w http.ResponseWriter, r *http.Request) {
				body, _ := io.ReadAll(r.Body)
				got <- seen{r.Header.Clone(), body, webhook.Verify(key, r.Header, body)}
			})
			s := newServer(t, zchattest.WithAPIKey(key), zchattest.WithNotificationURL(rcv.URL))
			x, err := s.StartSession(zchattest.Visitor{DisplayName: "Sig"})
			require.NoError(t, err)
			require.NoError(t, s.WaitDeliveries(ctxT(t), 1))
			d := <-got
			require.NoError(t, d.err, "webhook.Verify accepts it")
			ev := s.Events()[0]
			assert.Equal(t, ev.ID, d.header.Get("webhook-id"))
			assert.Equal(t, "application/json; charset=utf-8", d.header.Get("Content-Type"))
			ts, err := strconv.ParseInt(d.header.Get("webhook-timestamp"), 10, 64)
			require.NoError(t, err)
			assert.InDelta(t, time.Now().Unix(), ts, 5)
			assert.Regexp(t, `^v1,[A-Za-z0-9+/]+=*$`, d.header.Get("webhook-signature"))
			parsed, err := webhook.Parse(d.body)
			require.NoError(t, err)
			sess, err := parsed.Session()
			require.NoError(t, err)
			assert.Equal(t, x.SessionID, sess.SessionID)
			assert.ErrorIs(t, webhook.Verify("another-key", d.header, d.body), webhook.ErrInvalidSignature)
		})
	}
}

// answers is a receiver answering the statuses in order (the last one
// after that), counting requests.
func answers(t *testing.T, n *atomic.Int32, statuses ...int) *httptest.Server {
	return receiver(t, func(w http.ResponseWriter, r *http.Request) {
		i := int(n.Add(1)) - 1
		w.WriteHeader(statuses[min(i, len(statuses)-1)])
	})
}

func TestDeliveryRetries(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		statuses  []int
		want      []int // the status of each attempt
		delivered int
	}{
		{"500 twice, then 200", []int{500, 500, 200}, []int{500, 500, 200}, 1},
		{"204 counts", []int{204}, []int{204}, 1},
		{"410 stops at once", []int{410}, []int{410}, 0},
		{"4xx is retried", []int{401, 400, 202}, []int{401, 400, 202}, 1},
		{"dropped after the schedule", []int{503}, []int{503, 503, 503, 503}, 0},
		{"a redirect is a failure", []int{302, 200}, []int{302, 200}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var n atomic.Int32
			rcv := answers(t, &n, tt.statuses...)
			s := newServer(t, zchattest.WithNotificationURL(rcv.URL), fastSchedule)
			ev := s.Emit("test.event", nil)
			require.Eventually(t, func() bool { return len(s.Deliveries()) == len(tt.want) }, 5*time.Second, time.Millisecond)
			time.Sleep(50 * time.Millisecond) // no attempt beyond these
			ds := s.Deliveries()
			require.Len(t, ds, len(tt.want))
			for i, d := range ds {
				assert.Equal(t, tt.want[i], d.StatusCode, "attempt %d", i+1)
				assert.Equal(t, i+1, d.Attempt)
				assert.Equal(t, ev.ID, d.EventID)
				assert.Equal(t, "test.event", d.Type)
				assert.Equal(t, rcv.URL, d.URL)
			}
			assert.Equal(t, tt.delivered, s.Delivered())
		})
	}
}

func TestDeliveryConnectionError(t *testing.T) {
	t.Parallel()
	dead := httptest.NewServer(http.NotFoundHandler())
	dead.Close() // nothing listens at its URL now
	s := newServer(t, zchattest.WithNotificationURL(dead.URL), fastSchedule)
	s.Emit("test.event", map[string]int{"n": 1})
	require.Eventually(t, func() bool { return len(s.Deliveries()) == 4 }, 5*time.Second, time.Millisecond)
	for _, d := range s.Deliveries() {
		assert.Equal(t, 0, d.StatusCode)
		assert.NotEmpty(t, d.Err)
	}
	ctx, cancel := context.WithTimeout(ctxT(t), 20*time.Millisecond)
	defer cancel()
	assert.ErrorIs(t, s.WaitDeliveries(ctx, 1), context.DeadlineExceeded)
}

func TestNotificationURLChanges(t *testing.T) {
	t.Parallel()
	var n atomic.Int32
	rcv := answers(t, &n, 200)
	s := newServer(t)
	s.Emit("before", nil)
	assert.Empty(t, s.NotificationURL())
	s.SetNotificationURL(rcv.URL)
	assert.Equal(t, rcv.URL, s.NotificationURL())
	s.Emit("during", nil)
	require.NoError(t, s.WaitDeliveries(ctxT(t), 1))
	s.SetNotificationURL("")
	s.Emit("after", nil)
	time.Sleep(30 * time.Millisecond)
	assert.Len(t, s.Events(), 3, "every event is recorded")
	ds := s.Deliveries()
	require.Len(t, ds, 1, "only the one emitted while a URL was set is delivered")
	assert.Equal(t, "during", ds[0].Type)
	assert.Equal(t, int32(1), n.Load())
	body, err := json.Marshal(s.Events()[1])
	require.NoError(t, err)
	assert.Contains(t, string(body), `"Data":null`)
}

func TestSimulationErrors(t *testing.T) {
	t.Parallel()
	clock := newFakeClock(zchattest.DemoBaseTime.Add(time.Hour))
	s := newServer(t, zchattest.WithDemoData(), zchattest.WithClock(clock.Now))
	x, err := s.StartSession(zchattest.Visitor{})
	require.NoError(t, err)
	assert.Regexp(t, `^Guest:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`, string(x.CustomerID), "an anonymous visitor")
	assert.Equal(t, clock.Now(), x.BeginTime.Time)

	tests := []struct {
		name string
		err  error
		want error
	}{
		{"unknown department", second(s.StartSession(zchattest.Visitor{DepartmentID: 9})), zchat.ErrValidation},
		{"accept unknown session", second(s.Accept(99, 1)), zchat.ErrNotFound},
		{"accept by unknown agent", second(s.Accept(x.SessionID, 99)), zchat.ErrNotFound},
		{"accept an ended chat", second(s.Accept(1, 1)), zchat.ErrConflict},
		{"visitor in an ended chat", second(s.VisitorSays(1, "hi")), zchat.ErrConflict},
		{"unknown agent says", second(s.AgentSays(x.SessionID, 99, "hi")), zchat.ErrNotFound},
		{"rate 0", second(s.Rate(x.SessionID, 0)), zchat.ErrValidation},
		{"rate 6", second(s.Rate(x.SessionID, 6)), zchat.ErrValidation},
		{"transfer to nobody", second(s.TransferSession(x.SessionID, 0, 0)), zchat.ErrValidation},
		{"end unknown", second(s.End(99)), zchat.ErrNotFound},
		{"unknown status", second(s.SetAgentStatus(1, "busy")), zchat.ErrValidation},
		{"status of unknown agent", second(s.SetAgentStatus(99, "online")), zchat.ErrNotFound},
	}
	for _, tt := range tests {
		assert.ErrorIs(t, tt.err, tt.want, tt.name)
	}
	ended, err := s.End(1)
	require.NoError(t, err, "ending an ended chat is no error")
	assert.Equal(t, 1, ended.SessionID)
	assert.Len(t, s.Events(), 1, "only the first session.started: failures and no-ops send nothing")
}

func second[T any](_ T, err error) error { return err }
