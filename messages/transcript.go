package messages

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/zchat/zchat-go/internal/check"
)

// TranscriptFormat is how a transcript is written.
type TranscriptFormat int

// The transcript formats.
const (
	// FormatText writes one entry per message:
	//
	//	[2026-11-24 03:52:27Z] Ana: hello
	//	[2026-11-24 03:52:41Z] Guest:@cust-8812: first line
	//	    second line
	//
	// The time is in TranscriptOptions.Location (UTC by default). The name is
	// Sender, or SenderID when Sender is empty. The text is Message.PlainText
	// (Text, or the text of HTML); its second and later lines are indented by
	// four spaces (blank lines stay blank), so every line that starts with
	// "[" starts a message. Control characters are dropped.
	FormatText TranscriptFormat = iota

	// FormatJSONLines writes JSON Lines (https://jsonlines.org): one Message
	// per line, with the wire field names and times in UTC. It is the JSON
	// form to prefer: every line stands alone, so a reader can stream it and
	// a cut-off export is still readable up to its last whole line.
	FormatJSONLines

	// FormatJSON writes one JSON array of Messages, an element per line.
	// The array is closed only when the export completes.
	FormatJSON
)

// String returns the format's name: "text", "jsonl" or "json".
func (f TranscriptFormat) String() string {
	switch f {
	case FormatText:
		return "text"
	case FormatJSONLines:
		return "jsonl"
	case FormatJSON:
		return "json"
	}
	return "TranscriptFormat(" + strconv.Itoa(int(f)) + ")"
}

// TranscriptOptions tunes a transcript export. The zero value (or a nil
// *TranscriptOptions) writes text with times in UTC.
type TranscriptOptions struct {
	Format   TranscriptFormat
	Location *time.Location // for the times of FormatText; nil means UTC
	PageSize int            // messages fetched per request, 0–1000; 0 = the server's default
}

// TranscriptTimeLayout is the time layout of FormatText.
const TranscriptTimeLayout = "2006-01-02 15:04:05Z07:00"

// TranscriptWriter writes messages to an io.Writer in a transcript format,
// one at a time, so a transcript never has to be held in memory. Each
// message goes to the underlying writer in one Write call. Call Close at the
// end: it finishes a FormatJSON array.
type TranscriptWriter struct {
	w      io.Writer
	format TranscriptFormat
	loc    *time.Location
	n      int
	buf    bytes.Buffer
	err    error
	closed bool
}

// NewTranscriptWriter returns a TranscriptWriter writing to w. opts may be
// nil; its PageSize is not used here.
func NewTranscriptWriter(w io.Writer, opts *TranscriptOptions) (*TranscriptWriter, error) {
	if w == nil {
		return nil, check.Invalid("w", "is nil")
	}
	var o TranscriptOptions
	if opts != nil {
		o = *opts
	}
	switch o.Format {
	case FormatText, FormatJSONLines, FormatJSON:
	default:
		return nil, check.Invalid("TranscriptOptions.Format", "%s is not a known format", o.Format)
	}
	if o.Location == nil {
		o.Location = time.UTC
	}
	return &TranscriptWriter{w: w, format: o.Format, loc: o.Location}, nil
}

// Count returns how many messages have been written.
func (t *TranscriptWriter) Count() int { return t.n }

// WriteMessage writes one message. After a failed write every later call
// returns the same error.
func (t *TranscriptWriter) WriteMessage(m Message) error {
	if t.err != nil {
		return t.err
	}
	if t.closed {
		return errors.New("messages: transcript writer is closed")
	}
	t.buf.Reset()
	switch t.format {
	case FormatText:
		t.appendText(m)
	case FormatJSONLines:
		if err := t.appendJSON(m); err != nil {
			return err
		}
	case FormatJSON:
		if t.n == 0 {
			t.buf.WriteString("[\n")
		} else {
			t.buf.WriteString(",\n")
		}
		if err := t.appendJSON(m); err != nil {
			return err
		}
		t.buf.Truncate(t.buf.Len() - 1) // the encoder's newline: the next separator or Close ends the line
	}
	if err := t.flush(); err != nil {
		return err
	}
	t.n++
	return nil
}

