package cases

import (
	"context"
	"iter"

	"github.com/zchat/zchat-go/zchat"
)

// SubmitCase submits a new case for the lead (POST /leads/{leadId}/cases).
// in is checked with Validate before anything is sent; the new case is
// StatusOpen.
func (c *Client) SubmitCase(ctx context.Context, leadID int, in CaseInput) (*Case, error) {
	if err := zchat.CheckID("leadID", leadID); err != nil {
		return nil, err
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	return zchat.PostAs[Case](ctx, c.c, zchat.Path("leads", leadID, "cases"), in)
}

// GetCase returns the case with the given id (GET /cases/{caseId}).
func (c *Client) GetCase(ctx context.Context, caseID int) (*Case, error) {
	if err := zchat.CheckID("caseID", caseID); err != nil {
		return nil, err
	}
	return zchat.GetAs[Case](ctx, c.c, zchat.Path("cases", caseID), nil)
}

// ListCases returns one page of the lead's cases in ascending CaseID order
// (GET /leads/{leadId}/cases). opts may be nil.
func (c *Client) ListCases(ctx context.Context, leadID int, opts *zchat.ListOptions) (*zchat.Page[Case], error) {
	if err := zchat.CheckID("leadID", leadID); err != nil {
		return nil, err
	}
	if err := opts.Check(); err != nil {
		return nil, err
	}
	return zchat.GetAs[zchat.Page[Case]](ctx, c.c, zchat.Path("leads", leadID, "cases"), opts)
}

// AllCases iterates over every case of the lead, starting at opts.Cursor,
// fetching pages lazily. opts is copied, never changed.
func (c *Client) AllCases(ctx context.Context, leadID int, opts *zchat.ListOptions) iter.Seq2[Case, error] {
	return zchat.IterateList(ctx, opts, listCursor, func(ctx context.Context, o *zchat.ListOptions) (*zchat.Page[Case], error) {
		return c.ListCases(ctx, leadID, o)
	})
}
