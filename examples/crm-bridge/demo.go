package main

// The demo mode of crm-bridge: with no APP Server configured, it plays two
// chats on the in-process zchattest server, lets that server deliver their
// notifications to the bridge, and shows what the bridge made of them.

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/zchat/zchat-go/cases"
	"github.com/zchat/zchat-go/sessions"
	"github.com/zchat/zchat-go/zchattest"
)

// chat is a conversation the demo simulates.
type chat struct {
	visitor zchattest.Visitor
	agent   int      // the UserID of the agent who accepts it
	lines   []string // visitor and agent, taking turns
	rating  int
}

var demoChats = []chat{
	{
		visitor: zchattest.Visitor{
			DisplayName: "Sofia Rossi", Email: "sofia.rossi@example.it", DepartmentID: 1,
			Question: "Can I pay the yearly plan by bank transfer?",
			Browser:  "Edge 131.0", Platform: "Windows 11", Culture: "it-IT",
			PageURL: "https://zchatdemo.com/pricing", PageTitle: "Pricing – ZChat", ProductName: "ZChat Server",
		},
		agent: 1,
		lines: []string{
			"Hi, can I pay the yearly plan by bank transfer?",
			"Hello Sofia! Yes: choose \"Invoice\" at checkout and you get our bank details.",
			"Perfect, thank you!",
		},
		rating: 5,
	},
	{
		visitor: zchattest.Visitor{
			DisplayName: "Tom Becker", Email: "tom.becker@example.de", DepartmentID: 2,
			Question: "The desktop agent app closes right after login",
			Browser:  "ZChat Desktop 9.4.1", Platform: "Windows 10", Culture: "de-DE",
			PageURL: "https://zchatdemo.com/support", PageTitle: "Support – ZChat", ProductName: "ZChat Desktop",
		},
		agent: 3,
		lines: []string{
			"The desktop agent app closes right after login.",
			"Sorry to hear that. Which version do you have?",
			"9.4.1, and it has happened all week. I have customers waiting!",
			"Please send us the log file from %APPDATA%\\ZChat; we will look into it.",
		},
		rating: 1,
	},
}

// runDemo points the demo server's notifications at the bridge, simulates
// the demo chats, waits until the bridge has filed them, and shows what it
// made.
func runDemo(ctx context.Context, srv *zchattest.Server, bridge *Bridge, url string) error {
	srv.SetNotificationURL(url)
	fmt.Printf("The demo server delivers its notifications to %s\n", url)

	var ended []sessions.Session
	for _, c := range demoChats {
		s, err := simulate(srv, c)
		if err != nil {
			return err
		}
		ended = append(ended, s)
		fmt.Printf("Simulated chat %d with %s <%s>, rated %d/5\n", s.SessionID, s.DisplayName, s.Email, c.rating)
	}

	// Wait until the bridge has filed both chats, then until every event
	// (the bridge's own writes send lead.created, case.created and
	// note.created) has been delivered, so that nothing is pending when the
	// demo stops.
	wait, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	for range ended {
		select {
		case <-bridge.handled:
		case <-wait.Done():
			return fmt.Errorf("waiting for the bridge to file the chats: %w", wait.Err())
		}
	}
	if err := srv.WaitDeliveries(wait, len(srv.Events())); err != nil {
		return fmt.Errorf("waiting for the deliveries: %w", err)
	}
	fmt.Printf("The bridge filed %d chats; %d notifications delivered\n", len(ended), srv.Delivered())

	// The APP Server delivers at least once. A restarted bridge, whose
	// handler no longer remembers the event ids, would file a chat again:
	// the keyed writes make that a no-op.
	before := srv.Stats().Created
	for _, s := range ended {
		if err := bridge.SessionEnded(ctx, &s); err != nil {
			return err
		}
		<-bridge.handled
	}
	after := srv.Stats().Created
	fmt.Printf("Filed both chats again, as after a redelivery: %d new leads, %d new cases, %d new notes\n",
		after[zchattest.KindLeads]-before[zchattest.KindLeads],
		after[zchattest.KindCases]-before[zchattest.KindCases],
		after[zchattest.KindNotes]-before[zchattest.KindNotes])

	fmt.Println("\nIn the CRM now:")
	return printCRM(ctx, bridge.cases, ended)
}

// simulate plays a chat on the demo server: the visitor opens it, the agent
// accepts, they talk, the visitor rates the agent, and the chat ends (which
// sends session.ended).
func simulate(srv *zchattest.Server, c chat) (sessions.Session, error) {
	s, err := srv.StartSession(c.visitor)
	if err != nil {
		return s, err
	}
	if _, err := srv.Accept(s.SessionID, c.agent); err != nil {
		return s, err
	}
	for i, line := range c.lines {
		if i%2 == 0 {
			_, err = srv.VisitorSays(s.SessionID, line)
		} else {
			_, err = srv.AgentSays(s.SessionID, c.agent, line)
		}
		if err != nil {
			return s, err
		}
	}
	if _, err := srv.Rate(s.SessionID, c.rating); err != nil {
		return s, err
	}
	return srv.End(s.SessionID)
}

// printCRM lists, through the SDK, the lead of each chat with its cases and
// notes.
func printCRM(ctx context.Context, cc *cases.Client, chats []sessions.Session) error {
	for _, s := range chats {
		page, err := cc.ListLeads(ctx, &cases.LeadListOptions{Email: s.Email})
		if err != nil {
			return err
		}
		for _, l := range page.Items {
			fmt.Printf("lead %d: %s <%s>\n", l.LeadID, l.DisplayName, l.Email)
			for k, err := range cc.AllCases(ctx, l.LeadID, nil) {
				if err != nil {
					return err
				}
				fmt.Printf("  case %d [%s priority, %s] session %d: %s\n", k.CaseID, k.Priority, k.Status, k.SessionID, k.Subject)
			}
			for n, err := range cc.AllNotes(ctx, l.LeadID, nil) {
				if err != nil {
					return err
				}
				on := "the lead"
				if n.CaseID != 0 {
					on = "case " + strconv.Itoa(n.CaseID)
				}
				fmt.Printf("  note %d [on %s] session %d: %s\n", n.NoteID, on, n.SessionID, n.Text)
				if d := n.Debug; d != nil {
					for _, a := range d.Attachments {
						fmt.Printf("    attached %s (%d bytes); %s on %s\n", a.FileName, len(a.Content), d.Browser, d.Platform)
					}
				}
			}
		}
	}
	return nil
}
