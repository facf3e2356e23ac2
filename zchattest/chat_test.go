package zchattest_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/messages"
	"github.com/zchat/zchat-go/zchat"
	"github.com/zchat/zchat-go/zchattest"
)

func TestPlayChat(t *testing.T) {
	t.Parallel()
	s := newServer(t, zchattest.WithDemoData()) // agents 1–3
	x, err := s.PlayChat(zchattest.Chat{
		Visitor:     zchattest.Visitor{DisplayName: "Ann Lee", Email: "ann@example.com", Question: "Where is my order?"},
		AgentUserID: 2,
		Lines:       []zchattest.Line{{Text: "Where is my order?"}, {FromAgent: true, Text: "It ships today."}},
		Rating:      5,
	})
	require.NoError(t, err)
	assert.Equal(t, zchat.UserChatID(2), x.AgentUserID)
	assert.Equal(t, 5, x.AgentRating)

	var types []string
	for _, ev := range s.Events() {
		types = append(types, ev.Type)
	}
	assert.Equal(t, []string{"session.started", "session.accepted", "message.created", "message.created",
		"session.rated", "session.ended"}, types, "each step in order, each with its notification")
	page, err := messages.New(s.Client()).List(ctxT(t), x.SessionID, nil)
	require.NoError(t, err)
	require.Len(t, page.Items, 2)
	assert.Equal(t, x.CustomerID, page.Items[0].SenderID)
	assert.Equal(t, "Ann Lee", page.Items[0].Sender)
	assert.Equal(t, zchat.UserChatID(2), page.Items[1].SenderID)
	assert.Equal(t, "It ships today.", page.Items[1].Text)

	open, err := s.PlayChat(zchattest.Chat{Visitor: zchattest.Visitor{DisplayName: "Bo"}, Lines: []zchattest.Line{{Text: "hi"}}, KeepOpen: true})
	require.NoError(t, err)
	_, err = s.VisitorSays(open.SessionID, "still here")
	require.NoError(t, err, "KeepOpen leaves the chat active")
	assert.Empty(t, open.AgentUserID, "no AgentUserID: unassigned")

	_, err = s.PlayChat(zchattest.Chat{Lines: []zchattest.Line{{FromAgent: true, Text: "hello?"}}})
	require.ErrorContains(t, err, "no AgentUserID")
	_, err = s.PlayChat(zchattest.Chat{AgentUserID: 99})
	require.ErrorIs(t, err, zchat.ErrNotFound)
}
