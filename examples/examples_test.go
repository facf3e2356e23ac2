package examples_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/cases"
	"github.com/zchat/zchat-go/examples/internal/demo"
	"github.com/zchat/zchat-go/internal/wiretest"
	"github.com/zchat/zchat-go/messages"
	"github.com/zchat/zchat-go/zchattest"
)

// The examples, by folder name.
var exampleNames = []string{"quickstart", "crm-bridge", "export-transcripts", "submit-case"}

// runTimeout bounds one run of one example.
const runTimeout = 60 * time.Second

var (
	buildOnce sync.Once
	binDir    string
	buildErr  error
	buildOut  []byte
)

// buildExamples builds every example, once per test binary, with one go
// build, and returns the folder holding the binaries.
func buildExamples(t *testing.T) string {
	t.Helper()
	goCmd, err := exec.LookPath("go")
	require.NoError(t, err, "the go command builds the examples")
	buildOnce.Do(func() {
		binDir, buildErr = os.MkdirTemp("", "zchat-examples-")
		if buildErr != nil {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		defer cancel()
		args := []string{"build", "-o", binDir + string(os.PathSeparator)}
		for _, name := range exampleNames {
			args = append(args, "./"+name)
		}
		cmd := exec.CommandContext(ctx, goCmd, args...)
		buildOut, buildErr = cmd.CombinedOutput()
	})
	require.NoError(t, buildErr, "go build of the examples:\n%s", buildOut)
	return binDir
}

// TestMain gives the tests, and the examples they run, a temporary folder
// of their own, which must be empty at the end: a test that leaves anything
// behind in it (an export's zchat-transcripts-* folder, say) fails the run,
// and nothing is left in the system's temporary folder.
func TestMain(m *testing.M) {
	root, err := os.MkdirTemp("", "zchat-examples-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	for _, v := range []string{"TMPDIR", "TMP", "TEMP"} {
		os.Setenv(v, root)
	}
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	if left, err := os.ReadDir(root); err != nil || len(left) > 0 {
		var names []string
		for _, e := range left {
			names = append(names, e.Name())
		}
		fmt.Fprintf(os.Stderr, "FAIL: the tests left %v in the temporary folder (%v)\n", names, err)
		code = 1
	}
	os.RemoveAll(root)
	os.Exit(code)
}

// result is what one run of an example printed.
type result struct{ stdout, stderr string }

// runExample runs the example name with args and env added to this
// process's environment minus ZCHAT_BASE_URL and ZCHAT_API_KEY, and
// requires it to exit 0 within runTimeout.
func runExample(t *testing.T, name string, env []string, args ...string) result {
	t.Helper()
	r, err := runExampleErr(t, name, env, args...)
	require.NoError(t, err, "%s failed\nstdout:\n%s\nstderr:\n%s", name, r.stdout, r.stderr)
	return r
}

// runExampleErr is runExample for a run that may fail: it returns how.
func runExampleErr(t *testing.T, name string, env []string, args ...string) (result, error) {
	t.Helper()
	exe := filepath.Join(buildExamples(t), name)
	if runtime.GOOS == "windows" {
		exe += ".exe"
	}
	ctx, cancel := context.WithTimeout(context.Background(), runTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, exe, args...)
	cmd.Env = append(exampleEnv(t), env...)
	cmd.WaitDelay = 5 * time.Second
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	r := result{stdout.String(), stderr.String()}
	require.NoError(t, ctx.Err(), "%s did not exit within %s\nstdout:\n%s\nstderr:\n%s", name, runTimeout, r.stdout, r.stderr)
	t.Logf("%s ran in %s", name, time.Since(start).Round(time.Millisecond))
	return r, err
}

// exampleEnv is this process's environment without a configured APP
// Server, and with a temporary folder of the test's own.
func exampleEnv(t *testing.T) []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		switch strings.ToUpper(name) {
		case demo.EnvBaseURL, demo.EnvAPIKey, "TMPDIR", "TMP", "TEMP":
			continue
		}
		env = append(env, kv)
	}
	tmp := t.TempDir()
	return append(env, "TMPDIR="+tmp, "TMP="+tmp, "TEMP="+tmp)
}

