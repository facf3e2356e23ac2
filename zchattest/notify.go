package zchattest

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/zchat/zchat-go/webhook"
	"github.com/zchat/zchat-go/zchat"
)

// DeliveryTimeout is how long one delivery attempt may take: an answer
// after it counts as a failure, as on the APP Server.
const DeliveryTimeout = 10 * time.Second

// ErrClosed is returned by WaitDeliveries when the server closes first.
var ErrClosed = errors.New("zchattest: server closed")

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
	s.notifyURL = url
}

// NotificationURL returns the ChatApiNotificationUrl.
func (s *Server) NotificationURL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.notifyURL
}

// Events returns every event the server emitted, in order, whether or not
// it was delivered. Data is as it was sent, in the server's TimeFormat.
func (s *Server) Events() []webhook.Event {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]webhook.Event(nil), s.events...)
}

// Deliveries returns every delivery attempt so far, in the order made.
func (s *Server) Deliveries() []Delivery {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Delivery(nil), s.deliveries...)
}

// Delivered is how many events were delivered (answered 2xx).
func (s *Server) Delivered() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.delivered
}

// WaitDeliveries waits until n events in all have been delivered (answered
// 2xx), the context ends (its error is returned), or the server closes
// (ErrClosed).
func (s *Server) WaitDeliveries(ctx context.Context, n int) error {
	for {
		s.mu.Lock()
		done, changed := s.delivered >= n, s.deliveredCh
		s.mu.Unlock()
		if done {
			return nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return ctx.Err()
		case <-s.ctx.Done():
			return ErrClosed
		}
	}
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
	s.events = append(s.events, ev)
	if s.notifyURL == "" || s.closed {
		return ev
	}
	body, err := eventBody(eventHead{ID: ev.ID, Type: ev.Type, Time: s.tf.wt(now)}, raw)
	if err != nil {
		return ev
	}
	s.wg.Add(1)
	go s.deliver(ev, body)
	return ev
}

// deliver makes the attempts of one event as the schedule says, until one
// is answered 2xx or 410, the schedule is over, or the server closes.
func (s *Server) deliver(ev webhook.Event, body []byte) {
	defer s.wg.Done()
	for i, wait := range s.cfg.schedule {
		if !sleep(s.ctx, wait) {
			return
		}
		url := s.NotificationURL()
		if url == "" {
			return
		}
		d := s.attempt(url, ev, body)
		d.Attempt = i + 1
		s.recordDelivery(d)
		if d.OK() || d.StatusCode == http.StatusGone || s.ctx.Err() != nil {
			return
		}
	}
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
	resp, err := s.notifyClient.Do(req)
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
	s.deliveries = append(s.deliveries, d)
	if d.OK() {
		s.delivered++
		close(s.deliveredCh) // wake WaitDeliveries
		s.deliveredCh = make(chan struct{})
	}
	s.log.LogAttrs(context.Background(), slog.LevelDebug, "zchattest: delivery",
		slog.String("event", d.EventID), slog.String("type", d.Type), slog.Int("attempt", d.Attempt),
		slog.Int("status", d.StatusCode), slog.String("error", d.Err))
}

// sleep waits d; false when ctx ends first.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
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
