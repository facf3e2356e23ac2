package apispec_test

import (
	"go/parser"
	"go/token"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/internal/apispec"
)

func TestOperationsAreWellFormed(t *testing.T) {
	t.Parallel()
	ops := apispec.Operations()
	require.Len(t, ops, 27, "ZCHAT-API.md §3 has 27 endpoints")
	ids := map[string]bool{}
	routes := map[string]bool{}
	for _, op := range ops {
		assert.False(t, ids[op.ID], "operationId %s twice", op.ID)
		ids[op.ID] = true
		route := op.Method + " " + op.Pattern
		assert.False(t, routes[route], "%s twice", route)
		routes[route] = true

		assert.Regexp(t, `^[a-z][A-Za-z]+$`, op.ID)
		assert.Contains(t, []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete}, op.Method, op.ID)
		require.True(t, strings.HasPrefix(op.Pattern, "/"), op.ID)
		for _, seg := range strings.Split(op.Pattern[1:], "/") {
			if name, ok := apispec.IsParam(seg); ok {
				assert.Regexp(t, `^[a-z]+Id$`, name, "%s: parameter", op.ID)
				continue
			}
			assert.Regexp(t, `^[a-z]+$`, seg, "%s: segment", op.ID)
		}
	}
}

func TestParams(t *testing.T) {
	t.Parallel()
	assert.Equal(t, []string{"departmentId", "userId"}, apispec.RemoveDepartmentAgent.Params())
	assert.Equal(t, []string{"leadId"}, apispec.SubmitNote.Params())
	assert.Empty(t, apispec.ListLeads.Params())
	for _, seg := range []string{"", "{}", "{x", "x}", "agents"} {
		_, ok := apispec.IsParam(seg)
		assert.False(t, ok, seg)
	}
	assert.Equal(t, "getAgent (GET /agents/{userId})", apispec.GetAgent.String())
}

// zchat names Ping from this table, so this package must never import zchat
// (or anything of the module): only the standard library.
func TestImportsOnlyTheStandardLibrary(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.ImportsOnly)
		require.NoError(t, err)
		for _, imp := range f.Imports {
			path, err := strconv.Unquote(imp.Path.Value)
			require.NoError(t, err)
			first, _, _ := strings.Cut(path, "/")
			assert.NotContains(t, first, ".", "%s imports %s", name, path)
		}
	}
}
