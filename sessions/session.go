package sessions

import "github.com/zchat/zchat-go/zchat"

// Session is one conversation between a visitor and agents (the server's
// SupportSession).
type Session struct {
	SessionID    int          `json:"SessionId"`
	DepartmentID int          `json:"DepartmentId"`
	AgentUserID  zchat.ChatID `json:"AgentUserId"` // "User:3"; empty while unassigned
	CustomerID   zchat.ChatID `json:"CustomerId"`  // the visitor
	DisplayName  string       `json:"DisplayName"`
	Email        string       `json:"Email"`
	Question     string       `json:"Question"` // what the visitor typed to start the chat
	BeginTime    zchat.Time   `json:"BeginTime"`
	ActiveTime   zchat.Time   `json:"ActiveTime"`  // last activity
	AgentRating  int          `json:"AgentRating"` // 0 = not rated, else 1–5
	Browser      string       `json:"Browser"`
	Platform     string       `json:"Platform"`
	Culture      string       `json:"Culture"`
	IPAddress    string       `json:"IPAddress"`
	PageTitle    string       `json:"PageTitle"`
	PageURL      string       `json:"PageUrl"`
	Referrer     string       `json:"Referrer"`
	ProductKey   string       `json:"ProductKey"`
	ProductName  string       `json:"ProductName"`
	ContextData  string       `json:"ContextData"` // often JSON text; see DecodeContextData
	SessionData  string       `json:"SessionData"` // often JSON text; see DecodeSessionData
	CustomData   string       `json:"CustomData"`  // often JSON text; see DecodeCustomData
	OAuthInfo    string       `json:"OAuthInfo"`
	OAuthKey     string       `json:"OAuthKey"`
}

// Transfer moves a session to another agent, another department, or both.
// At least one of the two must be set.
type Transfer struct {
	AgentUserID  zchat.ChatID `json:"AgentUserId,omitempty"`
	DepartmentID int          `json:"DepartmentId,omitempty"`
}
