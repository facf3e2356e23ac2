package webhook

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"

	"github.com/zchat/zchat-go/cases"
	"github.com/zchat/zchat-go/messages"
	"github.com/zchat/zchat-go/sessions"
	"github.com/zchat/zchat-go/zchat"
)

// The event types of the contract. New types may appear at any time; Parse
// accepts them and keeps their raw Data.
const (
	// TypeSessionStarted is sent when a visitor opened a chat; Data is a
	// sessions.Session.
	TypeSessionStarted = "session.started"
	// TypeSessionAccepted is sent when an agent took a chat (AgentUserID is
	// set); Data is a sessions.Session.
	TypeSessionAccepted = "session.accepted"
	// TypeSessionTransferred is sent when a chat moved to another agent or
	// department; Data is a sessions.Session.
	TypeSessionTransferred = "session.transferred"
	// TypeSessionEnded is sent when a chat closed; Data is a
	// sessions.Session.
	TypeSessionEnded = "session.ended"
	// TypeSessionRated is sent when the visitor rated the agent
	// (AgentRating); Data is a sessions.Session.
	TypeSessionRated = "session.rated"
	// TypeMessageCreated is sent for each chat message; Data is a
	// messages.Message.
	TypeMessageCreated = "message.created"
	// TypeLeadCreated is sent when a lead was created; Data is a cases.Lead.
	TypeLeadCreated = "lead.created"
	// TypeCaseCreated is sent when a case was submitted; Data is a
	// cases.Case.
	TypeCaseCreated = "case.created"
	// TypeNoteCreated is sent when a note was submitted; Data is a
	// cases.Note.
	TypeNoteCreated = "note.created"
	// TypeAgentStatusChanged is sent when an agent went online, away or
	// offline; Data is an AgentStatus.
	TypeAgentStatusChanged = "agent.status_changed"
)

// sessionTypes are the event types whose Data is a session.
var sessionTypes = []string{TypeSessionStarted, TypeSessionAccepted, TypeSessionTransferred, TypeSessionEnded, TypeSessionRated}

// Event is one notification from the APP Server. Data stays raw JSON: decode
// it with the accessor for the Type (Session, Message, Lead, Case, Note,
// AgentStatus), or by hand for a Type this package does not know.
type Event struct {
	ID   string          `json:"Id"`
	Type string          `json:"Type"`
	Time zchat.Time      `json:"Time"`
	Data json.RawMessage `json:"Data"`

	// Tenant names the APP Server the event came from, as the TenantLookup
	// of NewTenantHandler named it; "" from NewHandler, Parse and
	// ConstructEvent. It is never read from the body.
	Tenant string `json:"-"`
}

// The agent statuses an AgentStatus carries.
const (
	// StatusOnline means the agent takes chats.
	StatusOnline = "online"
	// StatusAway means the agent is signed in but takes no chats.
	StatusAway = "away"
	// StatusOffline means the agent is signed out.
	StatusOffline = "offline"
)

// AgentStatus is the Data of an agent.status_changed event.
type AgentStatus struct {
	UserID int        `json:"UserId"`
	Status string     `json:"Status"` // StatusOnline, StatusAway or StatusOffline
	Time   zchat.Time `json:"Time"`
}

// utf8BOM is skipped at the start of a body; some .NET writers emit it.
var utf8BOM = []byte("\xef\xbb\xbf")

// Parse decodes a notification body into an Event. It does not verify the
// body: call it on a body Verify accepted, or use ConstructEvent, which does
// both. Field names match case-insensitively. An unknown Type is no error;
// its Data is kept as it is. A body that is not a JSON object, or has no Id or
// no Type, is an error wrapping ErrInvalidEvent.
func Parse(body []byte) (*Event, error) {
	body = bytes.TrimPrefix(body, utf8BOM)
	var e Event
	if err := json.Unmarshal(body, &e); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidEvent, err)
	}
	switch {
	case e.ID == "":
		return nil, fmt.Errorf("%w: no Id", ErrInvalidEvent)
	case e.Type == "":
		return nil, fmt.Errorf("%w: no Type", ErrInvalidEvent)
	}
	return &e, nil
}

// ConstructEvent verifies body and h with Verify, then parses body with
// Parse: the one call a receiver that reads requests itself needs (an AWS
// Lambda function, say). Its errors wrap those of Verify and Parse.
func ConstructEvent(secret string, h http.Header, body []byte, opts ...VerifyOption) (*Event, error) {
	if err := Verify(secret, h, body, opts...); err != nil {
		return nil, err
	}
	return Parse(body)
}

// decodeData decodes e.Data into a T when e.Type is one of types.
func decodeData[T any](e *Event, what string, types ...string) (*T, error) {
	if e == nil {
		return nil, fmt.Errorf("%w: nil event", ErrInvalidEvent)
	}
	if !slices.Contains(types, e.Type) {
		return nil, fmt.Errorf("%w: a %q event has no %s", ErrWrongType, e.Type, what)
	}
	data := bytes.TrimSpace(e.Data)
	if len(data) == 0 || bytes.Equal(data, []byte("null")) {
		return nil, fmt.Errorf("%w: %q event has no Data", ErrInvalidEvent, e.Type)
	}
	v := new(T)
	if err := json.Unmarshal(data, v); err != nil {
		return nil, fmt.Errorf("%w: %q Data: %w", ErrInvalidEvent, e.Type, err)
	}
	return v, nil
}

// Session decodes the Data of a session.* event (started, accepted,
// transferred, ended, rated). For any other Type it returns an error
// wrapping ErrWrongType.
func (e *Event) Session() (*sessions.Session, error) {
	return decodeData[sessions.Session](e, "session", sessionTypes...)
}

// Message decodes the Data of a message.created event. For any other Type it
// returns an error wrapping ErrWrongType.
func (e *Event) Message() (*messages.Message, error) {
	return decodeData[messages.Message](e, "message", TypeMessageCreated)
}

// Lead decodes the Data of a lead.created event. For any other Type it
// returns an error wrapping ErrWrongType.
func (e *Event) Lead() (*cases.Lead, error) {
	return decodeData[cases.Lead](e, "lead", TypeLeadCreated)
}

// Case decodes the Data of a case.created event. For any other Type it
// returns an error wrapping ErrWrongType.
func (e *Event) Case() (*cases.Case, error) {
	return decodeData[cases.Case](e, "case", TypeCaseCreated)
}

// Note decodes the Data of a note.created event. For any other Type it
// returns an error wrapping ErrWrongType.
func (e *Event) Note() (*cases.Note, error) {
	return decodeData[cases.Note](e, "note", TypeNoteCreated)
}

// AgentStatus decodes the Data of an agent.status_changed event. For any
// other Type it returns an error wrapping ErrWrongType.
func (e *Event) AgentStatus() (*AgentStatus, error) {
	return decodeData[AgentStatus](e, "agent status", TypeAgentStatusChanged)
}
