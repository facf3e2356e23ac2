package agents

import (
	"fmt"
	"log/slog"
)

// Agent is an agent of the organization (the server's ChatApiAgent).
//
// Password is write-only: it is sent on Create (where it is required) and on
// Update when not empty (empty leaves it unchanged); the server never returns
// it. Printing an Agent with %v, %+v or %#v, or logging it with slog, shows
// the password as "[REDACTED]" so it cannot end up in a log.
type Agent struct {
	UserID      int    `json:"UserId,omitempty"`
	LoginName   string `json:"LoginName"`
	DisplayName string `json:"DisplayName"`
	Email       string `json:"Email"`
	IsAdmin     bool   `json:"IsAdmin"`
	Disabled    bool   `json:"Disabled"`
	Password    string `json:"Password,omitempty"`
}

// agentView is Agent without its methods and with the password redacted; it
// is what every printed form of an Agent shows.
type agentView struct {
	UserID      int
	LoginName   string
	DisplayName string
	Email       string
	IsAdmin     bool
	Disabled    bool
	Password    string
}

const redacted = "[REDACTED]"

func (a Agent) view() agentView {
	v := agentView(a)
	if v.Password != "" {
		v.Password = redacted
	}
	return v
}

// Format prints the Agent like fmt would, with the password redacted.
func (a Agent) Format(f fmt.State, verb rune) {
	fmt.Fprintf(f, fmt.FormatString(f, verb), a.view())
}

// LogValue logs the Agent without its password.
func (a Agent) LogValue() slog.Value {
	return slog.GroupValue(
		slog.Int("UserID", a.UserID),
		slog.String("LoginName", a.LoginName),
		slog.String("DisplayName", a.DisplayName),
		slog.String("Email", a.Email),
		slog.Bool("IsAdmin", a.IsAdmin),
		slog.Bool("Disabled", a.Disabled),
	)
}
