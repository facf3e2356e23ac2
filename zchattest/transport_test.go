package zchattest_test

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/agents"
	"github.com/zchat/zchat-go/cases"
	"github.com/zchat/zchat-go/zchat"
	"github.com/zchat/zchat-go/zchattest"
)

func TestPing(t *testing.T) {
	t.Parallel()
	clock := newFakeClock(time.Date(2026, 11, 24, 3, 52, 27, 123456789, time.UTC))
	s := newServer(t, zchattest.WithClock(clock.Now))
	info, err := s.Client().Ping(ctxT(t))
	require.NoError(t, err)
	assert.Equal(t, zchattest.Version, info.Version)
	assert.True(t, info.Time.Equal(time.Date(2026, 11, 24, 3, 52, 27, 123000000, time.UTC)), "the clock, to the millisecond: %v", info.Time)
}

func TestAuth(t *testing.T) {
	t.Parallel()
	s := newServer(t, zchattest.WithAPIKey("s3cret"))
	assert.Equal(t, "s3cret", s.APIKey)
	tests := []struct {
		name, auth string
		status     int
	}{
		{"missing", "", 401},
		{"wrong key", "Bearer nope", 401},
		{"a prefix of the key", "Bearer s3cre", 401},
		{"another scheme", "Basic s3cret", 401},
		{"no key", "Bearer", 401},
		{"right", "Bearer s3cret", 200},
		{"scheme in another case", "bearer s3cret", 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := call(t, s, http.MethodGet, "/ping", nil, "Authorization", tt.auth)
			require.Equal(t, tt.status, r.Status)
			if tt.status == 401 {
				e := r.apiBody(t)
				assert.Equal(t, zchat.CodeUnauthorized, e.Code)
				assert.Equal(t, r.Header.Get("X-Request-Id"), e.RequestID)
			}
		})
	}
	_, err := s.Client(zchat.WithAPIKey("wrong")).Ping(ctxT(t))
	assert.ErrorIs(t, err, zchat.ErrUnauthorized)
	r := call(t, s, http.MethodPost, "/agents", `{"LoginName":"x","Password":"p"}`, "Authorization", "")
	assert.Equal(t, 401, r.Status, "auth comes before anything else")
	assert.Equal(t, 0, s.Count(zchattest.KindAgents))

	random := newServer(t)
	assert.NotEmpty(t, random.APIKey)
	assert.NotEqual(t, random.APIKey, newServer(t).APIKey, "a random key per server")
}

func TestRoutingErrors(t *testing.T) {
	t.Parallel()
	s := newServer(t, zchattest.WithDemoData())
	tests := []struct {
		method, path string
		status       int
		code         string
	}{
		{http.MethodGet, "/nothing", 404, "not_found"},
		{http.MethodGet, "/agents/abc", 404, "not_found"},
		{http.MethodGet, "/agents/0", 404, "not_found"},
		{http.MethodGet, "/agents/-1", 404, "not_found"},
		{http.MethodGet, "/agents/+1", 404, "not_found"},
		{http.MethodGet, "/agents/99999999999", 404, "not_found"},
		{http.MethodGet, "/agents/99", 404, "not_found"},
		{http.MethodGet, "/agents/1/", 404, "not_found"},
		{http.MethodPatch, "/agents/1", 405, "invalid_request"},
		{http.MethodGet, "/leads/1/cases/1", 404, "not_found"},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			t.Parallel()
			r := call(t, s, tt.method, tt.path, nil)
			require.Equal(t, tt.status, r.Status, "%s", r.Body)
			e := r.apiBody(t)
			assert.Equal(t, tt.code, e.Code)
			assert.NotEmpty(t, r.Header.Get("X-Request-Id"))
			assert.Equal(t, r.Header.Get("X-Request-Id"), e.RequestID)
			assert.Equal(t, "application/json; charset=utf-8", r.Header.Get("Content-Type"))
		})
	}
	r := call(t, s, http.MethodPatch, "/agents/1", nil)
	assert.Equal(t, "DELETE, GET, PUT", r.Header.Get("Allow"))

	// Outside the base path.
	req, err := http.NewRequest(http.MethodGet, s.URL+"/agents", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+s.APIKey)
	req.Close = true
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
}

func TestRequestIDsUnique(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	seen := map[string]bool{}
	for range 20 {
		r := call(t, s, http.MethodGet, "/ping", nil)
		id := r.Header.Get("X-Request-Id")
		require.NotEmpty(t, id)
		assert.False(t, seen[id], "X-Request-Id %s repeated", id)
		seen[id] = true
	}
	recs := s.Requests()
	require.Len(t, recs, 20)
	assert.True(t, seen[recs[0].RequestID])
	assert.Equal(t, zchattest.RequestRecord{Method: "GET", Path: "/ping", Status: 200, RequestID: recs[0].RequestID, Time: recs[0].Time}, recs[0])
}

