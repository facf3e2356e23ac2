package zchat

import (
	"strconv"
	"strings"
)

// ChatID identifies a participant inside chats: "User:3" for the agent whose
// UserID is 3, "Guest:@cust-8812" for a visitor known by the site's user key,
// "Guest:1b9d6bcd-…" for an anonymous visitor, and any other "Kind:…" (such as
// "Bot:ollama") for other participants. Unknown kinds are kept as they are.
type ChatID string

// Kinds of ChatID the contract names. Others may appear; they are valid.
const (
	KindUser  = "User"
	KindGuest = "Guest"
	KindBot   = "Bot"
)

// UserChatID returns the chat id of the agent with the given UserID.
func UserChatID(userID int) ChatID { return ChatID(KindUser + ":" + strconv.Itoa(userID)) }

// GuestChatID returns the chat id of a visitor identified by the site's own
// user key ("Guest:@<userKey>").
func GuestChatID(userKey string) ChatID { return ChatID(KindGuest + ":@" + userKey) }

// Kind returns the part before the first colon ("User", "Guest", "Bot", …),
// or "" when id has no kind prefix.
func (id ChatID) Kind() string {
	kind, _, ok := strings.Cut(string(id), ":")
	if !ok {
		return ""
	}
	return kind
}

// Value returns the part after the first colon, or the whole id when it has
// no kind prefix.
func (id ChatID) Value() string {
	_, value, ok := strings.Cut(string(id), ":")
	if !ok {
		return string(id)
	}
	return value
}

// UserID returns the agent's UserID for a "User:<n>" id with a positive n.
func (id ChatID) UserID() (int, bool) {
	if id.Kind() != KindUser {
		return 0, false
	}
	n, err := strconv.Atoi(id.Value())
	if err != nil || n <= 0 {
		return 0, false
	}
	return n, true
}

// GuestKey returns the site's user key for a "Guest:@<key>" id.
func (id ChatID) GuestKey() (string, bool) {
	if id.Kind() != KindGuest {
		return "", false
	}
	key, ok := strings.CutPrefix(id.Value(), "@")
	if !ok || key == "" {
		return "", false
	}
	return key, true
}

// IsZero reports whether id is empty, as an unassigned session's agent is.
func (id ChatID) IsZero() bool { return id == "" }

// String returns id as written on the wire.
func (id ChatID) String() string { return string(id) }
