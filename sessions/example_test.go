package sessions_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/zchat/zchat-go/sessions"
	"github.com/zchat/zchat-go/zchat"
	"github.com/zchat/zchat-go/zchattest"
)

// The examples run against zchattest, the SDK's fake APP Server, seeded
// with its demo organization; against a real server, make the client with
// zchat.NewClient(baseURL, zchat.WithAPIKey(key)) instead.

func ExampleClient_All() {
	srv := zchattest.NewServer(zchattest.WithDemoData())
	defer srv.Close()
	zc := srv.Client() // a *zchat.Client for srv

	// Every chat, oldest first, fetched two per request: All asks for the
	// next page only when the loop gets there.
	opts := &sessions.ListOptions{PageSize: 2}
	for s, err := range sessions.New(zc).All(context.Background(), opts) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%d %s <%s>, rated %d: %s\n", s.SessionID, s.DisplayName, s.Email, s.AgentRating, s.Question)
	}
	// Output:
	// 1 Maria Garcia <maria.garcia@example.com>, rated 5: Do you offer volume discounts for 50 seats?
	// 2 Oliver Hughes <oliver@shop.example.org>, rated 0: The chat widget does not show up on our checkout page
	// 3 Kenji Tanaka <kenji.tanaka@example.jp>, rated 4: How do I export chat transcripts?
}

func ExampleClient_Get() {
	// The demo data is recent: laid out from two hours before the server's
	// start. A fixed clock makes its times repeatable.
	clock := func() time.Time { return time.Date(2026, 11, 24, 5, 0, 0, 0, time.UTC) }
	srv := zchattest.NewServer(zchattest.WithDemoData(), zchattest.WithClock(clock))
	defer srv.Close()

	s, err := sessions.New(srv.Client()).Get(context.Background(), 2)
	if err != nil {
		log.Fatal(err)
	}
	agentID, _ := s.AgentUserID.UserID()
	fmt.Println(s.DisplayName, "chatted with agent", agentID, "from", s.PageURL)
	fmt.Println(s.Browser, "on", s.Platform, "began", s.BeginTime)

	// ContextData is JSON the site put there.
	var cart struct {
		Value    float64 `json:"cartValue"`
		Currency string  `json:"currency"`
	}
	if err := s.DecodeContextData(&cart); err != nil {
		log.Fatal(err)
	}
	fmt.Println("cart:", cart.Value, cart.Currency)

	_, err = sessions.New(srv.Client()).Get(context.Background(), 99)
	fmt.Println(errors.Is(err, zchat.ErrNotFound))
	// Output:
	// Oliver Hughes chatted with agent 3 from https://shop.example.org/checkout
	// Firefox 132.0 on macOS 14.6 began 2026-11-24T03:20:00Z
	// cart: 129.9 GBP
	// true
}

func ExampleClient_Transfer() {
	srv := zchattest.NewServer(zchattest.WithDemoData())
	defer srv.Close()
	// A visitor opens a chat in Sales, and agent 1 takes it.
	chat, err := srv.StartSession(zchattest.Visitor{DisplayName: "Li Wei", Question: "Is there a trial?", DepartmentID: 1})
	if err != nil {
		log.Fatal(err)
	}
	if _, err := srv.Accept(chat.SessionID, 1); err != nil {
		log.Fatal(err)
	}

	s, err := sessions.New(srv.Client()).Transfer(context.Background(), chat.SessionID,
		sessions.Transfer{AgentUserID: zchat.UserChatID(3), DepartmentID: 2})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(s.SessionID, "is now with", s.AgentUserID, "in department", s.DepartmentID)
	// Output: 4 is now with User:3 in department 2
}

func ExampleSession_DecodeCustomData() {
	s := sessions.Session{CustomData: `{"orderId":778,"items":3}`}
	var order struct {
		OrderID int `json:"orderId"`
		Items   int `json:"items"`
	}
	if err := s.DecodeCustomData(&order); err != nil {
		log.Fatal(err)
	}
	fmt.Println(order.OrderID, order.Items)

	var ctx map[string]any
	err := s.DecodeContextData(&ctx)
	fmt.Println(errors.Is(err, sessions.ErrNoData), err)
	// Output:
	// 778 3
	// true sessions: ContextData: no data
}
