package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"iter"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/zchat/zchat-go/cases"
	"github.com/zchat/zchat-go/messages"
	"github.com/zchat/zchat-go/sessions"
	"github.com/zchat/zchat-go/zchat"
)

func casesCommand() *command {
	return &command{
		name:    "cases",
		summary: "Submit cases (problem reports with debug information) for leads, show and list them.",
		example: "zchat cases submit 1 --subject 'Checkout fails' --debug-from-session 42 --transcript --attach console.log\nzchat cases list 1",
		subs: []*command{
			submitCommand("--subject TEXT [--description TEXT] [--priority low|normal|high|urgent] [--session ID]\n"+
				"       [--debug-from-session ID [--transcript]] [--attach FILE]... [--log level:message]... [--log-time TIME]\n"+
				"       [--idempotency-key KEY]",
				"Submit a case for a lead, with debug information built from a session, files and log lines.",
				"zchat cases submit 1 --subject 'Widget blocked by CSP' --priority high \\\n"+
					"    --debug-from-session 2 --transcript --attach csp-report.json --log 'error:Refused to load the script'",
				func(fs *flag.FlagSet, in *cases.CaseInput) (*string, *int, **cases.DebugInfo) {
					fs.StringVar(&in.Subject, "subject", "", "the case's subject `TEXT` (required, ≤ 200 characters)")
					fs.StringVar(&in.Description, "description", "", "what happened, as `TEXT` (- reads stdin)")
					fs.Func("priority", "`PRIORITY`: low, normal (the default), high or urgent",
						func(s string) error { in.Priority = cases.Priority(s); return nil })
					return &in.Description, &in.SessionID, &in.Debug
				}, (*cases.Client).SubmitCase, caseFields),
			getCommand("get", "CASE_ID", "Show one case with its debug information.", "zchat cases get 1",
				cases.New, (*cases.Client).GetCase, caseFields),
			leadListCommand("cases", "List a lead's cases, oldest first.", "zchat cases list 1",
				(*cases.Client).AllCases, caseColumns),
		},
	}
}

func notesCommand() *command {
	return &command{
		name:    "notes",
		summary: "Submit notes for leads (and their cases), and list them.",
		example: "zchat notes submit 1 --case 1 --text 'Customer confirmed the fix.'\nzchat notes list 1",
		subs: []*command{
			submitCommand("--text TEXT [--case ID] [--session ID] [--debug-from-session ID [--transcript]]\n"+
				"       [--attach FILE]... [--log level:message]... [--log-time TIME] [--idempotency-key KEY]",
				"Submit a note for a lead, attached to one of its cases when --case is given.",
				"zchat notes submit 1 --case 1 --text 'Called back; the CSP change fixed it.'\n"+
					"git log -1 --format=%B | zchat notes submit 1 --text - --attach build.log",
				func(fs *flag.FlagSet, in *cases.NoteInput) (*string, *int, **cases.DebugInfo) {
					fs.StringVar(&in.Text, "text", "", "the note's `TEXT` (required; - reads stdin)")
					fs.IntVar(&in.CaseID, "case", 0, "attach the note to the lead's case with this `ID`")
					return &in.Text, &in.SessionID, &in.Debug
				}, (*cases.Client).SubmitNote, noteFields),
			leadListCommand("notes", "List a lead's notes, oldest first.", "zchat notes list 1 --json",
				(*cases.Client).AllNotes, noteColumns),
		},
	}
}

// submitFlags are the flags cases submit and notes submit share: the
// session, the debug information and the idempotency key. prepare sets the
// input's fields they point at.
type submitFlags struct {
	text      *string // read from stdin when "-"
	sessionID *int
	debug     **cases.DebugInfo

	session     int
	fromSession int
	transcript  bool
	attach      stringList
	logs        stringList
	logTime     time.Time
	key         string
}

func newSubmitFlags(fs *flag.FlagSet, text *string, sessionID *int, debug **cases.DebugInfo) *submitFlags {
	f := &submitFlags{text: text, sessionID: sessionID, debug: debug}
	fs.IntVar(&f.session, "session", 0, "the chat session this is about, by `ID` (default the --debug-from-session one)")
	fs.IntVar(&f.fromSession, "debug-from-session", 0,
		"fill the debug information from the session with this `ID`: browser, platform, page, product, ids")
	fs.BoolVar(&f.transcript, "transcript", false, "attach the transcript of the --debug-from-session session")
	fs.Var(&f.attach, "attach", "attach a `FILE` (repeatable; at most 10 files, 8 MiB in all)")
	fs.Var(&f.logs, "log", "add a log entry `level:message`, e.g. 'error:checkout failed' (repeatable); it has no time unless --log-time")
	fs.Var(whenFlag{&f.logTime, time.Now}, "log-time", "the `TIME` of the --log entries: RFC 3339 or a date (default: none, sent as null)")
	fs.StringVar(&f.key, "idempotency-key", "", "a `KEY` that makes running the same submission again create nothing new (24 h)")
	return f
}

