package sessions

import (
	"context"
	"iter"

	"github.com/zchat/zchat-go/internal/apispec"
	"github.com/zchat/zchat-go/internal/call"
	"github.com/zchat/zchat-go/internal/check"
	"github.com/zchat/zchat-go/zchat"
)

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
	if err := check.ID("sessionID", sessionID); err != nil {
		return nil, err
	}
	return call.Get[Session](ctx, c.c, apispec.GetSession, nil, sessionID)
}

// Transfer moves the session to another agent, another department, or both,
// and returns it as it is now. At least one target must be set; the server
// decides whether the agent's chat id is one it can transfer to.
func (c *Client) Transfer(ctx context.Context, sessionID int, t Transfer) (*Session, error) {
	if err := check.ID("sessionID", sessionID); err != nil {
		return nil, err
	}
	if t.DepartmentID < 0 {
		return nil, check.Invalid("Transfer.DepartmentID", "must be ≥ 0, got %d", t.DepartmentID)
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
