package sessions

import (
	"context"
	"iter"
	"time"

	"github.com/zchat/zchat-go/internal/apispec"
	"github.com/zchat/zchat-go/internal/call"
	"github.com/zchat/zchat-go/internal/check"
	"github.com/zchat/zchat-go/zchat"
)

// Session is one conversation between a visitor and agents (the server's
// SupportSession).
type Session struct {
	SessionID    int          `json:"SessionId"`
	DepartmentID int          `json:"DepartmentId"`
	AgentUserID  zchat.ChatID `json:"AgentUserId"` // "User:3"; empty while unassigned
	CustomerID   zchat.ChatID `json:"CustomerId"`  // the visitor
	DisplayName  string       `json:"DisplayName"`
	Email        string       `json:"Email"`
	Question     string       `json:"Question"` // what the visitor typed to start the chat
	BeginTime    zchat.Time   `json:"BeginTime"`
	ActiveTime   zchat.Time   `json:"ActiveTime"`  // last activity
	AgentRating  int          `json:"AgentRating"` // 0 = not rated, else 1–5
	Browser      string       `json:"Browser"`
	Platform     string       `json:"Platform"`
	Culture      string       `json:"Culture"`
	IPAddress    string       `json:"IPAddress"`
	PageTitle    string       `json:"PageTitle"`
	PageURL      string       `json:"PageUrl"`
	Referrer     string       `json:"Referrer"`
	ProductKey   string       `json:"ProductKey"`
	ProductName  string       `json:"ProductName"`
	ContextData  string       `json:"ContextData"` // often JSON text; see DecodeContextData
	SessionData  string       `json:"SessionData"` // often JSON text; see DecodeSessionData
	CustomData   string       `json:"CustomData"`  // often JSON text; see DecodeCustomData
	OAuthInfo    string       `json:"OAuthInfo"`
	OAuthKey     string       `json:"OAuthKey"`
}

// Transfer moves a session to another agent, another department, or both.
// At least one of the two must be set.
type Transfer struct {
	AgentUserID  zchat.ChatID `json:"AgentUserId,omitempty"`
	DepartmentID int          `json:"DepartmentId,omitempty"`
}

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

// Client calls the session endpoints of the APP Server.
type Client struct{ c *zchat.Client }

// New returns a Client that sends its requests through c.
func New(c *zchat.Client) *Client { return &Client{c: c} }

// List returns one page of sessions matching opts, in ascending SessionID
// order. Pass the page's NextCursor as opts.Cursor to get the next page, or
// use All. opts may be nil.
func (c *Client) List(ctx context.Context, opts *ListOptions) (*zchat.Page[Session], error) {
	if err := opts.Check(); err != nil {
		return nil, err
	}
	return call.Get[zchat.Page[Session]](ctx, c.c, apispec.ListSessions, opts)
}

// All returns every session matching opts, starting at opts.Cursor and
// following the cursors page by page. It is lazy: a page is fetched only
// when the loop reaches it, and nothing more once the loop stops. An error
// is yielded once and ends the sequence. opts may be nil; it is copied, so
// the caller's value is never changed.
func (c *Client) All(ctx context.Context, opts *ListOptions) iter.Seq2[Session, error] {
	return call.All(ctx, opts, (*ListOptions).cursor, c.List)
}

// Get returns the session with the given id.
func (c *Client) Get(ctx context.Context, sessionID int) (*Session, error) {
	return call.GetByID[Session](ctx, c.c, apispec.GetSession, "sessionID", sessionID)
}

// Transfer moves the session to another agent, another department, or both,
// and returns it as it is now. At least one target must be set; the server
// decides whether the agent's chat id is one it can transfer to.
func (c *Client) Transfer(ctx context.Context, sessionID int, t Transfer) (*Session, error) {
	if err := check.ID("sessionID", sessionID); err != nil {
		return nil, err
	}
	if err := check.NotNegative("Transfer.DepartmentID", t.DepartmentID); err != nil {
		return nil, err
	}
	if t.AgentUserID == "" && t.DepartmentID == 0 {
		return nil, check.Invalid("Transfer", "needs an AgentUserID or a DepartmentID")
	}
	return call.Post[Session](ctx, c.c, apispec.TransferSession, t, sessionID)
}

// Close ends the session and returns it. Closing a session that has already
// ended is not an error.
func (c *Client) Close(ctx context.Context, sessionID int) (*Session, error) {
	if err := check.ID("sessionID", sessionID); err != nil {
		return nil, err
	}
	return call.Post[Session](ctx, c.c, apispec.CloseSession, nil, sessionID)
}