// submitLong explains, in the help of cases submit and notes submit, why a
// re-run with the same key is safe.
const submitLong = "With --idempotency-key, running the same command again (same flags, same files, same session)\n" +
	"creates nothing new: it sends the same request, and says the server already had it. Log entries carry\n" +
	"no time unless --log-time gives one (never the clock's), so that the request is the same. The same key\n" +
	"with different content is refused by the server, with nothing created, and exits 3."

// submitCommand is cases submit or notes submit: own defines the command's
// own flags, which set in, and returns the fields of in the shared flags
// (newSubmitFlags) set; the action prepares in, submits it for the lead and
// shows what the server made of it.
func submitCommand[In, Out any](usage, summary, example string,
	own func(fs *flag.FlagSet, in *In) (text *string, sessionID *int, debug **cases.DebugInfo),
	submit func(*cases.Client, context.Context, int, In) (*Out, error), fields func(*Out) []field) *command {
	return &command{
		name:    "submit",
		args:    []string{"LEAD_ID"},
		usage:   usage,
		summary: summary,
		long:    submitLong,
		example: example,
		setup: func(fs *flag.FlagSet) action {
			var in In
			text, sessionID, debug := own(fs, &in)
			return submitAction(newSubmitFlags(fs, text, sessionID, debug), &in, submit, fields)
		},
	}
}

// submitAction is the action of submitCommand.
func submitAction[In, Out any](f *submitFlags, in *In, submit func(*cases.Client, context.Context, int, In) (*Out, error),
	fields func(*Out) []field) action {
	return func(ctx context.Context, a *app, ids []int) error {
		ctx, err := f.prepare(ctx, a)
		if err != nil {
			return err
		}
		var resp zchat.Response
		out, err := submit(cases.New(a.c), zchat.WithCaptureResponse(ctx, &resp), ids[0], *in)
		if err == nil && cases.Replayed(&resp) {
			a.say("Already submitted with this --idempotency-key: the server answered with what it made then; nothing new was created.")
		}
		return shower(a, fields)(out, err)
	}
}

// prepare reads the text from stdin when it is "-", sets the session id
// (--session, else --debug-from-session) and the debug information (left
// nil when no debug flag was given), and returns the context with the
// idempotency key.
func (f *submitFlags) prepare(ctx context.Context, a *app) (context.Context, error) {
	var err error
	if *f.text, err = a.text(*f.text); err != nil {
		return ctx, err
	}
	if f.key != "" {
		ctx = zchat.WithIdempotencyKey(ctx, f.key)
	}
	*f.sessionID = f.session
	if f.session == 0 {
		*f.sessionID = f.fromSession
	}
	if f.fromSession == 0 && len(f.attach) == 0 && len(f.logs) == 0 {
		if f.transcript {
			return ctx, errUsage("--transcript needs --debug-from-session")
		}
		return ctx, nil
	}
	*f.debug, err = f.debugInfo(ctx, a)
	return ctx, err
}

func (f *submitFlags) debugInfo(ctx context.Context, a *app) (*cases.DebugInfo, error) {
	debug := &cases.DebugInfo{}
	if f.fromSession != 0 {
		s, err := sessions.New(a.c).Get(ctx, f.fromSession)
		if err != nil {
			return nil, err
		}
		debug = cases.DebugFromSession(*s)
		if f.transcript {
			if err := debug.AttachTranscript(messages.New(a.c).All(ctx, f.fromSession, nil)); err != nil {
				return nil, err
			}
		}
	}
	for _, l := range f.logs {
		level, msg, ok := strings.Cut(l, ":")
		if level = strings.TrimSpace(level); !ok || level == "" || strings.ContainsAny(level, " \t/") {
			return nil, errUsage("--log %q: want level:message, e.g. 'error:checkout failed'", l)
		}
		if err := debug.AddLogAt(f.logTime, level, strings.TrimSpace(msg)); err != nil {
			return nil, err
		}
	}
	for _, path := range f.attach {
		if err := debug.AttachFile(path); err != nil {
			if errors.Is(err, zchat.ErrInvalidArgument) {
				return nil, err
			}
			return nil, errUsage("--attach: %v", err)
		}
	}
	return debug, nil
}

