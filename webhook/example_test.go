package webhook_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/zchat/zchat-go/sessions"
	"github.com/zchat/zchat-go/webhook"
	"github.com/zchat/zchat-go/zchattest"
)

// The APP Server's ChatApiKey, and a delivery time for the examples.
const chatAPIKey = "zk_live_7f3a9c2e41b84d0f"

var sentAt = time.Date(2026, 11, 24, 3, 52, 27, 0, time.UTC)

const body = `{"Id":"evt_2kq8","Type":"session.ended","Time":"2026-11-24T03:52:27Z","Data":{"SessionId":41,"AgentRating":5}}`

// The value is independently checkable: it is the base64 of
// HMAC-SHA256(key, "evt_2kq8.1795492347." + body).
func ExampleSign() {
	sig := webhook.Sign(chatAPIKey, "evt_2kq8", sentAt, []byte(body))
	fmt.Println(sig)
	// Output: v1,XZZ67u0nHmcp/TM7PXAULtyx5iHtJMnQ1V0itU8Japw=
}

func ExampleVerify() {
	h := http.Header{}
	h.Set("webhook-id", "evt_2kq8")
	h.Set("webhook-timestamp", strconv.FormatInt(sentAt.Unix(), 10))
	h.Set("webhook-signature", webhook.Sign(chatAPIKey, "evt_2kq8", sentAt, []byte(body)))

	// A fixed clock, so the example does not go stale; real code omits it.
	clock := webhook.WithClock(func() time.Time { return sentAt.Add(time.Minute) })

	fmt.Println(webhook.Verify(chatAPIKey, h, []byte(body), clock))

	err := webhook.Verify(chatAPIKey, h, []byte(strings.Replace(body, "5", "1", 1)), clock)
	fmt.Println(errors.Is(err, webhook.ErrInvalidSignature))

	late := webhook.WithClock(func() time.Time { return sentAt.Add(time.Hour) })
	err = webhook.Verify(chatAPIKey, h, []byte(body), late)
	fmt.Println(errors.Is(err, webhook.ErrTimestampTooOld))
	// Output:
	// <nil>
	// true
	// true
}

// Headers as AWS Lambda and API Gateway hand them over: a plain map with
// lower-case names.
func ExampleConstructEvent() {
	headers := map[string][]string{
		"webhook-id":        {"evt_2kq8"},
		"webhook-timestamp": {strconv.FormatInt(sentAt.Unix(), 10)},
		"webhook-signature": {webhook.Sign(chatAPIKey, "evt_2kq8", sentAt, []byte(body))},
	}
	clock := webhook.WithClock(func() time.Time { return sentAt })

	ev, err := webhook.ConstructEvent(chatAPIKey, headers, []byte(body), clock)
	if err != nil {
		fmt.Println("refused:", err)
		return
	}
	s, err := ev.Session()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(ev.Type, s.SessionID, s.AgentRating)
	// Output: session.ended 41 5
}

func ExampleNewHandler() {
	var mux webhook.Mux
	mux.OnSessionEnded(func(ctx context.Context, s *sessions.Session) error {
		fmt.Println("session", s.SessionID, "ended")
		return nil
	})
	clock := webhook.WithClock(func() time.Time { return sentAt })
	srv := httptest.NewServer(webhook.NewHandler(chatAPIKey, mux.Handle, clock))
	defer srv.Close()

	deliver := func(key string) {
		req, _ := http.NewRequest(http.MethodPost, srv.URL, strings.NewReader(body))
		req.Header.Set("webhook-id", "evt_2kq8")
		req.Header.Set("webhook-timestamp", strconv.FormatInt(sentAt.Unix(), 10))
		req.Header.Set("webhook-signature", webhook.Sign(key, "evt_2kq8", sentAt, []byte(body)))
		resp, err := srv.Client().Do(req)
		if err != nil {
			fmt.Println(err)
			return
		}
		resp.Body.Close()
		fmt.Println(resp.Status)
	}
	deliver(chatAPIKey)  // handled
	deliver(chatAPIKey)  // the same Id again: acknowledged, not handled twice
	deliver("wrong-key") // never verifies
	// Output:
	// session 41 ended
	// 200 OK
	// 200 OK
	// 401 Unauthorized
}

