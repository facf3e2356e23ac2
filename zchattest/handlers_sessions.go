package zchattest

import (
	"math"
	"strings"
	"time"

	"github.com/zchat/zchat-go/sessions"
	"github.com/zchat/zchat-go/webhook"
	"github.com/zchat/zchat-go/zchat"
)

// sessionFilter is the filter of GET /sessions; a cursor carries it.
type sessionFilter struct {
	Since        time.Time    `json:",omitzero"`
	Until        time.Time    `json:",omitzero"`
	Status       string       `json:",omitempty"`
	DepartmentID int          `json:",omitempty"`
	AgentUserID  zchat.ChatID `json:",omitempty"`
	CustomerID   zchat.ChatID `json:",omitempty"`
	Email        string       `json:",omitempty"`
}

// parse reads the filter from the query: since inclusive and until
// exclusive on BeginTime.
func (f *sessionFilter) parse(q *query) int {
	f.Since, f.Until = q.time("since"), q.time("until")
	f.Status = q.enum("status", sessions.StatusActive, sessions.StatusEnded)
	f.DepartmentID, _ = q.int("departmentId", 1, math.MaxInt32)
	f.AgentUserID, f.CustomerID = q.chatID("agentUserId"), q.chatID("customerId")
	f.Email = q.get("email")
	return 0
}

func (f *sessionFilter) keep(x *sessionRec) bool {
	begin := x.BeginTime.Time
	switch {
	case !f.Since.IsZero() && begin.Before(f.Since),
		!f.Until.IsZero() && !begin.Before(f.Until),
		f.Status != "" && (f.Status == sessions.StatusEnded) != x.ended,
		f.DepartmentID != 0 && x.DepartmentID != f.DepartmentID,
		f.AgentUserID != "" && x.AgentUserID != f.AgentUserID,
		f.CustomerID != "" && x.CustomerID != f.CustomerID,
		f.Email != "" && !strings.EqualFold(x.Email, f.Email):
		return false
	}
	return true
}

func sessionID(x *sessionRec) int { return x.SessionID }

func (s *Server) sessionAnswer(x *sessionRec) sessionWire { return s.tf.session(x.Session) }

// GET /sessions: a page of sessions, filtered.
func (s *Server) listSessions(c *call) (any, error) {
	f := &sessionFilter{}
	return page(s, c, listing{kind: KindSessions, filter: f, parse: f.parse}, s.st.sessions, sessionID, f.keep, s.sessionAnswer)
}

// GET /sessions/{sessionId}
func (s *Server) getSession(_ *call, x *sessionRec) (any, error) {
	return s.sessionAnswer(x), nil
}

// POST /sessions/{sessionId}/transfer
func (s *Server) transferSession(c *call, x *sessionRec) (any, error) {
	var in sessions.Transfer
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	if err := s.transfer(x, in.AgentUserID, in.DepartmentID); err != nil {
		return nil, err
	}
	return s.sessionAnswer(x), nil
}

// POST /sessions/{sessionId}/close: closing an ended session is a no-op.
func (s *Server) closeSession(_ *call, x *sessionRec) (any, error) {
	s.end(x)
	return s.sessionAnswer(x), nil
}

// transfer moves a session to an agent ("User:<n>" of an existing agent),
// a department (≥ 1, existing), or both; a department alone leaves the
// session unassigned in its queue. Neither, or an unknown one → 422; an
// ended session → 409. It sends session.transferred.
func (s *Server) transfer(x *sessionRec, agent zchat.ChatID, dept int) error {
	var f fieldErrs
	if agent == "" && dept == 0 {
		f.add("AgentUserId", "or DepartmentId is required")
	}
	if _, ok := s.st.agentByChatID(agent); agent != "" && !ok {
		f.add("AgentUserId", "%q is not the chat id of an agent (User:<UserId>)", agent)
	}
	if _, ok := s.st.depts[dept]; dept < 0 || dept > 0 && !ok {
		f.add("DepartmentId", "%d is not a department", dept)
	}
	if err := f.validation(); err != nil {
		return err
	}
	if x.ended {
		return conflict("session %d has ended", x.SessionID)
	}
	if dept > 0 {
		x.DepartmentID, x.AgentUserID = dept, ""
	}
	if agent != "" {
		x.AgentUserID = agent
	}
	s.touch(x, webhook.TypeSessionTransferred)
	return nil
}

// end closes a session and sends session.ended; an ended one is left as it
// is.
func (s *Server) end(x *sessionRec) {
	if !x.ended {
		x.ended = true
		s.touch(x, webhook.TypeSessionEnded)
	}
}

// touch makes now the session's last activity and sends the event.
func (s *Server) touch(x *sessionRec, eventType string) {
	x.ActiveTime = zchat.NewTime(s.now())
	s.emit(eventType, s.sessionAnswer(x))
}
