package zchattest

import (
	"html"
	"time"

	"github.com/zchat/zchat-go/agents"
	"github.com/zchat/zchat-go/cases"
	"github.com/zchat/zchat-go/departments"
	"github.com/zchat/zchat-go/messages"
	"github.com/zchat/zchat-go/sessions"
	"github.com/zchat/zchat-go/zchat"
)

// DemoAge is how long before the server's start (its clock when NewServer
// or NewUnstartedServer ran) WithDemoData's first chat begins. Everything
// else in the demo data is a fixed offset after that (Server.DemoStart), so
// the data is always recent: "the last 24 hours" includes it, and its
// active chat can be written to and transferred.
const DemoAge = 2 * time.Hour

// DemoBaseTime was the fixed time the demo data was laid out from. The data
// is now laid out from the server's start; a server whose clock (WithClock)
// reads DemoBaseTime.Add(DemoAge) when it starts lays it out from
// DemoBaseTime, as before.
//
// Deprecated: use Server.DemoStart, the start of a server's own demo data.
var DemoBaseTime = time.Date(2026, 11, 24, 3, 0, 0, 0, time.UTC)

// The demo organization. UserIds, DepartmentIds, SessionIds… follow the
// order below, from 1.
var (
	demoAgents = []struct {
		agents.Agent
		password string
	}{
		{agents.Agent{LoginName: "anna", DisplayName: "Anna Schmidt", Email: "anna.schmidt@zchatdemo.com", IsAdmin: true}, "demo-anna-Pa55"},
		{agents.Agent{LoginName: "ben", DisplayName: "Ben Carter", Email: "ben.carter@zchatdemo.com"}, "demo-ben-Pa55"},
		{agents.Agent{LoginName: "chloe", DisplayName: "Chloé Martin", Email: "chloe.martin@zchatdemo.com"}, "demo-chloe-Pa55"},
	}

	demoDepartments = []struct {
		departments.Department
		members []int
	}{
		{departments.Department{Name: "Sales", Description: "Pricing, quotes and trials"}, []int{1, 2}},
		{departments.Department{Name: "Support", Description: "Technical help for ZChat Server customers"}, []int{2, 3}},
	}

	// demoChats are the demo chats: a session beginning at DemoStart +
	// begin, and its messages, each at begin + at, said by the visitor
	// (agent 0) or an agent. All have ended but the last, which is still
	// active: it began a few minutes before the server started.
	demoChats = []struct {
		begin    time.Duration
		session  sessions.Session
		messages []demoLine
		active   bool
	}{
		{0, sessions.Session{
			DepartmentID: 1, AgentUserID: "User:2", CustomerID: "Guest:@cust-8812",
			DisplayName: "Maria Garcia", Email: "maria.garcia@example.com",
			Question: "Do you offer volume discounts for 50 seats?", AgentRating: 5,
			Browser: "Chrome 131.0", Platform: "Windows 11", Culture: "es-ES", IPAddress: "203.0.113.17",
			PageTitle: "Pricing – ZChat", PageURL: "https://zchatdemo.com/pricing", Referrer: "https://www.google.com/",
			ProductName: "ZChat Server", ProductKey: "zchat-server",
			ContextData: `{"plan":"trial","seats":50,"utm_source":"google"}`,
		}, []demoLine{
			{5 * time.Second, 0, "Hi! Do you offer volume discounts for 50 seats?"},
			{40 * time.Second, 2, "Hello Maria, yes: from 25 seats on, every seat is 15% off."},
			{75 * time.Second, 0, "Great. Does that include the desktop agent tools?"},
			{100 * time.Second, 2, "It does, for every seat. Shall I send you a quote?"},
			{130 * time.Second, 0, "Please do, thanks!"},
			{160 * time.Second, 2, "Sent to maria.garcia@example.com. Anything else I can do?"},
		}, false},
		{20 * time.Minute, sessions.Session{
			DepartmentID: 2, AgentUserID: "User:3", CustomerID: "Guest:1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed",
			DisplayName: "Oliver Hughes", Email: "oliver@shop.example.org",
			Question: "The chat widget does not show up on our checkout page",
			Browser:  "Firefox 132.0", Platform: "macOS 14.6", Culture: "en-GB", IPAddress: "198.51.100.42",
			PageTitle: "Checkout – Example Shop", PageURL: "https://shop.example.org/checkout", Referrer: "https://shop.example.org/cart",
			ProductName: "ZChat Widget", ProductKey: "zchat-widget",
			ContextData: `{"cartValue":129.9,"currency":"GBP","items":3}`,
		}, []demoLine{
			{10 * time.Second, 0, "The chat widget does not show up on our checkout page."},
			{50 * time.Second, 3, "Sorry about that. Do you see an error in the browser console?"},
			{120 * time.Second, 0, "Refused to load the script because it violates the Content Security Policy."},
			{170 * time.Second, 3, "Add https://zchatdemo.com to script-src in your CSP header, then reload the page."},
			{260 * time.Second, 0, "That fixed it, thank you!"},
		}, false},
		{DemoAge - 8*time.Minute, sessions.Session{
			DepartmentID: 2, AgentUserID: "User:2", CustomerID: "Guest:@cust-9001",
			DisplayName: "Kenji Tanaka", Email: "kenji.tanaka@example.jp",
			Question: "How do I export chat transcripts?", AgentRating: 4,
			Browser: "Safari 18.1", Platform: "iOS 18.1", Culture: "ja-JP", IPAddress: "192.0.2.88",
			PageTitle: "Transcripts – ZChat Docs", PageURL: "https://zchatdemo.com/docs/transcripts", Referrer: "https://zchatdemo.com/docs",
			ProductName: "ZChat Server", ProductKey: "zchat-server",
			ContextData: `{"account":"A-10442","role":"admin"}`,
		}, []demoLine{
			{5 * time.Second, 0, "How do I export chat transcripts for an audit?"},
			{35 * time.Second, 2, "In the dashboard, open Sessions, filter by date, then choose Export."},
			{70 * time.Second, 0, "Can I automate it?"},
			{95 * time.Second, 2, "Yes: the API lists sessions and their messages, and the Go SDK writes transcripts."},
		}, true},
	}
)

