package sessions

import (
	"time"

	"github.com/zchat/zchat-go/internal/check"
	"github.com/zchat/zchat-go/zchat"
)

// Session states accepted by ListOptions.Status.
const (
	StatusActive = "active" // the chat is going on
	StatusEnded  = "ended"  // the chat is over
)

// ListOptions filters and pages List and All. The zero value (or a nil
// *ListOptions) lists every session, in pages of the server's default size.
type ListOptions struct {
	// Since and Until bound the sessions' BeginTime; a zero time leaves that
	// side open. They are sent as RFC 3339 in UTC.
	Since time.Time `url:"since,omitempty"`
	Until time.Time `url:"until,omitempty"`

	Status       string       `url:"status,omitempty"`       // "", StatusActive or StatusEnded
	DepartmentID int          `url:"departmentId,omitempty"` // 0 = any department
	AgentUserID  zchat.ChatID `url:"agentUserId,omitempty"`  // the agent's chat id, e.g. zchat.UserChatID(3)
	CustomerID   zchat.ChatID `url:"customerId,omitempty"`   // the visitor's chat id
	Email        string       `url:"email,omitempty"`        // the visitor's e-mail

	PageSize int    `url:"pageSize,omitempty"` // 1–1000; 0 = the server's default (100)
	Cursor   string `url:"cursor,omitempty"`   // from the previous Page's NextCursor
}

func (o *ListOptions) cursor() *string { return &o.Cursor }

// Check refuses options the server would refuse: a PageSize outside
// 0–1000, an unknown Status, a negative DepartmentID, or an Until before
// Since. A nil *ListOptions is fine.
func (o *ListOptions) Check() error {
	if o == nil {
		return nil
	}
	if err := check.PageSize("ListOptions.PageSize", o.PageSize); err != nil {
		return err
	}
	switch o.Status {
	case "", StatusActive, StatusEnded:
	default:
		return check.Invalid("ListOptions.Status", "is %q; want %q, %q or empty", o.Status, StatusActive, StatusEnded)
	}
	if o.DepartmentID < 0 {
		return check.Invalid("ListOptions.DepartmentID", "must be ≥ 0 (0 = any), got %d", o.DepartmentID)
	}
	if !o.Since.IsZero() && !o.Until.IsZero() && o.Until.Before(o.Since) {
		return check.Invalid("ListOptions.Until", "%s is before Since %s", zchat.FormatTime(o.Until), zchat.FormatTime(o.Since))
	}
	return nil
}
