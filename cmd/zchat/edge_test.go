package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/agents"
	"github.com/zchat/zchat-go/departments"
	"github.com/zchat/zchat-go/internal/wiretest"
	"github.com/zchat/zchat-go/webhook"
	"github.com/zchat/zchat-go/zchattest"
)

// hostile is text a visitor or a server may send to forge lines on a
// terminal, set its title and clear it.
const hostile = "Eve\x1b]0;pwned\x07\x1b[2J\nzchat: forged line\r\u202eevil\u009b31m"

// requireSafe fails when s holds a byte that would reach the terminal as a
// control: an escape, a bell, a carriage return, a C1 control or a bidi
// override, or a line that the hostile text forged.
func requireSafe(t *testing.T, s string) {
	t.Helper()
	for _, bad := range []string{"\x1b", "\x07", "\r", "\u009b", "\u202e"} {
		require.NotContains(t, s, bad, "%q", s)
	}
	for line := range strings.Lines(s) {
		require.False(t, strings.HasPrefix(line, "zchat: forged"), "a forged line: %q", s)
	}
}

// Point 9: what a server or a sender wrote reaches the terminal as one safe
// line: tables, key: value blocks, API errors, webhook reports.
func TestServerTextIsSafe(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	s, err := srv.StartSession(zchattest.Visitor{DisplayName: hostile, Email: "eve@example.com", Question: hostile, PageTitle: hostile})
	require.NoError(t, err)
	_, err = srv.VisitorSays(s.SessionID, hostile)
	require.NoError(t, err)
	id := strconv.Itoa(s.SessionID)
	eve, err := agents.New(srv.Client()).Create(context.Background(), agents.Agent{LoginName: "eve\x1b[2J", DisplayName: hostile, Password: "pw-8812"})
	require.NoError(t, err)
	require.NoError(t, departments.New(srv.Client()).AddAgent(context.Background(), 2, eve.UserID))

	for _, args := range [][]string{
		{"agents", "list"}, {"departments", "get", "2"}, {"sessions", "list"}, {"sessions", "get", id}, {"messages", "list", id}, {"transcript", id},
		{"leads", "upsert", "--email", "eve@example.com", "--name", hostile},
		{"cases", "submit", "1", "--subject", "S", "--debug-from-session", id, "--transcript", "--log", "error:" + hostile},
	} {
		r := runZchat(t, serverEnv(srv), "", args...)
		require.Equal(t, exitOK, r.code, "%v: %s", args, r.stderr)
		requireSafe(t, r.stdout+r.stderr)
		assert.Contains(t, r.stdout, "Eve", args)
	}

	// An error answer whose every field is hostile, and as long as a server
	// cares to make it.
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Request-Id", "rid-1")
		w.WriteHeader(http.StatusUnprocessableEntity)
		fmt.Fprintf(w, `{"Code":%q,"Message":%q,"RequestId":%q,"Fields":[{"Field":%q,"Message":%q}]}`,
			"validation_failed"+hostile, hostile+strings.Repeat("x", 30000), "rid"+hostile, hostile, hostile)
	}))
	defer evil.Close()
	r := runZchat(t, map[string]string{envBaseURL: evil.URL, envAPIKey: "k"}, "", "ping", "--retries", "0")
	require.Equal(t, exitAPI, r.code, r.stderr)
	requireSafe(t, r.stderr)
	assert.Contains(t, r.stderr, "422")
	assert.Less(t, len(r.stderr), 4000, "bounded")
}

