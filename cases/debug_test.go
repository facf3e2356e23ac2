package cases_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/iotest"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/zchat/zchat-go/cases"
	"github.com/zchat/zchat-go/internal/wiretest"
	"github.com/zchat/zchat-go/sessions"
)

func TestDebugFromSession(t *testing.T) {
	t.Parallel()
	var s sessions.Session
	if err := json.Unmarshal(wiretest.LoadFixture(t, "session.json"), &s); err != nil {
		t.Fatal(err)
	}
	got := cases.DebugFromSession(s)
	want := &cases.DebugInfo{
		Browser: "Firefox 140", Platform: "Windows 11", Culture: "en-US", IPAddress: "203.0.113.7",
		PageURL: "https://shop.example.com/checkout", PageTitle: "Checkout", Referrer: "https://www.example.com/",
		ProductName: "Shop", ProductKey: "shop-eu",
		Properties: map[string]string{
			"zchat.SessionId":    "1234",
			"zchat.CustomerId":   "Guest:@cust-8812",
			"zchat.AgentUserId":  "User:3",
			"zchat.DepartmentId": "2",
		},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("DebugFromSession =\n%+v\nwant\n%+v", got, want)
	}
	if err := got.Validate(); err != nil {
		t.Error(err)
	}
}

func TestDebugFromSessionLeavesOutZeroIDs(t *testing.T) {
	t.Parallel()
	got := cases.DebugFromSession(sessions.Session{SessionID: 9, CustomerID: "Guest:1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed"})
	want := map[string]string{cases.PropSessionID: "9", cases.PropCustomerID: "Guest:1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed"}
	if !reflect.DeepEqual(got.Properties, want) {
		t.Errorf("properties = %v, want %v", got.Properties, want)
	}
}

func TestAddLog(t *testing.T) {
	t.Parallel()
	d := &cases.DebugInfo{}
	before := time.Now()
	if err := d.AddLog("info", "started"); err != nil {
		t.Fatal(err)
	}
	if e := d.Logs[0]; e.Level != "info" || e.Message != "started" || e.Time.Before(before) || e.Time.Location() != time.UTC {
		t.Errorf("entry = %+v", e)
	}
	for i := 1; i < cases.MaxLogEntries; i++ {
		if err := d.AddLogAt(time.Unix(int64(i), 0), "debug", strconv.Itoa(i)); err != nil {
			t.Fatalf("entry %d: %v", i, err)
		}
	}
	wiretest.RequireInvalid(t, d.AddLog("error", "one too many"), "DebugInfo.Logs")
	wiretest.RequireInvalid(t, d.AddLogAt(time.Now(), "error", "one too many"), "DebugInfo.Logs")
	if len(d.Logs) != cases.MaxLogEntries {
		t.Errorf("%d entries after refusals", len(d.Logs))
	}
}

func TestSetProperty(t *testing.T) {
	t.Parallel()
	d := &cases.DebugInfo{}
	for i := range cases.MaxProperties {
		if err := d.SetProperty("k"+strconv.Itoa(i), "v"); err != nil {
			t.Fatal(err)
		}
	}
	if err := d.SetProperty("k0", "replaced"); err != nil || d.Properties["k0"] != "replaced" {
		t.Errorf("replacing at the limit: %v", err)
	}
	wiretest.RequireInvalid(t, d.SetProperty("new", "v"), "DebugInfo.Properties")
	if _, ok := d.Properties["new"]; ok || len(d.Properties) != cases.MaxProperties {
		t.Errorf("%d properties after refusal", len(d.Properties))
	}
}

var pngHeader = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")

