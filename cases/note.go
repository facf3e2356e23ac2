package cases

import "github.com/zchat/zchat-go/zchat"

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