// Point 9: webhook listen prints a sender's path, ids and event data safe.
func TestWebhookListenOutputIsSafe(t *testing.T) {
	t.Parallel()
	url, wait := startListen(t, map[string]string{envAPIKey: testSecret}, "--max-events", "1")
	defer http.DefaultClient.CloseIdleConnections()

	// Unsigned, at a path that decodes to escape sequences and a line break.
	assert.Equal(t, http.StatusUnauthorized, post(t, url+"/%1b]0;pwned%07/%0azchat:%20forged%20line", "", "", testEvent))
	q := func(s string) string { b, _ := json.Marshal(s); return string(b) }
	body := fmt.Sprintf(`{"Id":%s,"Type":"message.created","Time":"2026-11-24T03:52:27Z","Data":{"MessageId":7,"SessionId":2,"Sender":%s,"Text":%s}}`,
		q("evt_1"+hostile), q(hostile), q(hostile))
	assert.Equal(t, http.StatusOK, post(t, url, testSecret, "evt_1", body))

	r := wait()
	require.Equal(t, exitOK, r.code, r.stderr)
	requireSafe(t, r.stdout+r.stderr)
	assert.Contains(t, r.stdout, "session 2, message 7, Eve")
	assert.Contains(t, r.stderr, "answered 401")
}

// Point 16: a duplicate is named by the body's Id, which the handler
// dedupes on, not by the webhook-id header of the second delivery.
func TestWebhookListenNamesTheDuplicateByTheBodysID(t *testing.T) {
	t.Parallel()
	url, wait := startListen(t, map[string]string{envAPIKey: testSecret}, "--max-events", "2")
	defer http.DefaultClient.CloseIdleConnections()
	assert.Equal(t, http.StatusOK, post(t, url, testSecret, "msg_header_1", testEvent))
	assert.Equal(t, http.StatusOK, post(t, url, testSecret, "msg_header_2", testEvent))
	assert.Equal(t, http.StatusOK, post(t, url, testSecret, "evt_other", strings.Replace(testEvent, "evt_2kq8", "evt_other", 1)))
	r := wait()
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stderr, "a duplicate of event evt_2kq8 (the body's Id)")
	assert.NotContains(t, r.stderr, "msg_header_2")
}

// rawRequest sends head (a request line and headers, no blank line) and
// then body on a new connection, and returns the status line of the answer,
// or the error reading it.
func rawRequest(t *testing.T, base, head, body string) (string, error) {
	t.Helper()
	u, err := url.Parse(base)
	require.NoError(t, err)
	conn, err := net.Dial("tcp", u.Host)
	require.NoError(t, err)
	defer conn.Close()
	require.NoError(t, conn.SetDeadline(time.Now().Add(5*time.Second)))
	_, err = io.WriteString(conn, head+"\r\nHost: "+u.Host+"\r\n\r\n"+body)
	require.NoError(t, err)
	return bufio.NewReader(conn).ReadString('\n')
}

// Point 14: webhook listen refuses, before reading a byte of the body, a
// body over --max-body by its Content-Length and a request without the
// signature headers; a body without a Content-Length is cut at --max-body.
func TestWebhookListenRefusesBeforeReading(t *testing.T) {
	t.Parallel()
	url, wait := startListen(t, map[string]string{envAPIKey: testSecret}, "--max-events", "1", "--max-body", "1024")
	defer http.DefaultClient.CloseIdleConnections()
	signedHead := func(id string) string {
		return "\r\n" + webhook.HeaderID + ": " + id + "\r\n" + webhook.HeaderTimestamp + ": " + strconv.FormatInt(time.Now().Unix(), 10) +
			"\r\n" + webhook.HeaderSignature + ": v1,AAAA"
	}

	// The bodies are never sent: an answer proves they were not waited for.
	status, err := rawRequest(t, url, "POST /hook HTTP/1.1\r\nContent-Length: 17000000"+signedHead("evt_big"), "")
	require.NoError(t, err, "answered without waiting for the body")
	assert.Contains(t, status, "413")
	status, err = rawRequest(t, url, "POST /hook HTTP/1.1\r\nContent-Length: 1000", "")
	require.NoError(t, err, "answered without waiting for the body")
	assert.Contains(t, status, "401")
	status, err = rawRequest(t, url, "GET /hook HTTP/1.1", "")
	require.NoError(t, err)
	assert.Contains(t, status, "405")

	// Chunked, no Content-Length: read up to the limit, no further.
	chunk := strings.Repeat("x", 4096)
	status, err = rawRequest(t, url, "POST /hook HTTP/1.1\r\nTransfer-Encoding: chunked"+signedHead("evt_chunked"),
		fmt.Sprintf("%x\r\n%s\r\n0\r\n\r\n", len(chunk), chunk))
	require.NoError(t, err)
	assert.Contains(t, status, "413")

	assert.Equal(t, http.StatusOK, post(t, url, testSecret, "evt_2kq8", testEvent))
	r := wait()
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stderr, "answered 413: Content-Length 17000000 is over --max-body 1024; the body was not read")
	assert.Contains(t, r.stderr, "answered 401: webhook: missing signature headers: no webhook-id; the body was not read")
	assert.Contains(t, r.stderr, "answered 405: not a POST")
	assert.Contains(t, r.stderr, "answered 413: the body is over --max-body")
}

