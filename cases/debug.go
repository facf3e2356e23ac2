package cases

import (
	"fmt"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/zchat/zchat-go/internal/apispec"
	"github.com/zchat/zchat-go/internal/check"
	"github.com/zchat/zchat-go/sessions"
	"github.com/zchat/zchat-go/zchat"
)

// DebugInfo is the detailed debug information attached to a case or note:
// what an engineer needs to reproduce the visitor's problem.
type DebugInfo struct {
	UserAgent   string            `json:"UserAgent,omitempty"`
	Browser     string            `json:"Browser,omitempty"`
	Platform    string            `json:"Platform,omitempty"`
	Culture     string            `json:"Culture,omitempty"`
	IPAddress   string            `json:"IPAddress,omitempty"`
	PageURL     string            `json:"PageUrl,omitempty"`
	PageTitle   string            `json:"PageTitle,omitempty"`
	Referrer    string            `json:"Referrer,omitempty"`
	ProductName string            `json:"ProductName,omitempty"`
	ProductKey  string            `json:"ProductKey,omitempty"`
	AppVersion  string            `json:"AppVersion,omitempty"`
	Properties  map[string]string `json:"Properties,omitempty"`  // ≤ 100 entries
	Logs        []LogEntry        `json:"Logs,omitempty"`        // ≤ 1000
	StackTrace  string            `json:"StackTrace,omitempty"`  // ≤ 256 KiB
	Attachments []Attachment      `json:"Attachments,omitempty"` // ≤ 10, ≤ 8 MiB of content in all
}

// LogEntry is one log line in DebugInfo.
type LogEntry struct {
	Time    zchat.Time `json:"Time"`
	Level   string     `json:"Level"`
	Message string     `json:"Message"`
}

// Attachment is a file in DebugInfo. Content holds the raw bytes; on the wire
// it is base64, which encoding/json does for a []byte.
type Attachment struct {
	FileName    string `json:"FileName"`
	ContentType string `json:"ContentType"`
	Content     []byte `json:"Content"`
}

// Validate checks d against every limit of the contract: at most
// MaxProperties properties, MaxLogEntries log entries, MaxStackTraceLen
// UTF-16 code units of stack trace, MaxAttachments attachments, each with
// a FileName, and MaxAttachmentBytes of attachment content in total. A nil
// d is valid.
func (d *DebugInfo) Validate() error { return d.validate("DebugInfo") }

func (d *DebugInfo) validate(prefix string) error {
	if d == nil {
		return nil
	}
	if n := len(d.Properties); n > MaxProperties {
		return check.Invalid(prefix+".Properties", "has %d entries, over the limit of %d", n, MaxProperties)
	}
	if n := len(d.Logs); n > MaxLogEntries {
		return check.Invalid(prefix+".Logs", "has %d entries, over the limit of %d", n, MaxLogEntries)
	}
	if err := checkText(prefix+".StackTrace", d.StackTrace, MaxStackTraceLen); err != nil {
		return err
	}
	if n := len(d.Attachments); n > MaxAttachments {
		return check.Invalid(prefix+".Attachments", "has %d entries, over the limit of %d", n, MaxAttachments)
	}
	for i, a := range d.Attachments {
		if strings.TrimSpace(a.FileName) == "" {
			return check.Invalid(fmt.Sprintf("%s.Attachments[%d].FileName", prefix, i), "is required")
		}
	}
	if n := d.attachmentBytes(); n > MaxAttachmentBytes {
		return check.Invalid(prefix+".Attachments", "hold %d bytes of content, over the limit of %d", n, MaxAttachmentBytes)
	}
	return nil
}

// attachmentBytes is the decoded size of all attachments together.
func (d *DebugInfo) attachmentBytes() int {
	n := 0
	for _, a := range d.Attachments {
		n += len(a.Content)
	}
	return n
}

// Property keys DebugFromSession sets in DebugInfo.Properties, each only when
// the session has a value for it.
const (
	PropSessionID    = "zchat.SessionId"    // the session's SessionID
	PropCustomerID   = "zchat.CustomerId"   // the visitor's chat id, e.g. "Guest:@cust-8812"
	PropAgentUserID  = "zchat.AgentUserId"  // the agent's chat id, e.g. "User:3"
	PropDepartmentID = "zchat.DepartmentId" // the session's DepartmentID
)

// ContentTypeText is the content type of the text attachments this package
// makes (build information, transcripts).
const ContentTypeText = "text/plain; charset=utf-8"

// truncatedMark ends a text cut to fit a limit.
const truncatedMark = "\n… truncated to fit the limit\n"