// checkDemoMode requires the one line that says demo mode, once.
func checkDemoMode(t *testing.T, r result) {
	t.Helper()
	assert.Equal(t, 1, strings.Count(r.stdout+r.stderr, demo.Notice), "the demo-mode line, once; stderr:\n%s", r.stderr)
	assert.Equal(t, demo.Notice, firstLine(r.stderr), "stderr starts with the demo-mode line")
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// Every example runs in demo mode, with nothing configured, exits 0 on its
// own and prints what its demo is about.
func TestExamplesDemoMode(t *testing.T) {
	buildExamples(t)

	t.Run("quickstart", func(t *testing.T) {
		t.Parallel()
		r := runExample(t, "quickstart", nil)
		checkDemoMode(t, r)
		out := r.stdout
		assert.Contains(t, out, "Connected to ZChat APP Server "+zchattest.Version)
		// The agents table, aligned: every column starts where its header does.
		assertAligned(t, out, "ID  LOGIN  NAME", "1   anna   Anna Schmidt  anna.schmidt@zchatdemo.com  yes")
		for _, s := range []string{"Ben Carter", "Chloé Martin", "Sales", "Support", "Pricing, quotes and trials",
			"Maria Garcia", "Oliver Hughes", "Kenji Tanaka", "How do I export chat transcripts?"} {
			assert.Contains(t, out, s)
		}
		assert.Contains(t, out, "Transcript of session 3 (Kenji Tanaka <kenji.tanaka@example.jp>)")
		// The demo data is laid out from the server's start: times vary.
		assert.Regexp(t, `\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ\] Kenji Tanaka: How do I export chat transcripts for an audit\?\n`, out)
		assert.Contains(t, out, "(4 messages)")
		assert.Regexp(t, `\nSubmitted case \d+ for lead \d+ Kenji Tanaka <kenji.tanaka@example.jp>: status open, priority normal\n`, out)
		assert.Contains(t, out, "with debug information: Safari 18.1 on iOS 18.1 at https://zchatdemo.com/docs/transcripts (properties: 4, log entries: 1)")
	})

	t.Run("crm-bridge", func(t *testing.T) {
		t.Parallel()
		r := runExample(t, "crm-bridge", nil)
		checkDemoMode(t, r)
		out := r.stdout
		assert.Regexp(t, `delivers its notifications to http://127\.0\.0\.1:\d+/zchat/notify\n`, out)
		assert.Regexp(t, `Simulated chat \d+ with Sofia Rossi <sofia.rossi@example.it>, rated 5/5`, out)
		assert.Regexp(t, `Simulated chat \d+ with Tom Becker <tom.becker@example.de>, rated 1/5`, out)
		assert.Contains(t, out, "The bridge filed 2 chats")
		assert.Contains(t, out, "as after a redelivery: 0 new leads, 0 new cases, 0 new notes")

		// The leads, notes and case, as listed back through the SDK.
		sofia := section(out, "Sofia Rossi <sofia.rossi@example.it>")
		assert.Regexp(t, `note \d+ \[on the lead\] session \d+: Chat \d+ ended\. Rating: 5/5\.`, sofia)
		assert.Regexp(t, `attached transcript-\d+\.txt \(\d+ bytes\); Edge 131\.0 on Windows 11`, sofia)
		assert.NotContains(t, sofia, "case ", "a chat rated 5 makes no case")
		tom := section(out, "Tom Becker <tom.becker@example.de>")
		m := regexp.MustCompile(`case (\d+) \[high priority, open\] session \d+: Chat \d+ rated 1/5 by Tom Becker`).FindStringSubmatch(tom)
		if assert.NotNil(t, m, "Tom's high-priority case:\n%s", out) {
			assert.Regexp(t, `note \d+ \[on case `+m[1]+`\] session \d+: Chat \d+ ended\. Rating: 1/5\.`, tom)
		}
		assert.Regexp(t, `attached transcript-\d+\.txt \(\d+ bytes\); ZChat Desktop 9\.4\.1 on Windows 10`, tom)
		assert.Equal(t, 1, strings.Count(out, "  case "), "one case in all")
		assert.Equal(t, 2, strings.Count(out, "  note "), "one note per chat")
		assert.True(t, strings.HasSuffix(out, "Stopped.\n"), "graceful shutdown")
	})

	t.Run("export-transcripts", func(t *testing.T) {
		t.Parallel()
		r := runExample(t, "export-transcripts", nil)
		checkDemoMode(t, r)
		assert.Contains(t, r.stderr, "3 sessions, 15 messages exported", "progress on stderr")
		checkExport(t, r.stdout, 3, 15)
	})

	t.Run("export-transcripts-flags", func(t *testing.T) {
		t.Parallel()
		out := t.TempDir()
		// The demo's active chat began minutes before its server started;
		// the others, more than an hour before.
		since := time.Now().Add(-30 * time.Minute).UTC().Format(time.RFC3339)
		r := runExample(t, "export-transcripts", nil, "-since", since, "-out", out)
		checkDemoMode(t, r)
		assert.Equal(t, out, checkExport(t, r.stdout, 1, 4), "the -out folder")
		assert.FileExists(t, filepath.Join(out, "session-3.jsonl"))
	})

	t.Run("submit-case", func(t *testing.T) {
		t.Parallel()
		r := runExample(t, "submit-case", nil)
		checkDemoMode(t, r)
		out := r.stdout
		// The validation errors, each naming its field.
		assert.Contains(t, out, "  CaseInput.Subject: is 201 characters, over the limit of 200\n")
		assert.Contains(t, out, "  CaseInput.Priority: \"asap\" is not one of low, normal, high, urgent\n")
		assert.Contains(t, out, "  LeadInput.Email: \"Ann Lee <ann@example.com>\" must be a bare address")
		assert.Contains(t, out, "  LeadInput.Email: \"ann.example.com\" is not a valid address")
		// The good case, with its attachment and stack trace.
		assert.Regexp(t, `\nSubmitted case \d+ for lead 1 <oliver@shop.example.org>: status open, priority high\n`, out)
		assert.Regexp(t, `attachment app\.log \(.+, 212 bytes\)`, out)
		assert.Regexp(t, `stack trace: \d+ bytes, starting "panic: assignment to entry in nil map"`, out)
		assert.Contains(t, out, "log entries: 1")
	})
}

// section is the part of crm-bridge's listing of the CRM from the lead line
// ending in head to the next lead line.
func section(out, head string) string {
	_, out, _ = strings.Cut(out, "In the CRM now:\n")
	i := strings.Index(out, ": "+head+"\n")
	if i < 0 {
		return ""
	}
	rest := out[i+len(head)+3:]
	if j := strings.Index(rest, "\nlead "); j >= 0 {
		rest = rest[:j]
	}
	return rest
}

// assertAligned checks that header and row are lines of out and that each
// column of row starts at the same character as the header's.
func assertAligned(t *testing.T, out, header, row string) {
	t.Helper()
	var hl, rl string
	for line := range strings.Lines(out) {
		line = strings.TrimRight(line, "\n")
		if strings.HasPrefix(line, header) {
			hl = line
		}
		if strings.HasPrefix(line, row) {
			rl = line
		}
	}
	require.NotEmpty(t, hl, "header %q in:\n%s", header, out)
	require.NotEmpty(t, rl, "row %q in:\n%s", row, out)
	starts := func(s string) []int {
		var idx []int
		r := []rune(s)
		for i := range r {
			if r[i] != ' ' && (i == 0 || i >= 2 && r[i-1] == ' ' && r[i-2] == ' ') {
				idx = append(idx, i)
			}
		}
		return idx
	}
	assert.Equal(t, starts(hl), starts(rl), "columns of\n%s\n%s", hl, rl)
}

var summaryRE = regexp.MustCompile(`(?m)^  sessions: (\d+)\n  messages: (\d+)\n  bytes: +(\d+)\n  folder: +(.+)$`)

// checkExport checks the summary of export-transcripts and the files it
// names: one per session, every line a message in JSON. It returns the
// folder.
func checkExport(t *testing.T, stdout string, wantSessions, wantMessages int) string {
	t.Helper()
	m := summaryRE.FindStringSubmatch(stdout)
	require.NotNil(t, m, "the summary in:\n%s", stdout)
	assert.Equal(t, strconv.Itoa(wantSessions), m[1], "sessions")
	assert.Equal(t, strconv.Itoa(wantMessages), m[2], "messages")
	dir := m[4]
	files, err := filepath.Glob(filepath.Join(dir, "session-*.jsonl"))
	require.NoError(t, err)
	assert.Len(t, files, wantSessions, "one file per session")
	var lines, size int
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		size += len(b)
		sessionID, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(filepath.Base(f), "session-"), ".jsonl"))
		require.NoError(t, err, f)
		sc := bufio.NewScanner(bytes.NewReader(b))
		for sc.Scan() {
			lines++
			var msg messages.Message
			if assert.NoError(t, json.Unmarshal(sc.Bytes(), &msg), "%s: %s", f, sc.Text()) {
				assert.Equal(t, sessionID, msg.SessionID, f)
				assert.NotEmpty(t, msg.Text, f)
				assert.False(t, msg.Time.IsZero(), f)
			}
		}
		require.NoError(t, sc.Err())
	}
	assert.Equal(t, wantMessages, lines, "a line per message")
	assert.Equal(t, m[3], strconv.Itoa(size), "bytes")
	return dir
}

