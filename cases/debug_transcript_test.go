package cases_test

import (
	"errors"
	"iter"
	"strings"
	"testing"
	"time"

	"github.com/zchat/zchat-go/cases"
	"github.com/zchat/zchat-go/internal/wiretest"
	"github.com/zchat/zchat-go/messages"
	"github.com/zchat/zchat-go/zchat"
)

// seq yields msgs as messages.Client.All would.
func seq(msgs ...messages.Message) iter.Seq2[messages.Message, error] {
	return func(yield func(messages.Message, error) bool) {
		for _, m := range msgs {
			if !yield(m, nil) {
				return
			}
		}
	}
}

func TestAttachTranscript(t *testing.T) {
	t.Parallel()
	at := func(s string) zchat.Time {
		var tm zchat.Time
		if err := tm.UnmarshalJSON([]byte(`"` + s + `"`)); err != nil {
			t.Fatal(err)
		}
		return tm
	}
	d := &cases.DebugInfo{}
	err := d.AttachTranscript(seq(
		messages.Message{MessageID: 1, SessionID: 1234, Sender: "Ann Lee", SenderID: "Guest:@cust-8812", Text: "My payment is declined", Time: at(`\/Date(1764042747000)\/`)},
		messages.Message{MessageID: 2, SessionID: 1234, Sender: "Bob", SenderID: "User:3", Text: "Which card?\r\nVisa or Mastercard?\n", Time: at("2026-11-24T05:52:27.9+02:00")},
		messages.Message{MessageID: 3, SessionID: 1234, SenderID: "Bot:ollama", HTML: "<p>Try <b>again</b> &amp; wait</p><br>ok", Time: at("2026-11-24T03:53:00.1234567")},
		messages.Message{MessageID: 4, SessionID: 1234, Sender: "unknown-sender", Text: "hi"},
	))
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Attachments) != 1 {
		t.Fatalf("%d attachments", len(d.Attachments))
	}
	a := d.Attachments[0]
	if a.FileName != "transcript-1234.txt" || a.ContentType != "text/plain; charset=utf-8" {
		t.Errorf("attachment = %q %q", a.FileName, a.ContentType)
	}
	want := "[2025-11-25 03:52:27Z] Ann Lee: My payment is declined\n" +
		"[2026-11-24 03:52:27Z] Bob: Which card?\n    Visa or Mastercard?\n" +
		"[2026-11-24 03:53:00Z] Bot:ollama: Try again & wait\n\n    ok\n" +
		"[no time] unknown-sender: hi\n"
	if got := string(a.Content); got != want {
		t.Errorf("transcript =\n%s\nwant\n%s", got, want)
	}
}

func TestAttachTranscriptName(t *testing.T) {
	t.Parallel()
	d := cases.DebugFromSession(sessionWithID(77))
	if err := d.AttachTranscript(seq()); err != nil {
		t.Fatal(err)
	}
	if got := d.Attachments[0].FileName; got != "transcript-77.txt" {
		t.Errorf("name = %q", got)
	}
	d = &cases.DebugInfo{}
	if err := d.AttachTranscript(seq()); err != nil {
		t.Fatal(err)
	}
	if got := d.Attachments[0].FileName; got != "transcript.txt" {
		t.Errorf("name = %q", got)
	}
}

func TestAttachTranscriptError(t *testing.T) {
	t.Parallel()
	boom := errors.New("page 2 failed")
	d := &cases.DebugInfo{}
	err := d.AttachTranscript(func(yield func(messages.Message, error) bool) {
		if yield(messages.Message{SessionID: 1, Text: "hi"}, nil) {
			yield(messages.Message{}, boom)
		}
	})
	if !errors.Is(err, boom) || len(d.Attachments) != 0 {
		t.Errorf("err = %v, %d attachments", err, len(d.Attachments))
	}
	wiretest.RequireInvalid(t, d.AttachTranscript(nil), "msgs")
}

// TestAttachTranscriptBounded feeds an endless chat: reading stops just
// past 8 MiB with an error, and nothing is attached.
func TestAttachTranscriptBounded(t *testing.T) {
	t.Parallel()
	line := strings.Repeat("x", 1000)
	yielded := 0
	endless := func(yield func(messages.Message, error) bool) {
		for {
			yielded++
			if !yield(messages.Message{SessionID: 5, Sender: "Ann", Text: line, Time: zchat.NewTime(time.Unix(0, 0))}, nil) {
				return
			}
		}
	}
	d := &cases.DebugInfo{}
	wiretest.RequireInvalid(t, d.AttachTranscript(endless), "DebugInfo.Attachments")
	if max := cases.MaxAttachmentBytes/1000 + 1; yielded > max {
		t.Errorf("read %d messages, want at most %d", yielded, max)
	}
	if len(d.Attachments) != 0 {
		t.Errorf("%d attachments after refusal", len(d.Attachments))
	}

	// The budget is what other attachments left.
	d = &cases.DebugInfo{}
	if err := d.AttachBytes("big.bin", "", make([]byte, cases.MaxAttachmentBytes-50)); err != nil {
		t.Fatal(err)
	}
	wiretest.RequireInvalid(t, d.AttachTranscript(seq(messages.Message{SessionID: 5, Sender: "Ann", Text: line})), "DebugInfo.Attachments")
	if err := d.AttachTranscript(seq(messages.Message{SessionID: 5, Sender: "A", Text: "hi", Time: zchat.NewTime(time.Unix(0, 0))})); err != nil {
		t.Errorf("a short transcript in the 50 bytes left: %v", err)
	}
}
