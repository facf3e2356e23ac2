package zchattest_test

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/zchat/zchat-go/agents"
	"github.com/zchat/zchat-go/cases"
	"github.com/zchat/zchat-go/messages"
	"github.com/zchat/zchat-go/sessions"
	"github.com/zchat/zchat-go/zchattest"
)

// A fake APP Server with the demo organization, used through the SDK.
func Example() {
	srv := zchattest.NewServer(zchattest.WithDemoData())
	defer srv.Close()

	list, err := agents.New(srv.Client()).List(context.Background())
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	for _, a := range list {
		fmt.Println(a.DisplayName)
	}
	// Output:
	// Anna Schmidt
	// Ben Carter
	// Chloé Martin
}

// Simulate a chat as the widget and the agent tools would, then read it
// back through the SDK. A fixed clock makes the times repeatable.
func ExampleServer_StartSession() {
	clock := func() time.Time { return time.Date(2026, 11, 24, 9, 30, 0, 0, time.UTC) }
	srv := zchattest.NewServer(zchattest.WithDemoData(), zchattest.WithClock(clock))
	defer srv.Close()

	chat, err := srv.StartSession(zchattest.Visitor{
		DisplayName: "Li Wei", Email: "li.wei@example.com", Question: "Is there a trial?", DepartmentID: 1,
	})
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	_, _ = srv.Accept(chat.SessionID, 1) // Anna Schmidt takes it
	_, _ = srv.VisitorSays(chat.SessionID, "Is there a trial?")
	_, _ = srv.AgentSays(chat.SessionID, 1, "Yes: 30 days, all features.")
	_, _ = srv.Rate(chat.SessionID, 5)
	_, _ = srv.End(chat.SessionID)

	ctx := context.Background()
	s, err := sessions.New(srv.Client()).Get(ctx, chat.SessionID)
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println(s.SessionID, s.DisplayName, s.AgentUserID, s.AgentRating)
	if _, err := messages.New(srv.Client()).ExportTranscript(ctx, s.SessionID, os.Stdout, nil); err != nil {
		fmt.Println("error:", err)
	}
	for _, ev := range srv.Events() { // each step sent its notification
		fmt.Print(ev.Type, " ")
	}
	fmt.Println()
	// Output:
	// 4 Li Wei User:1 5
	// [2026-11-24 09:30:00Z] Li Wei: Is there a trial?
	// [2026-11-24 09:30:00Z] Anna Schmidt: Yes: 30 days, all features.
	// session.started session.accepted message.created message.created session.rated session.ended
}

// Prove that a retry creates nothing twice: the server handles the request,
// then a proxy in front of it answers 504 with an HTML page, and the client
// sends the request again with the same Idempotency-Key.
func ExampleServer_InjectFaults() {
	srv := zchattest.NewServer()
	defer srv.Close()
	srv.InjectFaults(zchattest.Fault{Method: "POST", Path: "/leads", Status: 504, HTML: true, After: true})

	lead, err := cases.New(srv.Client()).UpsertLead(context.Background(), cases.LeadInput{Email: "ann@example.com"})
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	for _, r := range srv.Requests() {
		fmt.Println(r.Method, r.Path, r.Status, "replayed:", r.Replayed)
	}
	fmt.Println("lead", lead.LeadID, "created:", srv.Stats().Created[zchattest.KindLeads])
	// Output:
	// POST /leads 504 replayed: false
	// POST /leads 201 replayed: true
	// lead 1 created: 1
}
