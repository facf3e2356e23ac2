package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/internal/wiretest"
	"github.com/zchat/zchat-go/webhook"
	"github.com/zchat/zchat-go/zchattest"
)

const (
	testSecret = "chat-api-key-8812"
	testEvent  = `{"Id":"evt_2kq8","Type":"lead.created","Time":"2026-11-24T03:52:27Z","Data":{"LeadId":3,"Email":"ann@example.com"}}`
)

// signed runs webhook sign on body and returns its header lines.
func signed(t *testing.T, body string, args ...string) []string {
	t.Helper()
	r := runZchat(t, map[string]string{envAPIKey: testSecret}, body, append([]string{"webhook", "sign"}, args...)...)
	require.Equal(t, exitOK, r.code, r.stderr)
	return strings.Split(strings.TrimSpace(r.stdout), "\n")
}

// headerFlags turns header lines into --header flags.
func headerFlags(lines []string) []string {
	var args []string
	for _, l := range lines {
		args = append(args, "--header", l)
	}
	return args
}

func TestWebhookSign(t *testing.T) {
	t.Parallel()
	lines := signed(t, testEvent, "--timestamp", "1764042747")
	require.Len(t, lines, 3)
	assert.Equal(t, "webhook-id: evt_2kq8", lines[0], "the id defaults to the body's Id")
	assert.Equal(t, "webhook-timestamp: 1764042747", lines[1])
	// The signature is the SDK's, as the APP Server makes it.
	want := webhook.Sign(testSecret, "evt_2kq8", time.Unix(1764042747, 0), []byte(testEvent))
	assert.Equal(t, "webhook-signature: "+want, lines[2])

	r := runZchat(t, nil, "any body", "webhook", "sign", "--id", "msg_1", "--secret", testSecret, "--json")
	require.Equal(t, exitOK, r.code, r.stderr)
	var h map[string]string
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &h))
	assert.Equal(t, "msg_1", h[webhook.HeaderID])
	assert.NoError(t, webhook.Verify(testSecret, headerOf(h), []byte("any body")), "the SDK verifies what sign makes")
}

func headerOf(m map[string]string) http.Header {
	h := http.Header{}
	for k, v := range m {
		h.Set(k, v)
	}
	return h
}

func TestWebhookVerify(t *testing.T) {
	t.Parallel()
	good := signed(t, testEvent)
	file := filepath.Join(t.TempDir(), "headers.txt")
	require.NoError(t, os.WriteFile(file, []byte("# captured\n"+strings.Join(good, "\n")+"\n"), 0o600))
	stale := signed(t, testEvent, "--timestamp", strconv.FormatInt(time.Now().Add(-time.Hour).Unix(), 10))
	whsec := "whsec_" + "c2VjcmV0LWJ5dGVz" // base64 of "secret-bytes"
	rotated := signed(t, testEvent, "--secret", whsec)
	keyEnv := map[string]string{envAPIKey: testSecret}
	runCases(t, []cmdCase{
		{name: "valid, headers as flags", args: append([]string{"webhook", "verify"}, headerFlags(good)...), env: keyEnv, stdin: testEvent,
			out: []string{"valid: the signature matches (event evt_2kq8, lead.created)"}},
		{name: "valid, headers file", args: []string{"webhook", "verify", "--headers-file", file}, env: keyEnv, stdin: testEvent, out: []string{"valid"}},
		{name: "valid json", args: []string{"webhook", "verify", "--headers-file", file, "--json"}, env: keyEnv, stdin: testEvent,
			json: "object", out: []string{`"Valid":true`, `"Id":"evt_2kq8"`}},
		{name: "tampered body", args: []string{"webhook", "verify", "--headers-file", file}, env: keyEnv, stdin: strings.Replace(testEvent, "3", "4", 1),
			code: exitInvalid, errOut: []string{"zchat: invalid notification:", "signature"}},
		{name: "tampered json", args: []string{"webhook", "verify", "--headers-file", file, "--json"}, env: keyEnv, stdin: testEvent + " ",
			code: exitInvalid, json: "object", out: []string{`"Valid":false`, `"Reason":`}},
		{name: "wrong secret", args: []string{"webhook", "verify", "--headers-file", file, "--secret", "other"}, stdin: testEvent, code: exitInvalid},
		{name: "stale", args: append([]string{"webhook", "verify"}, headerFlags(stale)...), env: keyEnv, stdin: testEvent,
			code: exitInvalid, errOut: []string{"too old", "the signature matches"}},
		{name: "stale within a wider tolerance", args: append([]string{"webhook", "verify", "--tolerance", "2h"}, headerFlags(stale)...), env: keyEnv, stdin: testEvent},
		{name: "whsec secret", args: append([]string{"webhook", "verify", "--secret", whsec}, headerFlags(rotated)...), stdin: testEvent},
		{name: "missing signature header", args: append([]string{"webhook", "verify"}, headerFlags(good[:2])...), env: keyEnv, stdin: testEvent,
			code: exitInvalid, errOut: []string{"webhook-signature"}},
		{name: "no headers", args: []string{"webhook", "verify"}, env: keyEnv, stdin: testEvent, code: exitUsage, errOut: []string{"no headers"}},
		{name: "bad header", args: []string{"webhook", "verify", "--header", "no colon"}, env: keyEnv, code: exitUsage, errOut: []string{"NAME: VALUE"}},
		{name: "missing headers file", args: []string{"webhook", "verify", "--headers-file", "/nonexistent"}, env: keyEnv, code: exitUsage},
		{name: "no secret", args: []string{"webhook", "verify", "--headers-file", file}, env: map[string]string{envAPIKey: ""}, code: exitUsage,
			errOut: []string{"no secret"}},
		{name: "bad secret", args: []string{"webhook", "verify", "--headers-file", file, "--secret", "whsec_!!"}, code: exitUsage, errOut: []string{"secret"}},
		{name: "sign without an id", args: []string{"webhook", "sign"}, env: keyEnv, stdin: "not an event", code: exitUsage, errOut: []string{"--id"}},
	})
}

