package agents_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/agents"
	"github.com/zchat/zchat-go/internal/wiretest"
	"github.com/zchat/zchat-go/zchat"
)

func TestOperations(t *testing.T) {
	t.Parallel()
	ana := &agents.Agent{UserID: 3, LoginName: "ana", DisplayName: "Ana Lima", Email: "ana@zchatdemo.com", IsAdmin: true}
	anaJSON := `{"UserId":3,"LoginName":"ana","DisplayName":"Ana Lima","Email":"ana@zchatdemo.com","IsAdmin":true,"Disabled":false}`
	wiretest.CheckOps(t, setup, []wiretest.Op[*agents.Client]{
		{
			Name:   "List",
			Call:   func(ctx context.Context, c *agents.Client) (any, error) { return c.List(ctx) },
			Method: http.MethodGet, Path: "/agents",
			Status: 200, Resp: "[" + anaJSON + "]",
			Want: []agents.Agent{*ana},
		},
		{
			Name:   "List empty",
			Call:   func(ctx context.Context, c *agents.Client) (any, error) { return c.List(ctx) },
			Method: http.MethodGet, Path: "/agents",
			Status: 200, Resp: "[]",
			Want: []agents.Agent{},
		},
		{
			Name:   "Get",
			Call:   func(ctx context.Context, c *agents.Client) (any, error) { return c.Get(ctx, 3) },
			Method: http.MethodGet, Path: "/agents/3",
			Status: 200, Resp: anaJSON,
			Want: ana,
		},
		{
			Name: "Create sends the password and not the UserId",
			Call: func(ctx context.Context, c *agents.Client) (any, error) {
				return c.Create(ctx, agents.Agent{UserID: 99, LoginName: "ana", DisplayName: "Ana Lima", Email: "ana@zchatdemo.com", IsAdmin: true, Password: "s3cret"})
			},
			Method: http.MethodPost, Path: "/agents",
			Status: 201, Resp: anaJSON,
			WantBody: `{"LoginName":"ana","DisplayName":"Ana Lima","Email":"ana@zchatdemo.com","IsAdmin":true,"Disabled":false,"Password":"s3cret"}`,
			Want:     ana,
		},
		{
			Name: "Update without password leaves it out",
			Call: func(ctx context.Context, c *agents.Client) (any, error) {
				return c.Update(ctx, 3, agents.Agent{LoginName: "ana", DisplayName: "Ana Lima", Email: "ana@zchatdemo.com", IsAdmin: true})
			},
			Method: http.MethodPut, Path: "/agents/3",
			Status: 200, Resp: anaJSON,
			WantBody: `{"LoginName":"ana","DisplayName":"Ana Lima","Email":"ana@zchatdemo.com","IsAdmin":true,"Disabled":false}`,
			Want:     ana,
		},
		{
			Name: "Update with a new password sends it",
			Call: func(ctx context.Context, c *agents.Client) (any, error) {
				return c.Update(ctx, 3, agents.Agent{UserID: 3, LoginName: "ana", Disabled: true, Password: "n3w"})
			},
			Method: http.MethodPut, Path: "/agents/3",
			Status: 200, Resp: anaJSON,
			WantBody: `{"UserId":3,"LoginName":"ana","DisplayName":"","Email":"","IsAdmin":false,"Disabled":true,"Password":"n3w"}`,
			Want:     ana,
		},
		{
			Name:   "Delete",
			Call:   func(ctx context.Context, c *agents.Client) (any, error) { return nil, c.Delete(ctx, 3) },
			Method: http.MethodDelete, Path: "/agents/3",
			Status: 204,
		},
	})
}

func TestListDecodesDotNetFixture(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	wiretest.RespondFixture(t, mt, http.MethodGet, "/agents", 200, "agents.json")

	got, err := c.List(context.Background())
	require.NoError(t, err)
	assert.Equal(t, []agents.Agent{
		{UserID: 3, LoginName: "ana", DisplayName: "Ana Lima", Email: "ana@zchatdemo.com", IsAdmin: true},
		{UserID: 7, LoginName: "bo", Disabled: true},                                            // null strings are ""
		{UserID: 12, LoginName: "carla", DisplayName: "Carla Öz", Email: "carla@zchatdemo.com"}, // lower-case keys
	}, got)
}

func TestGetFixture(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	wiretest.RespondFixture(t, mt, http.MethodGet, "/agents/3", 200, "agent.json")

	got, err := c.Get(context.Background(), 3)
	require.NoError(t, err)
	assert.Equal(t, &agents.Agent{UserID: 3, LoginName: "ana", DisplayName: "Ana Lima", Email: "ana@zchatdemo.com", IsAdmin: true}, got)
}

func TestInvalidArgumentsSendNothing(t *testing.T) {
	t.Parallel()
	wiretest.CheckInvalid(t, setup, []wiretest.Invalid[*agents.Client]{
		{Name: "Get id 0", Field: "userID", Call: func(ctx context.Context, c *agents.Client) error { _, err := c.Get(ctx, 0); return err }},
		{Name: "Get id < 0", Field: "userID", Call: func(ctx context.Context, c *agents.Client) error { _, err := c.Get(ctx, -1); return err }},
		{Name: "Create without LoginName", Field: "Agent.LoginName", Call: func(ctx context.Context, c *agents.Client) error {
			_, err := c.Create(ctx, agents.Agent{Password: "x"})
			return err
		}},
		{Name: "Create with a blank LoginName", Field: "Agent.LoginName", Call: func(ctx context.Context, c *agents.Client) error {
			_, err := c.Create(ctx, agents.Agent{LoginName: "  ", Password: "x"})
			return err
		}},
		{Name: "Create without Password", Field: "Agent.Password", Call: func(ctx context.Context, c *agents.Client) error {
			_, err := c.Create(ctx, agents.Agent{LoginName: "ana"})
			return err
		}},
		{Name: "Update id 0", Field: "userID", Call: func(ctx context.Context, c *agents.Client) error {
			_, err := c.Update(ctx, 0, agents.Agent{LoginName: "ana"})
			return err
		}},
		{Name: "Update with another UserID", Field: "Agent.UserID", Call: func(ctx context.Context, c *agents.Client) error {
			_, err := c.Update(ctx, 3, agents.Agent{UserID: 4, LoginName: "ana"})
			return err
		}},
		{Name: "Delete id 0", Field: "userID", Call: func(ctx context.Context, c *agents.Client) error { return c.Delete(ctx, 0) }},
	})
}

func TestAPIErrorsPassThrough(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	wiretest.Respond(mt, http.MethodGet, "/agents/5", 404, `{"Code":"not_found","Message":"no agent 5","RequestId":"r1"}`)
	wiretest.Respond(mt, http.MethodPost, "/agents", 409, `{"Code":"conflict","Message":"LoginName taken"}`)

	_, err := c.Get(context.Background(), 5)
	require.ErrorIs(t, err, zchat.ErrNotFound)
	_, err = c.Create(context.Background(), agents.Agent{LoginName: "ana", Password: "x"})
	require.ErrorIs(t, err, zchat.ErrConflict)
	var apiErr *zchat.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "LoginName taken", apiErr.Message)
}