// Point 14: webhook listen listens on loopback unless told otherwise.
func TestWebhookListenDefaultsToLoopback(t *testing.T) {
	t.Parallel()
	root := rootCommand()
	cmd := root.find("webhook").find("listen")
	a := newApp(strings.NewReader(""), io.Discard, io.Discard, env(nil))
	fs, _ := a.flags(cmd)
	host, _, err := net.SplitHostPort(fs.Lookup("addr").DefValue)
	require.NoError(t, err)
	assert.True(t, net.ParseIP(host).IsLoopback(), "default --addr %s", fs.Lookup("addr").DefValue)
}

// Point 14: the server webhook listen and mock-server share bounds a
// client's time and headers.
func TestServeLimits(t *testing.T) {
	t.Parallel()
	hs := newHTTPServer(http.NotFoundHandler(), defaultLimits)
	assert.Positive(t, hs.ReadHeaderTimeout)
	assert.Positive(t, hs.ReadTimeout)
	assert.Positive(t, hs.WriteTimeout)
	assert.Positive(t, hs.IdleTimeout)
	assert.Positive(t, hs.MaxHeaderBytes)
	assert.GreaterOrEqual(t, hs.ReadTimeout, hs.ReadHeaderTimeout)

	// Served with short limits, each client that takes too long is cut off.
	limits := serverLimits{readHeader: 200 * time.Millisecond, read: 400 * time.Millisecond, write: time.Second,
		idle: 200 * time.Millisecond, maxHeaderBytes: 4 << 10}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- serve(ctx, cancel, ln, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.Copy(io.Discard, r.Body)
		}), limits)
	}()
	defer func() {
		cancel()
		require.NoError(t, <-done)
	}()
	base := "http://" + ln.Addr().String()

	// closedWithin sends what and requires the server to close the
	// connection (after any answer) well before the client's 5 s deadline.
	closedWithin := func(name, what string) {
		conn, err := net.Dial("tcp", ln.Addr().String())
		require.NoError(t, err)
		defer conn.Close()
		require.NoError(t, conn.SetDeadline(time.Now().Add(5*time.Second)))
		_, err = io.WriteString(conn, what)
		require.NoError(t, err)
		_, err = io.Copy(io.Discard, conn)
		require.NoError(t, err, "%s: the server closes the connection", name)
	}
	closedWithin("headers never end", "POST / HTTP/1.1\r\nHost: x\r\n")
	closedWithin("body never ends", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n0123456789")
	closedWithin("idle after an answer", "GET / HTTP/1.1\r\nHost: x\r\n\r\n")

	status, err := rawRequest(t, base, "GET / HTTP/1.1\r\nX-Big: "+strings.Repeat("a", 16<<10), "")
	require.NoError(t, err)
	assert.Contains(t, status, "431")
}

