package zchat_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/zchat"
)

func TestChatID(t *testing.T) {
	t.Parallel()
	tests := []struct {
		id       zchat.ChatID
		kind     string
		userID   int
		isUser   bool
		guestKey string
		isKeyed  bool
	}{
		{"User:3", "User", 3, true, "", false},
		{"User:0", "User", 0, false, "", false},
		{"User:-4", "User", 0, false, "", false},
		{"User:abc", "User", 0, false, "", false},
		{"Guest:@cust-8812", "Guest", 0, false, "cust-8812", true},
		{"Guest:1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed", "Guest", 0, false, "", false},
		{"Guest:@", "Guest", 0, false, "", false},
		{"Bot:ollama", "Bot", 0, false, "", false},
		{"Robot:x:y", "Robot", 0, false, "", false},
		{"plain", "", 0, false, "", false},
		{"", "", 0, false, "", false},
	}
	for _, tt := range tests {
		t.Run(string(tt.id), func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.kind, tt.id.Kind())
			uid, ok := tt.id.UserID()
			assert.Equal(t, tt.isUser, ok)
			assert.Equal(t, tt.userID, uid)
			key, ok := tt.id.GuestKey()
			assert.Equal(t, tt.isKeyed, ok)
			assert.Equal(t, tt.guestKey, key)
			// Every id, known kind or not, survives a JSON round trip unchanged.
			b, err := json.Marshal(tt.id)
			require.NoError(t, err)
			var back zchat.ChatID
			require.NoError(t, json.Unmarshal(b, &back))
			assert.Equal(t, tt.id, back)
		})
	}
}

func TestChatIDConstructors(t *testing.T) {
	t.Parallel()
	assert.Equal(t, zchat.ChatID("User:3"), zchat.UserChatID(3))
	id, ok := zchat.UserChatID(42).UserID()
	assert.True(t, ok)
	assert.Equal(t, 42, id)
	assert.Equal(t, zchat.ChatID("Guest:@cust-8812"), zchat.GuestChatID("cust-8812"))
	assert.Equal(t, "ollama", zchat.ChatID("Bot:ollama").Value())
	assert.True(t, zchat.ChatID("").IsZero())
}
