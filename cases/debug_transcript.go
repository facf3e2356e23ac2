package cases

import (
	"bytes"
	"errors"
	"fmt"
	"iter"
	"strconv"

	"github.com/zchat/zchat-go/internal/check"
	"github.com/zchat/zchat-go/messages"
)

// AttachTranscript adds a chat transcript as a text attachment named
// "transcript-<SessionID>.txt" (the SessionID of the first message, else
// the PropSessionID property, else "transcript.txt"), written by
// messages.TranscriptWriter in its text format, one entry per message:
//
//	[2006-01-02 15:04:05Z] Sender: text
//
// with times in UTC. msgs is typically messages.New(client).All(ctx,
// sessionID, nil). Reading stops with an error wrapping
// zchat.ErrInvalidArgument as soon as the transcript would go over what is
// left of MaxAttachmentBytes, and with msgs' own error when it yields one;
// on any error d is unchanged.
func (d *DebugInfo) AttachTranscript(msgs iter.Seq2[messages.Message, error]) error {
	if msgs == nil {
		return check.Invalid("msgs", "is nil")
	}
	if err := d.canAttach("transcript.txt"); err != nil {
		return err
	}
	out := &budgetWriter{left: d.attachmentBudget()}
	tw, err := messages.NewTranscriptWriter(out, &messages.TranscriptOptions{Format: messages.FormatText})
	if err != nil {
		return err
	}
	sessionID := 0
	for m, err := range msgs {
		if err != nil {
			return fmt.Errorf("cases: reading transcript: %w", err)
		}
		if sessionID == 0 {
			sessionID = m.SessionID
		}
		if err := tw.WriteMessage(m); err != nil {
			return transcriptError(err, out.left)
		}
	}
	if err := tw.Close(); err != nil {
		return transcriptError(err, out.left)
	}
	d.attach(d.transcriptName(sessionID), ContentTypeText, out.buf.Bytes())
	return nil
}

func (d *DebugInfo) transcriptName(sessionID int) string {
	id := itoa(sessionID)
	if id == "" {
		id = d.Properties[PropSessionID]
	}
	if _, err := strconv.Atoi(id); err != nil {
		return "transcript.txt"
	}
	return "transcript-" + id + ".txt"
}

// errOverBudget is what budgetWriter fails with once it is full.
var errOverBudget = errors.New("over the attachment budget")

// budgetWriter collects at most left bytes.
type budgetWriter struct {
	buf  bytes.Buffer
	left int
}

func (w *budgetWriter) Write(p []byte) (int, error) {
	if w.buf.Len()+len(p) > w.left {
		return 0, errOverBudget
	}
	return w.buf.Write(p)
}

func transcriptError(err error, left int) error {
	if errors.Is(err, errOverBudget) {
		return check.Invalid("DebugInfo.Attachments", "the transcript is larger than the %d bytes left of the %d allowed for all attachments together", left, MaxAttachmentBytes)
	}
	return fmt.Errorf("cases: writing transcript: %w", err)
}
