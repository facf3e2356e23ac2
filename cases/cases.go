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
	var out Case
	if err := c.c.Post(ctx, zchat.Path("leads", leadID, "cases"), in, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// GetCase returns the case with the given id (GET /cases/{caseId}).
func (c *Client) GetCase(ctx context.Context, caseID int) (*Case, error) {
	if err := zchat.CheckID("caseID", caseID); err != nil {
		return nil, err
	}
	var out Case
	if err := c.c.Get(ctx, zchat.Path("cases", caseID), nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// ListCases returns one page of the lead's cases in ascending CaseID order
// (GET /leads/{leadId}/cases). opts may be nil.
func (c *Client) ListCases(ctx context.Context, leadID int, opts *zchat.ListOptions) (*zchat.Page[Case], error) {
	if err := zchat.CheckID("leadID", leadID); err != nil {
		return nil, err
	}
	query, err := pageQuery(opts)
	if err != nil {
		return nil, err
	}
	return list[Case](ctx, c.c, zchat.Path("leads", leadID, "cases"), query)
}

// AllCases iterates over every case of the lead, starting at opts.Cursor,
// fetching pages lazily. opts is copied, never changed.
func (c *Client) AllCases(ctx context.Context, leadID int, opts *zchat.ListOptions) iter.Seq2[Case, error] {
	return allPages(ctx, opts, func(ctx context.Context, o *zchat.ListOptions) (*zchat.Page[Case], error) {
		return c.ListCases(ctx, leadID, o)
	})
}
