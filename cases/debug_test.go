package cases_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
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

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/cases"
	"github.com/zchat/zchat-go/internal/wiretest"
	"github.com/zchat/zchat-go/sessions"
)

func TestDebugFromSession(t *testing.T) {
	t.Parallel()
	var s sessions.Session
	require.NoError(t, json.Unmarshal(wiretest.LoadFixture(t, "session.json"), &s))
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
	assert.Equal(t, want, got)
	assert.NoError(t, got.Validate())
}

func TestDebugFromSessionLeavesOutZeroIDs(t *testing.T) {
	t.Parallel()
	got := cases.DebugFromSession(sessions.Session{SessionID: 9, CustomerID: "Guest:1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed"})
	want := map[string]string{cases.PropSessionID: "9", cases.PropCustomerID: "Guest:1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed"}
	assert.Equal(t, want, got.Properties)
}

func TestAddLog(t *testing.T) {
	t.Parallel()
	d := &cases.DebugInfo{}
	before := time.Now()
	require.NoError(t, d.AddLog("info", "started"))
	e := d.Logs[0]
	assert.Equal(t, "info", e.Level)
	assert.Equal(t, "started", e.Message)
	assert.False(t, e.Time.Before(before), "entry time %v before %v", e.Time, before)
	assert.Equal(t, time.UTC, e.Time.Location())
	for i := 1; i < cases.MaxLogEntries; i++ {
		require.NoError(t, d.AddLogAt(time.Unix(int64(i), 0), "debug", strconv.Itoa(i)), "entry %d", i)
	}
	wiretest.RequireInvalid(t, d.AddLog("error", "one too many"), "DebugInfo.Logs")
	wiretest.RequireInvalid(t, d.AddLogAt(time.Now(), "error", "one too many"), "DebugInfo.Logs")
	assert.Equal(t, cases.MaxLogEntries, len(d.Logs))
}

func TestSetProperty(t *testing.T) {
	t.Parallel()
	d := &cases.DebugInfo{}
	for i := range cases.MaxProperties {
		require.NoError(t, d.SetProperty("k"+strconv.Itoa(i), "v"))
	}
	assert.NoError(t, d.SetProperty("k0", "replaced"), "replacing at the limit")
	assert.Equal(t, "replaced", d.Properties["k0"], "replacing at the limit")
	wiretest.RequireInvalid(t, d.SetProperty("new", "v"), "DebugInfo.Properties")
	assert.NotContains(t, d.Properties, "new")
	assert.Len(t, d.Properties, cases.MaxProperties, "properties after refusal")
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
		require.NoError(t, d.AttachReader(tt.name, tt.contentType, bytes.NewReader(tt.content)))
		assert.Equal(t, tt.want, d.Attachments[0].ContentType, "AttachReader(%q, %q)", tt.name, tt.contentType)
		d = &cases.DebugInfo{}
		require.NoError(t, d.AttachBytes(tt.name, tt.contentType, tt.content))
		assert.Equal(t, tt.want, d.Attachments[0].ContentType, "AttachBytes(%q, %q)", tt.name, tt.contentType)
	}
}

