package cases

import (
	"context"
	"iter"
	"net/http"

	"github.com/zchat/zchat-go/internal/apispec"
	"github.com/zchat/zchat-go/internal/call"
	"github.com/zchat/zchat-go/internal/check"
	"github.com/zchat/zchat-go/zchat"
)

// UpsertLead finds the lead with in.Email (case-insensitive) or creates it
// (POST /leads). An existing lead gets in's non-empty fields. in is checked
// with Validate before anything is sent.
func (c *Client) UpsertLead(ctx context.Context, in LeadInput) (*Lead, error) {
	lead, _, err := c.UpsertLeadCreated(ctx, in)
	return lead, err
}

// UpsertLeadCreated is UpsertLead that also reports whether the server
// created the lead (201 Created) rather than found it (200 OK).
func (c *Client) UpsertLeadCreated(ctx context.Context, in LeadInput) (*Lead, bool, error) {
	if err := in.Validate(); err != nil {
		return nil, false, err
	}
	lead, resp, err := call.PostResponse[Lead](ctx, c.c, apispec.UpsertLead, in)
	if err != nil {
		return nil, false, err
	}
	return lead, resp.StatusCode == http.StatusCreated, nil
}

// GetLead returns the lead with the given id (GET /leads/{leadId}).
func (c *Client) GetLead(ctx context.Context, leadID int) (*Lead, error) {
	if err := check.ID("leadID", leadID); err != nil {
		return nil, err
	}
	return call.Get[Lead](ctx, c.c, apispec.GetLead, nil, leadID)
}

// ListLeads returns one page of leads in ascending LeadID order, filtered
// by opts.Email when set (GET /leads). opts may be nil.
func (c *Client) ListLeads(ctx context.Context, opts *LeadListOptions) (*zchat.Page[Lead], error) {
	if opts != nil {
		if err := check.PageSize("LeadListOptions.PageSize", opts.PageSize); err != nil {
			return nil, err
		}
	}
	return call.Get[zchat.Page[Lead]](ctx, c.c, apispec.ListLeads, opts)
}

// AllLeads iterates over every lead ListLeads would page through, starting
// at opts.Cursor, fetching pages lazily. opts is copied, never changed.
func (c *Client) AllLeads(ctx context.Context, opts *LeadListOptions) iter.Seq2[Lead, error] {
	return call.All(ctx, opts, func(o *LeadListOptions) *string { return &o.Cursor }, c.ListLeads)
}