// Close finishes the transcript: for FormatJSON it closes the array ("[]"
// when no message was written). It does not close the underlying writer.
func (t *TranscriptWriter) Close() error {
	if t.err != nil || t.closed {
		return t.err
	}
	t.closed = true
	if t.format != FormatJSON {
		return nil
	}
	t.buf.Reset()
	if t.n == 0 {
		t.buf.WriteString("[]\n")
	} else {
		t.buf.WriteString("\n]\n")
	}
	return t.flush()
}

func (t *TranscriptWriter) flush() error {
	if _, err := t.w.Write(t.buf.Bytes()); err != nil {
		t.err = fmt.Errorf("messages: writing transcript: %w", err)
		return t.err
	}
	return nil
}

func (t *TranscriptWriter) appendJSON(m Message) error {
	enc := json.NewEncoder(&t.buf)
	enc.SetEscapeHTML(false) // keep Html readable; the output is not embedded in HTML
	if err := enc.Encode(m); err != nil {
		return fmt.Errorf("messages: encoding message %d: %w", m.MessageID, err)
	}
	return nil
}

// textIndent starts the second and later lines of a message in FormatText.
const textIndent = "    "

func (t *TranscriptWriter) appendText(m Message) {
	b := &t.buf
	b.WriteByte('[')
	if m.Time.IsZero() {
		b.WriteString("no time")
	} else {
		b.WriteString(m.Time.In(t.loc).Format(TranscriptTimeLayout))
	}
	b.WriteString("] ")
	name := oneLine(m.Sender)
	if name == "" {
		name = oneLine(string(m.SenderID))
	}
	if name == "" {
		name = "(unknown)"
	}
	b.WriteString(name)
	b.WriteByte(':')
	for i, line := range textLines(m.PlainText()) {
		switch {
		case i == 0:
			if line != "" {
				b.WriteByte(' ')
			}
		case line == "":
			b.WriteByte('\n')
		default:
			b.WriteString("\n" + textIndent)
		}
		b.WriteString(line)
	}
	b.WriteByte('\n')
}

// oneLine makes a name safe for one line: white space runs become one
// space, control characters go.
func oneLine(s string) string {
	return strings.Join(strings.Fields(dropControls(s, false)), " ")
}

// textLines splits message text into lines with line ends normalized,
// control characters and trailing spaces dropped, and blank lines at both
// ends removed.
func textLines(s string) []string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	lines := strings.Split(dropControls(s, true), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRightFunc(l, unicode.IsSpace)
	}
	for len(lines) > 0 && lines[0] == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// dropControls removes control characters (which could rewrite a terminal
// or forge lines), keeping tabs, and newlines when keepNewlines is set;
// outside keepNewlines, tabs and newlines become spaces.
func dropControls(s string, keepNewlines bool) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' && keepNewlines, r == '\t':
			return r
		case r == '\n':
			return ' '
		case unicode.IsControl(r):
			return -1
		}
		return r
	}, s)
}

// ExportTranscript writes every message of the session to w, in the format
// opts asks for (text by default; see TranscriptFormat), and returns how
// many messages it wrote. It streams: each page is written as soon as it
// arrives, and the next page is fetched only then, so a long session is
// never held in memory. On an error it returns the count written so far;
// what was written stays written (a FormatJSON array is then left
// unclosed). opts may be nil.
func (c *Client) ExportTranscript(ctx context.Context, sessionID int, w io.Writer, opts *TranscriptOptions) (int, error) {
	if err := check.ID("sessionID", sessionID); err != nil {
		return 0, err
	}
	tw, err := NewTranscriptWriter(w, opts)
	if err != nil {
		return 0, err
	}
	var list ListOptions
	if opts != nil {
		list.PageSize = opts.PageSize
	}
	if err := check.PageSize("TranscriptOptions.PageSize", list.PageSize); err != nil {
		return 0, err
	}
	for m, err := range c.All(ctx, sessionID, &list) {
		if err != nil {
			return tw.Count(), fmt.Errorf("messages: exporting session %d after %d messages: %w", sessionID, tw.Count(), err)
		}
		if err := tw.WriteMessage(m); err != nil {
			return tw.Count(), err
		}
	}
	return tw.Count(), tw.Close()
}
