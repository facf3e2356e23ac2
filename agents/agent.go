package agents

import (
	"context"
	"strings"

	"github.com/zchat/zchat-go/internal/apispec"
	"github.com/zchat/zchat-go/internal/call"
	"github.com/zchat/zchat-go/internal/check"
	"github.com/zchat/zchat-go/zchat"
)

// Agent is an agent of the organization (the server's ChatApiAgent).
//
// Password is write-only: it is sent on Create (where it is required) and on
// Update when not empty (empty leaves it unchanged); the server never returns
// it. Printing an Agent with %v, %+v or %#v, or logging it with slog, shows
// the password as "[REDACTED]" so it cannot end up in a log; json.Marshal of
// an Agent leaves the password out, as the server does (only Create and
// Update put it on the wire).
type Agent struct {
	UserID      int    `json:"UserId,omitempty"` // server-assigned
	LoginName   string `json:"LoginName"`        // unique; required on Create
	DisplayName string `json:"DisplayName"`
	Email       string `json:"Email"`
	IsAdmin     bool   `json:"IsAdmin"`  // member of the Administrators group
	Disabled    bool   `json:"Disabled"` // account disabled
	Password    string `json:"Password,omitempty"`
}

// Client calls the agent endpoints of the APP Server.
type Client struct{ c *zchat.Client }

// New returns a Client that sends its requests through c.
func New(c *zchat.Client) *Client { return &Client{c: c} }

// List returns every agent of the organization.
func (c *Client) List(ctx context.Context) ([]Agent, error) {
	return call.List[Agent](ctx, c.c, apispec.ListAgents)
}

// Get returns the agent with the given UserID.
func (c *Client) Get(ctx context.Context, userID int) (*Agent, error) {
	return call.GetByID[Agent](ctx, c.c, apispec.GetAgent, "userID", userID)
}

// Create adds an agent. LoginName and Password are required; UserID is
// assigned by the server (a non-zero a.UserID is not sent).
func (c *Client) Create(ctx context.Context, a Agent) (*Agent, error) {
	if strings.TrimSpace(a.LoginName) == "" {
		return nil, check.Invalid("Agent.LoginName", "is required")
	}
	if a.Password == "" {
		return nil, check.Invalid("Agent.Password", "is required")
	}
	body := agentWire(a)
	body.UserID = 0
	return call.Post[Agent](ctx, c.c, apispec.CreateAgent, body)
}

// Update replaces the agent with the given UserID by a. An empty Password
// is not sent and leaves the password unchanged. a.UserID may be 0; when set
// it must equal userID.
func (c *Client) Update(ctx context.Context, userID int, a Agent) (*Agent, error) {
	if err := check.ID("userID", userID); err != nil {
		return nil, err
	}
	if a.UserID != 0 && a.UserID != userID {
		return nil, check.Invalid("Agent.UserID", "is %d but userID is %d", a.UserID, userID)
	}
	return call.Put[Agent](ctx, c.c, apispec.UpdateAgent, agentWire(a), userID)
}

// Delete removes the agent with the given UserID.
func (c *Client) Delete(ctx context.Context, userID int) error {
	return call.DeleteByID(ctx, c.c, apispec.DeleteAgent, "userID", userID)
}
