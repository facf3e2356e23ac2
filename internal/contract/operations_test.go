package contract_test

import (
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/internal/apispec"
	"github.com/zchat/zchat-go/internal/contract"
	"github.com/zchat/zchat-go/zchat"
	"github.com/zchat/zchat-go/zchattest"
)

// sdkOperations runs the SDK's whole surface against zchattest and returns
// the three sets the check compares with a document.
func sdkOperations(t *testing.T) contract.Operations {
	t.Helper()
	srv := zchattest.NewServer(zchattest.WithDemoData())
	defer srv.Close()
	calls := runWholeSurface(t, srv, &http.Client{})
	return contract.Operations{Table: apispec.Operations(), Calls: calls, Served: srv.Operations()}
}

// editedCopy copies docs/openapi.yaml into a temporary folder, applies edit
// to its text, loads the copy and checks ops against it.
func editedCopy(t *testing.T, ops contract.Operations, edit func(string) string) error {
	t.Helper()
	src, err := contract.SpecPath()
	require.NoError(t, err)
	data, err := os.ReadFile(src)
	require.NoError(t, err)
	edited := edit(string(data))
	path := filepath.Join(t.TempDir(), "openapi.yaml")
	require.NoError(t, os.WriteFile(path, []byte(edited), 0o600))
	doc, err := contract.LoadFile(path)
	require.NoError(t, err)
	return contract.CheckOperations(doc, ops)
}

// replaceOnce replaces old, which must occur exactly once, by new.
func replaceOnce(t *testing.T, s, old, new string) string {
	t.Helper()
	require.Equal(t, 1, strings.Count(s, old), "%q in openapi.yaml", old)
	return strings.Replace(s, old, new, 1)
}

// cutPath removes the block of one path, from its key to the next path.
func cutPath(t *testing.T, s, path string) string {
	t.Helper()
	start := strings.Index(s, "\n  "+path+":\n")
	require.Positive(t, start, path)
	end := strings.Index(s[start+1:], "\n  /")
	require.Positive(t, end, path)
	return s[:start] + s[start+1+end:]
}

const agentStatusPath = `
  /agents/{userId}/status:
    parameters:
      - $ref: '#/components/parameters/UserIdPath'
    get:
      operationId: getAgentStatus
      summary: An operation added to the document only
      responses:
        '200':
          description: The agent's status.
`

// The check fails, naming the operation, when docs/openapi.yaml gains or
// loses an operation, or changes one, that the SDK and zchattest do not
// follow: shown on an edited copy of the document.
func TestOperationCheckFailsOnAnEditedCopy(t *testing.T) {
	tests := []struct {
		name string
		edit func(t *testing.T, s string) string
		want []string // each must be in the error
	}{
		{"an operation added", func(t *testing.T, s string) string {
			return replaceOnce(t, s, "\n  /departments:\n", agentStatusPath+"\n  /departments:\n")
		}, []string{
			"getAgentStatus (GET /agents/{userId}/status): in docs/openapi.yaml but not in the SDK's table",
			"getAgentStatus: in docs/openapi.yaml but no SDK method called it",
			"getAgentStatus: in docs/openapi.yaml but zchattest does not serve it",
		}},
		{"an operation removed", func(t *testing.T, s string) string {
			return cutPath(t, s, "/cases/{caseId}")
		}, []string{
			"getCase (GET /cases/{caseId}): in the SDK's table (internal/apispec) but not in docs/openapi.yaml",
			"getCase: an SDK method calls it, but docs/openapi.yaml does not have it",
			"getCase: zchattest serves it but docs/openapi.yaml does not have it",
		}},
		{"an operation renamed", func(t *testing.T, s string) string {
			return replaceOnce(t, s, "operationId: submitNote\n", "operationId: createNote\n")
		}, []string{
			"createNote (POST /leads/{leadId}/notes): in docs/openapi.yaml but not in the SDK's table",
			"submitNote (POST /leads/{leadId}/notes): in the SDK's table (internal/apispec) but not in docs/openapi.yaml",
		}},
		{"an operation moved to another method", func(t *testing.T, s string) string {
			s = cutPath(t, s, "/sessions/{sessionId}/close")
			return replaceOnce(t, s, "\n  /sessions/{sessionId}/messages:\n", `
  /sessions/{sessionId}/close:
    parameters:
      - $ref: '#/components/parameters/SessionIdPath'
    put:
      operationId: closeSession
      responses:
        '200':
          description: The session.

  /sessions/{sessionId}/messages:
`)
		}, []string{
			"closeSession: the SDK's table says POST /sessions/{sessionId}/close, docs/openapi.yaml says PUT /sessions/{sessionId}/close",
		}},
	}
	ops := sdkOperations(t)
	// The unedited copy agrees: the failures below come from the edits.
	require.NoError(t, editedCopy(t, ops, func(s string) string { return s }))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := editedCopy(t, ops, func(s string) string { return tt.edit(t, s) })
			require.Error(t, err)
			for _, want := range tt.want {
				assert.Contains(t, err.Error(), want)
			}
		})
	}
}

// The check fails, naming the operation, when the SDK's side or
// zchattest's side drifts from the document, which stays as it is.
func TestOperationCheckFailsOnTheSDKOrZchattest(t *testing.T) {
	doc, err := contract.Load()
	require.NoError(t, err)
	ops := sdkOperations(t)
	require.NoError(t, contract.CheckOperations(doc, ops))

	tests := []struct {
		name string
		edit func(o *contract.Operations)
		want string
	}{
		{"a method that names no operation", func(o *contract.Operations) {
			o.Calls = append(o.Calls, zchat.CallInfo{Method: "GET"})
		}, "an SDK method named no operation: GET"},
		{"a method that names the wrong template", func(o *contract.Operations) {
			o.Calls = append(o.Calls, zchat.CallInfo{Operation: "getLead", Method: "GET", Pattern: "/leads/{id}"})
		}, "getLead: an SDK method sent GET /leads/{id}, the table says GET /leads/{leadId}"},
		{"an operation no method calls", func(o *contract.Operations) {
			o.Calls = slices.DeleteFunc(o.Calls, func(c zchat.CallInfo) bool { return c.Operation == "listNotes" })
		}, "listNotes: in docs/openapi.yaml but no SDK method called it"},
		{"an operation twice in the table", func(o *contract.Operations) {
			o.Table = append(o.Table, apispec.GetCase)
		}, "getCase: twice in the SDK's table"},
		{"an operation zchattest does not serve", func(o *contract.Operations) {
			o.Served = slices.DeleteFunc(o.Served, func(id string) bool { return id == "addDepartmentAgent" })
		}, "addDepartmentAgent: in docs/openapi.yaml but zchattest does not serve it"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := contract.Operations{Table: slices.Clone(ops.Table), Calls: slices.Clone(ops.Calls), Served: slices.Clone(ops.Served)}
			tt.edit(&o)
			err := contract.CheckOperations(doc, o)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}
