package zchattest

import (
	"fmt"

	"github.com/zchat/zchat-go/sessions"
)

// Chat is a whole chat for PlayChat: what a test usually plays step by step
// with StartSession, Accept, VisitorSays, AgentSays, Rate and End.
type Chat struct {
	Visitor     Visitor // opens the chat
	AgentUserID int     // accepts it; 0 leaves it unassigned
	Lines       []Line  // said in order, after Accept
	Rating      int     // 1–5, given before the chat ends; 0 leaves it unrated
	KeepOpen    bool    // leave the chat active instead of ending it
}

// Line is one message of a Chat: the visitor's, or, with FromAgent, the
// accepting agent's.
type Line struct {
	FromAgent bool
	Text      string
}

// PlayChat plays c as the widget and the agent tools would: the visitor
// starts the chat, the agent accepts it, the lines are said in order, the
// visitor rates it, and it ends; each step sends its notification. It
// returns the session as it is at the end, or the first step's error (the
// steps before it have happened).
func (s *Server) PlayChat(c Chat) (sessions.Session, error) {
	x, err := s.StartSession(c.Visitor)
	if err != nil {
		return x, err
	}
	id := x.SessionID
	if c.AgentUserID != 0 {
		if x, err = s.Accept(id, c.AgentUserID); err != nil {
			return x, err
		}
	}
	for i, l := range c.Lines {
		switch {
		case !l.FromAgent:
			_, err = s.VisitorSays(id, l.Text)
		case c.AgentUserID == 0:
			err = fmt.Errorf("zchattest: PlayChat: line %d is the agent's, but the chat has no AgentUserID", i)
		default:
			_, err = s.AgentSays(id, c.AgentUserID, l.Text)
		}
		if err != nil {
			return x, err
		}
	}
	if c.Rating != 0 {
		if x, err = s.Rate(id, c.Rating); err != nil {
			return x, err
		}
	}
	if !c.KeepOpen {
		return s.End(id)
	}
	return onSession(s, id, func(r *sessionRec) (sessions.Session, error) { return r.Session, nil })
}
