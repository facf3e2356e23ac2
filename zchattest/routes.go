package zchattest

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/zchat/zchat-go/zchat"
)

// Version is the APP Server version GET /ping reports.
const Version = "9.4.2-zchattest"

// route is one endpoint: a method and a path below the base path whose
// "{id}" segments are positive int32 ids.
type route struct {
	method string
	path   []string
	h      handler
}

const idSegment = "{id}"

// routes is the contract's §3, endpoint by endpoint.
func (s *Server) routes() []route {
	table := []struct {
		method, path string
		h            handler
	}{
		{http.MethodGet, "ping", s.ping},

		{http.MethodGet, "agents", s.listAgents},
		{http.MethodPost, "agents", s.createAgent},
		{http.MethodGet, "agents/{id}", s.getAgent},
		{http.MethodPut, "agents/{id}", s.updateAgent},
		{http.MethodDelete, "agents/{id}", s.deleteAgent},

		{http.MethodGet, "departments", s.listDepartments},
		{http.MethodPost, "departments", s.createDepartment},
		{http.MethodGet, "departments/{id}", s.getDepartment},
		{http.MethodPut, "departments/{id}", s.updateDepartment},
		{http.MethodDelete, "departments/{id}", s.deleteDepartment},
		{http.MethodPut, "departments/{id}/agents/{id}", s.addMember},
		{http.MethodDelete, "departments/{id}/agents/{id}", s.removeMember},

		{http.MethodGet, "sessions", s.listSessions},
		{http.MethodGet, "sessions/{id}", s.getSession},
		{http.MethodPost, "sessions/{id}/transfer", s.transferSession},
		{http.MethodPost, "sessions/{id}/close", s.closeSession},
		{http.MethodGet, "sessions/{id}/messages", s.listMessages},
		{http.MethodPost, "sessions/{id}/messages", s.sendMessage},

		{http.MethodPost, "leads", s.upsertLead},
		{http.MethodGet, "leads", s.listLeads},
		{http.MethodGet, "leads/{id}", s.getLead},
		{http.MethodPost, "leads/{id}/cases", s.submitCase},
		{http.MethodGet, "leads/{id}/cases", s.listCases},
		{http.MethodGet, "cases/{id}", s.getCase},
		{http.MethodPost, "leads/{id}/notes", s.submitNote},
		{http.MethodGet, "leads/{id}/notes", s.listNotes},
	}
	out := make([]route, len(table))
	for i, t := range table {
		out[i] = route{method: t.method, path: strings.Split(t.path, "/"), h: t.h}
	}
	return out
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
		if p != idSegment {
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
