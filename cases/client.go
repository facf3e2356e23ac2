package cases

import "github.com/zchat/zchat-go/zchat"

// Client calls the submission API: leads, and the cases and notes attached
// to them. It is safe for concurrent use.
type Client struct{ c *zchat.Client }

// New returns a Client that sends its requests through c.
func New(c *zchat.Client) *Client { return &Client{c: c} }

// listCursor is where plain paging options keep their cursor.
func listCursor(o *zchat.ListOptions) *string { return &o.Cursor }
