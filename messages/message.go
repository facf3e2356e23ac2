package messages

import "github.com/zchat/zchat-go/zchat"

// Message is one chat message (the server's ChatMsgData).
type Message struct {
	MessageID int          `json:"MessageId"`
	SessionID int          `json:"SessionId"`
	Sender    string       `json:"Sender"`   // display name
	SenderID  zchat.ChatID `json:"SenderId"` // who spoke
	Text      string       `json:"Text"`     // plain text
	HTML      string       `json:"Html"`     // rendered HTML
	Time      zchat.Time   `json:"Time"`
}

// NewMessage is a message an agent or bot sends into a session. Text or HTML
// must be set. SenderID defaults, on the server, to the API's own bot id.
type NewMessage struct {
	Text     string       `json:"Text"`
	HTML     string       `json:"Html,omitempty"`
	SenderID zchat.ChatID `json:"SenderId,omitempty"`
	Sender   string       `json:"Sender,omitempty"`
}
