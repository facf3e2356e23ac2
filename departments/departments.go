package departments

import (
	"context"
	"strings"

	"github.com/zchat/zchat-go/zchat"
)

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
		return departmentInput{}, zchat.InvalidArgument("Department.Name", "is required")
	}
	return departmentInput{Name: d.Name, Description: d.Description}, nil
}

// List returns every department, with its agents.
func (c *Client) List(ctx context.Context) ([]Department, error) {
	var out []Department
	if err := c.c.Get(ctx, zchat.Path("departments"), nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// Get returns the department with the given id.
func (c *Client) Get(ctx context.Context, departmentID int) (*Department, error) {
	if err := zchat.CheckID("departmentID", departmentID); err != nil {
		return nil, err
	}
	return zchat.GetAs[Department](ctx, c.c, zchat.Path("departments", departmentID), nil)
}

// Create adds a department. Name is required and unique; only Name and
// Description are sent (DepartmentID is assigned by the server, Agents is
// changed with AddAgent).
func (c *Client) Create(ctx context.Context, d Department) (*Department, error) {
	in, err := input(d)
	if err != nil {
		return nil, err
	}
	return zchat.PostAs[Department](ctx, c.c, zchat.Path("departments"), in)
}

// Update sets the name and description of the department with the given
// id. Name is required; only Name and Description are sent.
func (c *Client) Update(ctx context.Context, departmentID int, d Department) (*Department, error) {
	if err := zchat.CheckID("departmentID", departmentID); err != nil {
		return nil, err
	}
	in, err := input(d)
	if err != nil {
		return nil, err
	}
	return zchat.PutAs[Department](ctx, c.c, zchat.Path("departments", departmentID), in)
}

// Delete removes the department with the given id.
func (c *Client) Delete(ctx context.Context, departmentID int) error {
	if err := zchat.CheckID("departmentID", departmentID); err != nil {
		return err
	}
	return c.c.Delete(ctx, zchat.Path("departments", departmentID))
}

// AddAgent makes the agent with the given UserID a member of the
// department. Adding a member twice is not an error.
func (c *Client) AddAgent(ctx context.Context, departmentID, userID int) error {
	if err := checkMember(departmentID, userID); err != nil {
		return err
	}
	return c.c.Put(ctx, zchat.Path("departments", departmentID, "agents", userID), nil, nil)
}

// RemoveAgent takes the agent with the given UserID out of the department.
func (c *Client) RemoveAgent(ctx context.Context, departmentID, userID int) error {
	if err := checkMember(departmentID, userID); err != nil {
		return err
	}
	return c.c.Delete(ctx, zchat.Path("departments", departmentID, "agents", userID))
}

func checkMember(departmentID, userID int) error {
	if err := zchat.CheckID("departmentID", departmentID); err != nil {
		return err
	}
	return zchat.CheckID("userID", userID)
}
