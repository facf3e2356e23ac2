package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/zchattest"
)

// demoSince is a --since that takes in the three chats of the demo server
// (SessionIds 1–3).
const demoSince = "2026-11-24"

// newEndedServer is newServer with the demo's active chat (3) ended too, so
// that all three demo chats are exported.
func newEndedServer(t *testing.T) *zchattest.Server {
	t.Helper()
	srv := newServer(t)
	_, err := srv.End(3)
	require.NoError(t, err)
	return srv
}

// seedEnded adds n ended sessions with msgs messages each to srv, and
// returns their ids.
func seedEnded(t testing.TB, srv *zchattest.Server, n, msgs int) []int {
	t.Helper()
	ids := make([]int, n)
	for i := range ids {
		s, err := srv.StartSession(zchattest.Visitor{DisplayName: "Visitor " + strconv.Itoa(i), Question: "Hello?"})
		require.NoError(t, err)
		for j := range msgs {
			_, err := srv.VisitorSays(s.SessionID, fmt.Sprintf("line %d of chat %d", j, s.SessionID))
			require.NoError(t, err)
		}
		_, err = srv.End(s.SessionID)
		require.NoError(t, err)
		ids[i] = s.SessionID
	}
	return ids
}

// dirNames lists the names in dir, sorted.
func dirNames(t testing.TB, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	names := make([]string, len(entries))
	for i, e := range entries {
		names[i] = e.Name()
	}
	slices.Sort(names)
	return names
}

// fileNames are the names of the files of ids in the extension ext.
func fileNames(ext string, ids ...int) []string {
	names := make([]string, len(ids))
	for i, id := range ids {
		names[i] = strconv.Itoa(id) + "." + ext
	}
	slices.Sort(names)
	return names
}

// messageFetches counts the requests srv received for each session's
// messages.
func messageFetches(srv *zchattest.Server) map[int]int {
	re := regexp.MustCompile(`^/sessions/([0-9]+)/messages$`)
	n := map[int]int{}
	for _, r := range srv.Requests() {
		if m := re.FindStringSubmatch(r.Path); m != nil {
			id, _ := strconv.Atoi(m[1])
			n[id]++
		}
	}
	return n
}

// readFile returns the content of dir/name.
func readFile(t testing.TB, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	require.NoError(t, err)
	return string(b)
}

// Each format writes one file per session, named by its id and the
// format, holding what "zchat transcript" prints for it; the summary says
// what was written.
func TestExportFormats(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ format, ext string }{
		{"jsonl", "jsonl"}, {"text", "txt"}, {"json", "json"}, {"", "jsonl"},
	} {
		t.Run("format "+tc.format, func(t *testing.T) {
			t.Parallel()
			srv := newEndedServer(t)
			dir := filepath.Join(t.TempDir(), "out") // created by the export
			args := []string{"export", "--since", demoSince, "--out", dir}
			if tc.format != "" {
				args = append(args, "--format", tc.format)
			}
			r := runZchat(t, serverEnv(srv), "", args...)
			require.Equal(t, exitOK, r.code, r.stderr)
			assert.Equal(t, fileNames(tc.ext, 1, 2, 3), dirNames(t, dir))
			assert.Contains(t, r.stdout, "Exported 3 sessions to "+dir)
			assert.Contains(t, r.stdout, "3 written (15 messages), 0 already there, 0 failed.")
			assert.Empty(t, r.stderr, "no progress when stderr is not a terminal")
			format := tc.format
			if format == "" {
				format = "jsonl"
			}
			for _, id := range []int{1, 2, 3} {
				want := runZchat(t, serverEnv(srv), "", "transcript", strconv.Itoa(id), "--format", format)
				require.Equal(t, exitOK, want.code)
				assert.Equal(t, want.stdout, readFile(t, dir, fmt.Sprintf("%d.%s", id, tc.ext)), "session %d", id)
			}
			fi, err := os.Stat(filepath.Join(dir, "1."+tc.ext))
			require.NoError(t, err)
			if os.PathSeparator == '/' {
				assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm(), "transcripts are private")
			}
		})
	}
}

