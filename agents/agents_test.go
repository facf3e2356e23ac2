package agents_test

import (
	"context"
	"net/http"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/agents"
	"github.com/zchat/zchat-go/zchat"
)

func TestOperations(t *testing.T) {
	t.Parallel()
	ana := &agents.Agent{UserID: 3, LoginName: "ana", DisplayName: "Ana Lima", Email: "ana@zchatdemo.com", IsAdmin: true}
	anaJSON := `{"UserId":3,"LoginName":"ana","DisplayName":"Ana Lima","Email":"ana@zchatdemo.com","IsAdmin":true,"Disabled":false}`
	tests := []struct {
		name     string
		call     func(context.Context, *agents.Client) (any, error)
		method   string
		path     string
		status   int
		resp     string
		wantBody string
		want     any
	}{
		{
			name:   "List",
			call:   func(ctx context.Context, c *agents.Client) (any, error) { return c.List(ctx) },
			method: http.MethodGet, path: "/agents",
			status: 200, resp: "[" + anaJSON + "]",
			want: []agents.Agent{*ana},
		},
		{
			name:   "List empty",
			call:   func(ctx context.Context, c *agents.Client) (any, error) { return c.List(ctx) },
			method: http.MethodGet, path: "/agents",
			status: 200, resp: "[]",
			want: []agents.Agent{},
		},
		{
			name:   "Get",
			call:   func(ctx context.Context, c *agents.Client) (any, error) { return c.Get(ctx, 3) },
			method: http.MethodGet, path: "/agents/3",
			status: 200, resp: anaJSON,
			want: ana,
		},
		{
			name: "Create sends the password and not the UserId",
			call: func(ctx context.Context, c *agents.Client) (any, error) {
				return c.Create(ctx, agents.Agent{UserID: 99, LoginName: "ana", DisplayName: "Ana Lima", Email: "ana@zchatdemo.com", IsAdmin: true, Password: "s3cret"})
			},
			method: http.MethodPost, path: "/agents",
			status: 201, resp: anaJSON,
			wantBody: `{"LoginName":"ana","DisplayName":"Ana Lima","Email":"ana@zchatdemo.com","IsAdmin":true,"Disabled":false,"Password":"s3cret"}`,
			want:     ana,
		},
		{
			name: "Update without password leaves it out",
			call: func(ctx context.Context, c *agents.Client) (any, error) {
				return c.Update(ctx, 3, agents.Agent{LoginName: "ana", DisplayName: "Ana Lima", Email: "ana@zchatdemo.com", IsAdmin: true})
			},
			method: http.MethodPut, path: "/agents/3",
			status: 200, resp: anaJSON,
			wantBody: `{"LoginName":"ana","DisplayName":"Ana Lima","Email":"ana@zchatdemo.com","IsAdmin":true,"Disabled":false}`,
			want:     ana,
		},
		{
			name: "Update with a new password sends it",
			call: func(ctx context.Context, c *agents.Client) (any, error) {
				return c.Update(ctx, 3, agents.Agent{UserID: 3, LoginName: "ana", Disabled: true, Password: "n3w"})
			},
			method: http.MethodPut, path: "/agents/3",
			status: 200, resp: anaJSON,
			wantBody: `{"UserId":3,"LoginName":"ana","DisplayName":"","Email":"","IsAdmin":false,"Disabled":true,"Password":"n3w"}`,
			want:     ana,
		},
		{
			name:   "Delete",
			call:   func(ctx context.Context, c *agents.Client) (any, error) { return nil, c.Delete(ctx, 3) },
			method: http.MethodDelete, path: "/agents/3",
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
	raw, err := os.ReadFile("testdata/agents.json")
	require.NoError(t, err)
	c, mt := setup(t)
	rec := &recorder{}
	mt.RegisterResponder(http.MethodGet, baseURL+"/agents", rec.reply(200, string(raw)))

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
	raw, err := os.ReadFile("testdata/agent.json")
	require.NoError(t, err)
	c, mt := setup(t)
	rec := &recorder{}
	mt.RegisterResponder(http.MethodGet, baseURL+"/agents/3", rec.reply(200, string(raw)))

	got, err := c.Get(context.Background(), 3)
	require.NoError(t, err)
	assert.Equal(t, &agents.Agent{UserID: 3, LoginName: "ana", DisplayName: "Ana Lima", Email: "ana@zchatdemo.com", IsAdmin: true}, got)
}

func TestInvalidArgumentsSendNothing(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		arg  string // the argument the error must name
		call func(context.Context, *agents.Client) error
	}{
		{"Get id 0", "userID", func(ctx context.Context, c *agents.Client) error { _, err := c.Get(ctx, 0); return err }},
		{"Get id < 0", "userID", func(ctx context.Context, c *agents.Client) error { _, err := c.Get(ctx, -1); return err }},
		{"Create without LoginName", "LoginName", func(ctx context.Context, c *agents.Client) error {
			_, err := c.Create(ctx, agents.Agent{Password: "x"})
			return err
		}},
		{"Create with a blank LoginName", "LoginName", func(ctx context.Context, c *agents.Client) error {
			_, err := c.Create(ctx, agents.Agent{LoginName: "  ", Password: "x"})
			return err
		}},
		{"Create without Password", "Password", func(ctx context.Context, c *agents.Client) error {
			_, err := c.Create(ctx, agents.Agent{LoginName: "ana"})
			return err
		}},
		{"Update id 0", "userID", func(ctx context.Context, c *agents.Client) error {
			_, err := c.Update(ctx, 0, agents.Agent{LoginName: "ana"})
			return err
		}},
		{"Update with another UserID", "UserID", func(ctx context.Context, c *agents.Client) error {
			_, err := c.Update(ctx, 3, agents.Agent{UserID: 4, LoginName: "ana"})
			return err
		}},
		{"Delete id 0", "userID", func(ctx context.Context, c *agents.Client) error { return c.Delete(ctx, 0) }},
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
	mt.RegisterResponder(http.MethodGet, baseURL+"/agents/5", rec.reply(404, `{"Code":"not_found","Message":"no agent 5","RequestId":"r1"}`))
	mt.RegisterResponder(http.MethodPost, baseURL+"/agents", rec.reply(409, `{"Code":"conflict","Message":"LoginName taken"}`))

	_, err := c.Get(context.Background(), 5)
	require.ErrorIs(t, err, zchat.ErrNotFound)
	_, err = c.Create(context.Background(), agents.Agent{LoginName: "ana", Password: "x"})
	require.ErrorIs(t, err, zchat.ErrConflict)
	var apiErr *zchat.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "LoginName taken", apiErr.Message)
}