func TestAttachContentType(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, contentType string
		content           []byte
		want              string
	}{
		{"state.json", "", []byte("plain words"), "application/json"}, // the extension wins over sniffing
		{"screen.png", "", []byte("not really"), "image/png"},
		{"screenshot", "", pngHeader, "image/png"},
		{"notes", "", []byte("hello there"), "text/plain; charset=utf-8"},
		{"dump", "", []byte{0, 1, 2, 3}, "application/octet-stream"},
		{"x.unknown-ext-zz", "", []byte("hello"), "text/plain; charset=utf-8"},
		{"state.json", "text/x-custom", []byte("{}"), "text/x-custom"},
	}
	for _, tt := range tests {
		d := &cases.DebugInfo{}
		if err := d.AttachReader(tt.name, tt.contentType, bytes.NewReader(tt.content)); err != nil {
			t.Fatal(err)
		}
		if got := d.Attachments[0].ContentType; got != tt.want {
			t.Errorf("AttachReader(%q, %q): content type %q, want %q", tt.name, tt.contentType, got, tt.want)
		}
		d = &cases.DebugInfo{}
		if err := d.AttachBytes(tt.name, tt.contentType, tt.content); err != nil {
			t.Fatal(err)
		}
		if got := d.Attachments[0].ContentType; got != tt.want {
			t.Errorf("AttachBytes(%q, %q): content type %q, want %q", tt.name, tt.contentType, got, tt.want)
		}
	}
}

func TestAttachBytesCopiesAndLimits(t *testing.T) {
	t.Parallel()
	d := &cases.DebugInfo{}
	b := []byte("original")
	if err := d.AttachBytes("a.txt", "text/plain", b); err != nil {
		t.Fatal(err)
	}
	b[0] = 'X'
	if string(d.Attachments[0].Content) != "original" {
		t.Errorf("attachment changed with the caller's slice: %q", d.Attachments[0].Content)
	}
	wiretest.RequireInvalid(t, d.AttachBytes("", "text/plain", nil), "DebugInfo.Attachments.FileName")
	wiretest.RequireInvalid(t, d.AttachBytes("big.bin", "", make([]byte, cases.MaxAttachmentBytes-len("original")+1)), "DebugInfo.Attachments")
	if err := d.AttachBytes("fits.bin", "", make([]byte, cases.MaxAttachmentBytes-len("original"))); err != nil {
		t.Fatalf("exactly the rest of the budget: %v", err)
	}
	wiretest.RequireInvalid(t, d.AttachBytes("one.bin", "", []byte{1}), "DebugInfo.Attachments")

	d = &cases.DebugInfo{}
	for i := range cases.MaxAttachments {
		if err := d.AttachBytes("f"+strconv.Itoa(i), "text/plain", nil); err != nil {
			t.Fatal(err)
		}
	}
	wiretest.RequireInvalid(t, d.AttachBytes("eleventh", "text/plain", nil), "DebugInfo.Attachments")
	wiretest.RequireInvalid(t, d.AttachReader("eleventh", "text/plain", strings.NewReader("x")), "DebugInfo.Attachments")
	if len(d.Attachments) != cases.MaxAttachments {
		t.Errorf("%d attachments after refusals", len(d.Attachments))
	}
}

// endless is a reader that never ends and counts what was read from it.
type endless struct{ n int64 }

func (r *endless) Read(p []byte) (int, error) {
	clear(p)
	r.n += int64(len(p))
	return len(p), nil
}

func TestAttachReaderBounded(t *testing.T) {
	t.Parallel()
	d := &cases.DebugInfo{}
	const used = cases.MaxAttachmentBytes - 100
	if err := d.AttachBytes("big.bin", "", make([]byte, used)); err != nil {
		t.Fatal(err)
	}
	r := &endless{}
	wiretest.RequireInvalid(t, d.AttachReader("huge.bin", "", r), "DebugInfo.Attachments")
	if r.n > 101 {
		t.Errorf("read %d bytes from a huge reader; want at most the 100 left + 1", r.n)
	}
	if len(d.Attachments) != 1 {
		t.Errorf("%d attachments after refusal", len(d.Attachments))
	}
	if err := d.AttachReader("exact.bin", "", io.LimitReader(&endless{}, 100)); err != nil {
		t.Errorf("exactly what is left: %v", err)
	}
}

