package cases

import (
	"context"
	"iter"
	"strings"

	"github.com/zchat/zchat-go/internal/apispec"
	"github.com/zchat/zchat-go/internal/call"
	"github.com/zchat/zchat-go/internal/check"
	"github.com/zchat/zchat-go/zchat"
)

// Client calls the submission API: leads, and the cases and notes attached
// to them. It is safe for concurrent use.
type Client struct{ c *zchat.Client }

// New returns a Client that sends its requests through c.
func New(c *zchat.Client) *Client { return &Client{c: c} }

// submitToLead checks leadID and in, then sends in to op: SubmitCase and
// SubmitNote.
func submitToLead[T any](ctx context.Context, c *zchat.Client, op apispec.Operation, leadID int, in interface{ Validate() error }) (*T, error) {
	if err := check.ID("leadID", leadID); err != nil {
		return nil, err
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	return call.Post[T](ctx, c, op, in, leadID)
}

// listOfLead checks leadID and opts, then lists one page of the lead's
// cases or notes with op: ListCases and ListNotes.
func listOfLead[T any](ctx context.Context, c *zchat.Client, op apispec.Operation, leadID int, opts *zchat.ListOptions) (*zchat.Page[T], error) {
	if err := check.ID("leadID", leadID); err != nil {
		return nil, err
	}
	if err := opts.Check(); err != nil {
		return nil, err
	}
	return call.Get[zchat.Page[T]](ctx, c, op, opts, leadID)
}

// allOfLead iterates over every page list gives of the lead's cases or
// notes: AllCases and AllNotes.
func allOfLead[T any](ctx context.Context, leadID int, opts *zchat.ListOptions, list func(context.Context, int, *zchat.ListOptions) (*zchat.Page[T], error)) iter.Seq2[T, error] {
	cursor := func(o *zchat.ListOptions) *string { return &o.Cursor }
	return call.All(ctx, opts, cursor, func(ctx context.Context, o *zchat.ListOptions) (*zchat.Page[T], error) {
		return list(ctx, leadID, o)
	})
}

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

// checkText refuses s when it is longer than limit UTF-16 code units, as
// the server counts it.
func checkText(name, s string, limit int) error {
	if reason := apispec.TextOver(s, limit); reason != "" {
		return check.Invalid(name, "%s", reason)
	}
	return nil
}

// requiredText refuses a blank s, or one over the limit as checkText does.
func requiredText(name, s string, limit int) error {
	if strings.TrimSpace(s) == "" {
		return check.Invalid(name, "is required")
	}
	return checkText(name, s, limit)
}
