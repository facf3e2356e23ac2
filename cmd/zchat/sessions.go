package main

import (
	"context"
	"flag"
	"iter"
	"time"

	"github.com/zchat/zchat-go/sessions"
	"github.com/zchat/zchat-go/zchat"
)

func sessionsCommand() *command {
	return &command{
		name:    "sessions",
		summary: "List, show, transfer and close chat sessions.",
		example: "zchat sessions list --status active\nzchat sessions transfer 42 --agent User:3",
		subs: []*command{{
			name: "list",
			usage: "[--since TIME] [--until TIME] [--status active|ended] [--department ID] [--agent User:3]\n" +
				"       [--customer CHAT_ID] [--email EMAIL] [--page-size N] [--limit N]",
			summary: "List the sessions matching the filters, oldest first, following every page as it goes.",
			long:    "TIME is RFC 3339, a date (midnight UTC) or a duration ago: --since 24h.",
			example: "zchat sessions list --since 2026-11-24 --status ended --department 2\n" +
				"zchat sessions list --agent 3 --json > sessions.jsonl",
			setup: pagedList("sessions", sessionColumns, func(fs *flag.FlagSet) lister[sessions.Session] {
				var (
					opts  sessions.ListOptions
					agent string
				)
				fs.Var(whenFlag{&opts.Since, time.Now}, "since", "sessions that began at or after `TIME`")
				fs.Var(whenFlag{&opts.Until, time.Now}, "until", "sessions that began before `TIME`")
				fs.StringVar(&opts.Status, "status", "", "`STATUS`: active or ended")
				fs.IntVar(&opts.DepartmentID, "department", 0, "sessions of the department with this `ID`")
				fs.StringVar(&agent, "agent", "", "sessions served by the agent `User:3` (or its UserId, 3)")
				fs.Func("customer", "sessions of the visitor with this chat `ID`, e.g. Guest:@cust-8812",
					func(s string) error { opts.CustomerID = zchat.ChatID(s); return nil })
				fs.StringVar(&opts.Email, "email", "", "sessions of the visitor with this e-mail `ADDRESS`")
				return func(ctx context.Context, a *app, _ []int, pageSize int) (iter.Seq2[sessions.Session, error], error) {
					if agent != "" {
						opts.AgentUserID = agentID(agent)
					}
					opts.PageSize = pageSize
					return sessions.New(a.c).All(ctx, &opts), opts.Check()
				}
			}),
		},
			getCommand("get", "SESSION_ID", "Show one session: the visitor, the agent, the page and the site's data.",
				"zchat sessions get 42", sessions.New, (*sessions.Client).Get, sessionFields),
			getCommand("close", "SESSION_ID", "End a session (closing an ended session is fine).",
				"zchat sessions close 42", sessions.New, (*sessions.Client).Close, sessionFields),
			{
				name:    "transfer",
				args:    []string{"SESSION_ID"},
				usage:   "[--agent User:3] [--department ID] (at least one)",
				summary: "Move a session to another agent, another department, or both.",
				example: "zchat sessions transfer 42 --agent User:3\nzchat sessions transfer 42 --department 2",
				setup: func(fs *flag.FlagSet) action {
					var (
						t     sessions.Transfer
						agent string
					)
					fs.StringVar(&agent, "agent", "", "the agent `User:3` (or its UserId, 3)")
					fs.IntVar(&t.DepartmentID, "department", 0, "the department's `ID`")
					return func(ctx context.Context, a *app, ids []int) error {
						if agent != "" {
							t.AgentUserID = agentID(agent)
						}
						return shower(a, sessionFields)(sessions.New(a.c).Transfer(ctx, ids[0], t))
					}
				},
			}},
	}
}

var sessionColumns = []column[sessions.Session]{
	{"ID", func(x sessions.Session) string { return itoa(x.SessionID) }},
	{"BEGIN", func(x sessions.Session) string { return when(x.BeginTime) }},
	{"DEPT", func(x sessions.Session) string { return id(x.DepartmentID) }},
	{"AGENT", func(x sessions.Session) string { return string(x.AgentUserID) }},
	{"VISITOR", func(x sessions.Session) string { return clip(x.DisplayName, 24) }},
	{"EMAIL", func(x sessions.Session) string { return x.Email }},
	{"RATING", func(x sessions.Session) string { return id(x.AgentRating) }},
	{"QUESTION", func(x sessions.Session) string { return clip(x.Question, 60) }},
}

func sessionFields(x *sessions.Session) []field {
	return []field{
		{"SessionId", itoa(x.SessionID)}, {"DepartmentId", id(x.DepartmentID)},
		{"AgentUserId", string(x.AgentUserID)}, {"CustomerId", string(x.CustomerID)},
		{"DisplayName", x.DisplayName}, {"Email", x.Email}, {"Question", x.Question},
		{"BeginTime", when(x.BeginTime)}, {"ActiveTime", when(x.ActiveTime)}, {"AgentRating", id(x.AgentRating)},
		{"Browser", x.Browser}, {"Platform", x.Platform}, {"Culture", x.Culture}, {"IPAddress", x.IPAddress},
		{"PageTitle", x.PageTitle}, {"PageUrl", x.PageURL}, {"Referrer", x.Referrer},
		{"ProductName", x.ProductName}, {"ProductKey", x.ProductKey},
		{"ContextData", x.ContextData}, {"SessionData", x.SessionData}, {"CustomData", x.CustomData},
		{"OAuthInfo", x.OAuthInfo}, {"OAuthKey", x.OAuthKey},
	}
}
