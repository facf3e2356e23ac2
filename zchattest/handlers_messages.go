package zchattest

import (
	"html"
	"math"
	"strings"

	"github.com/zchat/zchat-go/internal/htmltext"
	"github.com/zchat/zchat-go/messages"
	"github.com/zchat/zchat-go/webhook"
	"github.com/zchat/zchat-go/zchat"
)

// BotID is the API's own participant: who speaks in POST
// /sessions/{id}/messages when the body names no SenderId.
const BotID zchat.ChatID = "Bot:api"

// BotName is BotID's display name, the Sender of its messages.
const BotName = "ZChat API"

func messageID(m messages.Message) int { return m.MessageID }

// GET /sessions/{sessionId}/messages: a page of the session's messages,
// after afterMessageId (exclusive).
func (s *Server) listMessages(c *call, x *sessionRec) (any, error) {
	after := func(q *query) int {
		n, _ := q.int("afterMessageId", 0, math.MaxInt32)
		return n
	}
	inSession := func(m messages.Message) bool { return m.SessionID == x.SessionID }
	return page(s, c, listing{kind: KindMessages, scope: x.SessionID, parse: after}, s.st.messages, messageID, inSession, s.tf.message)
}

// POST /sessions/{sessionId}/messages → 201: an agent or a bot speaks.
func (s *Server) sendMessage(c *call, x *sessionRec) (any, error) {
	var in messages.NewMessage
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	var f fieldErrs
	if strings.TrimSpace(in.Text) == "" && strings.TrimSpace(in.HTML) == "" {
		f.add("Text", "or Html is required")
	}
	if in.SenderID == "" {
		in.SenderID = BotID
	}
	name, ok := s.speaker(in.SenderID)
	if !ok {
		f.add("SenderId", "%q is not an agent (User:<UserId>) or a bot", in.SenderID)
	}
	if err := f.validation(); err != nil {
		return nil, err
	}
	if in.Sender == "" {
		in.Sender = name
	}
	m, err := s.say(x, in)
	if err != nil {
		return nil, err
	}
	return created{s.tf.message(m)}, nil
}

// speaker is the display name of who may speak through the API: an
// existing agent, the API's bot, or any other non-guest participant.
func (s *Server) speaker(id zchat.ChatID) (string, bool) {
	switch {
	case !validChatID(string(id)) || id.Kind() == zchat.KindGuest:
		return "", false
	case id == BotID:
		return BotName, true
	case id.Kind() == zchat.KindUser:
		a, ok := s.st.agentByChatID(id)
		if !ok {
			return "", false
		}
		return agentName(a), true
	}
	return id.Value(), true
}

func agentName(a *agentRec) string {
	if a.DisplayName != "" {
		return a.DisplayName
	}
	return a.LoginName
}

// say stores a message in an active session (409 when it has ended),
// deriving Html from Text or Text from Html, and sends message.created.
func (s *Server) say(x *sessionRec, in messages.NewMessage) (messages.Message, error) {
	if x.ended {
		return messages.Message{}, conflict("session %d has ended", x.SessionID)
	}
	m := messages.Message{Sender: in.Sender, SenderID: in.SenderID, Text: in.Text, HTML: in.HTML, Time: zchat.NewTime(s.now())}
	switch {
	case m.HTML == "":
		m.HTML = strings.ReplaceAll(html.EscapeString(m.Text), "\n", "<br>")
	case m.Text == "":
		m.Text = htmltext.ToText(m.HTML)
	}
	m = s.st.addMessage(x, m)
	s.emit(webhook.TypeMessageCreated, s.tf.message(m))
	return m, nil
}