// listeningURL waits for webhook listen to say where it listens.
func listeningURL(t *testing.T, stderr *wiretest.Buffer) string {
	t.Helper()
	line := waitFor(t, stderr, "listening on ")
	return regexp.MustCompile(`http://\S+`).FindString(line)
}

// startListen runs webhook listen in the background; wait returns its
// result once it exits.
func startListen(t *testing.T, vars map[string]string, args ...string) (url string, wait func() result) {
	t.Helper()
	var out, errOut wiretest.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, append([]string{"webhook", "listen", "--addr", "127.0.0.1:0"}, args...), strings.NewReader(""), &out, &errOut, env(vars))
	}()
	t.Cleanup(cancel)
	return listeningURL(t, &errOut), func() result {
		select {
		case code := <-done:
			return result{code: code, stdout: out.String(), stderr: errOut.String()}
		case <-time.After(15 * time.Second):
			t.Fatalf("webhook listen did not exit; stdout:\n%s\nstderr:\n%s", out.String(), errOut.String())
			return result{}
		}
	}
}

// post sends a notification to the listener, signed with secret unless
// secret is "".
func post(t *testing.T, url, secret, id, body string) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	require.NoError(t, err)
	if secret != "" {
		now := time.Now()
		req.Header.Set(webhook.HeaderID, id)
		req.Header.Set(webhook.HeaderTimestamp, strconv.FormatInt(now.Unix(), 10))
		req.Header.Set(webhook.HeaderSignature, webhook.Sign(secret, id, now, []byte(body)))
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	_ = resp.Body.Close()
	return resp.StatusCode
}

func TestWebhookListen(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	url, wait := startListen(t, map[string]string{envAPIKey: srv.APIKey}, "--max-events", "3")
	defer http.DefaultClient.CloseIdleConnections()

	// Rejected and duplicate deliveries are reported, and not counted.
	assert.Equal(t, http.StatusUnauthorized, post(t, url+"/zchat/notify", "", "", testEvent))
	assert.Equal(t, http.StatusUnauthorized, post(t, url+"/zchat/notify", "not-the-key", "evt_2kq8", testEvent))
	assert.Equal(t, http.StatusOK, post(t, url+"/zchat/notify", srv.APIKey, "evt_2kq8", testEvent))
	assert.Equal(t, http.StatusOK, post(t, url+"/zchat/notify", srv.APIKey, "evt_2kq8", testEvent))

	// The fake APP Server delivers its own notifications.
	srv.SetNotificationURL(url + "/zchat/notify")
	_, err := srv.StartSession(zchattest.Visitor{DisplayName: "Vera Lee", Email: "vera@example.com", Question: "Is there a trial?"})
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	require.NoError(t, srv.WaitDeliveries(ctx, 1))
	srv.Emit("widget.custom", map[string]int{"Answer": 42}) // a Type newer than the SDK

	r := wait()
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, "2026-11-24 03:52:27Z  lead.created          evt_2kq8  lead 3, ann@example.com\n")
	assert.Regexp(t, `session.started +evt_\w+  session 4, Vera Lee, <vera@example.com>: Is there a trial\?`, r.stdout)
	assert.Regexp(t, `widget.custom +evt_\w+  \{"Answer":42\}`, r.stdout)
	assert.Len(t, strings.Split(strings.TrimSpace(r.stdout), "\n"), 3)
	assert.Contains(t, r.stderr, "answered 401: webhook: missing signature headers")
	assert.Contains(t, r.stderr, "answered 401: webhook: no matching signature")
	assert.Contains(t, r.stderr, "answered 200: a duplicate of event evt_2kq8")
	require.NoError(t, srv.WaitDeliveries(ctx, 2))
}

