package messages

import "github.com/zchat/zchat-go/internal/check"

// ListOptions pages List and All. The zero value (or a nil *ListOptions)
// lists a session's messages from the first, in pages of the server's
// default size.
type ListOptions struct {
	AfterMessageID int    `url:"afterMessageId,omitempty"` // only messages with a larger MessageID; 0 = from the first
	PageSize       int    `url:"pageSize,omitempty"`       // 1–1000; 0 = the server's default (100)
	Cursor         string `url:"cursor,omitempty"`         // from the previous Page's NextCursor
}

func (o *ListOptions) cursor() *string { return &o.Cursor }

// Check refuses options the server would refuse: a PageSize outside 0–1000
// or a negative AfterMessageID. A nil *ListOptions is fine.
func (o *ListOptions) Check() error {
	if o == nil {
		return nil
	}
	if err := check.PageSize("ListOptions.PageSize", o.PageSize); err != nil {
		return err
	}
	if o.AfterMessageID < 0 {
		return check.Invalid("ListOptions.AfterMessageID", "must be ≥ 0, got %d", o.AfterMessageID)
	}
	return nil
}
