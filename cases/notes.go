package cases

import (
	"context"
	"iter"

	"github.com/zchat/zchat-go/internal/apispec"
	"github.com/zchat/zchat-go/internal/call"
	"github.com/zchat/zchat-go/internal/check"
	"github.com/zchat/zchat-go/zchat"
)

// SubmitNote submits a new note for the lead, attached to one of its cases
// when in.CaseID is set (POST /leads/{leadId}/notes). in is checked with
// Validate before anything is sent. A CaseID of another lead is refused by
// the server (422, errors.Is zchat.ErrValidation).
func (c *Client) SubmitNote(ctx context.Context, leadID int, in NoteInput) (*Note, error) {
	if err := check.ID("leadID", leadID); err != nil {
		return nil, err
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	return call.Post[Note](ctx, c.c, apispec.SubmitNote, in, leadID)
}

// ListNotes returns one page of the lead's notes in ascending NoteID order
// (GET /leads/{leadId}/notes). opts may be nil.
func (c *Client) ListNotes(ctx context.Context, leadID int, opts *zchat.ListOptions) (*zchat.Page[Note], error) {
	if err := check.ID("leadID", leadID); err != nil {
		return nil, err
	}
	if err := opts.Check(); err != nil {
		return nil, err
	}
	return call.Get[zchat.Page[Note]](ctx, c.c, apispec.ListNotes, opts, leadID)
}

// AllNotes iterates over every note of the lead, starting at opts.Cursor,
// fetching pages lazily. opts is copied, never changed.
func (c *Client) AllNotes(ctx context.Context, leadID int, opts *zchat.ListOptions) iter.Seq2[Note, error] {
	return call.All(ctx, opts, listCursor, func(ctx context.Context, o *zchat.ListOptions) (*zchat.Page[Note], error) {
		return c.ListNotes(ctx, leadID, o)
	})
}
