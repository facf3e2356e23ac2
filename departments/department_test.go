package departments_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/agents"
	"github.com/zchat/zchat-go/departments"
	"github.com/zchat/zchat-go/internal/wiretest"
	"github.com/zchat/zchat-go/zchat"
)

func TestOperations(t *testing.T) {
	t.Parallel()
	sales := &departments.Department{
		DepartmentID: 1, Name: "Sales", Description: "Pre-sales questions",
		Agents: []agents.Agent{{UserID: 3, LoginName: "ana"}},
	}
	salesJSON := `{"DepartmentId":1,"Name":"Sales","Description":"Pre-sales questions","Agents":[{"UserId":3,"LoginName":"ana"}]}`
	// A Department with everything set: Create and Update must send only
	// Name and Description.
	full := departments.Department{DepartmentID: 9, Name: "Sales", Description: "Pre-sales questions",
		Agents: []agents.Agent{{UserID: 3, LoginName: "ana", Password: "x"}}}
	wiretest.CheckOps(t, setup, []wiretest.Op[*departments.Client]{
		{
			Name:   "List",
			Call:   func(ctx context.Context, c *departments.Client) (any, error) { return c.List(ctx) },
			Method: http.MethodGet, Path: "/departments",
			Status: 200, Resp: "[" + salesJSON + "]",
			Want: []departments.Department{*sales},
		},
		{
			Name:   "Get",
			Call:   func(ctx context.Context, c *departments.Client) (any, error) { return c.Get(ctx, 1) },
			Method: http.MethodGet, Path: "/departments/1",
			Status: 200, Resp: salesJSON,
			Want: sales,
		},
		{
			Name:   "Create",
			Call:   func(ctx context.Context, c *departments.Client) (any, error) { return c.Create(ctx, full) },
			Method: http.MethodPost, Path: "/departments",
			Status: 201, Resp: salesJSON,
			WantBody: `{"Name":"Sales","Description":"Pre-sales questions"}`,
			Want:     sales,
		},
		{
			Name:   "Update",
			Call:   func(ctx context.Context, c *departments.Client) (any, error) { return c.Update(ctx, 1, full) },
			Method: http.MethodPut, Path: "/departments/1",
			Status: 200, Resp: salesJSON,
			WantBody: `{"Name":"Sales","Description":"Pre-sales questions"}`,
			Want:     sales,
		},
		{
			Name: "Update clears the description",
			Call: func(ctx context.Context, c *departments.Client) (any, error) {
				return c.Update(ctx, 1, departments.Department{Name: "Sales"})
			},
			Method: http.MethodPut, Path: "/departments/1",
			Status: 200, Resp: salesJSON,
			WantBody: `{"Name":"Sales","Description":""}`,
			Want:     sales,
		},
		{
			Name:   "Delete",
			Call:   func(ctx context.Context, c *departments.Client) (any, error) { return nil, c.Delete(ctx, 1) },
			Method: http.MethodDelete, Path: "/departments/1",
			Status: 204,
		},
		{
			Name:   "AddAgent",
			Call:   func(ctx context.Context, c *departments.Client) (any, error) { return nil, c.AddAgent(ctx, 1, 3) },
			Method: http.MethodPut, Path: "/departments/1/agents/3",
			Status: 204,
		},
		{
			Name:   "RemoveAgent",
			Call:   func(ctx context.Context, c *departments.Client) (any, error) { return nil, c.RemoveAgent(ctx, 1, 3) },
			Method: http.MethodDelete, Path: "/departments/1/agents/3",
			Status: 204,
		},
	})
}