// demoLine is one message of a demo chat.
type demoLine struct {
	at    time.Duration
	agent int // 0 = the visitor
	text  string
}

// DemoStart is when the first chat of the server's demo data began:
// DemoAge before the server's start, by its clock. It is the zero time
// without WithDemoData.
func (s *Server) DemoStart() time.Time { return s.st.demoStart }

// seed lays out the demo organization from DemoAge before the server's
// start; it sends no notifications and counts nothing as created.
func (s *Server) seed() {
	st := s.st
	s.st.demoStart = s.now().Add(-DemoAge)
	at := func(d time.Duration) zchat.Time { return zchat.NewTime(s.st.demoStart.Add(d)) }
	for _, a := range demoAgents {
		st.addAgent(a.Agent, a.password)
	}
	for _, d := range demoDepartments {
		rec := st.addDept(d.Department)
		for _, id := range d.members {
			rec.members[id] = true
		}
	}
	for _, chat := range demoChats {
		sess := chat.session
		sess.BeginTime = at(chat.begin)
		x := st.addSession(sess)
		for _, line := range chat.messages {
			m := messages.Message{Sender: x.DisplayName, SenderID: x.CustomerID, Text: line.text,
				HTML: html.EscapeString(line.text), Time: at(chat.begin + line.at)}
			if line.agent != 0 {
				m.Sender, m.SenderID = agentName(st.agents[line.agent]), zchat.UserChatID(line.agent)
			}
			st.addMessage(x, m)
		}
		if !chat.active {
			x.ended = true
			x.ActiveTime = zchat.NewTime(x.ActiveTime.Add(30 * time.Second))
		}
	}
	chat := st.sessions[1]
	lead := st.addLead(cases.Lead{Email: chat.Email, DisplayName: chat.DisplayName, Phone: "+44 20 7946 0958",
		Company: "Example Shop Ltd", CustomerID: chat.CustomerID, CreatedTime: at(30 * time.Minute), UpdatedTime: at(30 * time.Minute)})
	st.addCase(cases.Case{
		LeadID: lead.LeadID, Subject: "Chat widget blocked by the Content Security Policy on checkout",
		Description: "The widget script was refused by the shop's CSP (script-src 'self'). " +
			"Adding https://zchatdemo.com to script-src fixed it; the install guide should say so.",
		Priority: cases.PriorityHigh, Status: cases.StatusOpen, SessionID: chat.SessionID, CreatedTime: at(31 * time.Minute),
		Debug: &cases.DebugInfo{
			UserAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.6; rv:132.0) Gecko/20100101 Firefox/132.0",
			Browser:   chat.Browser, Platform: chat.Platform, Culture: chat.Culture, IPAddress: chat.IPAddress,
			PageURL: chat.PageURL, PageTitle: chat.PageTitle, Referrer: chat.Referrer,
			ProductName: chat.ProductName, ProductKey: chat.ProductKey, AppVersion: "9.4.2",
			Properties: map[string]string{"csp": "script-src 'self'", "widgetVersion": "9.4.2"},
			Logs: []cases.LogEntry{
				{Time: at(20*time.Minute + 2*time.Second), Level: "error", Message: "Refused to load the script 'https://zchatdemo.com/widget.js' because it violates the Content Security Policy directive: \"script-src 'self'\"."},
				{Time: at(24*time.Minute + 40*time.Second), Level: "info", Message: "widget loaded (9.4.2)"},
			},
		},
	})
	clear(st.created)
}