// Point 15: mock-server listens on --addr and nowhere else. (Linux: it
// counts this process's listening TCP sockets in /proc.)
func TestMockServerOpensOnePort(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("counts listening sockets through /proc, which only Linux has")
	}
	// Not parallel: it counts every listening socket of the process.
	before := listeningSockets(t)
	var out, errOut wiretest.Buffer
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"mock-server", "--addr", "127.0.0.1:0"}, strings.NewReader(""), &out, &errOut, env(nil))
	}()
	waitFor(t, &out, envAPIKey+"=")
	during := listeningSockets(t)
	cancel()
	require.Equal(t, exitOK, <-done, errOut.String())
	assert.Equal(t, before+1, during, "one listening socket: --addr")
}

// listeningSockets counts the TCP sockets of this process in the LISTEN
// state.
func listeningSockets(t *testing.T) int {
	t.Helper()
	inodes := map[string]bool{}
	fds, err := os.ReadDir("/proc/self/fd")
	require.NoError(t, err)
	for _, fd := range fds {
		link, err := os.Readlink("/proc/self/fd/" + fd.Name())
		if inode, ok := strings.CutPrefix(link, "socket:["); err == nil && ok {
			inodes[strings.TrimSuffix(inode, "]")] = true
		}
	}
	n := 0
	for _, table := range []string{"/proc/net/tcp", "/proc/net/tcp6"} {
		b, err := os.ReadFile(table)
		if err != nil {
			continue
		}
		for line := range strings.Lines(string(b)) {
			f := strings.Fields(line)
			if len(f) > 9 && f[3] == "0A" && inodes[f[9]] { // 0A: LISTEN
				n++
			}
		}
	}
	return n
}

// Point 20: an error names the flag the user gave, in the words of the
// help, never an SDK's Go name or a parser's jargon.
func TestErrorsNameFlags(t *testing.T) {
	t.Parallel()
	goNames := []string{"Options.", "Input.", "NewMessage", "Transfer:", "Agent.", "Department.", "With", "baseURL",
		"parse error", " mail:", "angle-addr", "invalid argument", "flag -"}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"page size over", []string{"sessions", "list", "--page-size", "5000"}, `--page-size "5000": want a whole number from 1 to 1000`},
		{"page size zero", []string{"leads", "list", "--page-size", "0"}, `--page-size "0": want a whole number from 1 to 1000`},
		{"transcript page size", []string{"transcript", "1", "--page-size", "1001"}, `--page-size "1001": want a whole number from 1 to 1000`},
		{"negative limit", []string{"cases", "list", "1", "--limit", "-1"}, `--limit "-1": want a whole number ≥ 0`},
		{"negative retries", []string{"ping", "--retries", "-1"}, "--retries: must be ≥ 0, got -1"},
		{"negative rate", []string{"ping", "--rate", "-1"}, "--rate: must be > 0 requests a second (0 = no limit)"},
		{"retries not a number", []string{"ping", "--retries", "x"}, `--retries "x": want a whole number`},
		{"timeout not a duration", []string{"ping", "--timeout", "abc"}, `--timeout "abc": want a duration such as 30s`},
		{"negative timeout", []string{"ping", "--timeout", "-1s"}, "--timeout: must be ≥ 0, got -1s"},
		{"timeout without value", []string{"ping", "--timeout"}, "--timeout needs a value"},
		{"bad base URL", []string{"ping", "--base-url", "ftp://example.com"}, "--base-url (or ZCHAT_BASE_URL): scheme"},
		{"bad boolean", []string{"agents", "update", "1", "--admin=maybe"}, `--admin "maybe": want true or false`},
		{"e-mail", []string{"leads", "upsert", "--email", "ann.example.com"}, `--email: "ann.example.com" is not a valid address`},
		{"e-mail with a name", []string{"leads", "upsert", "--email", "Ann <ann@example.com>"}, `--email: "Ann <ann@example.com>" must be a bare address`},
		{"no subject", []string{"cases", "submit", "1"}, "--subject: is required"},
		{"long subject", []string{"cases", "submit", "1", "--subject", strings.Repeat("x", 201)}, "--subject: is 201 characters"},
		{"bad priority", []string{"cases", "submit", "1", "--subject", "S", "--priority", "asap"}, `--priority: "asap" is not one of low, normal, high, urgent`},
		{"bad key", []string{"cases", "submit", "1", "--subject", "S", "--idempotency-key", "clé"}, "--idempotency-key: must be visible ASCII"},
		{"no note text", []string{"notes", "submit", "1"}, "--text: is required"},
		{"empty message", []string{"messages", "send", "1", "--text", ""}, "--text or --html: give one of them"},
		{"transfer nowhere", []string{"sessions", "transfer", "1"}, "--agent or --department: give at least one"},
		{"bad status", []string{"sessions", "list", "--status", "open"}, `--status: is "open"`},
		{"until before since", []string{"sessions", "list", "--since", "2026-11-25", "--until", "2026-11-24"},
			"--until: 2026-11-24T00:00:00Z is before --since 2026-11-25T00:00:00Z"},
		{"department without name", []string{"departments", "create"}, "--name: is required"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t)
			r := runZchat(t, serverEnv(srv), "", tc.args...)
			require.Equal(t, exitUsage, r.code, r.stderr)
			assert.Contains(t, r.stderr, "zchat: "+tc.want)
			for _, s := range goNames {
				assert.NotContains(t, r.stderr, s)
			}
			assert.Empty(t, srv.Requests(), "nothing sent")
		})
	}
}

