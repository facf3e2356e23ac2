package cases

import (
	"context"
	"iter"
	"net/http"
	"net/mail"
	"strings"

	"github.com/zchat/zchat-go/internal/apispec"
	"github.com/zchat/zchat-go/internal/call"
	"github.com/zchat/zchat-go/internal/check"
	"github.com/zchat/zchat-go/zchat"
)

// Lead is a person the organization may sell to or support, found by email.
type Lead struct {
	LeadID      int          `json:"LeadId"`
	Email       string       `json:"Email"` // unique, case-insensitive
	DisplayName string       `json:"DisplayName"`
	Phone       string       `json:"Phone"`
	Company     string       `json:"Company"`
	CustomerID  zchat.ChatID `json:"CustomerId"` // the visitor's chat id, when known
	CreatedTime zchat.Time   `json:"CreatedTime"`
	UpdatedTime zchat.Time   `json:"UpdatedTime"`
}

// LeadInput creates a lead, or updates the non-empty fields of the lead with
// the same Email (case-insensitive). Email is required and must be a bare
// address; UpsertLead checks it with Validate before sending.
type LeadInput struct {
	Email       string       `json:"Email"`
	DisplayName string       `json:"DisplayName,omitempty"`
	Phone       string       `json:"Phone,omitempty"`
	Company     string       `json:"Company,omitempty"`
	CustomerID  zchat.ChatID `json:"CustomerId,omitempty"`
}

// LeadListOptions filters and pages ListLeads.
type LeadListOptions struct {
	Email    string `url:"email,omitempty"`
	PageSize int    `url:"pageSize,omitempty"`
	Cursor   string `url:"cursor,omitempty"`
}

// Validate checks in against the contract: Email is required and must be a
// bare address ("ann@example.com", not "Ann <ann@example.com>", no
// surrounding spaces) that net/mail.ParseAddress accepts.
func (in LeadInput) Validate() error {
	const name = "LeadInput.Email"
	if strings.TrimSpace(in.Email) == "" {
		return check.Invalid(name, "is required")
	}
	addr, err := mail.ParseAddress(in.Email)
	if err != nil {
		return check.Invalid(name, "%q is not a valid address: %v", in.Email, err)
	}
	if addr.Name != "" || addr.Address != in.Email {
		return check.Invalid(name, "%q must be a bare address such as %q", in.Email, addr.Address)
	}
	return nil
}

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
	return call.GetByID[Lead](ctx, c.c, apispec.GetLead, "leadID", leadID)
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
