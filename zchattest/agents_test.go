package zchattest_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/agents"
	"github.com/zchat/zchat-go/departments"
	"github.com/zchat/zchat-go/zchat"
	"github.com/zchat/zchat-go/zchattest"
)

func TestAgentsCRUD(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	ctx := ctxT(t)
	ac := agents.New(s.Client())

	a, err := ac.Create(ctx, agents.Agent{LoginName: "dora", DisplayName: "Dora", Email: "dora@example.com", Password: "pw-1"})
	require.NoError(t, err)
	assert.Equal(t, 1, a.UserID)
	assert.Equal(t, "dora", a.LoginName)
	assert.Empty(t, a.Password, "the password is never returned")

	got, err := ac.Get(ctx, a.UserID)
	require.NoError(t, err)
	assert.Equal(t, *a, *got)

	// An empty Password on update leaves it unchanged; the rest is replaced.
	up, err := ac.Update(ctx, a.UserID, agents.Agent{LoginName: "dora2", DisplayName: "Dora B", IsAdmin: true})
	require.NoError(t, err)
	assert.Equal(t, agents.Agent{UserID: 1, LoginName: "dora2", DisplayName: "Dora B", IsAdmin: true}, *up)

	list, err := ac.List(ctx)
	require.NoError(t, err)
	assert.Equal(t, []agents.Agent{*up}, list)

	require.NoError(t, ac.Delete(ctx, a.UserID))
	err = ac.Delete(ctx, a.UserID)
	assert.ErrorIs(t, err, zchat.ErrNotFound, "a repeated DELETE is 404")
	_, err = ac.Get(ctx, a.UserID)
	assert.ErrorIs(t, err, zchat.ErrNotFound)
	assert.Equal(t, 0, s.Count(zchattest.KindAgents))
}

func TestAgentPasswordNeverAnswered(t *testing.T) {
	t.Parallel()
	s := newServer(t, zchattest.WithDemoData())
	for _, path := range []string{"/agents", "/agents/1", "/departments", "/departments/1"} {
		r := call(t, s, http.MethodGet, path, nil)
		require.Equal(t, http.StatusOK, r.Status, path)
		assert.NotContains(t, strings.ToLower(string(r.Body)), "password", path)
	}
	r := call(t, s, http.MethodPut, "/agents/1", map[string]any{"LoginName": "anna", "Password": "new-pw"})
	require.Equal(t, http.StatusOK, r.Status)
	assert.NotContains(t, string(r.Body), "new-pw")
}

func TestAgentValidation(t *testing.T) {
	t.Parallel()
	s := newServer(t, zchattest.WithDemoData()) // has LoginName "anna"
	tests := []struct {
		name   string
		method string
		path   string
		body   any
		status int
		code   string
		fields []string
	}{
		{"create without LoginName and Password", http.MethodPost, "/agents", map[string]any{"DisplayName": "X"}, 422, "validation_failed", []string{"LoginName", "Password"}},
		{"create with a blank LoginName", http.MethodPost, "/agents", map[string]any{"LoginName": "  ", "Password": "p"}, 422, "validation_failed", []string{"LoginName"}},
		{"create without Password", http.MethodPost, "/agents", map[string]any{"LoginName": "new"}, 422, "validation_failed", []string{"Password"}},
		{"create with a taken LoginName, other case", http.MethodPost, "/agents", map[string]any{"LoginName": "ANNA", "Password": "p"}, 409, "conflict", nil},
		{"rename to a taken LoginName", http.MethodPut, "/agents/2", map[string]any{"LoginName": "Anna"}, 409, "conflict", nil},
		{"update without LoginName", http.MethodPut, "/agents/2", map[string]any{"DisplayName": "B"}, 422, "validation_failed", []string{"LoginName"}},
		{"update an unknown agent", http.MethodPut, "/agents/99", map[string]any{"LoginName": "x"}, 404, "not_found", nil},
		{"body that is not JSON", http.MethodPost, "/agents", "{not json", 400, "invalid_request", nil},
		{"no body", http.MethodPost, "/agents", nil, 400, "invalid_request", nil},
		{"a field of the wrong type", http.MethodPost, "/agents", `{"LoginName": 5}`, 400, "invalid_request", []string{"LoginName"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := call(t, s, tt.method, tt.path, tt.body)
			require.Equal(t, tt.status, r.Status, "%s", r.Body)
			e := r.apiBody(t)
			assert.Equal(t, tt.code, e.Code)
			assert.NotEmpty(t, e.Message)
			assert.Equal(t, r.Header.Get("X-Request-Id"), e.RequestID)
			assert.Equal(t, tt.fields, nilIfEmpty(fieldNames(e.Fields)))
		})
	}
	// Keeping one's own LoginName (in another case) is no conflict.
	r := call(t, s, http.MethodPut, "/agents/1", map[string]any{"LoginName": "ANNA"})
	assert.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
}

