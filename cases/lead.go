package cases

import "github.com/zchat/zchat-go/zchat"

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