func TestAttachBytesCopiesAndLimits(t *testing.T) {
	t.Parallel()
	d := &cases.DebugInfo{}
	b := []byte("original")
	require.NoError(t, d.AttachBytes("a.txt", "text/plain", b))
	b[0] = 'X'
	assert.Equal(t, "original", string(d.Attachments[0].Content))
	wiretest.RequireInvalid(t, d.AttachBytes("", "text/plain", nil), "DebugInfo.Attachments.FileName")
	wiretest.RequireInvalid(t, d.AttachBytes("big.bin", "", make([]byte, cases.MaxAttachmentBytes-len("original")+1)), "DebugInfo.Attachments")
	require.NoError(t, d.AttachBytes("fits.bin", "", make([]byte, cases.MaxAttachmentBytes-len("original"))), "exactly the rest of the budget")
	wiretest.RequireInvalid(t, d.AttachBytes("one.bin", "", []byte{1}), "DebugInfo.Attachments")

	d = &cases.DebugInfo{}
	for i := range cases.MaxAttachments {
		require.NoError(t, d.AttachBytes("f"+strconv.Itoa(i), "text/plain", nil))
	}
	wiretest.RequireInvalid(t, d.AttachBytes("eleventh", "text/plain", nil), "DebugInfo.Attachments")
	wiretest.RequireInvalid(t, d.AttachReader("eleventh", "text/plain", strings.NewReader("x")), "DebugInfo.Attachments")
	assert.Equal(t, cases.MaxAttachments, len(d.Attachments))
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
	require.NoError(t, d.AttachBytes("big.bin", "", make([]byte, used)))
	r := &endless{}
	wiretest.RequireInvalid(t, d.AttachReader("huge.bin", "", r), "DebugInfo.Attachments")
	assert.LessOrEqual(t, r.n, int64(101), "bytes read from a huge reader: at most the 100 left + 1")
	assert.Equal(t, 1, len(d.Attachments))
	assert.NoError(t, d.AttachReader("exact.bin", "", io.LimitReader(&endless{}, 100)), "exactly what is left")
}

func TestAttachReaderError(t *testing.T) {
	t.Parallel()
	d := &cases.DebugInfo{}
	boom := errors.New("boom")
	err := d.AttachReader("x.txt", "", iotest.ErrReader(boom))
	assert.ErrorIs(t, err, boom)
	assert.Empty(t, d.Attachments)
	wiretest.RequireInvalid(t, d.AttachReader("x.txt", "", nil), "r")
}

func TestAttachFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "state.json")
	require.NoError(t, os.WriteFile(path, []byte(`{"cart":3}`), 0o600))
	d := &cases.DebugInfo{}
	require.NoError(t, d.AttachFile(path))
	want := cases.Attachment{FileName: "state.json", ContentType: "application/json", Content: []byte(`{"cart":3}`)}
	assert.Equal(t, []cases.Attachment{want}, d.Attachments)

	assert.ErrorIs(t, d.AttachFile(filepath.Join(dir, "missing.log")), fs.ErrNotExist, "missing file")
	big := filepath.Join(dir, "big.bin")
	f, err := os.Create(big)
	require.NoError(t, err)
	require.NoError(t, f.Truncate(cases.MaxAttachmentBytes)) // sparse: cheap
	f.Close()
	wiretest.RequireInvalid(t, d.AttachFile(big), "DebugInfo.Attachments")
	assert.Equal(t, 1, len(d.Attachments))
}

func TestAddRuntime(t *testing.T) {
	t.Parallel()
	d := &cases.DebugInfo{}
	require.NoError(t, d.AddRuntime())
	p := d.Properties
	assert.Equal(t, runtime.Version(), p[cases.PropGoVersion])
	assert.Equal(t, runtime.GOOS, p[cases.PropGoOS])
	assert.Equal(t, runtime.GOARCH, p[cases.PropGoArch])
	n, err := strconv.Atoi(p[cases.PropGoNumGoroutine])
	assert.NoError(t, err, cases.PropGoNumGoroutine)
	assert.GreaterOrEqual(t, n, 1, cases.PropGoNumGoroutine)
	assert.Contains(t, d.StackTrace, "goroutine ")
	assert.Contains(t, d.StackTrace, "TestAddRuntime")
	if bi, ok := debug.ReadBuildInfo(); ok {
		assert.Equal(t, bi.Main.Path, p[cases.PropGoMainPath])
		if assert.Len(t, d.Attachments, 1) {
			assert.Equal(t, cases.BuildInfoFileName, d.Attachments[0].FileName)
			assert.Equal(t, cases.ContentTypeText, d.Attachments[0].ContentType)
			assert.Equal(t, bi.String(), string(d.Attachments[0].Content))
		}
	}
	assert.NoError(t, d.Validate())

	// A stack trace already set (a panic's, say) is kept.
	d = &cases.DebugInfo{StackTrace: "panic: boom"}
	assert.NoError(t, d.AddRuntime())
	assert.Equal(t, "panic: boom", d.StackTrace)
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
	require.NoError(t, d.AddRuntime())
	n := utf16Len(d.StackTrace)
	assert.LessOrEqual(t, n, cases.MaxStackTraceLen, "stack trace in UTF-16 code units")
	assert.GreaterOrEqual(t, n, cases.MaxStackTraceLen/2, "stack trace in UTF-16 code units: close to the limit")
	assert.True(t, strings.HasSuffix(d.StackTrace, "truncated to fit the limit\n"), "a cut stack trace is not marked: ...%q", d.StackTrace[len(d.StackTrace)-80:])
	assert.NoError(t, d.Validate())
}

