package cases

import (
	"context"
	"iter"

	"github.com/zchat/zchat-go/internal/apispec"
	"github.com/zchat/zchat-go/internal/call"
	"github.com/zchat/zchat-go/internal/check"
	"github.com/zchat/zchat-go/zchat"
)

// SubmitCase submits a new case for the lead (POST /leads/{leadId}/cases).
// in is checked with Validate before anything is sent; the new case is
// StatusOpen.
func (c *Client) SubmitCase(ctx context.Context, leadID int, in CaseInput) (*Case, error) {
	if err := check.ID("leadID", leadID); err != nil {
		return nil, err
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	return call.Post[Case](ctx, c.c, apispec.SubmitCase, in, leadID)
}

// GetCase returns the case with the given id (GET /cases/{caseId}).
func (c *Client) GetCase(ctx context.Context, caseID int) (*Case, error) {
	if err := check.ID("caseID", caseID); err != nil {
		return nil, err
	}
	return call.Get[Case](ctx, c.c, apispec.GetCase, nil, caseID)
}

// ListCases returns one page of the lead's cases in ascending CaseID order
// (GET /leads/{leadId}/cases). opts may be nil.
func (c *Client) ListCases(ctx context.Context, leadID int, opts *zchat.ListOptions) (*zchat.Page[Case], error) {
	if err := check.ID("leadID", leadID); err != nil {
		return nil, err
	}
	if err := opts.Check(); err != nil {
		return nil, err
	}
	return call.Get[zchat.Page[Case]](ctx, c.c, apispec.ListCases, opts, leadID)
}

// AllCases iterates over every case of the lead, starting at opts.Cursor,
// fetching pages lazily. opts is copied, never changed.
func (c *Client) AllCases(ctx context.Context, leadID int, opts *zchat.ListOptions) iter.Seq2[Case, error] {
	return call.All(ctx, opts, listCursor, func(ctx context.Context, o *zchat.ListOptions) (*zchat.Page[Case], error) {
		return c.ListCases(ctx, leadID, o)
	})
}
