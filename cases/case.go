package cases

import "github.com/zchat/zchat-go/zchat"

// Priority of a case.
type Priority string

// The priorities a case can have; the server defaults to PriorityNormal.
const (
	PriorityLow    Priority = "low"
	PriorityNormal Priority = "normal"
	PriorityHigh   Priority = "high"
	PriorityUrgent Priority = "urgent"
)

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