// leadListCommand is cases list or notes list: every page of a lead's
// cases or notes.
func leadListCommand[T any](noun, summary, example string,
	all func(*cases.Client, context.Context, int, *zchat.ListOptions) iter.Seq2[T, error], cols []column[T]) *command {
	return &command{
		name:    "list",
		args:    []string{"LEAD_ID"},
		usage:   "[--page-size N] [--limit N]",
		summary: summary,
		example: example,
		setup: pagedList(noun, cols, func(*flag.FlagSet) lister[T] {
			return func(ctx context.Context, a *app, ids []int, pageSize int) (iter.Seq2[T, error], error) {
				return all(cases.New(a.c), ctx, ids[0], &zchat.ListOptions{PageSize: pageSize}), nil
			}
		}),
	}
}

var caseColumns = []column[cases.Case]{
	{"ID", func(x cases.Case) string { return itoa(x.CaseID) }},
	{"PRIORITY", func(x cases.Case) string { return string(x.Priority) }},
	{"STATUS", func(x cases.Case) string { return string(x.Status) }},
	{"SESSION", func(x cases.Case) string { return id(x.SessionID) }},
	{"CREATED", func(x cases.Case) string { return when(x.CreatedTime) }},
	{"SUBJECT", func(x cases.Case) string { return clip(x.Subject, 70) }},
}

var noteColumns = []column[cases.Note]{
	{"ID", func(x cases.Note) string { return itoa(x.NoteID) }},
	{"CASE", func(x cases.Note) string { return id(x.CaseID) }},
	{"SESSION", func(x cases.Note) string { return id(x.SessionID) }},
	{"CREATED", func(x cases.Note) string { return when(x.CreatedTime) }},
	{"TEXT", func(x cases.Note) string { return clip(x.Text, 70) }},
}

func caseFields(x *cases.Case) []field {
	return []field{
		{"CaseId", itoa(x.CaseID)}, {"LeadId", itoa(x.LeadID)}, {"Subject", x.Subject},
		{"Priority", string(x.Priority)}, {"Status", string(x.Status)}, {"SessionId", id(x.SessionID)},
		{"CreatedTime", when(x.CreatedTime)}, {"Description", x.Description}, {"Debug", debugText(x.Debug)},
	}
}

func noteFields(x *cases.Note) []field {
	return []field{
		{"NoteId", itoa(x.NoteID)}, {"LeadId", itoa(x.LeadID)}, {"CaseId", id(x.CaseID)},
		{"SessionId", id(x.SessionID)}, {"CreatedTime", when(x.CreatedTime)}, {"Text", x.Text},
		{"Debug", debugText(x.Debug)},
	}
}

// debugText writes debug information one item a line: its fields,
// properties, logs and attachments (names and sizes; the content is in
// --json).
func debugText(d *cases.DebugInfo) string {
	if d == nil {
		return ""
	}
	var b strings.Builder
	for _, f := range []field{
		{"UserAgent", d.UserAgent}, {"Browser", d.Browser}, {"Platform", d.Platform}, {"Culture", d.Culture},
		{"IPAddress", d.IPAddress}, {"PageUrl", d.PageURL}, {"PageTitle", d.PageTitle}, {"Referrer", d.Referrer},
		{"ProductName", d.ProductName}, {"ProductKey", d.ProductKey}, {"AppVersion", d.AppVersion},
	} {
		if f.val != "" {
			fmt.Fprintf(&b, "%s: %s\n", f.key, safeLine(f.val))
		}
	}
	// Every item on a line of its own: the server's text is made one safe
	// line.
	for _, k := range slices.Sorted(maps.Keys(d.Properties)) {
		fmt.Fprintf(&b, "property %s: %s\n", safeLine(k), clip(d.Properties[k], 100))
	}
	for _, l := range d.Logs {
		fmt.Fprintf(&b, "log %s %s: %s\n", when(l.Time), safeLine(l.Level), clip(l.Message, 100))
	}
	if d.StackTrace != "" {
		fmt.Fprintf(&b, "stack trace: %s bytes\n", thousands(len(d.StackTrace)))
	}
	for _, at := range d.Attachments {
		fmt.Fprintf(&b, "attachment %s (%s, %s bytes)\n", safeLine(at.FileName), safeLine(at.ContentType), thousands(len(at.Content)))
	}
	return b.String()
}
