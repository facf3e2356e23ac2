package cases

import (
	"context"
	"iter"

	"github.com/zchat/zchat-go/internal/apispec"
	"github.com/zchat/zchat-go/internal/check"
	"github.com/zchat/zchat-go/zchat"
)

// Note is a remark attached to a lead, and optionally to one of its cases.
type Note struct {
	NoteID      int        `json:"NoteId"`
	LeadID      int        `json:"LeadId"`
	CaseID      int        `json:"CaseId"`    // 0 = attached to the lead only
	SessionID   int        `json:"SessionId"` // 0 = none
	Text        string     `json:"Text"`
	Debug       *DebugInfo `json:"Debug"`
	CreatedTime zchat.Time `json:"CreatedTime"`
}

// NoteInput submits a note. Text is required (≤ MaxTextLen UTF-16 code units). A CaseID
// must belong to the same lead. SubmitNote checks it with Validate before
// sending.
type NoteInput struct {
	Text      string     `json:"Text"`
	CaseID    int        `json:"CaseId,omitempty"`
	SessionID int        `json:"SessionId,omitempty"`
	Debug     *DebugInfo `json:"Debug,omitempty"`
}

// Validate checks in against every limit of the contract before sending:
// Text is required (not blank) and at most MaxTextLen UTF-16 code units, CaseID and
// SessionID not negative, and Debug as DebugInfo.Validate says.
func (in NoteInput) Validate() error {
	return check.First(
		requiredText("NoteInput.Text", in.Text, MaxTextLen),
		check.NotNegative("NoteInput.CaseID", in.CaseID),
		check.NotNegative("NoteInput.SessionID", in.SessionID),
		in.Debug.validate("NoteInput.Debug"),
	)
}

// SubmitNote submits a new note for the lead, attached to one of its cases
// when in.CaseID is set (POST /leads/{leadId}/notes). in is checked with
// Validate before anything is sent. A CaseID of another lead is refused by
// the server (422, errors.Is zchat.ErrValidation).
func (c *Client) SubmitNote(ctx context.Context, leadID int, in NoteInput) (*Note, error) {
	return submitToLead[Note](ctx, c.c, apispec.SubmitNote, leadID, in)
}

// ListNotes returns one page of the lead's notes in ascending NoteID order
// (GET /leads/{leadId}/notes). opts may be nil.
func (c *Client) ListNotes(ctx context.Context, leadID int, opts *zchat.ListOptions) (*zchat.Page[Note], error) {
	return listOfLead[Note](ctx, c.c, apispec.ListNotes, leadID, opts)
}

// AllNotes iterates over every note of the lead, starting at opts.Cursor,
// fetching pages lazily. opts is copied, never changed.
func (c *Client) AllNotes(ctx context.Context, leadID int, opts *zchat.ListOptions) iter.Seq2[Note, error] {
	return allOfLead(ctx, leadID, opts, c.ListNotes)
}
