package messages

import (
	"context"
	"iter"
	"strings"

	"github.com/zchat/zchat-go/internal/apispec"
	"github.com/zchat/zchat-go/internal/call"
	"github.com/zchat/zchat-go/internal/check"
	"github.com/zchat/zchat-go/zchat"
)

// Client calls the message endpoints of the APP Server.
type Client struct{ c *zchat.Client }

// New returns a Client that sends its requests through c.
func New(c *zchat.Client) *Client { return &Client{c: c} }

// List returns one page of the session's messages, in ascending MessageID
// order. Pass the page's NextCursor as opts.Cursor to get the next page, or
// use All. opts may be nil.
func (c *Client) List(ctx context.Context, sessionID int, opts *ListOptions) (*zchat.Page[Message], error) {
	if err := check.ID("sessionID", sessionID); err != nil {
		return nil, err
	}
	if err := opts.Check(); err != nil {
		return nil, err
	}
	return call.Get[zchat.Page[Message]](ctx, c.c, apispec.ListMessages, opts, sessionID)
}

// All returns every message of the session, starting at opts.Cursor and
// following the cursors page by page. It is lazy: a page is fetched only
// when the loop reaches it, and nothing more once the loop stops. An error
// is yielded once and ends the sequence. opts may be nil; it is copied, so
// the caller's value is never changed.
func (c *Client) All(ctx context.Context, sessionID int, opts *ListOptions) iter.Seq2[Message, error] {
	return call.All(ctx, opts, (*ListOptions).cursor, func(ctx context.Context, o *ListOptions) (*zchat.Page[Message], error) {
		return c.List(ctx, sessionID, o)
	})
}

// Send posts a message into the session as an agent or a bot, and returns
// it as stored. Text or HTML must be set; SenderID defaults, on the server,
// to the API's own bot id.
func (c *Client) Send(ctx context.Context, sessionID int, m NewMessage) (*Message, error) {
	if err := check.ID("sessionID", sessionID); err != nil {
		return nil, err
	}
	if strings.TrimSpace(m.Text) == "" && strings.TrimSpace(m.HTML) == "" {
		return nil, check.Invalid("NewMessage.Text", "is empty and so is HTML; a message needs one of them")
	}
	return call.Post[Message](ctx, c.c, apispec.SendMessage, m, sessionID)
}