func TestBodyLimit(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	over := bytes.Repeat([]byte(" "), zchattest.MaxBodyBytes+1)
	r := call(t, s, http.MethodPost, "/leads", over)
	require.Equal(t, http.StatusRequestEntityTooLarge, r.Status)
	e := r.apiBody(t)
	assert.Equal(t, zchat.CodePayloadTooLarge, e.Code)
	assert.Equal(t, r.Header.Get("X-Request-Id"), e.RequestID)

	// Exactly 16 MiB is read (whitespace around a lead: valid JSON).
	at := bytes.Repeat([]byte(" "), zchattest.MaxBodyBytes)
	copy(at, `{"Email":"big@example.com"}`)
	r = call(t, s, http.MethodPost, "/leads", at)
	assert.Equal(t, http.StatusCreated, r.Status, "%s", r.Body)
}

func TestIdempotency(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	body := `{"Email":"idem@example.com","DisplayName":"Idem"}`
	first := call(t, s, http.MethodPost, "/leads", body, "Idempotency-Key", "key-1")
	require.Equal(t, http.StatusCreated, first.Status)
	again := call(t, s, http.MethodPost, "/leads", body, "Idempotency-Key", "key-1")
	assert.Equal(t, http.StatusCreated, again.Status, "the first answer's status, though the lead now exists")
	assert.Equal(t, first.Body, again.Body)
	assert.Equal(t, first.Header.Get("Content-Type"), again.Header.Get("Content-Type"))
	assert.NotEqual(t, first.Header.Get("X-Request-Id"), again.Header.Get("X-Request-Id"), "a new X-Request-Id")
	assert.Empty(t, first.Header.Values("Idempotent-Replayed"), "a first answer is not marked")
	assert.Equal(t, "true", again.Header.Get("Idempotent-Replayed"), "a replay is marked")
	assert.Equal(t, 1, s.Count(zchattest.KindLeads))
	assert.Equal(t, 1, s.Stats().Replayed)
	assert.Len(t, s.Events(), 1, "nothing acted twice")

	// Without a key, or with another, the request acts.
	r := call(t, s, http.MethodPost, "/leads", body, "Idempotency-Key", "key-2")
	assert.Equal(t, http.StatusOK, r.Status)

	// The same key with another body, method or path → 422.
	for name, rr := range map[string]rawResponse{
		"body": call(t, s, http.MethodPost, "/leads", `{"Email":"other@example.com"}`, "Idempotency-Key", "key-1"),
		"path": call(t, s, http.MethodPost, "/leads/1/notes", body, "Idempotency-Key", "key-1"),
	} {
		require.Equal(t, http.StatusUnprocessableEntity, rr.Status, name)
		assert.Equal(t, zchat.CodeIdempotencyMismatch, rr.apiBody(t).Code, name)
	}
	assert.Equal(t, 1, s.Count(zchattest.KindLeads))

	// 4xx answers are stored too; other methods ignore the header.
	bad := call(t, s, http.MethodPost, "/leads/1/cases", `{}`, "Idempotency-Key", "key-3")
	require.Equal(t, http.StatusUnprocessableEntity, bad.Status)
	badAgain := call(t, s, http.MethodPost, "/leads/1/cases", `{}`, "Idempotency-Key", "key-3")
	assert.Equal(t, bad.Body, badAgain.Body)
	assert.Equal(t, "true", badAgain.Header.Get("Idempotent-Replayed"))
	assert.Equal(t, http.StatusOK, call(t, s, http.MethodGet, "/leads/1", nil, "Idempotency-Key", "key-1").Status)

	// Malformed keys → 400.
	for _, key := range []string{" ", "with space", strings.Repeat("k", 256), "tab\tkey", "é"} {
		rr := call(t, s, http.MethodPost, "/leads", body, "Idempotency-Key", key)
		require.Equal(t, http.StatusBadRequest, rr.Status, "%q", key)
		assert.Equal(t, []string{"Idempotency-Key"}, fieldNames(rr.apiBody(t).Fields))
	}
	assert.Equal(t, http.StatusOK, call(t, s, http.MethodPost, "/leads", body, "Idempotency-Key", strings.Repeat("k", 255)).Status)
}

