package cases

import (
	"fmt"
	"net/mail"
	"strings"
	"unicode/utf8"

	"github.com/zchat/zchat-go/internal/check"
)

// Limits of the submission API. The server refuses a request over any of
// them with 422 validation_failed; the SDK refuses it before sending, with an
// error that wraps zchat.ErrInvalidArgument and names the field.
const (
	// MaxSubjectLen is the longest CaseInput.Subject, counted in Unicode
	// code points (runes), not bytes: "é" counts once.
	MaxSubjectLen = 200
	// MaxDescriptionBytes is the longest CaseInput.Description (64 KiB),
	// counted in UTF-8 bytes as sent.
	MaxDescriptionBytes = 64 << 10
	// MaxTextBytes is the longest NoteInput.Text (64 KiB), counted in UTF-8
	// bytes as sent.
	MaxTextBytes = 64 << 10
	// MaxProperties is the most entries DebugInfo.Properties may hold.
	MaxProperties = 100
	// MaxLogEntries is the most entries DebugInfo.Logs may hold.
	MaxLogEntries = 1000
	// MaxStackTraceBytes is the longest DebugInfo.StackTrace (256 KiB),
	// counted in UTF-8 bytes as sent.
	MaxStackTraceBytes = 256 << 10
	// MaxAttachments is the most entries DebugInfo.Attachments may hold.
	MaxAttachments = 10
	// MaxAttachmentBytes is the most attachment content a DebugInfo may
	// carry, all attachments together, counted before base64 encoding
	// (8 MiB).
	MaxAttachmentBytes = 8 << 20
)

// Validate checks in against the contract: Email is required and must be a
// bare address ("ann@example.com", not "Ann <ann@example.com>", no
// surrounding spaces) that net/mail.ParseAddress accepts.
func (in LeadInput) Validate() error {
	const name = "LeadInput.Email"
	if strings.TrimSpace(in.Email) == "" {
		return check.Invalid(name, "is required")
	}
	addr, err := mail.ParseAddress(in.Email)
	if err != nil {
		return check.Invalid(name, "%q is not a valid address: %v", in.Email, err)
	}
	if addr.Name != "" || addr.Address != in.Email {
		return check.Invalid(name, "%q must be a bare address such as %q", in.Email, addr.Address)
	}
	return nil
}

// Validate checks in against every limit of the contract before sending:
// Subject is required (not blank) and at most MaxSubjectLen runes,
// Description at most MaxDescriptionBytes, Priority empty (the server's
// default, normal) or one of the four priorities, SessionID not negative,
// and Debug as DebugInfo.Validate says.
func (in CaseInput) Validate() error {
	if strings.TrimSpace(in.Subject) == "" {
		return check.Invalid("CaseInput.Subject", "is required")
	}
	if n := utf8.RuneCountInString(in.Subject); n > MaxSubjectLen {
		return check.Invalid("CaseInput.Subject", "is %d characters, over the limit of %d", n, MaxSubjectLen)
	}
	if err := checkBytes("CaseInput.Description", in.Description, MaxDescriptionBytes); err != nil {
		return err
	}
	switch in.Priority {
	case "", PriorityLow, PriorityNormal, PriorityHigh, PriorityUrgent:
	default:
		return check.Invalid("CaseInput.Priority", "%q is not one of low, normal, high, urgent", in.Priority)
	}
	if in.SessionID < 0 {
		return check.Invalid("CaseInput.SessionID", "must be ≥ 0, got %d", in.SessionID)
	}
	return in.Debug.validate("CaseInput.Debug")
}

// Validate checks in against every limit of the contract before sending:
// Text is required (not blank) and at most MaxTextBytes, CaseID and
// SessionID not negative, and Debug as DebugInfo.Validate says.
func (in NoteInput) Validate() error {
	if strings.TrimSpace(in.Text) == "" {
		return check.Invalid("NoteInput.Text", "is required")
	}
	if err := checkBytes("NoteInput.Text", in.Text, MaxTextBytes); err != nil {
		return err
	}
	if in.CaseID < 0 {
		return check.Invalid("NoteInput.CaseID", "must be ≥ 0, got %d", in.CaseID)
	}
	if in.SessionID < 0 {
		return check.Invalid("NoteInput.SessionID", "must be ≥ 0, got %d", in.SessionID)
	}
	return in.Debug.validate("NoteInput.Debug")
}

// Validate checks d against every limit of the contract: at most
// MaxProperties properties, MaxLogEntries log entries, MaxStackTraceBytes
// of stack trace, MaxAttachments attachments, each with a FileName, and
// MaxAttachmentBytes of attachment content in total. A nil d is valid.
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
	if err := checkBytes(prefix+".StackTrace", d.StackTrace, MaxStackTraceBytes); err != nil {
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

// checkBytes refuses s when it is longer than limit bytes as sent.
func checkBytes(name, s string, limit int) error {
	if n := wireLen(s); n > limit {
		return check.Invalid(name, "is %d bytes, over the limit of %d", n, limit)
	}
	return nil
}

// wireLen is the length of s in UTF-8 bytes once JSON-encoded text reaches
// the server: encoding/json sends each invalid byte as U+FFFD (3 bytes).
func wireLen(s string) int {
	if utf8.ValidString(s) {
		return len(s)
	}
	n := 0
	for _, r := range s {
		n += utf8.RuneLen(r)
	}
	return n
}