// DebugFromSession returns debug information describing the visitor of a
// chat session: it copies Browser, Platform, Culture, IPAddress, PageURL,
// PageTitle, Referrer, ProductName and ProductKey, and puts the session's
// ids in Properties under PropSessionID ("zchat.SessionId"),
// PropCustomerID ("zchat.CustomerId"), PropAgentUserID ("zchat.AgentUserId")
// and PropDepartmentID ("zchat.DepartmentId"), leaving out those that are
// zero. Add logs, attachments and a transcript to the result before
// submitting it.
func DebugFromSession(s sessions.Session) *DebugInfo {
	d := &DebugInfo{
		Browser:     s.Browser,
		Platform:    s.Platform,
		Culture:     s.Culture,
		IPAddress:   s.IPAddress,
		PageURL:     s.PageURL,
		PageTitle:   s.PageTitle,
		Referrer:    s.Referrer,
		ProductName: s.ProductName,
		ProductKey:  s.ProductKey,
		Properties:  map[string]string{},
	}
	setIf(d.Properties, PropSessionID, itoa(s.SessionID))
	setIf(d.Properties, PropCustomerID, s.CustomerID.String())
	setIf(d.Properties, PropAgentUserID, s.AgentUserID.String())
	setIf(d.Properties, PropDepartmentID, itoa(s.DepartmentID))
	return d
}

func setIf(m map[string]string, key, value string) {
	if value != "" {
		m[key] = value
	}
}

// itoa formats a non-zero id, and 0 (no id) as "".
func itoa(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// AddLog appends a log entry stamped with the current time. It fails,
// leaving d unchanged, when d already holds MaxLogEntries entries.
//
// Because the time is the current one, the same program run twice builds a
// different DebugInfo, and a repeated submission under the same
// idempotency key is refused (zchat.ErrIdempotencyMismatch). For a
// submission that may be re-run, use AddLogAt with the time the event
// happened (from the input).
func (d *DebugInfo) AddLog(level, msg string) error { return d.AddLogAt(time.Now(), level, msg) }

// AddLogAt appends a log entry stamped t (sent in UTC, to the
// millisecond or finer as t holds it). It fails, leaving d unchanged, when
// d already holds MaxLogEntries entries. With the same inputs it builds the
// same DebugInfo every time, so a re-run under the same idempotency key
// sends the same body.
func (d *DebugInfo) AddLogAt(t time.Time, level, msg string) error {
	if len(d.Logs) >= MaxLogEntries {
		return check.Invalid("DebugInfo.Logs", "already holds the most entries, %d", MaxLogEntries)
	}
	d.Logs = append(d.Logs, LogEntry{Time: zchat.NewTime(t.UTC()), Level: level, Message: msg})
	return nil
}

// SetProperty sets Properties[key] to value. It fails, leaving d unchanged,
// when key is new and d already holds MaxProperties properties.
func (d *DebugInfo) SetProperty(key, value string) error {
	return d.setProperties(map[string]string{key: value})
}

// setProperties sets all of props, or none of them when that would go over
// MaxProperties.
func (d *DebugInfo) setProperties(props map[string]string) error {
	n := len(d.Properties)
	for k := range props {
		if _, ok := d.Properties[k]; !ok {
			n++
		}
	}
	if n > MaxProperties {
		return check.Invalid("DebugInfo.Properties", "would hold %d entries, over the limit of %d", n, MaxProperties)
	}
	if d.Properties == nil {
		d.Properties = make(map[string]string, len(props))
	}
	for k, v := range props {
		d.Properties[k] = v
	}
	return nil
}

// SetStackTrace sets StackTrace to s, cut (on a line boundary when it can,
// with a marker) to fit MaxStackTraceLen UTF-16 code units.
func (d *DebugInfo) SetStackTrace(s string) *DebugInfo {
	d.StackTrace = fitText(s, MaxStackTraceLen)
	return d
}

// SetPanic records a recovered panic: StackTrace becomes "panic: <v>"
// followed by stack, cut to fit MaxStackTraceLen. Call it in the deferred
// function that recovered, with stack from runtime/debug.Stack(); a nil
// stack means the stack of the calling goroutine.
func (d *DebugInfo) SetPanic(v any, stack []byte) *DebugInfo {
	if stack == nil {
		stack = debug.Stack()
	}
	return d.SetStackTrace(fmt.Sprintf("panic: %v\n\n%s", v, stack))
}

// fitText returns s when it fits in limit UTF-16 code units as sent;
// otherwise s, made valid UTF-8, cut on a line boundary (or a character
// boundary when the last line is long) and marked, still within limit.
func fitText(s string, limit int) string {
	if apispec.Len16(s) <= limit {
		return s
	}
	if s = strings.ToValidUTF8(s, "\uFFFD"); apispec.Len16(s) <= limit {
		return s
	}
	cut := apispec.Cut16(s, limit-apispec.Len16(truncatedMark))
	if nl := strings.LastIndexByte(s[:cut], '\n'); nl > cut/2 {
		cut = nl
	}
	return s[:cut] + truncatedMark
}
