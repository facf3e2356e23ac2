package zchattest_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"sync/atomic"

	"github.com/zchat/zchat-go/cases"
	"github.com/zchat/zchat-go/webhook"
	"github.com/zchat/zchat-go/zchattest"
)

// Test that a receiver dedupes: deliver the same event twice and see its
// function run once. WaitDelivered waits for that one event, whatever else
// is being delivered.
func ExampleServer_Redeliver() {
	srv := zchattest.NewServer()
	defer srv.Close()
	var handled atomic.Int32
	receiver := httptest.NewServer(webhook.NewHandler(srv.APIKey, func(context.Context, *webhook.Event) error {
		handled.Add(1)
		return nil
	}))
	defer receiver.Close()
	srv.SetNotificationURL(receiver.URL)

	ctx := context.Background()
	ev := srv.Emit("test.ping", map[string]string{"hello": "world"})
	if err := srv.WaitDelivered(ctx, ev.ID); err != nil {
		fmt.Println("error:", err)
		return
	}
	if err := srv.Redeliver(ev.ID); err != nil { // the same id and body, signed again
		fmt.Println("error:", err)
		return
	}
	if err := srv.WaitDelivered(ctx, ev.ID); err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println("deliveries:", srv.Delivered(), "handled:", handled.Load())
	// Output:
	// deliveries: 2 handled: 1
}

// A receiver whose handler calls the API causes events of its own.
// WaitIdle waits until those are delivered too, where counting deliveries
// would race with them.
func ExampleServer_WaitIdle() {
	srv := zchattest.NewServer(zchattest.WithDemoData())
	defer srv.Close()
	cc := cases.New(srv.Client())
	receiver := httptest.NewServer(webhook.NewHandler(srv.APIKey, func(ctx context.Context, e *webhook.Event) error {
		if e.Type != webhook.TypeSessionEnded {
			return nil
		}
		s, err := e.Session()
		if err != nil {
			return err
		}
		_, err = cc.SubmitNote(ctx, 1, cases.NoteInput{Text: "chat ended", SessionID: s.SessionID})
		return err // note.created follows
	}))
	defer receiver.Close()
	srv.SetNotificationURL(receiver.URL)

	chat, err := srv.StartSession(zchattest.Visitor{DisplayName: "Li Wei"})
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	_, _ = srv.End(chat.SessionID)
	if err := srv.WaitIdle(context.Background()); err != nil {
		fmt.Println("error:", err)
		return
	}
	for _, ev := range srv.Events() {
		fmt.Println(ev.Type)
	}
	// Output:
	// session.started
	// session.ended
	// note.created
}
