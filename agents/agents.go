package agents

import (
	"context"
	"strings"

	"github.com/zchat/zchat-go/zchat"
)

// Client calls the agent endpoints of the APP Server.
type Client struct{ c *zchat.Client }

// New returns a Client that sends its requests through c.
func New(c *zchat.Client) *Client { return &Client{c: c} }

// List returns every agent of the organization.
func (c *Client) List(ctx context.Context) ([]Agent, error) {
	var out []Agent
	if err := c.c.Get(ctx, zchat.Path("agents"), nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// Get returns the agent with the given UserID.
func (c *Client) Get(ctx context.Context, userID int) (*Agent, error) {
	if err := zchat.CheckID("userID", userID); err != nil {
		return nil, err
	}
	return zchat.GetAs[Agent](ctx, c.c, zchat.Path("agents", userID), nil)
}

// Create adds an agent. LoginName and Password are required; UserID is
// assigned by the server (a non-zero a.UserID is not sent).
func (c *Client) Create(ctx context.Context, a Agent) (*Agent, error) {
	if strings.TrimSpace(a.LoginName) == "" {
		return nil, zchat.InvalidArgument("Agent.LoginName", "is required")
	}
	if a.Password == "" {
		return nil, zchat.InvalidArgument("Agent.Password", "is required")
	}
	body := agentWire(a)
	body.UserID = 0
	return zchat.PostAs[Agent](ctx, c.c, zchat.Path("agents"), body)
}

// Update replaces the agent with the given UserID by a. An empty Password
// is not sent and leaves the password unchanged. a.UserID may be 0; when set
// it must equal userID.
func (c *Client) Update(ctx context.Context, userID int, a Agent) (*Agent, error) {
	if err := zchat.CheckID("userID", userID); err != nil {
		return nil, err
	}
	if a.UserID != 0 && a.UserID != userID {
		return nil, zchat.InvalidArgument("Agent.UserID", "is %d but userID is %d", a.UserID, userID)
	}
	return zchat.PutAs[Agent](ctx, c.c, zchat.Path("agents", userID), agentWire(a))
}

// Delete removes the agent with the given UserID.
func (c *Client) Delete(ctx context.Context, userID int) error {
	if err := zchat.CheckID("userID", userID); err != nil {
		return err
	}
	return c.c.Delete(ctx, zchat.Path("agents", userID))
}
