package zchattest

import (
	"bytes"
	"encoding/json"
	"strconv"
	"time"

	"github.com/zchat/zchat-go/agents"
	"github.com/zchat/zchat-go/cases"
	"github.com/zchat/zchat-go/departments"
	"github.com/zchat/zchat-go/messages"
	"github.com/zchat/zchat-go/sessions"
	"github.com/zchat/zchat-go/webhook"
)

// TimeFormat is one of the forms a .NET APP Server writes its DateTime
// values in (see ZCHAT-API.md, "Times").
type TimeFormat int

// The time forms the server can write.
const (
	// TimeRFC3339 is RFC 3339 in UTC: "2026-11-24T03:52:27.123Z"; no time
	// is null.
	TimeRFC3339 TimeFormat = iota
	// TimeRFC3339Offset is RFC 3339 with a +02:00 offset:
	// "2026-11-24T05:52:27.123+02:00"; no time is null.
	TimeRFC3339Offset
	// TimeDotNet is ISO 8601 without an offset (UTC), up to 7 fractional
	// digits: "2026-11-24T03:52:27.123"; no time is DateTime.MinValue,
	// "0001-01-01T00:00:00".
	TimeDotNet
	// TimeDotNetLegacy is the legacy ASP.NET JSON form, written escaped as
	// .NET does: "\/Date(1764042747123)\/"; no time is DateTime.MinValue,
	// "\/Date(-62135596800000)\/".
	TimeDotNetLegacy
)

// String names the format.
func (f TimeFormat) String() string {
	switch f {
	case TimeRFC3339:
		return "TimeRFC3339"
	case TimeRFC3339Offset:
		return "TimeRFC3339Offset"
	case TimeDotNet:
		return "TimeDotNet"
	case TimeDotNetLegacy:
		return "TimeDotNetLegacy"
	}
	return "TimeFormat(" + strconv.Itoa(int(f)) + ")"
}

// minValueMillis is DateTime.MinValue in milliseconds since the Unix epoch.
const minValueMillis = -62135596800000

// offsetZone is the zone TimeRFC3339Offset writes in.
var offsetZone = time.FixedZone("+02:00", 2*60*60)

