package webhook

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/cases"
	"github.com/zchat/zchat-go/zchat"
)

// Sample Data for every contract type.
var sampleData = map[string]string{
	TypeSessionStarted:     `{"SessionId":41,"DepartmentId":2,"AgentUserId":"","CustomerId":"Guest:@cust-8812","Question":"Where is my order?","BeginTime":"2026-11-24T03:52:27Z"}`,
	TypeSessionAccepted:    `{"SessionId":41,"AgentUserId":"User:3","CustomerId":"Guest:@cust-8812"}`,
	TypeSessionTransferred: `{"SessionId":41,"DepartmentId":5,"AgentUserId":"User:4"}`,
	TypeSessionEnded:       `{"SessionId":41,"ActiveTime":"\/Date(1764042747000)\/"}`,
	TypeSessionRated:       `{"SessionId":41,"AgentRating":5}`,
	TypeMessageCreated:     `{"MessageId":7,"SessionId":41,"Sender":"Ann","SenderId":"User:3","Text":"hi","Html":"<p>hi</p>","Time":"2026-11-24T03:52:27.1234567"}`,
	TypeLeadCreated:        `{"LeadId":9,"Email":"ann@example.com","CustomerId":"Guest:@cust-8812","CreatedTime":"2026-11-24T03:52:27Z"}`,
	TypeCaseCreated:        `{"CaseId":12,"LeadId":9,"Subject":"Crash","Priority":"high","Status":"open","Debug":{"AppVersion":"1.2.3"}}`,
	TypeNoteCreated:        `{"NoteId":15,"LeadId":9,"CaseId":12,"Text":"called back"}`,
	TypeAgentStatusChanged: `{"UserId":3,"Status":"away","Time":"2026-11-24T03:52:27Z"}`,
}

func eventBody(id, typ, data string) []byte {
	return []byte(fmt.Sprintf(`{"Id":%q,"Type":%q,"Time":"2026-11-24T03:52:27Z","Data":%s}`, id, typ, data))
}

// decodeAs calls the accessor named what on e and returns its value as any.
func decodeAs(e *Event, what string) (any, error) {
	switch what {
	case "session":
		return e.Session()
	case "message":
		return e.Message()
	case "lead":
		return e.Lead()
	case "case":
		return e.Case()
	case "note":
		return e.Note()
	default:
		return e.AgentStatus()
	}
}

var accessorFor = map[string]string{
	TypeSessionStarted: "session", TypeSessionAccepted: "session", TypeSessionTransferred: "session",
	TypeSessionEnded: "session", TypeSessionRated: "session", TypeMessageCreated: "message",
	TypeLeadCreated: "lead", TypeCaseCreated: "case", TypeNoteCreated: "note", TypeAgentStatusChanged: "agent",
}

func TestParseEveryType(t *testing.T) {
	t.Parallel()
	require.Len(t, sampleData, 10, "one sample per contract type")
	for typ, data := range sampleData {
		t.Run(typ, func(t *testing.T) {
			t.Parallel()
			e, err := Parse(eventBody("evt_"+typ, typ, data))
			require.NoError(t, err)
			assert.Equal(t, "evt_"+typ, e.ID)
			assert.Equal(t, typ, e.Type)
			assert.True(t, e.Time.Equal(t0), "Time %v", e.Time)
			assert.JSONEq(t, data, string(e.Data))

			for _, what := range []string{"session", "message", "lead", "case", "note", "agent"} {
				v, err := decodeAs(e, what)
				if what != accessorFor[typ] {
					assert.ErrorIs(t, err, ErrWrongType, what)
					assert.Contains(t, err.Error(), typ)
					continue
				}
				require.NoError(t, err, what)
				require.NotNil(t, v)
			}
		})
	}
}

func TestAccessorValues(t *testing.T) {
	t.Parallel()
	parse := func(typ string) *Event {
		e, err := Parse(eventBody("evt_1", typ, sampleData[typ]))
		require.NoError(t, err)
		return e
	}
	s, err := parse(TypeSessionAccepted).Session()
	require.NoError(t, err)
	assert.Equal(t, 41, s.SessionID)
	assert.Equal(t, zchat.ChatID("User:3"), s.AgentUserID)

	s, err = parse(TypeSessionEnded).Session()
	require.NoError(t, err)
	assert.True(t, s.ActiveTime.Equal(time.UnixMilli(1764042747000)))

	m, err := parse(TypeMessageCreated).Message()
	require.NoError(t, err)
	assert.Equal(t, "<p>hi</p>", m.HTML)
	assert.Equal(t, 123456700, m.Time.Nanosecond())

	l, err := parse(TypeLeadCreated).Lead()
	require.NoError(t, err)
	assert.Equal(t, "ann@example.com", l.Email)

	c, err := parse(TypeCaseCreated).Case()
	require.NoError(t, err)
	assert.Equal(t, cases.PriorityHigh, c.Priority)
	require.NotNil(t, c.Debug)
	assert.Equal(t, "1.2.3", c.Debug.AppVersion)

	n, err := parse(TypeNoteCreated).Note()
	require.NoError(t, err)
	assert.Equal(t, 12, n.CaseID)

	a, err := parse(TypeAgentStatusChanged).AgentStatus()
	require.NoError(t, err)
	assert.Equal(t, AgentStatus{UserID: 3, Status: StatusAway, Time: zchat.NewTime(t0.UTC())}, AgentStatus{UserID: a.UserID, Status: a.Status, Time: zchat.NewTime(a.Time.UTC())})
}

