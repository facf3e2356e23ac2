package zchattest

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/zchat/zchat-go/internal/sleep"
	"github.com/zchat/zchat-go/webhook"
	"github.com/zchat/zchat-go/zchat"
)

// DeliveryTimeout is how long one delivery attempt may take: an answer
// after it counts as a failure, as on the APP Server.
const DeliveryTimeout = 10 * time.Second

// ErrClosed is returned by WaitDeliveries, WaitDelivered and WaitIdle when
// the server closes first.
var ErrClosed = errors.New("zchattest: server closed")

// ErrNotDelivered is returned by WaitDelivered when an event's delivery
// ended without a 2xx answer (every attempt of the schedule failed, or the
// receiver answered 410 Gone), or when it was never sent (no notification
// URL when it was emitted).
var ErrNotDelivered = errors.New("zchattest: event not delivered")

// ErrUnknownEvent is returned by WaitDelivered and Redeliver for an event id
// the server never emitted.
var ErrUnknownEvent = errors.New("zchattest: no such event")

// notifier is the server's notification sender: the events emitted, where
// their deliveries are, and the client that makes them. Its fields are
// guarded by Server.mu, but for wg, transport and client.
type notifier struct {
	url        string                 // the ChatApiNotificationUrl; "" sends nothing
	events     []webhook.Event        // every event emitted, in order
	byID       map[string]*eventState // where each event's deliveries are
	pending    int                    // deliveries in progress (attempting or waiting to retry)
	deliveries []Delivery             // every attempt, in order
	delivered  int                    // attempts answered 2xx
	changedCh  chan struct{}          // closed and replaced on each change of delivery state

	wg        sync.WaitGroup // delivery goroutines
	transport *http.Transport
	client    *http.Client
}

func newNotifier(url string) notifier {
	t := newTransport()
	return notifier{
		url:       url,
		byID:      map[string]*eventState{},
		changedCh: make(chan struct{}),
		transport: t,
		client: &http.Client{
			Transport: t,
			// A redirect is an answer that is not 2xx: a failed attempt.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
	}
}

// eventState is where the deliveries of one event are. Guarded by
// Server.mu.
type eventState struct {
	index   int  // in notifier.events
	pending int  // deliveries of it in progress
	ok      bool // the last delivery that ended delivered it
}

// Delivery is one attempt to deliver an event to the notification URL.
type Delivery struct {
	EventID    string
	Type       string
	URL        string
	Attempt    int       // 1 for the first attempt
	StatusCode int       // the receiver's answer; 0 when there was none
	Err        string    // why there was no answer (connection error, timeout)
	Time       time.Time // when the attempt was made, by the server's clock
}

// OK reports whether the attempt delivered the event (a 2xx answer).
func (d Delivery) OK() bool { return d.StatusCode >= 200 && d.StatusCode <= 299 }

// SetNotificationURL sets the ChatApiNotificationUrl (WithNotificationURL);
// "" stops notifications. Events emitted from now on are delivered there,
// and so are the retries of earlier ones.
func (s *Server) SetNotificationURL(url string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.notifier.url = url
}

// NotificationURL returns the ChatApiNotificationUrl.
func (s *Server) NotificationURL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.notifier.url
}

// Events returns every event the server emitted, in order, whether or not
// it was delivered. Data is as it was sent, in the server's TimeFormat.
func (s *Server) Events() []webhook.Event {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]webhook.Event(nil), s.notifier.events...)
}

// Deliveries returns every delivery attempt so far, in the order made.
func (s *Server) Deliveries() []Delivery {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Delivery(nil), s.notifier.deliveries...)
}

// Delivered is how many deliveries succeeded (answered 2xx); an event
// delivered again with Redeliver counts again.
func (s *Server) Delivered() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.notifier.delivered
}

// Redeliver delivers the event with this id again, with the same id, type,
// time and Data, newly signed, on the delivery schedule, as the APP Server
// may (delivery is at least once): to test that a receiver dedupes on the
// event id. WaitDelivered(ctx, eventID) then waits for this delivery. It
// returns ErrUnknownEvent for an id the server never emitted, and an error
// when there is no notification URL or the server is closed.
func (s *Server) Redeliver(eventID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.notifier.byID[eventID]
	switch {
	case !ok:
		return fmt.Errorf("%w: %q", ErrUnknownEvent, eventID)
	case s.closed:
		return ErrClosed
	case s.notifier.url == "":
		return errors.New("zchattest: Redeliver: no notification URL")
	}
	ev := s.notifier.events[st.index]
	body, err := eventBody(eventHead{ID: ev.ID, Type: ev.Type, Time: s.tf.wt(ev.Time.Time)}, ev.Data)
	if err != nil {
		return err
	}
	s.startDelivery(ev, st, body)
	return nil
}

