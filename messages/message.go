package messages

import (
	"context"
	"iter"
	"strings"

	"github.com/zchat/zchat-go/internal/apispec"
	"github.com/zchat/zchat-go/internal/call"
	"github.com/zchat/zchat-go/internal/check"
	"github.com/zchat/zchat-go/internal/htmltext"
	"github.com/zchat/zchat-go/zchat"
)

// Message is one chat message (the server's ChatMsgData).
type Message struct {
	MessageID int          `json:"MessageId"`
	SessionID int          `json:"SessionId"`
	Sender    string       `json:"Sender"`   // display name
	SenderID  zchat.ChatID `json:"SenderId"` // who spoke
	Text      string       `json:"Text"`     // plain text
	HTML      string       `json:"Html"`     // rendered HTML
	Time      zchat.Time   `json:"Time"`
}

// NewMessage is a message an agent or bot sends into a session. Text or HTML
// must be set. SenderID defaults, on the server, to the API's own bot id.
type NewMessage struct {
	Text     string       `json:"Text"`
	HTML     string       `json:"Html,omitempty"`
	SenderID zchat.ChatID `json:"SenderId,omitempty"`
	Sender   string       `json:"Sender,omitempty"`
}

// PlainText returns the message as plain text: Text when it is set, else
// the text of HTML with its tags removed and its entities decoded (<br>
// and block elements such as <p> and <div> become line breaks).
func (m Message) PlainText() string {
	if m.Text != "" {
		return m.Text
	}
	return htmltext.ToText(m.HTML)
}

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
	return check.First(
		check.PageSize("ListOptions.PageSize", o.PageSize),
		check.NotNegative("ListOptions.AfterMessageID", o.AfterMessageID),
	)
}

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