// Format returns t as the format writes it, unquoted and unescaped (the
// legacy form as "/Date(…)/"); "" for the formats that write no time as null.
func (f TimeFormat) Format(t time.Time) string {
	switch f {
	case TimeDotNet:
		if t.IsZero() {
			return "0001-01-01T00:00:00"
		}
		return t.UTC().Format("2006-01-02T15:04:05.9999999")
	case TimeDotNetLegacy:
		ms := int64(minValueMillis)
		if !t.IsZero() {
			ms = t.UnixMilli()
		}
		return "/Date(" + strconv.FormatInt(ms, 10) + ")/"
	case TimeRFC3339Offset:
		if t.IsZero() {
			return ""
		}
		return t.In(offsetZone).Format(time.RFC3339Nano)
	}
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// wireTime is a time as the server writes it in JSON.
type wireTime struct {
	t time.Time
	f TimeFormat
}

// MarshalJSON writes the time in the server's format; the legacy form with
// its slashes escaped ("\/Date(…)\/"), as .NET writes it.
func (w wireTime) MarshalJSON() ([]byte, error) {
	s := w.f.Format(w.t)
	if s == "" {
		return []byte("null"), nil
	}
	if w.f == TimeDotNetLegacy {
		return []byte(`"\/` + s[1:len(s)-1] + `\/"`), nil
	}
	return json.Marshal(s)
}

// The wire forms of the resources: the SDK's types, with every time field
// shadowed by a wireTime (encoding/json takes the shallower field), so that
// the server writes the SDK's own field names and shapes, and times in its
// TimeFormat.
type (
	sessionWire struct {
		sessions.Session
		BeginTime  wireTime `json:"BeginTime"`
		ActiveTime wireTime `json:"ActiveTime"`
	}
	messageWire struct {
		messages.Message
		Time wireTime `json:"Time"`
	}
	leadWire struct {
		cases.Lead
		CreatedTime wireTime `json:"CreatedTime"`
		UpdatedTime wireTime `json:"UpdatedTime"`
	}
	caseWire struct {
		cases.Case
		Debug       *debugWire `json:"Debug"`
		CreatedTime wireTime   `json:"CreatedTime"`
	}
	noteWire struct {
		cases.Note
		Debug       *debugWire `json:"Debug"`
		CreatedTime wireTime   `json:"CreatedTime"`
	}
	debugWire struct {
		cases.DebugInfo
		Logs []logWire `json:"Logs,omitempty"`
	}
	logWire struct {
		cases.LogEntry
		Time wireTime `json:"Time"`
	}
	// departmentWire always carries Agents, [] when there are none.
	departmentWire struct {
		departments.Department
		Agents []agents.Agent `json:"Agents"`
	}
	agentStatusWire struct {
		webhook.AgentStatus
		Time wireTime `json:"Time"`
	}
	pingWire struct {
		Version string   `json:"Version"`
		Time    wireTime `json:"Time"`
	}
	// eventHead is an event without its Data, which eventBody splices in.
	eventHead struct {
		ID   string   `json:"Id"`
		Type string   `json:"Type"`
		Time wireTime `json:"Time"`
	}
	// pageWire is a page; NextCursor is null on the last page.
	pageWire[W any] struct {
		Items      []W     `json:"Items"`
		NextCursor *string `json:"NextCursor"`
	}
)

func (f TimeFormat) wt(t time.Time) wireTime { return wireTime{t: t, f: f} }

func (f TimeFormat) session(s sessions.Session) sessionWire {
	return sessionWire{Session: s, BeginTime: f.wt(s.BeginTime.Time), ActiveTime: f.wt(s.ActiveTime.Time)}
}

func (f TimeFormat) message(m messages.Message) messageWire {
	return messageWire{Message: m, Time: f.wt(m.Time.Time)}
}

func (f TimeFormat) lead(l cases.Lead) leadWire {
	return leadWire{Lead: l, CreatedTime: f.wt(l.CreatedTime.Time), UpdatedTime: f.wt(l.UpdatedTime.Time)}
}

func (f TimeFormat) kase(c cases.Case) caseWire {
	return caseWire{Case: c, Debug: f.debug(c.Debug), CreatedTime: f.wt(c.CreatedTime.Time)}
}

func (f TimeFormat) note(n cases.Note) noteWire {
	return noteWire{Note: n, Debug: f.debug(n.Debug), CreatedTime: f.wt(n.CreatedTime.Time)}
}

func (f TimeFormat) debug(d *cases.DebugInfo) *debugWire {
	if d == nil {
		return nil
	}
	w := &debugWire{DebugInfo: *d}
	for _, l := range d.Logs {
		w.Logs = append(w.Logs, logWire{LogEntry: l, Time: f.wt(l.Time.Time)})
	}
	return w
}

func (f TimeFormat) agentStatus(a webhook.AgentStatus) agentStatusWire {
	return agentStatusWire{AgentStatus: a, Time: f.wt(a.Time.Time)}
}

// mapSlice converts every element; never nil, so an empty list is [].
func mapSlice[T, W any](xs []T, conv func(T) W) []W {
	out := make([]W, 0, len(xs))
	for _, x := range xs {
		out = append(out, conv(x))
	}
	return out
}

// encoded is a value already encoded as JSON, written as it is: a value
// that is both answered and sent as an event's Data is encoded once (a case
// may carry 8 MiB of attachments).
type encoded []byte

// encodeJSON encodes v as the server does: no HTML escaping (a message's
// Html stays readable), no trailing newline.
func encodeJSON(v any) ([]byte, error) {
	if b, ok := v.(encoded); ok {
		return b, nil
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// eventBody is the JSON of an event: its head with data spliced in as Data,
// without encoding data again.
func eventBody(head eventHead, data []byte) ([]byte, error) {
	b, err := encodeJSON(head)
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, len(b)+len(data)+9)
	out = append(out, b[:len(b)-1]...)
	out = append(out, `,"Data":`...)
	out = append(out, data...)
	return append(out, '}'), nil
}