func TestAddRuntimeAllOrNothing(t *testing.T) {
	t.Parallel()
	d := &cases.DebugInfo{Properties: props(cases.MaxProperties - 2)}
	wiretest.RequireInvalid(t, d.AddRuntime(), "DebugInfo.Properties")
	assert.Len(t, d.Properties, cases.MaxProperties-2, "d changed by a refused AddRuntime")
	assert.Empty(t, d.Attachments, "d changed by a refused AddRuntime")
	assert.Empty(t, d.StackTrace, "d changed by a refused AddRuntime")
	if _, ok := debug.ReadBuildInfo(); ok {
		d = &cases.DebugInfo{Attachments: attachments(cases.MaxAttachments)}
		wiretest.RequireInvalid(t, d.AddRuntime(), "DebugInfo.Attachments")
		assert.Empty(t, d.Properties)
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
	assert.True(t, strings.HasPrefix(d.StackTrace, "panic: boom\n\ngoroutine "), "StackTrace = %q", d.StackTrace)
	assert.Contains(t, d.StackTrace, "TestSetPanic")
	assert.NotEmpty(t, d.SetPanic(errors.New("nil stack"), nil).StackTrace, "nil stack gave no trace")

	// Too long: cut to the limit in UTF-16 code units (13 per line here, in
	// 18 bytes), valid UTF-8, marked.
	long := strings.Repeat("frame é → 😀\n", cases.MaxStackTraceLen/8)
	d.SetStackTrace(long)
	n := utf16Len(d.StackTrace)
	assert.LessOrEqual(t, n, cases.MaxStackTraceLen, "cut stack trace in UTF-16 code units")
	assert.GreaterOrEqual(t, n, cases.MaxStackTraceLen-100, "cut stack trace in UTF-16 code units")
	assert.True(t, utf8.ValidString(d.StackTrace), "cut stack trace is valid UTF-8")
	assert.Greater(t, len(d.StackTrace), cases.MaxStackTraceLen, "cut in bytes, not UTF-16 code units")
	assert.NoError(t, d.Validate())
	// 300,000 é fit in no way but cut; 262,144 of them fit as they are.
	d.SetStackTrace(strings.Repeat("é", 300000))
	assert.NoError(t, d.Validate(), "é stack trace")
	assert.GreaterOrEqual(t, utf16Len(d.StackTrace), cases.MaxStackTraceLen-100, "é stack trace in UTF-16 code units")
	fits := strings.Repeat("é", cases.MaxStackTraceLen)
	assert.Equal(t, fits, d.SetStackTrace(fits).StackTrace, "a stack trace at the limit was cut")
	d.SetStackTrace(strings.Repeat("\xff", cases.MaxStackTraceLen+1)) // 1 unit each as sent
	assert.NoError(t, d.Validate(), "invalid UTF-8 stack trace not fitted")
	short := "at main.main()"
	assert.Equal(t, short, d.SetStackTrace(short).StackTrace)
}

func sessionWithID(id int) sessions.Session { return sessions.Session{SessionID: id} }

// utf16Len counts as the server does, independently of the package.
func utf16Len(s string) int { return len(utf16.Encode([]rune(s))) }