func nilIfEmpty(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return s
}

func TestAgentIDInBodyIgnored(t *testing.T) {
	t.Parallel()
	s := newServer(t, zchattest.WithDemoData())
	r := call(t, s, http.MethodPost, "/agents", map[string]any{"UserId": 2, "LoginName": "eve", "Password": "p"})
	require.Equal(t, http.StatusCreated, r.Status, "%s", r.Body)
	assert.Contains(t, string(r.Body), `"UserId":4`)
	r = call(t, s, http.MethodPut, "/agents/3", map[string]any{"UserId": 1, "LoginName": "chloe"})
	require.Equal(t, http.StatusOK, r.Status)
	assert.Contains(t, string(r.Body), `"UserId":3`)
}

func TestDepartmentsAndMembership(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	ctx := ctxT(t)
	c := s.Client()
	ac, dc := agents.New(c), departments.New(c)

	a1, err := ac.Create(ctx, agents.Agent{LoginName: "a1", DisplayName: "A One", Password: "p"})
	require.NoError(t, err)
	a2, err := ac.Create(ctx, agents.Agent{LoginName: "a2", DisplayName: "A Two", Password: "p"})
	require.NoError(t, err)

	d, err := dc.Create(ctx, departments.Department{Name: "Sales", Description: "Quotes"})
	require.NoError(t, err)
	assert.Equal(t, departments.Department{DepartmentID: 1, Name: "Sales", Description: "Quotes", Agents: []agents.Agent{}}, *d)
	raw := call(t, s, http.MethodGet, "/departments/1", nil)
	assert.Contains(t, string(raw.Body), `"Agents":[]`, "Agents is always an array")

	require.NoError(t, dc.AddAgent(ctx, d.DepartmentID, a2.UserID))
	require.NoError(t, dc.AddAgent(ctx, d.DepartmentID, a1.UserID))
	require.NoError(t, dc.AddAgent(ctx, d.DepartmentID, a1.UserID), "adding a member twice is fine")
	got, err := dc.Get(ctx, d.DepartmentID)
	require.NoError(t, err)
	assert.Equal(t, []agents.Agent{*a1, *a2}, got.Agents, "members in UserId order")

	require.NoError(t, dc.RemoveAgent(ctx, d.DepartmentID, a2.UserID))
	require.NoError(t, dc.RemoveAgent(ctx, d.DepartmentID, a2.UserID), "removing a non-member is fine")
	assert.ErrorIs(t, dc.AddAgent(ctx, d.DepartmentID, 99), zchat.ErrNotFound)
	assert.ErrorIs(t, dc.AddAgent(ctx, 99, a1.UserID), zchat.ErrNotFound)

	// Deleting an agent takes it out of its departments.
	require.NoError(t, ac.Delete(ctx, a1.UserID))
	got, err = dc.Get(ctx, d.DepartmentID)
	require.NoError(t, err)
	assert.Empty(t, got.Agents)

	up, err := dc.Update(ctx, d.DepartmentID, departments.Department{Name: "Sales EU", Description: ""})
	require.NoError(t, err)
	assert.Equal(t, "Sales EU", up.Name)
	list, err := dc.List(ctx)
	require.NoError(t, err)
	require.Len(t, list, 1)
	assert.Equal(t, "Sales EU", list[0].Name)

	require.NoError(t, dc.Delete(ctx, d.DepartmentID))
	assert.ErrorIs(t, dc.Delete(ctx, d.DepartmentID), zchat.ErrNotFound)
	assert.Equal(t, 1, s.Count(zchattest.KindAgents), "deleting a department keeps its agents")
}

func TestDepartmentValidation(t *testing.T) {
	t.Parallel()
	s := newServer(t, zchattest.WithDemoData()) // Sales (1), Support (2)
	tests := []struct {
		name, method, path string
		body               any
		status             int
	}{
		{"no Name", http.MethodPost, "/departments", map[string]any{"Description": "x"}, 422},
		{"blank Name", http.MethodPost, "/departments", map[string]any{"Name": " \t"}, 422},
		{"taken Name, other case", http.MethodPost, "/departments", map[string]any{"Name": "sALES"}, 409},
		{"rename to a taken Name", http.MethodPut, "/departments/2", map[string]any{"Name": "sales"}, 409},
		{"keep one's own Name", http.MethodPut, "/departments/1", map[string]any{"Name": "SALES"}, 200},
		{"unknown department", http.MethodGet, "/departments/9", nil, 404},
		{"membership of an unknown agent", http.MethodPut, "/departments/1/agents/9", nil, 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := call(t, s, tt.method, tt.path, tt.body)
			assert.Equal(t, tt.status, r.Status, "%s", r.Body)
		})
	}
}
