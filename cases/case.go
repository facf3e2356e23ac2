package cases

import (
	"context"
	"iter"

	"github.com/zchat/zchat-go/internal/apispec"
	"github.com/zchat/zchat-go/internal/call"
	"github.com/zchat/zchat-go/internal/check"
	"github.com/zchat/zchat-go/zchat"
)

// Priority of a case.
type Priority string

// The priorities a case can have; the server defaults to PriorityNormal.
const (
	PriorityLow    Priority = "low"
	PriorityNormal Priority = "normal"
	PriorityHigh   Priority = "high"
	PriorityUrgent Priority = "urgent"
)

// check refuses a priority that is neither empty (the server's default,
// normal) nor one of the four.
func (p Priority) check(name string) error {
	switch p {
	case "", PriorityLow, PriorityNormal, PriorityHigh, PriorityUrgent:
		return nil
	}
	return check.Invalid(name, "%q is not one of low, normal, high, urgent", p)
}

// Status of a case. New cases are StatusOpen.
type Status string

// The statuses a case can have.
const (
	StatusOpen    Status = "open"
	StatusPending Status = "pending"
	StatusClosed  Status = "closed"
)

// Case is a problem report attached to a lead, with debug information.
type Case struct {
	CaseID      int        `json:"CaseId"`
	LeadID      int        `json:"LeadId"`
	Subject     string     `json:"Subject"`
	Description string     `json:"Description"`
	Priority    Priority   `json:"Priority"`
	Status      Status     `json:"Status"`
	SessionID   int        `json:"SessionId"` // 0 = none
	Debug       *DebugInfo `json:"Debug"`
	CreatedTime zchat.Time `json:"CreatedTime"`
}

// CaseInput submits a case. Subject is required (≤ MaxSubjectLen UTF-16
// code units); Description ≤ MaxDescriptionLen; Priority empty means
// normal. SubmitCase checks it with Validate before sending.
type CaseInput struct {
	Subject     string     `json:"Subject"`
	Description string     `json:"Description,omitempty"`
	Priority    Priority   `json:"Priority,omitempty"`
	SessionID   int        `json:"SessionId,omitempty"`
	Debug       *DebugInfo `json:"Debug,omitempty"`
}

// Validate checks in against every limit of the contract before sending:
// Subject is required (not blank) and at most MaxSubjectLen UTF-16 code
// units, Description at most MaxDescriptionLen, Priority empty (the server's
// default, normal) or one of the four priorities, SessionID not negative,
// and Debug as DebugInfo.Validate says.
func (in CaseInput) Validate() error {
	return check.First(
		requiredText("CaseInput.Subject", in.Subject, MaxSubjectLen),
		checkText("CaseInput.Description", in.Description, MaxDescriptionLen),
		in.Priority.check("CaseInput.Priority"),
		check.NotNegative("CaseInput.SessionID", in.SessionID),
		in.Debug.validate("CaseInput.Debug"),
	)
}

// SubmitCase submits a new case for the lead (POST /leads/{leadId}/cases).
// in is checked with Validate before anything is sent; the new case is
// StatusOpen.
func (c *Client) SubmitCase(ctx context.Context, leadID int, in CaseInput) (*Case, error) {
	return submitToLead[Case](ctx, c.c, apispec.SubmitCase, leadID, in)
}

// GetCase returns the case with the given id (GET /cases/{caseId}).
func (c *Client) GetCase(ctx context.Context, caseID int) (*Case, error) {
	return call.GetByID[Case](ctx, c.c, apispec.GetCase, "caseID", caseID)
}

// ListCases returns one page of the lead's cases in ascending CaseID order
// (GET /leads/{leadId}/cases). opts may be nil.
func (c *Client) ListCases(ctx context.Context, leadID int, opts *zchat.ListOptions) (*zchat.Page[Case], error) {
	return listOfLead[Case](ctx, c.c, apispec.ListCases, leadID, opts)
}

// AllCases iterates over every case of the lead, starting at opts.Cursor,
// fetching pages lazily. opts is copied, never changed.
func (c *Client) AllCases(ctx context.Context, leadID int, opts *zchat.ListOptions) iter.Seq2[Case, error] {
	return allOfLead(ctx, leadID, opts, c.ListCases)
}
