package departments

import (
	"context"
	"strings"

	"github.com/zchat/zchat-go/agents"
	"github.com/zchat/zchat-go/internal/apispec"
	"github.com/zchat/zchat-go/internal/call"
	"github.com/zchat/zchat-go/internal/check"
	"github.com/zchat/zchat-go/zchat"
)

// Department is a group of agents that chats are routed to (the server's
// ChatApiDepartment). Agents is read-only: change membership with
// Client.AddAgent and Client.RemoveAgent.
type Department struct {
	DepartmentID int            `json:"DepartmentId,omitempty"`
	Name         string         `json:"Name"`
	Description  string         `json:"Description"`
	Agents       []agents.Agent `json:"Agents,omitempty"`
}

// Client calls the department endpoints of the APP Server.
type Client struct{ c *zchat.Client }

// New returns a Client that sends its requests through c.
func New(c *zchat.Client) *Client { return &Client{c: c} }

// departmentInput is the body of Create and Update: the server takes only
// the name and the description (membership has its own endpoints).
type departmentInput struct {
	Name        string `json:"Name"`
	Description string `json:"Description"`
}

func input(d Department) (departmentInput, error) {
	if strings.TrimSpace(d.Name) == "" {
		return departmentInput{}, check.Invalid("Department.Name", "is required")
	}
	return departmentInput{Name: d.Name, Description: d.Description}, nil
}

// List returns every department, with its agents.
func (c *Client) List(ctx context.Context) ([]Department, error) {
	return call.List[Department](ctx, c.c, apispec.ListDepartments)
}

// Get returns the department with the given id.
func (c *Client) Get(ctx context.Context, departmentID int) (*Department, error) {
	return call.GetByID[Department](ctx, c.c, apispec.GetDepartment, "departmentID", departmentID)
}

// Create adds a department. Name is required and unique; only Name and
// Description are sent (DepartmentID is assigned by the server, Agents is
// changed with AddAgent).
func (c *Client) Create(ctx context.Context, d Department) (*Department, error) {
	in, err := input(d)
	if err != nil {
		return nil, err
	}
	return call.Post[Department](ctx, c.c, apispec.CreateDepartment, in)
}

// Update sets the name and description of the department with the given
// id. Name is required; only Name and Description are sent.
func (c *Client) Update(ctx context.Context, departmentID int, d Department) (*Department, error) {
	if err := check.ID("departmentID", departmentID); err != nil {
		return nil, err
	}
	in, err := input(d)
	if err != nil {
		return nil, err
	}
	return call.Put[Department](ctx, c.c, apispec.UpdateDepartment, in, departmentID)
}

// Delete removes the department with the given id.
func (c *Client) Delete(ctx context.Context, departmentID int) error {
	return call.DeleteByID(ctx, c.c, apispec.DeleteDepartment, "departmentID", departmentID)
}

// AddAgent makes the agent with the given UserID a member of the
// department. Adding a member twice is not an error.
func (c *Client) AddAgent(ctx context.Context, departmentID, userID int) error {
	if err := checkMember(departmentID, userID); err != nil {
		return err
	}
	return call.NoContent(ctx, c.c, apispec.AddDepartmentAgent, departmentID, userID)
}

// RemoveAgent takes the agent with the given UserID out of the department.
func (c *Client) RemoveAgent(ctx context.Context, departmentID, userID int) error {
	if err := checkMember(departmentID, userID); err != nil {
		return err
	}
	return call.NoContent(ctx, c.c, apispec.RemoveDepartmentAgent, departmentID, userID)
}

func checkMember(departmentID, userID int) error {
	if err := check.ID("departmentID", departmentID); err != nil {
		return err
	}
	return check.ID("userID", userID)
}