func TestListDecodesDotNetFixture(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	wiretest.RespondFixture(t, mt, http.MethodGet, "/departments", 200, "departments.json")

	got, err := c.List(context.Background())
	require.NoError(t, err)
	assert.Equal(t, []departments.Department{
		{DepartmentID: 1, Name: "Sales", Description: "Pre-sales questions", Agents: []agents.Agent{
			{UserID: 3, LoginName: "ana", DisplayName: "Ana Lima", Email: "ana@zchatdemo.com", IsAdmin: true},
			{UserID: 7, LoginName: "bo", Disabled: true}, // camelCase keys, null strings
		}},
		{DepartmentID: 2, Name: "Support", Agents: []agents.Agent{}},
		{DepartmentID: 4, Name: "Billing", Description: "Invoices"}, // lower-case keys, null Agents
	}, got)
}

func TestGetFixture(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	wiretest.RespondFixture(t, mt, http.MethodGet, "/departments/1", 200, "department.json")

	got, err := c.Get(context.Background(), 1)
	require.NoError(t, err)
	assert.Equal(t, "Sales", got.Name)
	require.Len(t, got.Agents, 1)
	assert.Equal(t, "ana", got.Agents[0].LoginName)
	assert.Empty(t, got.Agents[0].Password)
}

func TestInvalidArgumentsSendNothing(t *testing.T) {
	t.Parallel()
	wiretest.CheckInvalid(t, setup, []wiretest.Invalid[*departments.Client]{
		{Name: "Get id 0", Field: "departmentID", Call: func(ctx context.Context, c *departments.Client) error { _, err := c.Get(ctx, 0); return err }},
		{Name: "Create without Name", Field: "Department.Name", Call: func(ctx context.Context, c *departments.Client) error {
			_, err := c.Create(ctx, departments.Department{Description: "x"})
			return err
		}},
		{Name: "Create with a blank Name", Field: "Department.Name", Call: func(ctx context.Context, c *departments.Client) error {
			_, err := c.Create(ctx, departments.Department{Name: " \t"})
			return err
		}},
		{Name: "Update id 0", Field: "departmentID", Call: func(ctx context.Context, c *departments.Client) error {
			_, err := c.Update(ctx, 0, departments.Department{Name: "x"})
			return err
		}},
		{Name: "Update without Name", Field: "Department.Name", Call: func(ctx context.Context, c *departments.Client) error {
			_, err := c.Update(ctx, 1, departments.Department{Description: "x"})
			return err
		}},
		{Name: "Delete id < 0", Field: "departmentID", Call: func(ctx context.Context, c *departments.Client) error { return c.Delete(ctx, -2) }},
		{Name: "AddAgent department 0", Field: "departmentID", Call: func(ctx context.Context, c *departments.Client) error { return c.AddAgent(ctx, 0, 3) }},
		{Name: "AddAgent user 0", Field: "userID", Call: func(ctx context.Context, c *departments.Client) error { return c.AddAgent(ctx, 1, 0) }},
		{Name: "RemoveAgent department 0", Field: "departmentID", Call: func(ctx context.Context, c *departments.Client) error { return c.RemoveAgent(ctx, 0, 3) }},
		{Name: "RemoveAgent user < 0", Field: "userID", Call: func(ctx context.Context, c *departments.Client) error { return c.RemoveAgent(ctx, 1, -3) }},
	})
}

func TestAPIErrorsPassThrough(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	wiretest.Respond(mt, http.MethodPut, "/departments/1/agents/99", 404, `{"Code":"not_found","Message":"no agent 99"}`)
	wiretest.Respond(mt, http.MethodPost, "/departments", 422,
		`{"Code":"validation_failed","Message":"invalid","Fields":[{"Field":"Name","Message":"is taken"}]}`)

	err := c.AddAgent(context.Background(), 1, 99)
	require.ErrorIs(t, err, zchat.ErrNotFound)
	_, err = c.Create(context.Background(), departments.Department{Name: "Sales"})
	require.ErrorIs(t, err, zchat.ErrValidation)
	var apiErr *zchat.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, []zchat.FieldError{{Field: "Name", Message: "is taken"}}, apiErr.Fields)
}
