package main

import (
	"context"
	"flag"
	"io"
	"iter"
	"strings"
	"time"
	_ "time/tzdata" // --tz works where the system has no zone database (Windows, slim containers)

	"github.com/zchat/zchat-go/messages"
)

func messagesCommand() *command {
	return &command{
		name:    "messages",
		summary: "List the messages of a chat session, or speak into it as an agent or a bot.",
		example: "zchat messages list 42\nzchat messages send 42 --text 'An agent will be with you shortly.'",
		subs: []*command{{
			name:    "list",
			args:    []string{"SESSION_ID"},
			usage:   "[--after MESSAGE_ID] [--page-size N] [--limit N]",
			summary: "List a session's messages, oldest first, following every page as it goes.",
			example: "zchat messages list 42 --after 100\nzchat messages list 42 --json | jq -r .Text",
			setup: pagedList("messages", messageColumns, func(fs *flag.FlagSet) lister[messages.Message] {
				var opts messages.ListOptions
				fs.IntVar(&opts.AfterMessageID, "after", 0, "only the messages after the one with this `MESSAGE_ID`")
				return func(ctx context.Context, a *app, ids []int, pageSize int) (iter.Seq2[messages.Message, error], error) {
					opts.PageSize = pageSize
					return messages.New(a.c).All(ctx, ids[0], &opts), opts.Check()
				}
			}),
		}, {
			name:    "send",
			args:    []string{"SESSION_ID"},
			usage:   "--text TEXT [--html HTML] [--sender-id CHAT_ID] [--sender NAME]",
			summary: "Post a message into a session. The sender defaults, on the server, to the API's own bot.",
			example: "zchat messages send 42 --text 'Your quote is on its way.' --sender-id User:2 --sender 'Ben Carter'\n" +
				"echo 'From a file' | zchat messages send 42 --text -",
			setup: func(fs *flag.FlagSet) action {
				var (
					m      messages.NewMessage
					sender string
				)
				fs.StringVar(&m.Text, "text", "", "the message as plain `TEXT` (- reads stdin)")
				fs.StringVar(&m.HTML, "html", "", "the message as `HTML`")
				fs.StringVar(&sender, "sender-id", "", "who speaks: a chat `ID` such as User:2 or Bot:ollama (or a UserId, 2)")
				fs.StringVar(&m.Sender, "sender", "", "the display `NAME` of the sender")
				return func(ctx context.Context, a *app, ids []int) error {
					var err error
					if m.Text, err = a.text(m.Text); err != nil {
						return err
					}
					if sender != "" {
						m.SenderID = agentID(sender)
					}
					return shower(a, messageFields)(messages.New(a.c).Send(ctx, ids[0], m))
				}
			},
		}},
	}
}

func transcriptCommand() *command {
	return &command{
		name:    "transcript",
		args:    []string{"SESSION_ID"},
		usage:   "[--format text|json|jsonl] [--tz ZONE] [--page-size N]",
		summary: "Export a session's transcript, streamed page by page (--json means --format jsonl).",
		example: "zchat transcript 42 --tz Europe/Lisbon\nzchat transcript 42 --format json > chat-42.json",
		setup: func(fs *flag.FlagSet) action {
			var (
				opts   messages.TranscriptOptions
				format string
				tz     string
			)
			fs.StringVar(&format, "format", "", "`FORMAT`: text (the default), json (one array) or jsonl (JSON Lines)")
			fs.StringVar(&tz, "tz", "", "time `ZONE` of the text format, e.g. Europe/Lisbon or Local (default UTC)")
			pageSizeFlag(fs, &opts.PageSize, "messages")
			return func(ctx context.Context, a *app, ids []int) error {
				if format == "" && a.g.json {
					format = messages.FormatJSONLines.String()
				}
				if err := parseFormat(format, &opts.Format); err != nil {
					return err
				}
				if tz != "" {
					loc, err := time.LoadLocation(tz)
					if err != nil {
						return errUsage("--tz %q: %v", tz, err)
					}
					opts.Location = loc
				}
				w := &progressWriter{w: a.stdout, p: a.newProgress("messages"), text: opts.Format == messages.FormatText}
				defer w.p.clear()
				_, err := messages.New(a.c).ExportTranscript(ctx, ids[0], w, &opts)
				return err
			}
		},
	}
}

// parseFormat reads a transcript format by its name.
func parseFormat(name string, f *messages.TranscriptFormat) error {
	if name == "" {
		return nil
	}
	for _, v := range []messages.TranscriptFormat{messages.FormatText, messages.FormatJSON, messages.FormatJSONLines} {
		if v.String() == name {
			*f = v
			return nil
		}
	}
	return errUsage("--format %q: want text, json or jsonl", name)
}

// progressWriter counts the writes of a transcript (one per message) for
// the progress line. The text format, for people, is made printable line by
// line on the way.
type progressWriter struct {
	w    io.Writer
	p    *progress
	n    int
	text bool
}

func (w *progressWriter) Write(b []byte) (int, error) {
	w.n++
	w.p.set(w.n)
	if !w.text {
		return w.w.Write(b)
	}
	var s strings.Builder
	for line := range strings.Lines(string(b)) {
		body, nl := strings.CutSuffix(line, "\n")
		s.WriteString(printable(body))
		if nl {
			s.WriteByte('\n')
		}
	}
	if _, err := io.WriteString(w.w, s.String()); err != nil {
		return 0, err
	}
	return len(b), nil
}

func sender(x messages.Message) string {
	if x.Sender != "" {
		return x.Sender
	}
	return string(x.SenderID)
}

var messageColumns = []column[messages.Message]{
	{"ID", func(x messages.Message) string { return itoa(x.MessageID) }},
	{"TIME", func(x messages.Message) string { return when(x.Time) }},
	{"SENDER", func(x messages.Message) string { return clip(sender(x), 24) }},
	{"TEXT", func(x messages.Message) string { return clip(x.PlainText(), 80) }},
}

func messageFields(x *messages.Message) []field {
	return []field{
		{"MessageId", itoa(x.MessageID)}, {"SessionId", itoa(x.SessionID)}, {"Time", when(x.Time)},
		{"Sender", x.Sender}, {"SenderId", string(x.SenderID)}, {"Text", x.Text}, {"Html", x.HTML},
	}
}
