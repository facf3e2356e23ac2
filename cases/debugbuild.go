package cases

import (
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/zchat/zchat-go/internal/apispec"
	"github.com/zchat/zchat-go/internal/check"
	"github.com/zchat/zchat-go/sessions"
	"github.com/zchat/zchat-go/zchat"
)

// Property keys DebugFromSession sets in DebugInfo.Properties, each only when
// the session has a value for it.
const (
	PropSessionID    = "zchat.SessionId"    // the session's SessionID
	PropCustomerID   = "zchat.CustomerId"   // the visitor's chat id, e.g. "Guest:@cust-8812"
	PropAgentUserID  = "zchat.AgentUserId"  // the agent's chat id, e.g. "User:3"
	PropDepartmentID = "zchat.DepartmentId" // the session's DepartmentID
)

// Property keys AddRuntime sets in DebugInfo.Properties.
const (
	PropGoVersion      = "go.Version"      // runtime.Version(), e.g. "go1.26.0"
	PropGoOS           = "go.GOOS"         // runtime.GOOS
	PropGoArch         = "go.GOARCH"       // runtime.GOARCH
	PropGoNumGoroutine = "go.NumGoroutine" // runtime.NumGoroutine()
	PropGoNumCPU       = "go.NumCPU"       // runtime.NumCPU()
	PropGoMainPath     = "go.MainPath"     // the main module's path, from the build info
	PropGoMainVersion  = "go.MainVersion"  // the main module's version, from the build info
	PropGoVCSRevision  = "go.VCSRevision"  // the build's vcs.revision setting, when stamped
	PropGoVCSTime      = "go.VCSTime"      // the build's vcs.time setting, when stamped
	PropGoVCSModified  = "go.VCSModified"  // the build's vcs.modified setting, when stamped
)

// BuildInfoFileName is the name of the text attachment AddRuntime adds: the
// program's build information (main module, dependencies with versions,
// build settings) in the format of "go version -m".
const BuildInfoFileName = "go-buildinfo.txt"

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

// AttachBytes adds an attachment with a copy of b. An empty contentType is
// found from the name's extension, else sniffed from b. It fails, leaving d
// unchanged, when name is blank, d already holds MaxAttachments
// attachments, or b does not fit in what is left of MaxAttachmentBytes.
func (d *DebugInfo) AttachBytes(name, contentType string, b []byte) error {
	if err := d.canAttach(name); err != nil {
		return err
	}
	if left := d.attachmentBudget(); len(b) > left {
		return overBudget(name, left)
	}
	d.attach(name, contentType, append([]byte{}, b...))
	return nil
}

// AttachReader adds an attachment with the content of r. An empty
// contentType is found from the name's extension (mime.TypeByExtension),
// else sniffed from the content (http.DetectContentType). It reads at most
// one byte more than what is left of MaxAttachmentBytes, so a huge reader
// is refused without being read to its end. On any error d is unchanged.
func (d *DebugInfo) AttachReader(name, contentType string, r io.Reader) error {
	if r == nil {
		return check.Invalid("r", "is nil")
	}
	if err := d.canAttach(name); err != nil {
		return err
	}
	left := d.attachmentBudget()
	b, err := io.ReadAll(io.LimitReader(r, int64(left)+1))
	if err != nil {
		return fmt.Errorf("cases: reading attachment %q: %w", name, err)
	}
	if len(b) > left {
		return overBudget(name, left)
	}
	d.attach(name, contentType, b)
	return nil
}

