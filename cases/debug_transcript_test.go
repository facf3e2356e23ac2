package cases_test

import (
	"errors"
	"iter"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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
		require.NoError(t, tm.UnmarshalJSON([]byte(`"`+s+`"`)))
		return tm
	}
	d := &cases.DebugInfo{}
	err := d.AttachTranscript(seq(
		messages.Message{MessageID: 1, SessionID: 1234, Sender: "Ann Lee", SenderID: "Guest:@cust-8812", Text: "My payment is declined", Time: at(`\/Date(1764042747000)\/`)},
		messages.Message{MessageID: 2, SessionID: 1234, Sender: "Bob", SenderID: "User:3", Text: "Which card?\r\nVisa or Mastercard?\n", Time: at("2026-11-24T05:52:27.9+02:00")},
		messages.Message{MessageID: 3, SessionID: 1234, SenderID: "Bot:ollama", HTML: "<p>Try <b>again</b> &amp; wait</p><br>ok", Time: at("2026-11-24T03:53:00.1234567")},
		messages.Message{MessageID: 4, SessionID: 1234, Sender: "unknown-sender", Text: "hi"},
	))
	require.NoError(t, err)
	require.Equal(t, 1, len(d.Attachments))
	a := d.Attachments[0]
	assert.Equal(t, "transcript-1234.txt", a.FileName)
	assert.Equal(t, "text/plain; charset=utf-8", a.ContentType)
	want := "[2025-11-25 03:52:27Z] Ann Lee: My payment is declined\n" +
		"[2026-11-24 03:52:27Z] Bob: Which card?\n    Visa or Mastercard?\n" +
		"[2026-11-24 03:53:00Z] Bot:ollama: Try again & wait\n\n    ok\n" +
		"[no time] unknown-sender: hi\n"
	assert.Equal(t, want, string(a.Content))
}

func TestAttachTranscriptName(t *testing.T) {
	t.Parallel()
	d := cases.DebugFromSession(sessionWithID(77))
	require.NoError(t, d.AttachTranscript(seq()))
	assert.Equal(t, "transcript-77.txt", d.Attachments[0].FileName)
	d = &cases.DebugInfo{}
	require.NoError(t, d.AttachTranscript(seq()))
	assert.Equal(t, "transcript.txt", d.Attachments[0].FileName)
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
	assert.ErrorIs(t, err, boom)
	assert.Empty(t, d.Attachments)
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
	assert.LessOrEqual(t, yielded, cases.MaxAttachmentBytes/1000+1, "messages read")
	assert.Empty(t, d.Attachments)

	// The budget is what other attachments left.
	d = &cases.DebugInfo{}
	require.NoError(t, d.AttachBytes("big.bin", "", make([]byte, cases.MaxAttachmentBytes-50)))
	wiretest.RequireInvalid(t, d.AttachTranscript(seq(messages.Message{SessionID: 5, Sender: "Ann", Text: line})), "DebugInfo.Attachments")
	assert.NoError(t, d.AttachTranscript(seq(messages.Message{SessionID: 5, Sender: "A", Text: "hi", Time: zchat.NewTime(time.Unix(0, 0))})), "a short transcript in the 50 bytes left")
}
