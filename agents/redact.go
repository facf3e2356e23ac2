package agents

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"strings"
)

// agentWire is Agent without its methods: the request body of Create and
// Update, the only place the password is encoded.
type agentWire Agent

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

// Format prints the Agent like fmt would, with the password redacted. %#v
// prints it as agents.Agent{…}.
func (a Agent) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		s := fmt.Sprintf("%#v", a.view())
		_, _ = io.WriteString(f, "agents.Agent"+strings.TrimPrefix(s, "agents.agentView"))
		return
	}
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

// MarshalJSON encodes the Agent as the server sends a ChatApiAgent: without
// its Password, so that logging or storing an Agent as JSON (slog's
// JSONHandler does this for a []Agent) cannot leak it.
func (a Agent) MarshalJSON() ([]byte, error) {
	w := agentWire(a)
	w.Password = ""
	return json.Marshal(w)
}