func TestWebhookListenForward(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	// The receiver verifies the APP Server's signature on what is
	// forwarded, and fails the first delivery.
	var (
		mu       sync.Mutex
		bodies   []string
		verified []error
	)
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		defer mu.Unlock()
		bodies = append(bodies, string(body))
		verified = append(verified, webhook.Verify(srv.APIKey, r.Header, body))
		if len(bodies) == 1 {
			http.Error(w, "try again", http.StatusServiceUnavailable)
		}
	}))
	defer receiver.Close()

	url, wait := startListen(t, map[string]string{envAPIKey: srv.APIKey}, "--forward", receiver.URL+"/hook", "--max-events", "2", "--json")
	srv.SetNotificationURL(url)
	ev := srv.Emit("agent.status_changed", map[string]any{"UserId": 3, "Status": "online"})

	r := wait()
	require.Equal(t, exitOK, r.code, r.stderr)
	mu.Lock()
	defer mu.Unlock()
	require.Len(t, bodies, 2, "the failed forward made the APP Server deliver again")
	assert.Equal(t, []error{nil, nil}, verified, "forwarded bodies and signature headers are unchanged")
	assert.Equal(t, bodies[0], bodies[1])

	lines := jsonLines(t, r.stdout)
	require.Len(t, lines, 2)
	assert.Equal(t, ev.ID, lines[0]["Id"])
	assert.Equal(t, map[string]any{"UserId": 3.0, "Status": "online"}, lines[0]["Data"])
	assert.Contains(t, r.stderr, "forwarded "+ev.ID+" to "+receiver.URL+"/hook: 503 Service Unavailable")
	assert.Contains(t, r.stderr, "forwarded "+ev.ID+" to "+receiver.URL+"/hook: 200 OK")

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	require.NoError(t, srv.WaitDeliveries(ctx, 1))
	var statuses []int
	for _, d := range srv.Deliveries() {
		statuses = append(statuses, d.StatusCode)
	}
	assert.Equal(t, []int{http.StatusInternalServerError, http.StatusOK}, statuses, "the APP Server got the forward's verdict")
}

func TestWebhookListenUsage(t *testing.T) {
	t.Parallel()
	runCases(t, []cmdCase{
		{name: "no secret", args: []string{"webhook", "listen"}, env: map[string]string{envAPIKey: ""}, code: exitUsage, errOut: []string{"no secret"}},
		{name: "bad forward URL", args: []string{"webhook", "listen", "--forward", "localhost:3000/hook", "--secret", "k"}, code: exitUsage, errOut: []string{"--forward"}},
		{name: "bad address", args: []string{"webhook", "listen", "--addr", "256.0.0.1:99999", "--secret", "k"}, code: exitFailure, errOut: []string{"webhook listen"}},
	})
}

// TestEventSummary covers every typed event the SDK knows.
func TestEventSummary(t *testing.T) {
	t.Parallel()
	tests := []struct{ typ, data, want string }{
		{webhook.TypeSessionRated, `{"SessionId":1,"DisplayName":"Maria","AgentUserId":"User:2","DepartmentId":1,"AgentRating":5}`,
			"session 1, Maria, agent User:2, department 1, rating 5"},
		{webhook.TypeMessageCreated, `{"MessageId":7,"SessionId":2,"SenderId":"Guest:@x","Html":"<p>Hi <b>there</b></p>"}`, "session 2, message 7, Guest:@x: Hi there"},
		{webhook.TypeCaseCreated, `{"CaseId":2,"LeadId":1,"Priority":"high","Subject":"Checkout fails"}`, "case 2, lead 1, high: Checkout fails"},
		{webhook.TypeNoteCreated, `{"NoteId":3,"LeadId":1,"CaseId":2,"Text":"Called back"}`, "note 3, lead 1, case 2: Called back"},
		{webhook.TypeAgentStatusChanged, `{"UserId":3,"Status":"away"}`, "agent 3 is away"},
		{webhook.TypeLeadCreated, `"not an object"`, `"not an object"`},
		{"future.type", `{"x":` + strings.Repeat("1", 200) + `}`, `{"x":` + strings.Repeat("1", 94) + "…"},
	}
	for _, tc := range tests {
		t.Run(tc.typ, func(t *testing.T) {
			assert.Equal(t, tc.want, eventSummary(&webhook.Event{Type: tc.typ, Data: json.RawMessage(tc.data)}))
		})
	}
}

// A receiver's 410 Gone is passed back to the APP Server, which then stops
// delivering that event.
func TestWebhookListenForwardGone(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "unsubscribed", http.StatusGone)
	}))
	defer receiver.Close()

	url, wait := startListen(t, map[string]string{envAPIKey: srv.APIKey}, "--forward", receiver.URL+"/hook", "--max-events", "1")
	srv.SetNotificationURL(url)
	srv.Emit("agent.status_changed", map[string]any{"UserId": 3, "Status": "away"})

	r := wait()
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stderr, "410 Gone")
	require.Eventually(t, func() bool { return len(srv.Deliveries()) >= 1 }, 5*time.Second, 10*time.Millisecond)
	// Give the schedule's next attempt (50ms) time to happen, were there one.
	time.Sleep(300 * time.Millisecond)
	deliveries := srv.Deliveries()
	require.Len(t, deliveries, 1, "410 stopped the retries")
	assert.Equal(t, http.StatusGone, deliveries[0].StatusCode)
}