func TestAttachReaderError(t *testing.T) {
	t.Parallel()
	d := &cases.DebugInfo{}
	boom := errors.New("boom")
	err := d.AttachReader("x.txt", "", iotest.ErrReader(boom))
	if !errors.Is(err, boom) || len(d.Attachments) != 0 {
		t.Errorf("err = %v, %d attachments", err, len(d.Attachments))
	}
	wiretest.RequireInvalid(t, d.AttachReader("x.txt", "", nil), "r")
}

func TestAttachFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "state.json")
	if err := os.WriteFile(path, []byte(`{"cart":3}`), 0o600); err != nil {
		t.Fatal(err)
	}
	d := &cases.DebugInfo{}
	if err := d.AttachFile(path); err != nil {
		t.Fatal(err)
	}
	want := cases.Attachment{FileName: "state.json", ContentType: "application/json", Content: []byte(`{"cart":3}`)}
	if !reflect.DeepEqual(d.Attachments, []cases.Attachment{want}) {
		t.Errorf("attachments = %+v", d.Attachments)
	}

	if err := d.AttachFile(filepath.Join(dir, "missing.log")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: err = %v", err)
	}
	big := filepath.Join(dir, "big.bin")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(cases.MaxAttachmentBytes); err != nil { // sparse: cheap
		t.Fatal(err)
	}
	f.Close()
	wiretest.RequireInvalid(t, d.AttachFile(big), "DebugInfo.Attachments")
	if len(d.Attachments) != 1 {
		t.Errorf("%d attachments after refusals", len(d.Attachments))
	}
}

func TestAddRuntime(t *testing.T) {
	t.Parallel()
	d := &cases.DebugInfo{}
	if err := d.AddRuntime(); err != nil {
		t.Fatal(err)
	}
	p := d.Properties
	if p[cases.PropGoVersion] != runtime.Version() || p[cases.PropGoOS] != runtime.GOOS || p[cases.PropGoArch] != runtime.GOARCH {
		t.Errorf("properties = %v", p)
	}
	if n, err := strconv.Atoi(p[cases.PropGoNumGoroutine]); err != nil || n < 1 {
		t.Errorf("%s = %q", cases.PropGoNumGoroutine, p[cases.PropGoNumGoroutine])
	}
	if !strings.Contains(d.StackTrace, "goroutine ") || !strings.Contains(d.StackTrace, "TestAddRuntime") {
		t.Errorf("stack trace = %.200q", d.StackTrace)
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		if p[cases.PropGoMainPath] != bi.Main.Path {
			t.Errorf("%s = %q, want %q", cases.PropGoMainPath, p[cases.PropGoMainPath], bi.Main.Path)
		}
		if len(d.Attachments) != 1 || d.Attachments[0].FileName != cases.BuildInfoFileName ||
			d.Attachments[0].ContentType != cases.ContentTypeText || string(d.Attachments[0].Content) != bi.String() {
			t.Errorf("attachments = %+v", d.Attachments)
		}
	}
	if err := d.Validate(); err != nil {
		t.Error(err)
	}

	// A stack trace already set (a panic's, say) is kept.
	d = &cases.DebugInfo{StackTrace: "panic: boom"}
	if err := d.AddRuntime(); err != nil || d.StackTrace != "panic: boom" {
		t.Errorf("StackTrace = %q, %v", d.StackTrace, err)
	}
}

func TestAddRuntimeStackBounded(t *testing.T) {
	t.Parallel()
	// Enough parked goroutines that all their stacks exceed 256 KiB.
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 4000 {
		wg.Add(1)
		go func() { defer wg.Done(); <-stop }()
	}
	defer func() { close(stop); wg.Wait() }()

	d := &cases.DebugInfo{}
	if err := d.AddRuntime(); err != nil {
		t.Fatal(err)
	}
	if n := utf16Len(d.StackTrace); n > cases.MaxStackTraceLen || n < cases.MaxStackTraceLen/2 {
		t.Errorf("stack trace is %d UTF-16 code units; want close to and at most %d", n, cases.MaxStackTraceLen)
	}
	if !strings.HasSuffix(d.StackTrace, "truncated to fit the limit\n") {
		t.Errorf("a cut stack trace is not marked: ...%q", d.StackTrace[len(d.StackTrace)-80:])
	}
	if err := d.Validate(); err != nil {
		t.Error(err)
	}
}

