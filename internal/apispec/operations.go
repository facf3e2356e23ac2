package apispec

import (
	"net/http"
	"strings"
)

// Operation is one endpoint of the contract (ZCHAT-API.md §3), as
// docs/openapi.yaml names it. Every SDK method names the Operation it calls,
// and zchattest serves exactly these, so the contract module can check that
// the document, the SDK and the fake server agree.
type Operation struct {
	ID      string // the operationId in docs/openapi.yaml: "getAgent"
	Method  string // "GET", "POST", "PUT" or "DELETE"
	Pattern string // the path template below the base path: "/agents/{userId}"
}

// The operations of the contract, in the order of ZCHAT-API.md §3.
var (
	Ping = Operation{"ping", http.MethodGet, "/ping"}

	ListAgents  = Operation{"listAgents", http.MethodGet, "/agents"}
	GetAgent    = Operation{"getAgent", http.MethodGet, "/agents/{userId}"}
	CreateAgent = Operation{"createAgent", http.MethodPost, "/agents"}
	UpdateAgent = Operation{"updateAgent", http.MethodPut, "/agents/{userId}"}
	DeleteAgent = Operation{"deleteAgent", http.MethodDelete, "/agents/{userId}"}

	ListDepartments       = Operation{"listDepartments", http.MethodGet, "/departments"}
	GetDepartment         = Operation{"getDepartment", http.MethodGet, "/departments/{departmentId}"}
	CreateDepartment      = Operation{"createDepartment", http.MethodPost, "/departments"}
	UpdateDepartment      = Operation{"updateDepartment", http.MethodPut, "/departments/{departmentId}"}
	DeleteDepartment      = Operation{"deleteDepartment", http.MethodDelete, "/departments/{departmentId}"}
	AddDepartmentAgent    = Operation{"addDepartmentAgent", http.MethodPut, "/departments/{departmentId}/agents/{userId}"}
	RemoveDepartmentAgent = Operation{"removeDepartmentAgent", http.MethodDelete, "/departments/{departmentId}/agents/{userId}"}

	ListSessions    = Operation{"listSessions", http.MethodGet, "/sessions"}
	GetSession      = Operation{"getSession", http.MethodGet, "/sessions/{sessionId}"}
	TransferSession = Operation{"transferSession", http.MethodPost, "/sessions/{sessionId}/transfer"}
	CloseSession    = Operation{"closeSession", http.MethodPost, "/sessions/{sessionId}/close"}
	ListMessages    = Operation{"listMessages", http.MethodGet, "/sessions/{sessionId}/messages"}
	SendMessage     = Operation{"sendMessage", http.MethodPost, "/sessions/{sessionId}/messages"}

	UpsertLead = Operation{"upsertLead", http.MethodPost, "/leads"}
	ListLeads  = Operation{"listLeads", http.MethodGet, "/leads"}
	GetLead    = Operation{"getLead", http.MethodGet, "/leads/{leadId}"}
	SubmitCase = Operation{"submitCase", http.MethodPost, "/leads/{leadId}/cases"}
	ListCases  = Operation{"listCases", http.MethodGet, "/leads/{leadId}/cases"}
	GetCase    = Operation{"getCase", http.MethodGet, "/cases/{caseId}"}
	SubmitNote = Operation{"submitNote", http.MethodPost, "/leads/{leadId}/notes"}
	ListNotes  = Operation{"listNotes", http.MethodGet, "/leads/{leadId}/notes"}
)

// Operations returns every operation of the contract, in the order of
// ZCHAT-API.md §3. The slice is new on each call.
func Operations() []Operation {
	return []Operation{
		Ping,
		ListAgents, GetAgent, CreateAgent, UpdateAgent, DeleteAgent,
		ListDepartments, GetDepartment, CreateDepartment, UpdateDepartment, DeleteDepartment,
		AddDepartmentAgent, RemoveDepartmentAgent,
		ListSessions, GetSession, TransferSession, CloseSession, ListMessages, SendMessage,
		UpsertLead, ListLeads, GetLead, SubmitCase, ListCases, GetCase, SubmitNote, ListNotes,
	}
}

// Params returns the names of the pattern's parameters, in order:
// ["departmentId", "userId"] for "/departments/{departmentId}/agents/{userId}".
func (op Operation) Params() []string {
	var names []string
	for _, seg := range strings.Split(op.Pattern, "/") {
		if name, ok := IsParam(seg); ok {
			names = append(names, name)
		}
	}
	return names
}

// IsParam reports whether a pattern segment is a parameter ("{userId}") and
// returns its name.
func IsParam(segment string) (string, bool) {
	if len(segment) < 3 || segment[0] != '{' || segment[len(segment)-1] != '}' {
		return "", false
	}
	return segment[1 : len(segment)-1], true
}

// String is "getAgent (GET /agents/{userId})".
func (op Operation) String() string {
	return op.ID + " (" + op.Method + " " + op.Pattern + ")"
}
