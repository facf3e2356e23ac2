package zchattest

import (
	"crypto/rand"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/zchat/zchat-go/agents"
	"github.com/zchat/zchat-go/cases"
	"github.com/zchat/zchat-go/departments"
	"github.com/zchat/zchat-go/messages"
	"github.com/zchat/zchat-go/sessions"
	"github.com/zchat/zchat-go/zchat"
)

// The kinds of object the server stores, as Count and Stats.Created name
// them.
const (
	KindAgents      = "agents"
	KindDepartments = "departments"
	KindSessions    = "sessions"
	KindMessages    = "messages"
	KindLeads       = "leads"
	KindCases       = "cases"
	KindNotes       = "notes"
)

// agentRec is a stored agent: the Agent as answered (no password), and what
// is never answered.
type agentRec struct {
	agents.Agent
	password string
	status   string // online, away, offline (SetAgentStatus)
}

// deptRec is a stored department and its members.
type deptRec struct {
	departments.Department // Agents is left nil; answers fill it
	members                map[int]bool
}

// sessionRec is a stored session and whether it has ended.
type sessionRec struct {
	sessions.Session
	ended bool
}

// state is everything the server stores. Agents and departments can be
// deleted, so they live in maps; the rest is append-only, in id order, with
// id = index + 1. It is guarded by Server.mu.
type state struct {
	agents    map[int]*agentRec
	lastAgent int
	depts     map[int]*deptRec
	lastDept  int
	sessions  []*sessionRec
	messages  []messages.Message
	leads     []*cases.Lead
	cases     []cases.Case
	notes     []cases.Note
	created   map[string]int // objects created since the server started (not seeded)

	idem      idemStore // the answers of Idempotency-Keys (idempotency.go)
	demoStart time.Time // when the demo data begins; zero without it
	cursorKey []byte    // signs cursors (cursor.go); set once, read without the lock
}

func newState() *state {
	st := &state{
		agents: map[int]*agentRec{}, depts: map[int]*deptRec{}, created: map[string]int{},
		idem:      idemStore{m: map[string]*idemEntry{}},
		cursorKey: make([]byte, 32),
	}
	_, _ = rand.Read(st.cursorKey)
	return st
}

// count is how many objects of a kind are stored now (0 for an unknown kind).
func (st *state) count(kind string) int {
	return map[string]int{
		KindAgents: len(st.agents), KindDepartments: len(st.depts), KindSessions: len(st.sessions),
		KindMessages: len(st.messages), KindLeads: len(st.leads), KindCases: len(st.cases), KindNotes: len(st.notes),
	}[kind]
}

// at returns the element with the given id of an append-only list.
func at[T any](xs []T, id int) (T, bool) {
	if id < 1 || id > len(xs) {
		var zero T
		return zero, false
	}
	return xs[id-1], true
}

// found is what a lookup found, or the contract's not_found for the noun
// and id.
func found[T any](v T, ok bool, noun string, id int) (T, error) {
	if !ok {
		return v, notFound(noun, id)
	}
	return v, nil
}

func (st *state) agent(id int) (*agentRec, error) {
	a, ok := st.agents[id]
	return found(a, ok, "agent", id)
}

func (st *state) dept(id int) (*deptRec, error) {
	d, ok := st.depts[id]
	return found(d, ok, "department", id)
}

func (st *state) session(id int) (*sessionRec, error) {
	s, ok := at(st.sessions, id)
	return found(s, ok, "session", id)
}

func (st *state) lead(id int) (*cases.Lead, error) {
	l, ok := at(st.leads, id)
	return found(l, ok, "lead", id)
}

func (st *state) kase(id int) (cases.Case, error) {
	c, ok := at(st.cases, id)
	return found(c, ok, "case", id)
}

// agentByChatID finds the agent of a "User:<n>" chat id.
func (st *state) agentByChatID(id zchat.ChatID) (*agentRec, bool) {
	n, ok := id.UserID()
	if !ok {
		return nil, false
	}
	a, ok := st.agents[n]
	return a, ok
}

// loginTaken reports whether another agent than self has the LoginName,
// compared case-insensitively.
func (st *state) loginTaken(login string, self int) bool {
	for id, a := range st.agents {
		if id != self && strings.EqualFold(a.LoginName, login) {
			return true
		}
	}
	return false
}

// deptNameTaken reports whether another department than self has the Name,
// compared case-insensitively.
func (st *state) deptNameTaken(name string, self int) bool {
	for id, d := range st.depts {
		if id != self && strings.EqualFold(d.Name, name) {
			return true
		}
	}
	return false
}

func (st *state) leadByEmail(email string) *cases.Lead {
	for _, l := range st.leads {
		if strings.EqualFold(l.Email, email) {
			return l
		}
	}
	return nil
}

func (st *state) addAgent(a agents.Agent, password string) *agentRec {
	st.lastAgent++
	a.UserID, a.Password = st.lastAgent, ""
	rec := &agentRec{Agent: a, password: password, status: "offline"}
	st.agents[a.UserID] = rec
	st.created[KindAgents]++
	return rec
}

func (st *state) addDept(d departments.Department) *deptRec {
	st.lastDept++
	d.DepartmentID, d.Agents = st.lastDept, nil
	rec := &deptRec{Department: d, members: map[int]bool{}}
	st.depts[d.DepartmentID] = rec
	st.created[KindDepartments]++
	return rec
}

func (st *state) addSession(s sessions.Session) *sessionRec {
	s.SessionID = len(st.sessions) + 1
	rec := &sessionRec{Session: s}
	st.sessions = append(st.sessions, rec)
	st.created[KindSessions]++
	return rec
}

// addMessage stores m and makes its time the session's last activity.
func (st *state) addMessage(sess *sessionRec, m messages.Message) messages.Message {
	m.MessageID, m.SessionID = len(st.messages)+1, sess.SessionID
	st.messages = append(st.messages, m)
	sess.ActiveTime = m.Time
	st.created[KindMessages]++
	return m
}

func (st *state) addLead(l cases.Lead) cases.Lead {
	l.LeadID = len(st.leads) + 1
	st.leads = append(st.leads, &l)
	st.created[KindLeads]++
	return l
}

func (st *state) addCase(c cases.Case) cases.Case {
	c.CaseID = len(st.cases) + 1
	st.cases = append(st.cases, c)
	st.created[KindCases]++
	return c
}

func (st *state) addNote(n cases.Note) cases.Note {
	n.NoteID = len(st.notes) + 1
	st.notes = append(st.notes, n)
	st.created[KindNotes]++
	return n
}

// deptAnswer is a department with its members, in UserId order.
func (st *state) deptAnswer(d *deptRec) departmentWire {
	w := departmentWire{Department: d.Department, Agents: []agents.Agent{}}
	for _, id := range slices.Sorted(maps.Keys(d.members)) {
		if a, ok := st.agents[id]; ok {
			w.Agents = append(w.Agents, a.Agent)
		}
	}
	return w
}

// sortedValues returns a map's values in key order.
func sortedValues[V any](m map[int]V) []V {
	out := make([]V, 0, len(m))
	for _, k := range slices.Sorted(maps.Keys(m)) {
		out = append(out, m[k])
	}
	return out
}