// A receiver tested end to end: zchattest plays a chat and delivers its
// signed notifications, as the APP Server does, to the handler.
func ExampleNewHandler_zchattest() {
	srv := zchattest.NewServer(zchattest.WithDemoData())
	defer srv.Close()

	ended := make(chan *sessions.Session, 1)
	var mux webhook.Mux
	mux.OnSessionEnded(func(ctx context.Context, s *sessions.Session) error {
		ended <- s
		return nil
	})
	// The secret is the APP Server's ChatApiKey.
	receiver := httptest.NewServer(webhook.NewHandler(srv.APIKey, mux.Handle))
	defer receiver.Close()
	srv.SetNotificationURL(receiver.URL)

	chat, err := srv.StartSession(zchattest.Visitor{DisplayName: "Li Wei", Email: "li.wei@example.com"})
	if err != nil {
		fmt.Println(err)
		return
	}
	_, _ = srv.VisitorSays(chat.SessionID, "Is there a trial?")
	_, _ = srv.Rate(chat.SessionID, 4)
	_, _ = srv.End(chat.SessionID)

	s := <-ended
	fmt.Println("session", s.SessionID, "ended:", s.DisplayName, "rated", s.AgentRating)

	// Every event was delivered, signed, and answered 200.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.WaitDeliveries(ctx, len(srv.Events())); err != nil {
		fmt.Println(err)
		return
	}
	var delivered []string
	for _, d := range srv.Deliveries() {
		delivered = append(delivered, fmt.Sprint(d.Type, " ", d.StatusCode))
	}
	slices.Sort(delivered)
	fmt.Println(strings.Join(delivered, "\n"))
	// Output:
	// session 4 ended: Li Wei rated 4
	// message.created 200
	// session.ended 200
	// session.rated 200
	// session.started 200
}

func ExampleMux() {
	var mux webhook.Mux
	mux.OnSessionRated(func(ctx context.Context, s *sessions.Session) error {
		fmt.Println("rated", s.AgentRating)
		return nil
	})
	mux.Default(func(ctx context.Context, e *webhook.Event) error {
		fmt.Println("no function for", e.Type, string(e.Data))
		return nil
	})

	for _, b := range []string{
		`{"Id":"evt_1","Type":"session.rated","Data":{"SessionId":41,"AgentRating":4}}`,
		`{"Id":"evt_2","Type":"chatbot.replied","Data":{"Bot":"ollama"}}`,
	} {
		ev, err := webhook.Parse([]byte(b))
		if err != nil {
			fmt.Println(err)
			continue
		}
		if err := mux.Handle(context.Background(), ev); err != nil {
			fmt.Println(err)
		}
	}
	// Output:
	// rated 4
	// no function for chatbot.replied {"Bot":"ollama"}
}

// Key rotation: while the APP Server moves to a new ChatApiKey, accept both.
func ExampleWithSecrets() {
	const oldKey, newKey = "zk_live_old_2025", "whsec_emNoYXQtcm90YXRpb24ta2V5LTI"
	h := http.Header{}
	h.Set("webhook-id", "evt_2kq8")
	h.Set("webhook-timestamp", strconv.FormatInt(sentAt.Unix(), 10))
	h.Set("webhook-signature", webhook.Sign(oldKey, "evt_2kq8", sentAt, []byte(body)))
	clock := webhook.WithClock(func() time.Time { return sentAt })

	fmt.Println(webhook.Verify(newKey, h, []byte(body), clock) == nil)
	fmt.Println(webhook.Verify(newKey, h, []byte(body), webhook.WithSecrets(oldKey), clock) == nil)
	// Output:
	// false
	// true
}