func TestAddRuntimeAllOrNothing(t *testing.T) {
	t.Parallel()
	d := &cases.DebugInfo{Properties: props(cases.MaxProperties - 2)}
	wiretest.RequireInvalid(t, d.AddRuntime(), "DebugInfo.Properties")
	if len(d.Properties) != cases.MaxProperties-2 || len(d.Attachments) != 0 || d.StackTrace != "" {
		t.Errorf("d changed by a refused AddRuntime: %d properties, %d attachments", len(d.Properties), len(d.Attachments))
	}
	if _, ok := debug.ReadBuildInfo(); ok {
		d = &cases.DebugInfo{Attachments: attachments(cases.MaxAttachments)}
		wiretest.RequireInvalid(t, d.AddRuntime(), "DebugInfo.Attachments")
		if len(d.Properties) != 0 {
			t.Errorf("properties set by a refused AddRuntime: %v", d.Properties)
		}
	}
}

func TestSetPanic(t *testing.T) {
	t.Parallel()
	d := &cases.DebugInfo{}
	func() {
		defer func() {
			if v := recover(); v != nil {
				d.SetPanic(v, debug.Stack())
			}
		}()
		panic("boom")
	}()
	if !strings.HasPrefix(d.StackTrace, "panic: boom\n\ngoroutine ") || !strings.Contains(d.StackTrace, "TestSetPanic") {
		t.Errorf("StackTrace = %q", d.StackTrace)
	}
	if d.SetPanic(errors.New("nil stack"), nil).StackTrace == "" {
		t.Error("nil stack gave no trace")
	}

	// Too long: cut to the limit in UTF-16 code units (13 per line here, in
	// 18 bytes), valid UTF-8, marked.
	long := strings.Repeat("frame é → 😀\n", cases.MaxStackTraceLen/8)
	d.SetStackTrace(long)
	if n := utf16Len(d.StackTrace); n > cases.MaxStackTraceLen || n < cases.MaxStackTraceLen-100 || !utf8.ValidString(d.StackTrace) {
		t.Errorf("cut stack trace: %d UTF-16 code units, valid %v", n, utf8.ValidString(d.StackTrace))
	}
	if len(d.StackTrace) <= cases.MaxStackTraceLen {
		t.Errorf("cut to %d bytes: counted in bytes, not UTF-16 code units", len(d.StackTrace))
	}
	if err := d.Validate(); err != nil {
		t.Error(err)
	}
	// 300,000 é fit in no way but cut; 262,144 of them fit as they are.
	d.SetStackTrace(strings.Repeat("é", 300000))
	if err := d.Validate(); err != nil || utf16Len(d.StackTrace) < cases.MaxStackTraceLen-100 {
		t.Errorf("é stack trace: %d units, %v", utf16Len(d.StackTrace), err)
	}
	if fits := strings.Repeat("é", cases.MaxStackTraceLen); d.SetStackTrace(fits).StackTrace != fits {
		t.Error("a stack trace at the limit was cut")
	}
	d.SetStackTrace(strings.Repeat("\xff", cases.MaxStackTraceLen+1)) // 1 unit each as sent
	if err := d.Validate(); err != nil {
		t.Errorf("invalid UTF-8 stack trace not fitted: %v", err)
	}
	short := "at main.main()"
	if d.SetStackTrace(short).StackTrace != short {
		t.Error("a short stack trace was changed")
	}
}

func sessionWithID(id int) sessions.Session { return sessions.Session{SessionID: id} }

// utf16Len counts as the server does, independently of the package.
func utf16Len(s string) int { return len(utf16.Encode([]rune(s))) }
