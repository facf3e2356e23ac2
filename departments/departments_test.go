package departments_test

import (
	"context"
	"net/http"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/agents"
	"github.com/zchat/zchat-go/departments"
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
	tests := []struct {
		name     string
		call     func(context.Context, *departments.Client) (any, error)
		method   string
		path     string
		status   int
		resp     string
		wantBody string
		want     any
	}{
		{
			name:   "List",
			call:   func(ctx context.Context, c *departments.Client) (any, error) { return c.List(ctx) },
			method: http.MethodGet, path: "/departments",
			status: 200, resp: "[" + salesJSON + "]",
			want: []departments.Department{*sales},
		},
		{
			name:   "Get",
			call:   func(ctx context.Context, c *departments.Client) (any, error) { return c.Get(ctx, 1) },
			method: http.MethodGet, path: "/departments/1",
			status: 200, resp: salesJSON,
			want: sales,
		},
		{
			name:   "Create",
			call:   func(ctx context.Context, c *departments.Client) (any, error) { return c.Create(ctx, full) },
			method: http.MethodPost, path: "/departments",
			status: 201, resp: salesJSON,
			wantBody: `{"Name":"Sales","Description":"Pre-sales questions"}`,
			want:     sales,
		},
		{
			name:   "Update",
			call:   func(ctx context.Context, c *departments.Client) (any, error) { return c.Update(ctx, 1, full) },
			method: http.MethodPut, path: "/departments/1",
			status: 200, resp: salesJSON,
			wantBody: `{"Name":"Sales","Description":"Pre-sales questions"}`,
			want:     sales,
		},
		{
			name: "Update clears the description",
			call: func(ctx context.Context, c *departments.Client) (any, error) {
				return c.Update(ctx, 1, departments.Department{Name: "Sales"})
			},
			method: http.MethodPut, path: "/departments/1",
			status: 200, resp: salesJSON,
			wantBody: `{"Name":"Sales","Description":""}`,
			want:     sales,
		},
		{
			name:   "Delete",
			call:   func(ctx context.Context, c *departments.Client) (any, error) { return nil, c.Delete(ctx, 1) },
			method: http.MethodDelete, path: "/departments/1",
			status: 204,
		},
		{
			name:   "AddAgent",
			call:   func(ctx context.Context, c *departments.Client) (any, error) { return nil, c.AddAgent(ctx, 1, 3) },
			method: http.MethodPut, path: "/departments/1/agents/3",
			status: 204,
		},
		{
			name:   "RemoveAgent",
			call:   func(ctx context.Context, c *departments.Client) (any, error) { return nil, c.RemoveAgent(ctx, 1, 3) },
			method: http.MethodDelete, path: "/departments/1/agents/3",
			status: 204,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt := setup(t)
			rec := &recorder{}
			mt.RegisterResponder(tt.method, baseURL+tt.path, rec.reply(tt.status, tt.resp))

			got, err := tt.call(context.Background(), c)
			require.NoError(t, err)
			if tt.want != nil {
				assert.Equal(t, tt.want, got)
			}
			checkWire(t, rec.only(t), tt.method, tt.path, nil, tt.wantBody)
			assert.Equal(t, 1, mt.GetTotalCallCount())
		})
	}
}

func TestListDecodesDotNetFixture(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile("testdata/departments.json")
	require.NoError(t, err)
	c, mt := setup(t)
	rec := &recorder{}
	mt.RegisterResponder(http.MethodGet, baseURL+"/departments", rec.reply(200, string(raw)))

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
	raw, err := os.ReadFile("testdata/department.json")
	require.NoError(t, err)
	c, mt := setup(t)
	rec := &recorder{}
	mt.RegisterResponder(http.MethodGet, baseURL+"/departments/1", rec.reply(200, string(raw)))

	got, err := c.Get(context.Background(), 1)
	require.NoError(t, err)
	assert.Equal(t, "Sales", got.Name)
	require.Len(t, got.Agents, 1)
	assert.Equal(t, "ana", got.Agents[0].LoginName)
	assert.Empty(t, got.Agents[0].Password)
}

func TestInvalidArgumentsSendNothing(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		arg  string
		call func(context.Context, *departments.Client) error
	}{
		{"Get id 0", "departmentID", func(ctx context.Context, c *departments.Client) error { _, err := c.Get(ctx, 0); return err }},
		{"Create without Name", "Name", func(ctx context.Context, c *departments.Client) error {
			_, err := c.Create(ctx, departments.Department{Description: "x"})
			return err
		}},
		{"Create with a blank Name", "Name", func(ctx context.Context, c *departments.Client) error {
			_, err := c.Create(ctx, departments.Department{Name: " \t"})
			return err
		}},
		{"Update id 0", "departmentID", func(ctx context.Context, c *departments.Client) error {
			_, err := c.Update(ctx, 0, departments.Department{Name: "x"})
			return err
		}},
		{"Update without Name", "Name", func(ctx context.Context, c *departments.Client) error {
			_, err := c.Update(ctx, 1, departments.Department{Description: "x"})
			return err
		}},
		{"Delete id < 0", "departmentID", func(ctx context.Context, c *departments.Client) error { return c.Delete(ctx, -2) }},
		{"AddAgent department 0", "departmentID", func(ctx context.Context, c *departments.Client) error { return c.AddAgent(ctx, 0, 3) }},
		{"AddAgent user 0", "userID", func(ctx context.Context, c *departments.Client) error { return c.AddAgent(ctx, 1, 0) }},
		{"RemoveAgent department 0", "departmentID", func(ctx context.Context, c *departments.Client) error { return c.RemoveAgent(ctx, 0, 3) }},
		{"RemoveAgent user < 0", "userID", func(ctx context.Context, c *departments.Client) error { return c.RemoveAgent(ctx, 1, -3) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt := setup(t)
			err := tt.call(context.Background(), c)
			require.ErrorIs(t, err, zchat.ErrInvalidArgument)
			assert.Contains(t, err.Error(), tt.arg)
			assert.Equal(t, 0, mt.GetTotalCallCount(), "no request may be sent")
		})
	}
}

func TestAPIErrorsPassThrough(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	rec := &recorder{}
	mt.RegisterResponder(http.MethodPut, baseURL+"/departments/1/agents/99", rec.reply(404, `{"Code":"not_found","Message":"no agent 99"}`))
	mt.RegisterResponder(http.MethodPost, baseURL+"/departments", rec.reply(422,
		`{"Code":"validation_failed","Message":"invalid","Fields":[{"Field":"Name","Message":"is taken"}]}`))

	err := c.AddAgent(context.Background(), 1, 99)
	require.ErrorIs(t, err, zchat.ErrNotFound)
	_, err = c.Create(context.Background(), departments.Department{Name: "Sales"})
	require.ErrorIs(t, err, zchat.ErrValidation)
	var apiErr *zchat.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, []zchat.FieldError{{Field: "Name", Message: "is taken"}}, apiErr.Fields)
}