func TestIdempotencyThroughSDK(t *testing.T) {
	t.Parallel()
	s := newServer(t, zchattest.WithDemoData())
	cc := cases.New(s.Client())
	ctx := zchat.WithIdempotencyKey(ctxT(t), "crm-ticket-4411")
	in := cases.CaseInput{Subject: "Once only"}
	c1, err := cc.SubmitCase(ctx, 1, in)
	require.NoError(t, err)
	c2, err := cc.SubmitCase(ctx, 1, in)
	require.NoError(t, err)
	assert.Equal(t, c1, c2, "the same key twice: one case, the same answer")
	assert.Equal(t, 1, s.Stats().Created[zchattest.KindCases])

	_, err = cc.SubmitCase(ctx, 1, cases.CaseInput{Subject: "Something else"})
	ae := asAPIError(t, err)
	assert.Equal(t, http.StatusUnprocessableEntity, ae.StatusCode)
	assert.Equal(t, zchat.CodeIdempotencyMismatch, ae.Code)
	assert.NotErrorIs(t, err, zchat.ErrValidation)

	// Keys are scoped to the API key: another server (another key) acts.
	other := newServer(t, zchattest.WithDemoData())
	_, err = cases.New(other.Client()).SubmitCase(ctx, 1, in)
	require.NoError(t, err)
	assert.Equal(t, 1, other.Stats().Created[zchattest.KindCases])
}

func TestIdempotencyExpiresAfter24h(t *testing.T) {
	t.Parallel()
	clock := newFakeClock(zchattest.DemoBaseTime)
	s := newServer(t, zchattest.WithClock(clock.Now))
	body := `{"Email":"ttl@example.com"}`
	assert.Equal(t, 201, call(t, s, http.MethodPost, "/leads", body, "Idempotency-Key", "k").Status)
	clock.Add(zchattest.IdempotencyTTL - time.Second)
	assert.Equal(t, 201, call(t, s, http.MethodPost, "/leads", body, "Idempotency-Key", "k").Status, "replayed within 24 h")
	clock.Add(time.Second)
	assert.Equal(t, 200, call(t, s, http.MethodPost, "/leads", body, "Idempotency-Key", "k").Status, "acts again after 24 h")
}

func TestIdempotencyInProgress(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	// The first request is handled, then held for a while before its answer
	// is final: a second one with the same key meanwhile gets 409.
	s.InjectFaults(zchattest.Fault{Path: "/leads", After: true, Delay: 300 * time.Millisecond})
	body := `{"Email":"slow@example.com"}`
	var wg sync.WaitGroup
	var first rawResponse
	wg.Add(1)
	go func() {
		defer wg.Done()
		first = call(t, s, http.MethodPost, "/leads", body, "Idempotency-Key", "slow")
	}()
	require.Eventually(t, func() bool { return s.Count(zchattest.KindLeads) == 1 }, 5*time.Second, time.Millisecond)
	busy := call(t, s, http.MethodPost, "/leads", body, "Idempotency-Key", "slow")
	assert.Equal(t, http.StatusConflict, busy.Status)
	assert.Equal(t, zchat.CodeConflict, busy.apiBody(t).Code)
	wg.Wait()
	assert.Equal(t, http.StatusCreated, first.Status)
	assert.Equal(t, first.Body, call(t, s, http.MethodPost, "/leads", body, "Idempotency-Key", "slow").Body)
}

func TestIdempotencyNotFor5xx(t *testing.T) {
	t.Parallel()
	s := newServer(t, zchattest.WithDemoData())
	// A 5xx written by the server for a failed attempt is not stored: the
	// SDK's retry with the same key acts.
	s.InjectFaults(zchattest.Fault{Method: http.MethodPost, Status: http.StatusServiceUnavailable, RetryAfter: "0"})
	a, err := agents.New(s.Client()).Create(ctxT(t), agents.Agent{LoginName: "retry", Password: "p"})
	require.NoError(t, err)
	assert.Equal(t, 4, a.UserID)
	recs := s.Requests()
	require.Len(t, recs, 2)
	assert.Equal(t, recs[0].IdempotencyKey, recs[1].IdempotencyKey)
	assert.Equal(t, []int{503, 201}, []int{recs[0].Status, recs[1].Status})
	assert.True(t, recs[0].Fault)
}

func TestUnstartedServer(t *testing.T) {
	t.Parallel()
	s := zchattest.NewUnstartedServer(zchattest.WithBasePath("/zchat/api/v1/"))
	defer s.Close()
	assert.Empty(t, s.URL)
	assert.Panics(t, func() { s.Client() }, "no URL yet")
	s.Start()
	require.NotEmpty(t, s.URL)
	assert.Equal(t, "/zchat/api/v1", s.BasePath())
	_, err := s.Client().Ping(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "/ping", s.Requests()[0].Path)

	never := zchattest.NewUnstartedServer()
	never.Close() // closing a server never started is fine
}
