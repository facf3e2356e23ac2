package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/agents"
	"github.com/zchat/zchat-go/cases"
	"github.com/zchat/zchat-go/departments"
	"github.com/zchat/zchat-go/zchattest"
)

// cmdCase is one run of zchat against a fresh demo server.
type cmdCase struct {
	name   string
	args   []string
	stdin  string
	env    map[string]string                                   // added to the server's ZCHAT_BASE_URL and ZCHAT_API_KEY
	prep   func(t *testing.T, srv *zchattest.Server) []string  // runs first; returns more args
	code   int                                                 // the exit code
	out    []string                                            // in stdout
	errOut []string                                            // in stderr
	never  []string                                            // in neither
	json   string                                              // stdout must parse as "object", "array" or "lines"
	count  int                                                 // items of an "array" or "lines"
	check  func(t *testing.T, srv *zchattest.Server, r result) // more checks
}

func (tc cmdCase) run(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	vars := serverEnv(srv)
	for k, v := range tc.env {
		vars[k] = v
	}
	args := tc.args
	if tc.prep != nil {
		args = append(append([]string(nil), args...), tc.prep(t, srv)...)
	}
	r := runZchat(t, vars, tc.stdin, args...)
	require.Equal(t, tc.code, r.code, "exit code; stdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)
	for _, s := range tc.out {
		assert.Contains(t, r.stdout, s)
	}
	for _, s := range tc.errOut {
		assert.Contains(t, r.stderr, s)
	}
	for _, s := range tc.never {
		assert.NotContains(t, r.stdout+r.stderr, s)
	}
	switch tc.json {
	case "object":
		var v map[string]any
		require.NoError(t, json.Unmarshal([]byte(r.stdout), &v), r.stdout)
	case "array":
		var v []map[string]any
		require.NoError(t, json.Unmarshal([]byte(r.stdout), &v), r.stdout)
		assert.Len(t, v, tc.count)
	case "lines":
		assert.Len(t, jsonLines(t, r.stdout), tc.count)
	}
	if tc.code != exitOK && tc.code != exitInvalid {
		assert.True(t, strings.HasPrefix(r.stderr, "zchat: "), "errors go to stderr: %q", r.stderr)
	}
	if tc.check != nil {
		tc.check(t, srv, r)
	}
}

func runCases(t *testing.T, cases []cmdCase) {
	for _, tc := range cases {
		t.Run(tc.name, tc.run)
	}
}

// activeSession is the demo data's active chat, which can be written to,
// transferred and closed.
const activeSession = "3"

// lastRequestID is the X-Request-Id of the last request srv answered.
func lastRequestID(t *testing.T, srv *zchattest.Server) string {
	reqs := srv.Requests()
	require.NotEmpty(t, reqs)
	return reqs[len(reqs)-1].RequestID
}

func TestGeneral(t *testing.T) {
	t.Parallel()
	runCases(t, []cmdCase{
		{name: "ping", args: []string{"ping"}, out: []string{"Version:", zchattest.Version, "RoundTrip:"}},
		{name: "ping json", args: []string{"ping", "--json"}, json: "object", out: []string{`"Version": "` + zchattest.Version}},
		{name: "global flag before the command", args: []string{"--json", "ping"}, json: "object"},
		{name: "version", args: []string{"version"}, env: map[string]string{envBaseURL: ""}, out: []string{"zchat-go:", "Go:"}},
		{name: "help", args: []string{"help"}, out: []string{"Usage: zchat <command>", "Commands:", "agents", "mock-server", "Exit codes"}},
		{name: "--help", args: []string{"--help"}, out: []string{"Commands:", "--base-url URL", "ZCHAT_API_KEY"}},
		{name: "help of a subcommand", args: []string{"help", "agents", "create"}, out: []string{"Usage: zchat agents create", "--password-env VAR", "Example:"}},
		{name: "-h after args", args: []string{"sessions", "get", "1", "-h"}, out: []string{"Usage: zchat sessions get SESSION_ID"}},
		{name: "help of an unknown command", args: []string{"help", "nosuch"}, code: exitUsage, errOut: []string{`unknown command "nosuch"`}},
		{name: "no command", code: exitUsage, errOut: []string{"missing command", "Run 'zchat --help'"}},
		{name: "group without command", args: []string{"agents"}, code: exitUsage, errOut: []string{"Usage: zchat agents <command>"}},
		{name: "unknown command", args: []string{"agent"}, code: exitUsage, errOut: []string{`unknown command "agent"`}},
		{name: "unknown flag", args: []string{"ping", "--bogus"}, code: exitUsage, errOut: []string{"unknown flag --bogus", "Usage: zchat ping"}},
		{name: "no base URL", args: []string{"ping"}, env: map[string]string{envBaseURL: ""}, code: exitUsage, errOut: []string{"ZCHAT_BASE_URL"}},
		{name: "no API key", args: []string{"ping"}, env: map[string]string{envAPIKey: ""}, code: exitUsage, errOut: []string{"ZCHAT_API_KEY"}},
		{name: "bad base URL", args: []string{"ping", "--base-url", "ftp://example.com"}, code: exitUsage, errOut: []string{"scheme"}},
		{name: "wrong key", args: []string{"ping", "--api-key", "key-8812-wrong"},
			code: exitAPI, errOut: []string{"401", "unauthorized", "hint:", "ZCHAT_API_KEY"}, never: []string{"key-8812"}},
		{name: "base path", args: []string{"ping", "--base-path", "/other"}, code: exitAPI, errOut: []string{"404"}},
	})
}

func TestFlagsWinOverEnvironment(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	r := runZchat(t, map[string]string{envBaseURL: "http://127.0.0.1:1", envAPIKey: "wrong"}, "",
		"ping", "--base-url", srv.URL, "--api-key", srv.APIKey, "--retries", "0")
	require.Equal(t, exitOK, r.code, r.stderr)
}

func TestAgents(t *testing.T) {
	t.Parallel()
	const pw = "s3cret-Pa55word"
	runCases(t, []cmdCase{
		{name: "list", args: []string{"agents", "list"},
			out: []string{"ID  LOGIN  NAME          EMAIL", "1   anna   Anna Schmidt  anna.schmidt@zchatdemo.com  yes    no"}},
		{name: "list json", args: []string{"agents", "list", "--json"}, json: "array", count: 3},
		{name: "get", args: []string{"agents", "get", "1"}, out: []string{"LoginName:   anna", "IsAdmin:     yes"}},
		{name: "get json", args: []string{"agents", "get", "2", "--json"}, json: "object", out: []string{`"LoginName": "ben"`}},
		{name: "get missing", args: []string{"agents", "get", "99"}, code: exitAPI,
			errOut: []string{"404 Not Found", "GET /agents/99", "code:       not_found", "request id: "},
			check: func(t *testing.T, srv *zchattest.Server, r result) {
				assert.Contains(t, r.stderr, lastRequestID(t, srv))
			}},
		{name: "get without id", args: []string{"agents", "get"}, code: exitUsage, errOut: []string{"missing USER_ID"}},
		{name: "get bad id", args: []string{"agents", "get", "x1"}, code: exitUsage, errOut: []string{`USER_ID must be a positive integer, not "x1"`}},
		{name: "get two ids", args: []string{"agents", "get", "1", "2"}, code: exitUsage, errOut: []string{`unexpected argument "2"`}},
		{name: "create, password from stdin", args: []string{"agents", "create", "--login", "ana", "--name", "Ana Lima", "--email", "ana@example.com", "--password-stdin", "--admin"},
			stdin: pw + "\n", out: []string{"UserId:      4", "LoginName:   ana", "IsAdmin:     yes"}, never: []string{pw},
			check: func(t *testing.T, srv *zchattest.Server, _ result) {
				assert.Equal(t, 4, srv.Count(zchattest.KindAgents))
			}},
		{name: "create, password from env", args: []string{"agents", "create", "--login", "ana", "--password-env", "PW", "--json"},
			env: map[string]string{"PW": pw}, json: "object", never: []string{pw}},
		{name: "create, password as a flag", args: []string{"agents", "create", "--login", "ana", "--password=" + pw},
			code: exitUsage, errOut: []string{"--password-stdin", "shell history"}, never: []string{pw}},
		{name: "create, password as a flag value", args: []string{"agents", "create", "--login", "ana", "--password", pw},
			code: exitUsage, errOut: []string{"--password-env"}, never: []string{pw}},
		{name: "create without password", args: []string{"agents", "create", "--login", "ana"}, code: exitUsage, errOut: []string{"needs a password"}},
		{name: "create, empty env", args: []string{"agents", "create", "--login", "ana", "--password-env", "NOPE"}, code: exitUsage, errOut: []string{"NOPE is empty"}},
		{name: "create, both sources", args: []string{"agents", "create", "--login", "ana", "--password-env", "PW", "--password-stdin"},
			env: map[string]string{"PW": pw}, stdin: pw, code: exitUsage, errOut: []string{"not both"}, never: []string{pw}},
		{name: "create, login taken", args: []string{"agents", "create", "--login", "anna", "--password-stdin"}, stdin: pw,
			code: exitAPI, errOut: []string{"409", "conflict"}},
		{name: "update changes only what is given", args: []string{"agents", "update", "2", "--name", "Benjamin Carter", "--admin"},
			out: []string{"DisplayName: Benjamin Carter", "IsAdmin:     yes", "Email:       ben.carter@zchatdemo.com"},
			check: func(t *testing.T, srv *zchattest.Server, _ result) {
				a, err := agents.New(srv.Client()).Get(context.Background(), 2)
				require.NoError(t, err)
				assert.Equal(t, agents.Agent{UserID: 2, LoginName: "ben", DisplayName: "Benjamin Carter", Email: "ben.carter@zchatdemo.com", IsAdmin: true}, *a)
			}},
		{name: "update password", args: []string{"agents", "update", "2", "--password-stdin"}, stdin: pw, out: []string{"LoginName:   ben"}, never: []string{pw}},
		{name: "update nothing", args: []string{"agents", "update", "2"}, code: exitUsage, errOut: []string{"nothing to change"}},
		{name: "update missing", args: []string{"agents", "update", "99", "--disabled"}, code: exitAPI, errOut: []string{"404"}},
		{name: "delete", args: []string{"agents", "delete", "3"}, out: []string{"Deleted agent 3."},
			check: func(t *testing.T, srv *zchattest.Server, _ result) {
				assert.Equal(t, 2, srv.Count(zchattest.KindAgents))
			}},
		{name: "delete json prints nothing", args: []string{"agents", "delete", "3", "--json"}, check: func(t *testing.T, _ *zchattest.Server, r result) {
			assert.Empty(t, r.stdout)
		}},
	})
}

func TestDepartments(t *testing.T) {
	t.Parallel()
	wantMembers := func(id int, want string) func(*testing.T, *zchattest.Server, result) {
		return func(t *testing.T, srv *zchattest.Server, _ result) {
			d, err := departments.New(srv.Client()).Get(context.Background(), id)
			require.NoError(t, err)
			assert.Equal(t, want, memberNames(d.Agents))
		}
	}
	runCases(t, []cmdCase{
		{name: "list", args: []string{"departments", "list"}, out: []string{"ID  NAME     AGENTS      DESCRIPTION", "2   Support  ben, chloe"}},
		{name: "list json", args: []string{"departments", "list", "--json"}, json: "array", count: 2},
		{name: "get", args: []string{"departments", "get", "2"}, out: []string{"Name:         Support", "Agents:       2    ben    Ben Carter", "3    chloe  Chloé Martin"}},
		{name: "get missing", args: []string{"departments", "get", "9"}, code: exitAPI, errOut: []string{"404", "request id:"}},
		{name: "create", args: []string{"departments", "create", "--name", "Billing", "--description", "Invoices"}, out: []string{"DepartmentId: 3", "Name:         Billing"}},
		{name: "create without name", args: []string{"departments", "create"}, code: exitUsage, errOut: []string{"--name", "Usage: zchat departments create"},
			check: func(t *testing.T, srv *zchattest.Server, _ result) {
				assert.Empty(t, srv.Requests(), "nothing is sent")
			}},
		{name: "update keeps the name", args: []string{"departments", "update", "1", "--description", "Quotes"}, out: []string{"Name:         Sales", "Description:  Quotes"}},
		{name: "update nothing", args: []string{"departments", "update", "1"}, code: exitUsage},
		{name: "delete", args: []string{"departments", "delete", "2"}, out: []string{"Deleted department 2."}},
		{name: "add agent", args: []string{"departments", "add-agent", "1", "3"}, out: []string{"Agent 3 is a member of department 1."},
			check: wantMembers(1, "anna, ben, chloe")},
		{name: "remove agent", args: []string{"departments", "remove-agent", "2", "3"}, out: []string{"no longer a member"},
			check: wantMembers(2, "ben")},
		{name: "add agent needs two ids", args: []string{"departments", "add-agent", "1"}, code: exitUsage, errOut: []string{"missing USER_ID"}},
	})
}

func TestSessions(t *testing.T) {
	t.Parallel()
	runCases(t, []cmdCase{
		{name: "list", args: []string{"sessions", "list"},
			out: []string{"ID  BEGIN                 DEPT  AGENT   VISITOR", "3   2026-11-24 04:52:00Z  2     User:2  Kenji Tanaka"}},
		{name: "list json lines", args: []string{"sessions", "list", "--json"}, json: "lines", count: 3},
		{name: "filters", args: []string{"sessions", "list", "--status", "ended", "--department", "2", "--agent", "3", "--json"}, json: "lines", count: 1,
			out: []string{`"SessionId":2`}},
		{name: "since", args: []string{"sessions", "list", "--since", "2026-11-24T03:10:00Z", "--json"}, json: "lines", count: 2},
		{name: "until", args: []string{"sessions", "list", "--until", "2026-11-24T03:10:00Z", "--json"}, json: "lines", count: 1},
		{name: "customer and email", args: []string{"sessions", "list", "--customer", "Guest:@cust-8812", "--email", "maria.garcia@example.com", "--json"},
			json: "lines", count: 1},
		{name: "lazy paging with a limit", args: []string{"sessions", "list", "--page-size", "1", "--limit", "2", "--json"}, json: "lines", count: 2,
			check: func(t *testing.T, srv *zchattest.Server, _ result) {
				assert.Len(t, srv.Requests(), 2, "no page past the limit")
			}},
		{name: "paged table stays aligned", args: []string{"sessions", "list", "--page-size", "1"},
			out: []string{ // a page a flush: columns grow to the widest cell so far, never shrink
				"1   2026-11-24 03:00:00Z  1     User:2  Maria Garcia  maria.garcia@example.com  5       Do you offer",
				"2   2026-11-24 03:20:00Z  2     User:3  Oliver Hughes  oliver@shop.example.org           The chat",
				"3   2026-11-24 04:52:00Z  2     User:2  Kenji Tanaka   kenji.tanaka@example.jp   4       How do I"}},
		{name: "bad status", args: []string{"sessions", "list", "--status", "open"}, code: exitUsage, errOut: []string{"--status"},
			check: func(t *testing.T, srv *zchattest.Server, _ result) { assert.Empty(t, srv.Requests()) }},
		{name: "bad since", args: []string{"sessions", "list", "--since", "yesterday"}, code: exitUsage, errOut: []string{"RFC 3339"}},
		{name: "page size too big", args: []string{"sessions", "list", "--page-size", "5000"}, code: exitUsage, errOut: []string{"--page-size"}},
		{name: "get", args: []string{"sessions", "get", "1"}, out: []string{"DisplayName:  Maria Garcia", `ContextData:  {"plan":"trial"`}},
		{name: "get missing", args: []string{"sessions", "get", "99"}, code: exitAPI, errOut: []string{"404"}},
		{name: "close", args: []string{"sessions", "close", activeSession}, out: []string{"SessionId:    3", "DisplayName:  Kenji Tanaka"},
			check: func(t *testing.T, srv *zchattest.Server, _ result) {
				assert.Equal(t, "session.ended", srv.Events()[len(srv.Events())-1].Type)
			}},
		{name: "transfer", args: []string{"sessions", "transfer", activeSession, "--agent", "3", "--department", "2", "--json"},
			json: "object", out: []string{`"AgentUserId": "User:3"`, `"DepartmentId": 2`}},
		{name: "transfer nowhere", args: []string{"sessions", "transfer", activeSession}, code: exitUsage},
	})
}

func TestMessages(t *testing.T) {
	t.Parallel()
	runCases(t, []cmdCase{
		{name: "list", args: []string{"messages", "list", "2"},
			out: []string{"ID  TIME                  SENDER         TEXT", "8   2026-11-24 03:20:50Z  Chloé Martin   Sorry about that."}},
		{name: "list json", args: []string{"messages", "list", "1", "--json"}, json: "lines", count: 6},
		{name: "list after", args: []string{"messages", "list", "1", "--after", "4", "--json"}, json: "lines", count: 2},
		{name: "list missing session", args: []string{"messages", "list", "99"}, code: exitAPI, errOut: []string{"404"}},
		{name: "send", args: []string{"messages", "send", activeSession, "--text", "An agent is on the way.", "--sender-id", "2", "--sender", "Ben"},
			out: []string{"SenderId:  User:2", "Text:      An agent is on the way."}},
		{name: "send from stdin", args: []string{"messages", "send", activeSession, "--text", "-", "--json"}, stdin: "line one\nline two\n",
			json: "object", out: []string{`"Text": "line one\nline two\n"`, `"SenderId": "Bot:api"`}},
		{name: "send to an ended chat", args: []string{"messages", "send", "1", "--text", "hi"}, code: exitAPI, errOut: []string{"409"}},
		{name: "send nothing", args: []string{"messages", "send", activeSession}, code: exitUsage},
		{name: "transcript", args: []string{"transcript", "2"},
			out: []string{"[2026-11-24 03:20:10Z] Oliver Hughes: The chat widget does not show up on our checkout page.\n[2026-11-24 03:20:50Z] Chloé Martin:"}},
		{name: "transcript in a zone", args: []string{"transcript", "2", "--tz", "Asia/Tokyo"}, out: []string{"[2026-11-24 12:20:10+09:00] Oliver Hughes:"}},
		{name: "transcript json", args: []string{"transcript", "3", "--format", "json"}, json: "array", count: 4},
		{name: "transcript jsonl", args: []string{"transcript", "3", "--format", "jsonl"}, json: "lines", count: 4},
		{name: "transcript --json", args: []string{"transcript", "3", "--json"}, json: "lines", count: 4},
		{name: "transcript bad format", args: []string{"transcript", "3", "--format", "xml"}, code: exitUsage, errOut: []string{"want text, json or jsonl"}},
		{name: "transcript bad zone", args: []string{"transcript", "3", "--tz", "Mars/Olympus"}, code: exitUsage},
		{name: "transcript missing", args: []string{"transcript", "99"}, code: exitAPI, errOut: []string{"404"}},
	})
}

func TestLeadsCasesNotes(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "console.log")
	require.NoError(t, os.WriteFile(file, []byte("TypeError: x is undefined\n"), 0o600))
	note := func(t *testing.T, srv *zchattest.Server) []string {
		_, err := cases.New(srv.Client()).SubmitNote(context.Background(), 1, cases.NoteInput{Text: "Called back.", CaseID: 1})
		require.NoError(t, err)
		return nil
	}
	runCases(t, []cmdCase{
		{name: "upsert creates", args: []string{"leads", "upsert", "--email", "vera@example.com", "--name", "Vera Lee", "--customer", "Guest:@v1"},
			out: []string{"Created lead 2.", "CustomerId:  Guest:@v1"}},
		{name: "upsert finds", args: []string{"leads", "upsert", "--email", "OLIVER@shop.example.org", "--phone", "+44 1"},
			out: []string{"Found lead 1", "Phone:       +44 1", "Company:     Example Shop Ltd"}},
		{name: "upsert json", args: []string{"leads", "upsert", "--email", "vera@example.com", "--json"}, json: "object"},
		{name: "upsert bad email", args: []string{"leads", "upsert", "--email", "Vera <vera@example.com>"}, code: exitUsage, errOut: []string{"--email"}},
		{name: "get", args: []string{"leads", "get", "1"}, out: []string{"Email:       oliver@shop.example.org"}},
		{name: "list", args: []string{"leads", "list"}, out: []string{"ID  EMAIL                    NAME", "1   oliver@shop.example.org"}},
		{name: "list by email", args: []string{"leads", "list", "--email", "nobody@example.com", "--json"}, json: "lines", count: 0},
		{name: "case submit", prep: func(*testing.T, *zchattest.Server) []string { return []string{"--attach", file} },
			args: []string{"cases", "submit", "1", "--subject", "Checkout fails", "--priority", "high", "--debug-from-session", "2",
				"--transcript", "--log", "error: x is undefined", "--log", "info:retried"},
			out: []string{"CaseId:      2", "Priority:    high", "SessionId:   2", "property zchat.SessionId: 2",
				"log ", "error: x is undefined", "attachment transcript-2.txt", "attachment console.log"},
			check: func(t *testing.T, srv *zchattest.Server, _ result) {
				c, err := cases.New(srv.Client()).GetCase(context.Background(), 2)
				require.NoError(t, err)
				require.NotNil(t, c.Debug)
				assert.Equal(t, "Firefox 132.0", c.Debug.Browser)
				assert.Len(t, c.Debug.Logs, 2)
				require.Len(t, c.Debug.Attachments, 2)
				assert.Equal(t, "TypeError: x is undefined\n", string(c.Debug.Attachments[1].Content))
			}},
		{name: "case submit is idempotent with a key", args: []string{"cases", "submit", "1", "--subject", "Once", "--idempotency-key", "ticket-1"},
			check: func(t *testing.T, srv *zchattest.Server, r result) {
				again := runZchat(t, serverEnv(srv), "", "cases", "submit", "1", "--subject", "Once", "--idempotency-key", "ticket-1")
				require.Equal(t, exitOK, again.code, again.stderr)
				assert.Equal(t, "Already submitted with this --idempotency-key: the server answered with what it made then; nothing new was created.\n"+
					r.stdout, again.stdout)
				assert.Equal(t, 2, srv.Count(zchattest.KindCases))
			}},
		{name: "case description from stdin", args: []string{"cases", "submit", "1", "--subject", "S", "--description", "-", "--json"},
			stdin: "Steps:\n1. open checkout\n", json: "object", out: []string{`"Description": "Steps:\n1. open checkout\n"`}},
		{name: "case without subject", args: []string{"cases", "submit", "1"}, code: exitUsage, errOut: []string{"--subject"}},
		{name: "case bad priority", args: []string{"cases", "submit", "1", "--subject", "S", "--priority", "asap"}, code: exitUsage, errOut: []string{"--priority"}},
		{name: "case bad log", args: []string{"cases", "submit", "1", "--subject", "S", "--log", "no level here"}, code: exitUsage, errOut: []string{"level:message"}},
		{name: "case missing attachment", args: []string{"cases", "submit", "1", "--subject", "S", "--attach", "/nonexistent/file"}, code: exitUsage, errOut: []string{"--attach"}},
		{name: "case transcript without session", args: []string{"cases", "submit", "1", "--subject", "S", "--transcript"}, code: exitUsage},
		{name: "case for a missing lead", args: []string{"cases", "submit", "99", "--subject", "S"}, code: exitAPI, errOut: []string{"404"}},
		{name: "case get", args: []string{"cases", "get", "1"}, out: []string{"Subject:     Chat widget blocked", "property csp: script-src 'self'", "log 2026-11-24 03:20:02Z error:"}},
		{name: "case get json", args: []string{"cases", "get", "1", "--json"}, json: "object", out: []string{`"Priority": "high"`}},
		{name: "case list", args: []string{"cases", "list", "1"}, out: []string{"ID  PRIORITY  STATUS  SESSION", "1   high      open    2"}},
		{name: "case list json", args: []string{"cases", "list", "1", "--json"}, json: "lines", count: 1},
		{name: "note submit", args: []string{"notes", "submit", "1", "--case", "1", "--text", "Customer confirmed the fix.", "--log", "info:ok"},
			out: []string{"NoteId:      1", "CaseId:      1", "Text:        Customer confirmed the fix.", "info: ok"}},
		{name: "note from stdin", args: []string{"notes", "submit", "1", "--text", "-", "--json"}, stdin: "from stdin", json: "object", out: []string{`"Text": "from stdin"`}},
		{name: "note without text", args: []string{"notes", "submit", "1"}, code: exitUsage, errOut: []string{"--text"}},
		{name: "note for another lead's case", args: []string{"notes", "submit", "1", "--case", "7", "--text", "t"}, code: exitAPI, errOut: []string{"422"}},
		{name: "note list", args: []string{"notes", "list", "1"}, prep: note, out: []string{"ID  CASE  SESSION  CREATED", "Called back."}},
		{name: "note list json", args: []string{"notes", "list", "1", "--json"}, prep: note, json: "lines", count: 1},
	})
}

// TestEveryCommandHasHelp walks the command tree: every command and
// subcommand answers --help and -h with a usage line and an example.
func TestEveryCommandHasHelp(t *testing.T) {
	t.Parallel()
	var walk func(c *command)
	walk = func(c *command) {
		args := strings.Fields(c.path)[1:]
		for _, flag := range []string{"--help", "-h"} {
			r := runZchat(t, nil, "", append(args, flag)...)
			require.Equal(t, exitOK, r.code, "%s %s: %s", c.path, flag, r.stderr)
			assert.True(t, strings.HasPrefix(r.stdout, "Usage: "+c.path), "%s: %q", c.path, r.stdout)
			_, example, ok := strings.Cut(r.stdout, "\nExample:\n  ")
			example, _, _ = strings.Cut(example, "\n\n")
			assert.True(t, ok && strings.Contains(example, "zchat "), "%s: an example: %q", c.path, r.stdout)
			assert.Contains(t, r.stdout, c.summary, c.path)
		}
		assert.NotEmpty(t, c.summary, c.path)
		assert.NotContains(t, c.summary, "\n", "%s: the summary is one line", c.path)
		for _, s := range c.subs {
			walk(s)
		}
	}
	walk(rootCommand())
}