// Emit sends an event of any Type, with data (any JSON value) as its Data,
// as the server sends its own: to test that a receiver passes on a Type it
// does not know.
func (s *Server) Emit(eventType string, data any) webhook.Event {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.emit(eventType, data)
}

// answerCreated encodes a new object once, sends it as the Data of an
// event, and answers it with 201. s.mu must be held.
func (s *Server) answerCreated(eventType string, v any) (any, error) {
	b, err := encodeJSON(v)
	if err != nil {
		return nil, err
	}
	s.emit(eventType, encoded(b))
	return created{encoded(b)}, nil
}

// emit records an event and, when there is a notification URL, starts
// delivering it. s.mu must be held.
func (s *Server) emit(eventType string, data any) webhook.Event {
	raw, err := encodeJSON(data)
	if err != nil {
		raw = []byte("null")
	}
	now := s.now()
	ev := webhook.Event{ID: "evt_" + randomToken(12), Type: eventType, Time: zchat.NewTime(now), Data: raw}
	st := &eventState{index: len(s.notifier.events)}
	s.notifier.events = append(s.notifier.events, ev)
	s.notifier.byID[ev.ID] = st
	if s.notifier.url == "" || s.closed {
		return ev
	}
	body, err := eventBody(eventHead{ID: ev.ID, Type: ev.Type, Time: s.tf.wt(now)}, raw)
	if err != nil {
		return ev
	}
	s.startDelivery(ev, st, body)
	return ev
}

// startDelivery counts a delivery of ev as in progress and starts it. s.mu
// must be held.
func (s *Server) startDelivery(ev webhook.Event, st *eventState, body []byte) {
	st.pending++
	s.notifier.pending++
	s.notifier.wg.Add(1)
	go s.deliver(ev, st, body)
}

// deliver makes the attempts of one event as the schedule says, until one
// is answered 2xx or 410, the schedule is over, or the server closes.
func (s *Server) deliver(ev webhook.Event, st *eventState, body []byte) {
	defer s.notifier.wg.Done()
	ok := false
	defer func() { s.endDelivery(st, ok) }()
	for i, wait := range s.cfg.schedule {
		if sleep.For(s.ctx, wait) != nil {
			return
		}
		url := s.NotificationURL()
		if url == "" {
			return
		}
		d := s.attempt(url, ev, body)
		d.Attempt = i + 1
		s.recordDelivery(d)
		if ok = d.OK(); ok || d.StatusCode == http.StatusGone || s.ctx.Err() != nil {
			return
		}
	}
}

// endDelivery records that a delivery of an event is over, and wakes the
// waits.
func (s *Server) endDelivery(st *eventState, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st.pending--
	st.ok = ok
	s.notifier.pending--
	s.notifier.changed()
}

// changed wakes every wait. Server.mu must be held.
func (n *notifier) changed() {
	close(n.changedCh)
	n.changedCh = make(chan struct{})
}

// attempt POSTs the signed event once.
func (s *Server) attempt(url string, ev webhook.Event, body []byte) Delivery {
	d := Delivery{EventID: ev.ID, Type: ev.Type, URL: url, Time: s.now()}
	ctx, cancel := context.WithTimeout(s.ctx, DeliveryTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		d.Err = err.Error()
		return d
	}
	ts := time.Now() // the receiver checks it against its own clock
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set("User-Agent", "ZChat-AppServer/"+Version)
	req.Header.Set(webhook.HeaderID, ev.ID)
	req.Header.Set(webhook.HeaderTimestamp, strconv.FormatInt(ts.Unix(), 10))
	req.Header.Set(webhook.HeaderSignature, webhook.Sign(s.APIKey, ev.ID, ts, body))
	resp, err := s.notifier.client.Do(req)
	if err != nil {
		d.Err = err.Error()
		return d
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	_ = resp.Body.Close()
	d.StatusCode = resp.StatusCode
	return d
}

func (s *Server) recordDelivery(d Delivery) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.notifier.deliveries = append(s.notifier.deliveries, d)
	if d.OK() {
		s.notifier.delivered++
		s.notifier.changed()
	}
	s.log.LogAttrs(context.Background(), slog.LevelDebug, "zchattest: delivery",
		slog.String("event", d.EventID), slog.String("type", d.Type), slog.Int("attempt", d.Attempt),
		slog.Int("status", d.StatusCode), slog.String("error", d.Err))
}

// randomToken is n random letters and digits.
func randomToken(n int) string {
	const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	b := make([]byte, n)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}
