package zchattest

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/zchat/zchat-go/internal/apispec"
	"github.com/zchat/zchat-go/zchat"
)

// Version is the APP Server version GET /ping reports.
const Version = "9.4.2-zchattest"

// route is one endpoint: an operation of the contract, its method and its
// path template below the base path, whose parameters ("{userId}") are
// positive int32 ids.
type route struct {
	op     string
	method string
	path   []string
	h      handler
}

// handlers serves each operation of the contract's table (internal/apispec).
func (s *Server) handlers() map[apispec.Operation]handler {
	return map[apispec.Operation]handler{
		apispec.Ping: s.ping,

		apispec.ListAgents:  s.listAgents,
		apispec.CreateAgent: s.createAgent,
		apispec.GetAgent:    withObject(s, (*state).agent, s.getAgent),
		apispec.UpdateAgent: withObject(s, (*state).agent, s.updateAgent),
		apispec.DeleteAgent: withObject(s, (*state).agent, s.deleteAgent),

		apispec.ListDepartments:       s.listDepartments,
		apispec.CreateDepartment:      s.createDepartment,
		apispec.GetDepartment:         withObject(s, (*state).dept, s.getDepartment),
		apispec.UpdateDepartment:      withObject(s, (*state).dept, s.updateDepartment),
		apispec.DeleteDepartment:      withObject(s, (*state).dept, s.deleteDepartment),
		apispec.AddDepartmentAgent:    s.addMember,
		apispec.RemoveDepartmentAgent: s.removeMember,

		apispec.ListSessions:    s.listSessions,
		apispec.GetSession:      withObject(s, (*state).session, s.getSession),
		apispec.TransferSession: withObject(s, (*state).session, s.transferSession),
		apispec.CloseSession:    withObject(s, (*state).session, s.closeSession),
		apispec.ListMessages:    withObject(s, (*state).session, s.listMessages),
		apispec.SendMessage:     withObject(s, (*state).session, s.sendMessage),

		apispec.UpsertLead: s.upsertLead,
		apispec.ListLeads:  s.listLeads,
		apispec.GetLead:    withObject(s, (*state).lead, s.getLead),
		apispec.SubmitCase: withObject(s, (*state).lead, s.submitCase),
		apispec.ListCases:  withObject(s, (*state).lead, s.listCases),
		apispec.GetCase:    withObject(s, (*state).kase, s.getCase),
		apispec.SubmitNote: withObject(s, (*state).lead, s.submitNote),
		apispec.ListNotes:  withObject(s, (*state).lead, s.listNotes),
	}
}

// routes is the contract's table, operation by operation, each with its
// handler. An operation without a handler is not served (and the contract
// module's check, which compares Operations with docs/openapi.yaml, fails).
func (s *Server) routes() []route {
	handlers := s.handlers()
	var out []route
	for _, op := range apispec.Operations() {
		if h := handlers[op]; h != nil {
			out = append(out, route{op: op.ID, method: op.Method, path: strings.Split(strings.TrimPrefix(op.Pattern, "/"), "/"), h: h})
		}
	}
	return out
}

// Operations returns the operationIds of docs/openapi.yaml the server
// serves, in the order of ZCHAT-API.md §3: every operation of the contract.
func (s *Server) Operations() []string {
	ids := make([]string, len(s.table))
	for i, rt := range s.table {
		ids[i] = rt.op
	}
	return ids
}

// route finds the endpoint of a request: 404 when no path matches (an id
// that is not a positive int32 does not match), 405 when the path matches
// with other methods only.
func (s *Server) route(method, urlPath string) (handler, []int, error) {
	rel, ok := s.relPath(urlPath)
	if ok {
		segs := strings.Split(strings.TrimPrefix(rel, "/"), "/")
		var allow []string
		for _, rt := range s.table {
			ids, ok := rt.match(segs)
			switch {
			case !ok:
			case rt.method == method:
				return rt.h, ids, nil
			default:
				allow = append(allow, rt.method)
			}
		}
		if len(allow) > 0 {
			slices.Sort(allow)
			e := errorf(http.StatusMethodNotAllowed, zchat.CodeInvalidRequest, "%s is not allowed on %s; allowed: %s", method, rel, strings.Join(allow, ", "))
			e.header = http.Header{"Allow": {strings.Join(allow, ", ")}}
			return nil, nil, e
		}
	}
	return nil, nil, errorf(http.StatusNotFound, zchat.CodeNotFound, "no endpoint %s %s", method, urlPath)
}

func (rt route) match(segs []string) ([]int, bool) {
	if len(segs) != len(rt.path) {
		return nil, false
	}
	var ids []int
	for i, p := range rt.path {
		if _, ok := apispec.IsParam(p); !ok {
			if segs[i] != p {
				return nil, false
			}
			continue
		}
		id, ok := parseID(segs[i])
		if !ok {
			return nil, false
		}
		ids = append(ids, id)
	}
	return ids, true
}

// parseID accepts a positive int32 written in digits only.
func parseID(s string) (int, bool) {
	if s == "" || s[0] < '0' || s[0] > '9' {
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, 32)
	if err != nil || n < 1 {
		return 0, false
	}
	return int(n), true
}

// relPath is the path below the base path, and whether urlPath is below it.
func (s *Server) relPath(urlPath string) (string, bool) {
	if s.basePath == "" {
		return urlPath, true
	}
	rest, ok := strings.CutPrefix(urlPath, s.basePath)
	if !ok || (rest != "" && rest[0] != '/') {
		return urlPath, false
	}
	return rest, true
}

// ping answers GET /ping: the version and the server's clock.
func (s *Server) ping(*call) (any, error) {
	return pingWire{Version: Version, Time: s.cfg.timeFormat.wt(s.now())}, nil
}
