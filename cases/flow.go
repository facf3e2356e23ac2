package cases

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/zchat/zchat-go/internal/check"
	"github.com/zchat/zchat-go/internal/safetext"
	"github.com/zchat/zchat-go/zchat"
)

// SubmitCaseForEmail is the common CRM flow in one call: it finds or
// creates the lead for lead.Email (UpsertLead), then submits in as a case
// of that lead (SubmitCase). Both lead and in are validated before the
// first request.
//
// key names this submission, for example "chat-" plus the chat session id;
// it makes the call safe to repeat. The Idempotency-Key of each of the two
// POSTs is derived from it (a hash, so any key of any length works), so
// calling again with the same key and the same inputs, within the server's
// 24 hours, never creates a second case: the server answers with the case
// it created the first time (Replayed tells, when the server says so).
// Repeating with the same key but different inputs (a rebuilt DebugInfo
// with new log times, say: use AddLogAt, not AddLog) is refused by the
// server, still without a second case: the error says that something was
// already submitted under this key with different content and nothing new
// was created, and matches errors.Is(err, zchat.ErrIdempotencyMismatch). A
// different key submits a new case. The derived keys replace any key set
// on ctx with zchat.WithIdempotencyKey.
//
// When the case fails after the lead succeeded, the lead is returned with
// the error.
func (c *Client) SubmitCaseForEmail(ctx context.Context, key string, lead LeadInput, in CaseInput) (*Lead, *Case, error) {
	return submitForEmail(ctx, c, key, lead, in, "case", "lead", (*Client).SubmitCase)
}

// SubmitNoteForEmail is SubmitCaseForEmail for a note: it finds or creates
// the lead for lead.Email, then submits in as a note of that lead, with the
// same guarantee: the same key never creates a second note. Its keys differ
// from SubmitCaseForEmail's, so one key (a session id, say) may serve for a
// case and a note.
func (c *Client) SubmitNoteForEmail(ctx context.Context, key string, lead LeadInput, in NoteInput) (*Lead, *Note, error) {
	return submitForEmail(ctx, c, key, lead, in, "note", "note-lead", (*Client).SubmitNote)
}

// submitForEmail is the flow of SubmitCaseForEmail and SubmitNoteForEmail:
// check everything, find or create the lead, then submit in (a noun, "case"
// or "note") for it; each POST keyed with its step's key derived from key
// (leadStep names the lead's step).
func submitForEmail[In interface{ Validate() error }, Out any](ctx context.Context, c *Client, key string, lead LeadInput, in In,
	noun, leadStep string, submit func(*Client, context.Context, int, In) (*Out, error)) (*Lead, *Out, error) {
	if err := checkFlow(key, lead, in); err != nil {
		return nil, nil, err
	}
	l, err := c.UpsertLead(zchat.WithIdempotencyKey(ctx, flowKey(key, leadStep)), lead)
	if err != nil {
		return nil, nil, flowError(key, "lead", "lead for the "+noun, err)
	}
	out, err := submit(c, zchat.WithIdempotencyKey(ctx, flowKey(key, noun)), l.LeadID, in)
	if err != nil {
		return l, nil, flowError(key, noun, fmt.Sprintf("%s for lead %d", noun, l.LeadID), err)
	}
	return l, out, nil
}

// flowError wraps the error of one step of a flow. A 422
// idempotency_mismatch there means the caller's key was used before with
// other content: say so plainly, since the caller chose the key and the
// server's words name only the derived one.
func flowError(key, what, step string, err error) error {
	if errors.Is(err, zchat.ErrIdempotencyMismatch) {
		return fmt.Errorf("cases: a %s was already submitted under the key %q with different content; "+
			"nothing new was created. Repeat the same content to get the first answer, "+
			"or use a new key to submit different content: %w", what, safetext.Token(key), err)
	}
	return fmt.Errorf("cases: %s: %w", step, err)
}

// checkFlow validates everything a flow will send before it sends anything.
func checkFlow(key string, lead LeadInput, in interface{ Validate() error }) error {
	if strings.TrimSpace(key) == "" {
		return check.Invalid("key", "is required: it makes the call safe to repeat")
	}
	if err := lead.Validate(); err != nil {
		return err
	}
	return in.Validate()
}

// flowKey derives the Idempotency-Key of one step of a flow from the
// caller's key: "zchat-go/crm/<32 hex digits of SHA-256(key)>/<step>",
// always short visible ASCII whatever key holds.
func flowKey(key, step string) string {
	sum := sha256.Sum256([]byte(key))
	return "zchat-go/crm/" + hex.EncodeToString(sum[:])[:32] + "/" + step
}
