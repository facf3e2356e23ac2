package zchattest

import (
	"crypto/rand"
	"encoding/hex"

	"github.com/zchat/zchat-go/messages"
	"github.com/zchat/zchat-go/sessions"
	"github.com/zchat/zchat-go/webhook"
	"github.com/zchat/zchat-go/zchat"
)

// Visitor is who opens a chat in StartSession, and what the widget knows
// about them.
type Visitor struct {
	DisplayName  string
	Email        string
	Question     string       // what the visitor typed to start the chat
	DepartmentID int          // 0 = none
	CustomerID   zchat.ChatID // "" = a new anonymous Guest:<uuid>
	Browser      string
	Platform     string
	Culture      string
	IPAddress    string
	PageTitle    string
	PageURL      string
	Referrer     string
	ProductName  string
	ProductKey   string
	ContextData  string // often JSON text
	SessionData  string
	CustomData   string
	OAuthInfo    string
	OAuthKey     string
}

// The simulation methods below play what visitors and agents do in the
// widget and the agent tools, each sending the contract's notification.
// Their errors match the zchat sentinels with errors.Is: zchat.ErrNotFound
// for an unknown id, zchat.ErrConflict for an ended session,
// zchat.ErrValidation for a bad argument.

// StartSession opens a chat as a visitor would (sends session.started). The
// session is active and unassigned until Accept.
func (s *Server) StartSession(v Visitor) (sessions.Session, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.st.depts[v.DepartmentID]; v.DepartmentID != 0 && !ok {
		return sessions.Session{}, invalidField("DepartmentId", "%d is not a department", v.DepartmentID)
	}
	x := s.st.addSession(s.visitorSession(v))
	s.emit(webhook.TypeSessionStarted, s.sessionAnswer(x))
	return x.Session, nil
}

// visitorSession is the session a visitor opens, starting now.
func (s *Server) visitorSession(v Visitor) sessions.Session {
	if v.CustomerID == "" {
		v.CustomerID = zchat.ChatID(zchat.KindGuest + ":" + newUUID())
	}
	now := zchat.NewTime(s.now())
	return sessions.Session{
		DepartmentID: v.DepartmentID, CustomerID: v.CustomerID, DisplayName: v.DisplayName,
		Email: v.Email, Question: v.Question, BeginTime: now, ActiveTime: now,
		Browser: v.Browser, Platform: v.Platform, Culture: v.Culture, IPAddress: v.IPAddress,
		PageTitle: v.PageTitle, PageURL: v.PageURL, Referrer: v.Referrer,
		ProductKey: v.ProductKey, ProductName: v.ProductName, ContextData: v.ContextData,
		SessionData: v.SessionData, CustomData: v.CustomData, OAuthInfo: v.OAuthInfo, OAuthKey: v.OAuthKey,
	}
}

// onSession runs fn on a session with the state locked: the simulation
// methods on a session are each one step of it.
func onSession[T any](s *Server, sessionID int, fn func(*sessionRec) (T, error)) (T, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	x, err := s.st.session(sessionID)
	if err != nil {
		var zero T
		return zero, err
	}
	return fn(x)
}

// after is a session as a step left it, or the step's error.
func after(x *sessionRec, err error) (sessions.Session, error) {
	if err != nil {
		return sessions.Session{}, err
	}
	return x.Session, nil
}

// Accept makes the agent take the chat (sends session.accepted).
func (s *Server) Accept(sessionID, userID int) (sessions.Session, error) {
	return onSession(s, sessionID, func(x *sessionRec) (sessions.Session, error) {
		if _, err := s.st.agent(userID); err != nil {
			return after(x, err)
		}
		if x.ended {
			return after(x, conflict("session %d has ended", sessionID))
		}
		x.AgentUserID = zchat.UserChatID(userID)
		s.touch(x, webhook.TypeSessionAccepted)
		return after(x, nil)
	})
}

// VisitorSays posts a message of the visitor (sends message.created).
func (s *Server) VisitorSays(sessionID int, text string) (messages.Message, error) {
	return onSession(s, sessionID, func(x *sessionRec) (messages.Message, error) {
		name := x.DisplayName
		if name == "" {
			name = "Visitor"
		}
		return s.say(x, messages.NewMessage{Text: text, SenderID: x.CustomerID, Sender: name})
	})
}

// AgentSays posts a message of an agent (sends message.created). The agent
// need not be the one serving the chat.
func (s *Server) AgentSays(sessionID, userID int, text string) (messages.Message, error) {
	return onSession(s, sessionID, func(x *sessionRec) (messages.Message, error) {
		a, err := s.st.agent(userID)
		if err != nil {
			return messages.Message{}, err
		}
		return s.say(x, messages.NewMessage{Text: text, SenderID: zchat.UserChatID(userID), Sender: agentName(a)})
	})
}

// TransferSession moves the chat to an agent, a department, or both (0 =
// none), as POST /sessions/{id}/transfer does (sends session.transferred).
func (s *Server) TransferSession(sessionID, toUserID, toDepartmentID int) (sessions.Session, error) {
	var agent zchat.ChatID
	if toUserID != 0 {
		agent = zchat.UserChatID(toUserID)
	}
	return onSession(s, sessionID, func(x *sessionRec) (sessions.Session, error) {
		return after(x, s.transfer(x, agent, toDepartmentID))
	})
}

// Rate records the visitor's rating of the agent, 1–5 (sends
// session.rated). A chat can be rated after it ended.
func (s *Server) Rate(sessionID, rating int) (sessions.Session, error) {
	return onSession(s, sessionID, func(x *sessionRec) (sessions.Session, error) {
		if rating < 1 || rating > 5 {
			return after(x, invalidField("AgentRating", "is %d; want 1 to 5", rating))
		}
		x.AgentRating = rating
		s.emit(webhook.TypeSessionRated, s.sessionAnswer(x))
		return after(x, nil)
	})
}

// End closes the chat (sends session.ended); an ended chat is left as it
// is, with no event.
func (s *Server) End(sessionID int) (sessions.Session, error) {
	return onSession(s, sessionID, func(x *sessionRec) (sessions.Session, error) {
		s.end(x)
		return after(x, nil)
	})
}

// SetAgentStatus changes an agent's status to webhook.StatusOnline,
// StatusAway or StatusOffline (sends agent.status_changed).
func (s *Server) SetAgentStatus(userID int, status string) (webhook.AgentStatus, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, err := s.st.agent(userID)
	if err != nil {
		return webhook.AgentStatus{}, err
	}
	switch status {
	case webhook.StatusOnline, webhook.StatusAway, webhook.StatusOffline:
	default:
		return webhook.AgentStatus{}, invalidField("Status", "is %q; want online, away or offline", status)
	}
	a.status = status
	st := webhook.AgentStatus{UserID: userID, Status: status, Time: zchat.NewTime(s.now())}
	s.emit(webhook.TypeAgentStatusChanged, s.tf.agentStatus(st))
	return st, nil
}

// AgentStatus returns an agent's status as SetAgentStatus last set it
// ("offline" until then).
func (s *Server) AgentStatus(userID int) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, err := s.st.agent(userID)
	if err != nil {
		return "", err
	}
	return a.status, nil
}

// newUUID is a random (version 4) UUID.
func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}