// --json prints the summary as one object.
func TestExportJSONSummary(t *testing.T) {
	t.Parallel()
	srv := newEndedServer(t)
	dir := t.TempDir()
	r := runZchat(t, serverEnv(srv), "", "export", "--since", demoSince, "--out", dir, "--json")
	require.Equal(t, exitOK, r.code, r.stderr)
	var s exportSummary
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &s), r.stdout)
	assert.Equal(t, exportSummary{Dir: dir, Format: "jsonl", Sessions: 3, Written: 3, Messages: 15, FailedIDs: []int{}, Seconds: s.Seconds}, s)
}

// Bad flags are refused before anything is sent or created.
func TestExportUsage(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"no since", []string{"--out", "OUT"}, "--since is required"},
		{"no out", []string{"--since", "24h"}, "--out is required"},
		{"bad since", []string{"--since", "yesterday", "--out", "OUT"}, "want RFC 3339"},
		{"bad format", []string{"--since", "24h", "--out", "OUT", "--format", "xml"}, "want text, json or jsonl"},
		{"no concurrency", []string{"--since", "24h", "--out", "OUT", "--concurrency", "0"}, "--concurrency 0: want 1–64"},
		{"too much concurrency", []string{"--since", "24h", "--out", "OUT", "--concurrency", "65"}, "want 1–64"},
		{"page size", []string{"--since", "24h", "--out", "OUT", "--page-size", "1001"}, "--page-size"},
		{"an argument", []string{"--since", "24h", "--out", "OUT", "42"}, `unexpected argument "42"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := newEndedServer(t)
			out := filepath.Join(t.TempDir(), "out")
			args := append([]string{"export"}, tc.args...)
			for i, a := range args {
				if a == "OUT" {
					args[i] = out
				}
			}
			r := runZchat(t, serverEnv(srv), "", args...)
			assert.Equal(t, exitUsage, r.code)
			assert.Contains(t, r.stderr, tc.want)
			assert.Contains(t, r.stderr, "Usage: zchat export --since")
			assert.Zero(t, srv.Stats().Requests, "nothing sent")
			assert.NoDirExists(t, out, "nothing created")
		})
	}
}

// Only the sessions that began since --since and have ended are exported:
// a live chat's transcript is not final, and a re-run would skip it.
func TestExportOnlyEndedSessionsSince(t *testing.T) {
	t.Parallel()
	var now atomic.Int64
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	now.Store(t0.UnixNano())
	srv := zchattest.NewServer(zchattest.WithClock(func() time.Time { return time.Unix(0, now.Load()) }))
	t.Cleanup(srv.Close)
	old := seedEnded(t, srv, 1, 1)
	now.Store(t0.Add(2 * time.Hour).UnixNano())
	recent := seedEnded(t, srv, 2, 2)
	live, err := srv.StartSession(zchattest.Visitor{DisplayName: "Still chatting"})
	require.NoError(t, err)
	dir := t.TempDir()
	r := runZchat(t, serverEnv(srv), "", "export", "--since", t0.Add(time.Hour).Format(time.RFC3339), "--out", dir)
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Equal(t, fileNames("jsonl", recent...), dirNames(t, dir))
	assert.NotContains(t, messageFetches(srv), old[0])
	assert.NotContains(t, messageFetches(srv), live.SessionID)
}

// A session that fails mid-file (its second page fails) leaves no file
// under its final name and no temporary file; the other sessions' files
// are written; the exit code is that of the failure, and stderr names the
// session. A second run fetches only that session's messages.
func TestExportFailureKeepsOthersAndResumes(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		fault zchattest.Fault
		code  int
	}{
		{"server error", zchattest.Fault{Status: http.StatusInternalServerError}, exitAPI},
		{"answer cut mid-body", zchattest.Fault{DropMidBody: true, After: true}, exitFailure},
		// net/http resends a GET on a reused connection closed without an answer:
		// the fault lasts until cleared.
		{"connection dropped", zchattest.Fault{DropConnection: true, Count: 100}, exitFailure},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := zchattest.NewServer()
			t.Cleanup(srv.Close)
			ids := seedEnded(t, srv, 5, 3)
			bad := ids[2]
			f := tc.fault
			f.Method, f.Path = http.MethodGet, fmt.Sprintf("/sessions/%d/messages", bad)
			f.Match = func(r *http.Request) bool { return r.URL.Query().Get("cursor") != "" } // not the first page
			srv.InjectFaults(f)
			dir := t.TempDir()
			args := []string{"export", "--since", "24h", "--out", dir, "--page-size", "1", "--retries", "0"}

			r := runZchat(t, serverEnv(srv), "", args...)
			require.Equal(t, tc.code, r.code, "stdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)
			assert.Equal(t, fileNames("jsonl", slices.Delete(slices.Clone(ids), 2, 3)...), dirNames(t, dir),
				"no file (not even a temporary one) for the failed session; the others' are there")
			assert.Contains(t, r.stderr, fmt.Sprintf("zchat: session %d not exported: ", bad))
			assert.Contains(t, r.stderr, fmt.Sprintf("1 of 5 sessions not exported (%d)", bad))
			assert.Contains(t, r.stdout, "4 written (12 messages), 0 already there, 1 failed.")
			srv.ClearFaults()

			before := messageFetches(srv)
			r = runZchat(t, serverEnv(srv), "", args...)
			require.Equal(t, exitOK, r.code, r.stderr)
			assert.Equal(t, fileNames("jsonl", ids...), dirNames(t, dir))
			assert.Contains(t, r.stdout, "1 written (3 messages), 4 already there, 0 failed.")
			after := messageFetches(srv)
			for _, id := range ids {
				want := before[id]
				if id == bad {
					want += 3 // three pages of one message
				}
				assert.Equal(t, want, after[id], "message requests of session %d", id)
			}
			want := runZchat(t, serverEnv(srv), "", "transcript", strconv.Itoa(bad), "--format", "jsonl")
			assert.Equal(t, want.stdout, readFile(t, dir, fmt.Sprintf("%d.jsonl", bad)))
		})
	}
}

// An interrupted run (its context cancelled while a session is half
// written) leaves no file under that session's final name, removes its
// temporary file, and says it was interrupted; the next run completes.
func TestExportInterruptedMidFile(t *testing.T) {
	t.Parallel()
	srv := zchattest.NewServer()
	t.Cleanup(srv.Close)
	ids := seedEnded(t, srv, 3, 3)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var interrupted atomic.Bool
	midFile := make(chan []string, 1)
	dir := t.TempDir()
	interrupt := fmt.Sprintf("/api/v1/sessions/%d/messages", ids[1])
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == interrupt && r.URL.Query().Get("cursor") != "" && interrupted.CompareAndSwap(false, true) {
			// Mid-file, as a crash could stop it: the session is being
			// written under a temporary name, never under its final one.
			names := dirNames(t, dir)
			midFile <- names
			cancel() // as Ctrl-C would, with the first page of the session written
			<-r.Context().Done()
			return
		}
		srv.ServeHTTP(w, r)
	}))
	t.Cleanup(front.Close)
	vars := map[string]string{envBaseURL: front.URL, envAPIKey: srv.APIKey}
	args := []string{"export", "--since", "24h", "--out", dir, "--page-size", "1", "--concurrency", "1"}

	var out, errOut bytes.Buffer
	code := run(ctx, args, strings.NewReader(""), &out, &errOut, env(vars))
	assert.Equal(t, exitFailure, code, errOut.String())
	names := <-midFile
	require.Len(t, names, 2, "mid-file: %q", names)
	assert.Regexp(t, fmt.Sprintf(`^\.%d\.jsonl\.[0-9]+\.tmp$`, ids[1]), names[0])
	assert.Equal(t, fmt.Sprintf("%d.jsonl", ids[0]), names[1])
	assert.Contains(t, errOut.String(), "interrupted after 1 of ? sessions: run the same command again")
	assert.NotContains(t, errOut.String(), "not exported", "an interruption is not a session's failure")
	assert.Equal(t, fileNames("jsonl", ids[0]), dirNames(t, dir))

	r := runZchat(t, vars, "", args...)
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Equal(t, fileNames("jsonl", ids...), dirNames(t, dir))
	assert.Contains(t, r.stdout, "2 written (6 messages), 1 already there")
}

// Temporary files a crashed run left are removed (their sessions are
// exported again); other files in the directory are left alone, and a
// file already under its final name is kept as it is, without a request.
func TestExportLeftovers(t *testing.T) {
	t.Parallel()
	srv := newEndedServer(t)
	dir := t.TempDir()
	write := func(name, content string) {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600))
	}
	write(".2.jsonl.123456.tmp", `{"half":`) // a crashed run's
	write(".3.txt.99.tmp", "[2026-")         // another format's, just as stale
	write("1.jsonl", "kept\n")               // complete from an earlier run
	write("notes.tmp", "mine")               // not export's
	write(".2.jsonl.mine.tmp", "mine")       // not export's pattern
	r := runZchat(t, serverEnv(srv), "", "export", "--since", demoSince, "--out", dir)
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Equal(t, []string{".2.jsonl.mine.tmp", "1.jsonl", "2.jsonl", "3.jsonl", "notes.tmp"}, dirNames(t, dir))
	assert.Equal(t, "kept\n", readFile(t, dir, "1.jsonl"))
	assert.NotContains(t, messageFetches(srv), 1, "a complete file is not fetched again")
	assert.Contains(t, r.stdout, "2 written (9 messages), 1 already there")
}

// A failure to list the sessions is the run's error, with its exit code.
func TestExportListingFails(t *testing.T) {
	t.Parallel()
	srv := newEndedServer(t)
	dir := t.TempDir()
	r := runZchat(t, serverEnv(srv), "", "export", "--since", demoSince, "--out", dir, "--api-key", "wrong")
	assert.Equal(t, exitAPI, r.code)
	assert.Contains(t, r.stderr, "401")
	assert.Contains(t, r.stdout, "Exported 0 sessions")
	assert.Empty(t, dirNames(t, dir))
}

// At most --concurrency sessions are fetched at a time, and that many are.
func TestExportConcurrencyIsBounded(t *testing.T) {
	t.Parallel()
	for _, n := range []int{1, 3} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			t.Parallel()
			srv := zchattest.NewServer()
			t.Cleanup(srv.Close)
			seedEnded(t, srv, 12, 1)
			var (
				mu            sync.Mutex
				inFlight, top int
				reached       = make(chan struct{})
				full          sync.Once
			)
			front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if !strings.HasSuffix(r.URL.Path, "/messages") {
					srv.ServeHTTP(w, r)
					return
				}
				mu.Lock()
				inFlight++
				top = max(top, inFlight)
				if inFlight == n {
					full.Do(func() { close(reached) })
				}
				mu.Unlock()
				// Hold the first requests until n are in flight at once,
				// so the test sees the pool full, whatever the machine's load.
				select {
				case <-reached:
				case <-time.After(5 * time.Second):
				}
				srv.ServeHTTP(w, r)
				mu.Lock()
				inFlight--
				mu.Unlock()
			}))
			t.Cleanup(front.Close)
			dir := t.TempDir()
			r := runZchat(t, map[string]string{envBaseURL: front.URL, envAPIKey: srv.APIKey}, "",
				"export", "--since", "24h", "--out", dir, "--concurrency", strconv.Itoa(n))
			require.Equal(t, exitOK, r.code, r.stderr)
			assert.Len(t, dirNames(t, dir), 12)
			mu.Lock()
			defer mu.Unlock()
			assert.Equal(t, n, top, "sessions fetched at once")
		})
	}
}

// --progress prints plain progress lines on stderr when it is not a
// terminal; the last says everything is done.
func TestExportPlainProgress(t *testing.T) {
	t.Parallel()
	srv := newEndedServer(t)
	r := runZchat(t, serverEnv(srv), "", "export", "--since", demoSince, "--out", t.TempDir(), "--progress")
	require.Equal(t, exitOK, r.code, r.stderr)
	lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
	require.NotEmpty(t, lines)
	assert.Regexp(t, `^zchat export: sessions 3/3 · 15 messages · [0-9]+\.[0-9] sessions/s · 0s left$`, lines[len(lines)-1])
	assert.NotContains(t, r.stderr, "\r", "plain lines, not a redrawn one")
}

func TestExportProgressLine(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		st   exportStats
		want string
	}{
		{"listing", exportStats{total: -1, done: 10, messages: 1234, elapsed: 2 * time.Second},
			"sessions 10/? · 1,234 messages · 5.0 sessions/s · ? left"},
		{"known total", exportStats{total: 40, done: 10, elapsed: 2 * time.Second},
			"sessions 10/40 · 0 messages · 5.0 sessions/s · 6s left"},
		{"skipped and failed", exportStats{total: 3000, skipped: 1000, done: 900, failed: 100, elapsed: 10 * time.Second},
			"sessions 2,000/3,000 (1,000 skipped, 100 failed) · 0 messages · 100.0 sessions/s · 10s left"},
		{"only skipped so far", exportStats{total: 10, skipped: 5, elapsed: time.Second},
			"sessions 5/10 (5 skipped, 0 failed) · 0 messages · 0.0 sessions/s · ? left"},
		{"done", exportStats{total: 3, done: 3, elapsed: time.Second}, "sessions 3/3 · 0 messages · 3.0 sessions/s · 0s left"},
		{"nothing to do", exportStats{total: 0}, "sessions 0/0 · 0 messages · 0.0 sessions/s · 0s left"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tc.want, tc.st.String())
		})
	}
}

// On a terminal the line is redrawn in place, padded over a longer one,
// and cleared before a message is printed.
func TestExportLiveProgress(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	p := newExportProgress(&buf, progressLive)
	p.total.Store(100)
	p.done.Store(10)
	p.draw()
	first := buf.String()
	require.True(t, strings.HasPrefix(first, "\rsessions 10/100 · 0 messages"), first)
	require.NotContains(t, first, "\n")
	p.println("zchat: session 7 not exported: boom")
	assert.Equal(t, first+"\r"+strings.Repeat(" ", len([]rune(first))-1)+"\r"+"zchat: session 7 not exported: boom\n", buf.String())
	buf.Reset()
	p.done.Store(100)
	p.draw()
	p.failed.Store(0)
	p.total.Store(5) // a shorter line than the widest drawn is padded with spaces
	p.done.Store(5)
	p.draw()
	assert.Regexp(t, `\rsessions 5/5 · 0 messages · [0-9.]+ sessions/s · 0s left +$`, buf.String())
	assert.Equal(t, progressOff, exportProgressMode(&buf, false))
	assert.Equal(t, progressPlain, exportProgressMode(&buf, true))
}

func TestExportHelp(t *testing.T) {
	t.Parallel()
	r := runZchat(t, nil, "", "help")
	assert.Contains(t, r.stdout, "export")
	r = runZchat(t, nil, "", "export", "--help")
	require.Equal(t, exitOK, r.code)
	for _, s := range []string{"Usage: zchat export --since DURATION|DATE --out DIR", "--concurrency N", "(default 4)", "--progress", "Example:"} {
		assert.Contains(t, r.stdout, s)
	}
}

// --rate paces the export: 12 requests (a listing and 11 message pages) at
// 20 a second with bursts of 5 need at least 7/20 s. A lower bound: a busy
// machine cannot make it fail.
func TestExportRate(t *testing.T) {
	t.Parallel()
	srv := zchattest.NewServer()
	t.Cleanup(srv.Close)
	ids := seedEnded(t, srv, 11, 1)
	dir := t.TempDir()
	start := time.Now()
	r := runZchat(t, serverEnv(srv), "", "export", "--since", "2000-01-01", "--out", dir, "--rate", "20", "--concurrency", "4")
	elapsed := time.Since(start)
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Equal(t, fileNames("jsonl", ids...), dirNames(t, dir))
	assert.EqualValues(t, 12, srv.Stats().Requests)
	assert.GreaterOrEqual(t, elapsed, 300*time.Millisecond, "12 requests at 20/s, burst 5")
}