// Every example uses the APP Server that ZCHAT_BASE_URL and ZCHAT_API_KEY
// name when they are set: here a zchattest server in this process, which
// the examples reach over HTTP as they would a real one.
func TestExamplesAgainstConfiguredServer(t *testing.T) {
	buildExamples(t)
	srv := zchattest.NewServer(zchattest.WithDemoData())
	defer srv.Close()
	env := []string{demo.EnvBaseURL + "=" + srv.URL, demo.EnvAPIKey + "=" + srv.APIKey}

	// A chat from just now, so that "the last 30 days" holds it whenever
	// the test runs.
	s, err := srv.StartSession(zchattest.Visitor{DisplayName: "Rui Costa", Email: "rui.costa@example.pt",
		Question: "Is there an on-premises trial?", Browser: "Firefox 133.0", Platform: "Ubuntu 24.04"})
	require.NoError(t, err)
	_, err = srv.VisitorSays(s.SessionID, "Is there an on-premises trial?")
	require.NoError(t, err)
	_, err = srv.End(s.SessionID)
	require.NoError(t, err)

	notDemo := func(t *testing.T, r result) {
		t.Helper()
		assert.NotContains(t, r.stdout+r.stderr, demo.Notice)
	}

	// Against a real server the quickstart only reads, unless -submit asks
	// it to file the case; a second -submit files nothing new.
	t.Run("quickstart", func(t *testing.T) {
		before := srv.Stats()
		r := runExample(t, "quickstart", env)
		notDemo(t, r)
		assert.Contains(t, r.stdout, "Transcript of session "+strconv.Itoa(s.SessionID)+" (Rui Costa <rui.costa@example.pt>)")
		assert.Contains(t, r.stdout, "Not submitting a follow-up case for Rui Costa <rui.costa@example.pt>: nothing on the server was changed (run with -submit")
		assert.NotContains(t, r.stdout, "Submitted")
		assert.Equal(t, before.Created, srv.Stats().Created, "nothing created")

		r = runExample(t, "quickstart", env, "-submit")
		assert.Regexp(t, `\nSubmitted case \d+ for lead \d+ Rui Costa <rui.costa@example.pt>: status open`, r.stdout)
		r = runExample(t, "quickstart", env, "-submit")
		assert.Regexp(t, `\nAlready submitted \(nothing new was created\): case \d+ for lead \d+ Rui Costa <rui.costa@example.pt>`, r.stdout)
		assert.Equal(t, before.Created[zchattest.KindCases]+1, srv.Stats().Created[zchattest.KindCases], "one case for two runs")
	})

	// An empty server has nothing to follow up on: that is no failure.
	t.Run("quickstart-empty-server", func(t *testing.T) {
		empty := zchattest.NewServer()
		defer empty.Close()
		r := runExample(t, "quickstart", []string{demo.EnvBaseURL + "=" + empty.URL, demo.EnvAPIKey + "=" + empty.APIKey}, "-submit")
		assert.Contains(t, r.stdout, "Latest sessions (0)")
		assert.Contains(t, r.stdout, "No recent session has a visitor e-mail address: no transcript to show, no case to submit.")
		assert.Zero(t, empty.Stats().Created[zchattest.KindCases]+empty.Stats().Created[zchattest.KindLeads])
	})

	t.Run("export-transcripts", func(t *testing.T) {
		out := t.TempDir()
		r := runExample(t, "export-transcripts", env, "-since", "2026-01-01", "-out", out)
		notDemo(t, r)
		checkExport(t, r.stdout, 4, 16)
	})

	// Without -out it writes to a new temporary folder, which it names,
	// never into the folder it runs in.
	t.Run("export-transcripts-default-folder", func(t *testing.T) {
		r := runExample(t, "export-transcripts", env, "-since", "2026-01-01")
		dir := checkExport(t, r.stdout, 4, 16)
		assert.True(t, strings.HasPrefix(dir, os.TempDir()), "%s is in the temporary folder %s", dir, os.TempDir())
		assert.True(t, strings.HasPrefix(filepath.Base(dir), "zchat-transcripts-"), dir)
		assert.NoDirExists(t, "transcripts", "nothing in the current folder")
	})

	t.Run("submit-case", func(t *testing.T) {
		logFile := filepath.Join(t.TempDir(), "service.log")
		require.NoError(t, os.WriteFile(logFile, []byte("ERROR it broke\n"), 0o644))
		r := runExample(t, "submit-case", env, "-email", "rui.costa@example.pt", "-subject", "Trial licence", "-priority", "low", "-log", logFile)
		notDemo(t, r)
		assert.NotContains(t, r.stdout, "Refused before sending", "the demonstration is for demo mode")
		assert.Regexp(t, `Submitted case \d+ for lead \d+ <rui.costa@example.pt>: status open, priority low`, r.stdout)
		assert.Contains(t, r.stdout, "attachment service.log")
	})

	// The same -key and inputs again: exit 0, already submitted, nothing
	// new. The same -key with another log file: exit 1, saying so.
	t.Run("submit-case-again", func(t *testing.T) {
		logFile := filepath.Join(t.TempDir(), "service.log")
		require.NoError(t, os.WriteFile(logFile, []byte("ERROR it broke again\n"), 0o644))
		args := []string{"-email", "rui.costa@example.pt", "-subject", "Broke again", "-log", logFile, "-key", "ticket-8812"}
		before := srv.Stats().Created[zchattest.KindCases]
		r := runExample(t, "submit-case", env, args...)
		m := regexp.MustCompile(`\nSubmitted case (\d+) for lead \d+ <rui.costa@example.pt>`).FindStringSubmatch(r.stdout)
		require.NotNil(t, m, r.stdout)
		r = runExample(t, "submit-case", env, args...)
		assert.Contains(t, r.stdout, "\nAlready submitted (nothing new was created): case "+m[1]+" for lead ")
		assert.Contains(t, r.stdout, "log entries: 1")
		assert.Equal(t, before+1, srv.Stats().Created[zchattest.KindCases], "one case for two runs")

		require.NoError(t, os.WriteFile(logFile, []byte("ERROR something else\n"), 0o644))
		r, err := runExampleErr(t, "submit-case", env, args...)
		require.Error(t, err, "a reused key with other inputs fails\n%s", r.stdout)
		assert.Contains(t, r.stderr, `already submitted under the key "ticket-8812" with different content; nothing new was created`)
		assert.Equal(t, before+1, srv.Stats().Created[zchattest.KindCases], "still one case")
	})

	runCRMBridgeServing(t, srv, env) // not on Windows: see crmbridge_serving_test.go
}