func TestParse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		body     string
		wantErr  bool
		wantID   string
		wantType string
		wantData string // exact raw Data, when set
	}{
		{name: "unknown type keeps raw Data", body: `{"Id":"evt_n","Type":"chatbot.replied","Time":null,"Data":{"Bot":"ollama", "Tokens":[1,2]}}`, wantID: "evt_n", wantType: "chatbot.replied", wantData: `{"Bot":"ollama", "Tokens":[1,2]}`},
		{name: "unknown type with scalar Data", body: `{"Id":"evt_n","Type":"x.y","Data":42}`, wantID: "evt_n", wantType: "x.y", wantData: `42`},
		{name: "field names in any case", body: `{"id":"evt_c","TYPE":"lead.created","time":"/Date(1764042747000)/","data":{}}`, wantID: "evt_c", wantType: TypeLeadCreated},
		{name: "no Time, no Data", body: `{"Id":"evt_m","Type":"session.ended"}`, wantID: "evt_m", wantType: TypeSessionEnded},
		{name: "unknown fields ignored", body: `{"Id":"evt_u","Type":"lead.created","Version":2,"Data":{}}`, wantID: "evt_u", wantType: TypeLeadCreated},
		{name: "UTF-8 BOM", body: "\xef\xbb\xbf" + `{"Id":"evt_b","Type":"lead.created","Data":{}}`, wantID: "evt_b", wantType: TypeLeadCreated},
		{name: "surrounding whitespace", body: " \n{\"Id\":\"evt_w\",\"Type\":\"t\"}\n", wantID: "evt_w", wantType: "t"},

		{name: "empty", body: ``, wantErr: true},
		{name: "not JSON", body: `Id=evt_1&Type=lead.created`, wantErr: true},
		{name: "truncated", body: `{"Id":"evt_1","Type":"lead.created","Data":{`, wantErr: true},
		{name: "trailing garbage", body: `{"Id":"evt_1","Type":"t"} {}`, wantErr: true},
		{name: "array", body: `[{"Id":"evt_1","Type":"t"}]`, wantErr: true},
		{name: "null", body: `null`, wantErr: true},
		{name: "no Id", body: `{"Type":"lead.created","Data":{}}`, wantErr: true},
		{name: "empty Id", body: `{"Id":"","Type":"lead.created"}`, wantErr: true},
		{name: "no Type", body: `{"Id":"evt_1","Data":{}}`, wantErr: true},
		{name: "numeric Id", body: `{"Id":17,"Type":"t"}`, wantErr: true},
		{name: "bad Time", body: `{"Id":"evt_1","Type":"t","Time":"yesterday"}`, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e, err := Parse([]byte(tt.body))
			if tt.wantErr {
				require.Error(t, err)
				assert.ErrorIs(t, err, ErrInvalidEvent)
				assert.Nil(t, e)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.wantID, e.ID)
			assert.Equal(t, tt.wantType, e.Type)
			if tt.wantData != "" {
				assert.Equal(t, tt.wantData, string(e.Data))
			}
		})
	}
}

func TestAccessorErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		e       *Event
		wantErr error
	}{
		{"nil event", nil, ErrInvalidEvent},
		{"unknown type", &Event{ID: "e", Type: "session.reopened", Data: json.RawMessage(`{}`)}, ErrWrongType},
		{"type differs in case", &Event{ID: "e", Type: "Session.Ended", Data: json.RawMessage(`{}`)}, ErrWrongType},
		{"no Data", &Event{ID: "e", Type: TypeSessionEnded}, ErrInvalidEvent},
		{"null Data", &Event{ID: "e", Type: TypeSessionEnded, Data: json.RawMessage(" null ")}, ErrInvalidEvent},
		{"Data of the wrong shape", &Event{ID: "e", Type: TypeSessionEnded, Data: json.RawMessage(`"ended"`)}, ErrInvalidEvent},
		{"field of the wrong type", &Event{ID: "e", Type: TypeSessionEnded, Data: json.RawMessage(`{"SessionId":"41"}`)}, ErrInvalidEvent},
		{"bad time in Data", &Event{ID: "e", Type: TypeSessionEnded, Data: json.RawMessage(`{"BeginTime":"soon"}`)}, ErrInvalidEvent},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, err := tt.e.Session()
			assert.Nil(t, s)
			require.Error(t, err)
			assert.ErrorIs(t, err, tt.wantErr)
			if tt.wantErr == ErrInvalidEvent {
				assert.NotErrorIs(t, err, ErrWrongType)
			}
		})
	}
}

func TestConstructEvent(t *testing.T) {
	t.Parallel()
	body := eventBody("evt_c1", TypeNoteCreated, sampleData[TypeNoteCreated])
	e, err := ConstructEvent(whsecRaw, signedHeader(whsecPadded, "evt_c1", t0, body), body, clockAt(t0))
	require.NoError(t, err)
	n, err := e.Note()
	require.NoError(t, err)
	assert.Equal(t, "called back", n.Text)

	e, err = ConstructEvent(plainKey, signedHeader(otherKey, "evt_c1", t0, body), body, clockAt(t0))
	assert.Nil(t, e)
	assert.ErrorIs(t, err, ErrInvalidSignature)

	notEvent := []byte(`{"hello":"world"}`)
	e, err = ConstructEvent(plainKey, signedHeader(plainKey, "evt_c1", t0, notEvent), notEvent, clockAt(t0))
	assert.Nil(t, e)
	assert.ErrorIs(t, err, ErrInvalidEvent)
	assert.False(t, errors.Is(err, ErrInvalidSignature))
}
