package cases

import (
	"fmt"
	"net/mail"
	"strings"

	"github.com/zchat/zchat-go/internal/apispec"
	"github.com/zchat/zchat-go/internal/check"
)

// Limits of the submission API, as the contract sets them (their one
// definition is internal/apispec, shared with zchattest). The server refuses
// a request over any of them with 422 validation_failed; the SDK refuses it
// before sending, with an error that wraps zchat.ErrInvalidArgument and
// names the field.
//
// Text is counted as the .NET server counts a string: in UTF-16 code units.
// "é" is 1 unit (2 bytes in UTF-8), an emoji such as 😀 is 2 units (4
// bytes), and each byte of invalid UTF-8 is 1 unit (it is sent as U+FFFD).
const (
	// MaxSubjectLen is the longest CaseInput.Subject, in UTF-16 code units.
	MaxSubjectLen = apispec.MaxSubject
	// MaxDescriptionLen is the longest CaseInput.Description (64 KiB of
	// text: 65,536 UTF-16 code units).
	MaxDescriptionLen = apispec.MaxDescription
	// MaxTextLen is the longest NoteInput.Text (65,536 UTF-16 code units).
	MaxTextLen = apispec.MaxNoteText
	// MaxStackTraceLen is the longest DebugInfo.StackTrace (256 KiB of
	// text: 262,144 UTF-16 code units).
	MaxStackTraceLen = apispec.MaxStackTrace
	// MaxProperties is the most entries DebugInfo.Properties may hold.
	MaxProperties = apispec.MaxProperties
	// MaxLogEntries is the most entries DebugInfo.Logs may hold.
	MaxLogEntries = apispec.MaxLogs
	// MaxAttachments is the most entries DebugInfo.Attachments may hold.
	MaxAttachments = apispec.MaxAttachments
	// MaxAttachmentBytes is the most attachment content a DebugInfo may
	// carry, all attachments together, counted in bytes before base64
	// encoding (8 MiB).
	MaxAttachmentBytes = apispec.MaxAttachmentBytes
)

// Former names of the text limits, kept so that code written against them
// still builds. They were counted in UTF-8 bytes; they are now the same
// limits in UTF-16 code units.
const (
	// MaxDescriptionBytes is the former name of MaxDescriptionLen.
	//
	// Deprecated: the limit is counted in UTF-16 code units, not bytes; use
	// MaxDescriptionLen.
	MaxDescriptionBytes = MaxDescriptionLen
	// MaxTextBytes is the former name of MaxTextLen.
	//
	// Deprecated: the limit is counted in UTF-16 code units, not bytes; use
	// MaxTextLen.
	MaxTextBytes = MaxTextLen
	// MaxStackTraceBytes is the former name of MaxStackTraceLen.
	//
	// Deprecated: the limit is counted in UTF-16 code units, not bytes; use
	// MaxStackTraceLen.
	MaxStackTraceBytes = MaxStackTraceLen
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
// Subject is required (not blank) and at most MaxSubjectLen UTF-16 code
// units, Description at most MaxDescriptionLen, Priority empty (the server's
// default, normal) or one of the four priorities, SessionID not negative,
// and Debug as DebugInfo.Validate says.
func (in CaseInput) Validate() error {
	if strings.TrimSpace(in.Subject) == "" {
		return check.Invalid("CaseInput.Subject", "is required")
	}
	if err := checkText("CaseInput.Subject", in.Subject, MaxSubjectLen); err != nil {
		return err
	}
	if err := checkText("CaseInput.Description", in.Description, MaxDescriptionLen); err != nil {
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
// Text is required (not blank) and at most MaxTextLen UTF-16 code units, CaseID and
// SessionID not negative, and Debug as DebugInfo.Validate says.
func (in NoteInput) Validate() error {
	if strings.TrimSpace(in.Text) == "" {
		return check.Invalid("NoteInput.Text", "is required")
	}
	if err := checkText("NoteInput.Text", in.Text, MaxTextLen); err != nil {
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

// checkText refuses s when it is longer than limit UTF-16 code units, as
// the server counts it.
func checkText(name, s string, limit int) error {
	if reason := apispec.TextOver(s, limit); reason != "" {
		return check.Invalid(name, "%s", reason)
	}
	return nil
}