// testCRMBridgeServing runs crm-bridge as a server for srv's notifications,
// ends a badly rated chat on srv, checks the case and note the bridge made,
// then interrupts it and checks it shuts down cleanly.
func testCRMBridgeServing(t *testing.T, srv *zchattest.Server, env []string) {
	exe := filepath.Join(buildExamples(t), "crm-bridge")
	ctx, cancel := context.WithTimeout(context.Background(), runTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, exe, "-addr", "127.0.0.1:0")
	cmd.Env = append(exampleEnv(t), env...)
	cmd.WaitDelay = 5 * time.Second
	var stderr wiretest.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()

	lines := make(chan string, 16)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	urlRE := regexp.MustCompile(`Listening for notifications at (http://\S+)`)
	var url string
	select {
	case line := <-lines:
		m := urlRE.FindStringSubmatch(line)
		require.NotNil(t, m, "first line %q; stderr:\n%s", line, stderr.String())
		url = m[1]
	case <-ctx.Done():
		t.Fatalf("crm-bridge did not start listening; stderr:\n%s", stderr.String())
	}

	srv.SetNotificationURL(url)
	defer srv.SetNotificationURL("")
	s, err := srv.PlayChat(zchattest.Chat{
		Visitor:     zchattest.Visitor{DisplayName: "Ines Moreau", Email: "ines.moreau@example.fr", Question: "Why was I charged twice?"},
		AgentUserID: 2,
		Lines:       []zchattest.Line{{Text: "Why was I charged twice?"}},
		Rating:      2,
	})
	require.NoError(t, err)

	// The bridge files the chat when session.ended is delivered: a lead, a
	// high-priority case and a note on it.
	cc := cases.New(srv.Client())
	var kase *cases.Case
	var note *cases.Note
	require.Eventually(t, func() bool {
		page, err := cc.ListLeads(ctx, &cases.LeadListOptions{Email: "ines.moreau@example.fr"})
		if err != nil || len(page.Items) != 1 {
			return false
		}
		lead := page.Items[0]
		cs, err1 := cc.ListCases(ctx, lead.LeadID, nil)
		ns, err2 := cc.ListNotes(ctx, lead.LeadID, nil)
		if err1 != nil || err2 != nil || len(cs.Items) == 0 || len(ns.Items) == 0 {
			return false
		}
		kase, note = &cs.Items[0], &ns.Items[0]
		return true
	}, 20*time.Second, 20*time.Millisecond, "the bridge's case and note; stderr:\n%s", &stderr)
	assert.Equal(t, cases.PriorityHigh, kase.Priority)
	assert.Equal(t, s.SessionID, kase.SessionID)
	assert.Equal(t, kase.CaseID, note.CaseID)
	if assert.NotNil(t, note.Debug) && assert.Len(t, note.Debug.Attachments, 1) {
		assert.Equal(t, "transcript-"+strconv.Itoa(s.SessionID)+".txt", note.Debug.Attachments[0].FileName)
	}

	// Interrupted, it shuts down gracefully and exits 0.
	require.NoError(t, cmd.Process.Signal(os.Interrupt))
	var rest []string
	for line := range lines {
		rest = append(rest, line)
	}
	require.NoError(t, cmd.Wait(), "stderr:\n%s", stderr.String())
	assert.Equal(t, []string{"Stopped."}, rest)
}