// Point 20: the small words of help and output.
func TestWording(t *testing.T) {
	t.Parallel()
	r := runZchat(t, nil, "", "agents", "delete", "--help")
	assert.Contains(t, r.stdout, "Delete an agent.")
	r = runZchat(t, nil, "", "departments", "delete", "--help")
	assert.Contains(t, r.stdout, "Delete a department.")
	for n, want := range map[int]string{0: "0 sessions", 1: "1 session", 2: "2 sessions", 3000: "3,000 sessions"} {
		assert.Equal(t, want, count(n, "sessions"))
	}
}

// Point 5: a submission with an idempotency key and log entries, run
// twice, creates one case and says so the second time; the same key with
// other content is refused, clearly, and creates nothing.
func TestSubmitTwiceWithAKey(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "console.log")
	require.NoError(t, os.WriteFile(file, []byte("TypeError: x is undefined\n"), 0o600))
	for _, tc := range []struct {
		noun string
		kind string
		args []string
	}{
		{"case", zchattest.KindCases, []string{"cases", "submit", "1", "--subject", "Checkout fails"}},
		{"note", zchattest.KindNotes, []string{"notes", "submit", "1", "--text", "Called back"}},
	} {
		t.Run(tc.noun, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t)
			args := append(tc.args, "--debug-from-session", "2", "--transcript", "--attach", file,
				"--log", "error:x is undefined", "--log", "info:retried", "--idempotency-key", "ticket-8812")
			first := runZchat(t, serverEnv(srv), "", args...)
			require.Equal(t, exitOK, first.code, first.stderr)
			assert.NotContains(t, first.stdout, "Already submitted")
			again := runZchat(t, serverEnv(srv), "", args...)
			require.Equal(t, exitOK, again.code, again.stderr)
			assert.True(t, strings.HasPrefix(again.stdout, "Already submitted with this --idempotency-key"), again.stdout)
			assert.True(t, strings.HasSuffix(again.stdout, first.stdout), "the same %s:\n%s\n%s", tc.noun, first.stdout, again.stdout)
			assert.Equal(t, 1, srv.Stats().Created[tc.kind], "one %s", tc.noun)

			timed := runZchat(t, serverEnv(srv), "", append(args, "--log-time", "2026-11-24T03:52:27Z")...)
			require.Equal(t, exitAPI, timed.code, timed.stderr)
			assert.True(t, strings.HasPrefix(timed.stderr, "zchat: this --idempotency-key was used before with different content"), timed.stderr)
			assert.Contains(t, timed.stderr, "nothing new was created")
			assert.Contains(t, timed.stderr, "idempotency_mismatch")
			assert.Equal(t, 1, srv.Stats().Created[tc.kind], "still one %s", tc.noun)
		})
	}
}