// AttachFile adds the file at path as an attachment named after its base
// name, its content type found as AttachReader finds it. A regular file
// larger than what is left of MaxAttachmentBytes is refused before reading.
// On any error d is unchanged.
func (d *DebugInfo) AttachFile(path string) error {
	name := filepath.Base(path)
	if err := d.canAttach(name); err != nil {
		return err
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("cases: attaching file: %w", err)
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() && fi.Size() > int64(d.attachmentBudget()) {
		return overBudget(name, d.attachmentBudget())
	}
	return d.AttachReader(name, "", f)
}

// canAttach checks what can be checked before reading any content.
func (d *DebugInfo) canAttach(name string) error {
	if strings.TrimSpace(name) == "" {
		return check.Invalid("DebugInfo.Attachments.FileName", "is required")
	}
	if len(d.Attachments) >= MaxAttachments {
		return check.Invalid("DebugInfo.Attachments", "already holds the most attachments, %d", MaxAttachments)
	}
	return nil
}

// attachmentBudget is how many bytes of content may still be attached.
func (d *DebugInfo) attachmentBudget() int { return max(MaxAttachmentBytes-d.attachmentBytes(), 0) }

func overBudget(name string, left int) error {
	return check.Invalid("DebugInfo.Attachments", "%q is too large: %d of the %d bytes allowed for all attachments together are left", name, left, MaxAttachmentBytes)
}

func (d *DebugInfo) attach(name, contentType string, b []byte) {
	if contentType == "" {
		contentType = detectContentType(name, b)
	}
	d.Attachments = append(d.Attachments, Attachment{FileName: name, ContentType: contentType, Content: b})
}

// detectContentType finds a content type from the name's extension, else
// from the content.
func detectContentType(name string, b []byte) string {
	if ext := filepath.Ext(name); ext != "" {
		if ct := mime.TypeByExtension(ext); ct != "" {
			return ct
		}
	}
	return http.DetectContentType(b)
}

// AddRuntime describes the running Go program, for a Go service reporting
// its own errors. It sets the properties PropGoVersion, PropGoOS,
// PropGoArch, PropGoNumGoroutine and PropGoNumCPU; from the build info
// (runtime/debug.ReadBuildInfo), when there is one, PropGoMainPath,
// PropGoMainVersion and the PropGoVCS* settings, AppVersion when it is empty
// and the main module has a version, and an attachment BuildInfoFileName
// listing every dependency; and, when StackTrace is empty, the stacks of
// all goroutines, cut to fit MaxStackTraceLen. It fails, leaving d
// unchanged, when the properties or the attachment do not fit.
//
// What AddRuntime records changes from run to run (goroutine count, stacks)
// and with the build, so a DebugInfo built with it is not the same twice:
// do not use it for a submission you may repeat under the same
// idempotency key (SubmitCaseForEmail with the same key), or the repeat is
// refused with zchat.ErrIdempotencyMismatch. The same holds for AddLog,
// which stamps the current time: use AddLogAt with a time from the input.
func (d *DebugInfo) AddRuntime() error {
	props := map[string]string{
		PropGoVersion:      runtime.Version(),
		PropGoOS:           runtime.GOOS,
		PropGoArch:         runtime.GOARCH,
		PropGoNumGoroutine: strconv.Itoa(runtime.NumGoroutine()),
		PropGoNumCPU:       strconv.Itoa(runtime.NumCPU()),
	}
	bi, ok := debug.ReadBuildInfo()
	var info []byte
	if ok {
		setIf(props, PropGoMainPath, bi.Main.Path)
		setIf(props, PropGoMainVersion, bi.Main.Version)
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				props[PropGoVCSRevision] = s.Value
			case "vcs.time":
				props[PropGoVCSTime] = s.Value
			case "vcs.modified":
				props[PropGoVCSModified] = s.Value
			}
		}
		info = []byte(bi.String())
		if err := d.canAttach(BuildInfoFileName); err != nil {
			return err
		}
		if left := d.attachmentBudget(); len(info) > left {
			return overBudget(BuildInfoFileName, left)
		}
	}
	if err := d.setProperties(props); err != nil {
		return err
	}
	if ok {
		d.attach(BuildInfoFileName, ContentTypeText, info)
		if d.AppVersion == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			d.AppVersion = bi.Main.Version
		}
	}
	if d.StackTrace == "" {
		d.StackTrace = allStacks()
	}
	return nil
}

// allStacks returns the stacks of all goroutines, cut to fit
// MaxStackTraceLen. Stacks are ASCII but for names, so a buffer of that
// many bytes (one more, to see a cut) holds what fits.
func allStacks() string {
	buf := make([]byte, MaxStackTraceLen+1)
	n := runtime.Stack(buf, true)
	return fitText(string(buf[:n]), MaxStackTraceLen)
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
