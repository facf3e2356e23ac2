package cases_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/cases"
	"github.com/zchat/zchat-go/internal/wiretest"
	"github.com/zchat/zchat-go/zchat"
)

// idemServer simulates the APP Server's POST /leads and POST
// /leads/{id}/cases|notes with its idempotency: a repeated Idempotency-Key
// gets the first answer without acting again, and a different body with the
// same key gets 422 idempotency_mismatch.
type idemServer struct {
	mu       sync.Mutex
	seen     map[string]idemAnswer // by Idempotency-Key
	leads    map[string]int        // LeadId by lower-case email
	leadsNew int                   // leads created
	cases    int                   // cases created
	notes    int                   // notes created
	keys     []string              // Idempotency-Key of every POST, in order
	failCase bool                  // answer every case with 422
}

type idemAnswer struct {
	body   []byte // the request body
	status int
	answer []byte
}

func newIdemServer(t *testing.T, mt *httpmock.MockTransport) *idemServer {
	t.Helper()
	s := &idemServer{seen: map[string]idemAnswer{}, leads: map[string]int{}}
	mt.RegisterResponder(http.MethodPost, wiretest.BaseURL+"/leads", s.handle(s.upsertLead))
	mt.RegisterRegexpResponder(http.MethodPost, regexp.MustCompile(`^`+regexp.QuoteMeta(wiretest.BaseURL)+`/leads/(\d+)/cases$`), s.handle(s.createCase))
	mt.RegisterRegexpResponder(http.MethodPost, regexp.MustCompile(`^`+regexp.QuoteMeta(wiretest.BaseURL)+`/leads/(\d+)/notes$`), s.handle(s.createNote))
	return s
}

func (s *idemServer) handle(act func(req *http.Request, body []byte) (int, any)) httpmock.Responder {
	return func(req *http.Request) (*http.Response, error) {
		body, err := io.ReadAll(req.Body)
		if err != nil {
			return nil, err
		}
		key := req.Header.Get("Idempotency-Key")
		s.mu.Lock()
		defer s.mu.Unlock()
		s.keys = append(s.keys, key)
		if prev, ok := s.seen[key]; ok {
			if !bytes.Equal(prev.body, body) {
				return httpmock.NewStringResponse(http.StatusUnprocessableEntity, `{"Code":"idempotency_mismatch","Message":"key reused with another body"}`), nil
			}
			return httpmock.NewBytesResponse(prev.status, prev.answer), nil
		}
		status, out := act(req, body)
		answer, _ := json.Marshal(out)
		if status < 300 {
			s.seen[key] = idemAnswer{body, status, answer}
		}
		return httpmock.NewBytesResponse(status, answer), nil
	}
}

func (s *idemServer) upsertLead(_ *http.Request, body []byte) (int, any) {
	var in cases.LeadInput
	_ = json.Unmarshal(body, &in)
	email := strings.ToLower(in.Email)
	if id, ok := s.leads[email]; ok {
		return http.StatusOK, cases.Lead{LeadID: id, Email: in.Email}
	}
	s.leadsNew++
	s.leads[email] = 100 + s.leadsNew
	return http.StatusCreated, cases.Lead{LeadID: s.leads[email], Email: in.Email}
}

func (s *idemServer) createCase(req *http.Request, body []byte) (int, any) {
	if s.failCase {
		return http.StatusUnprocessableEntity, zchat.APIError{Code: zchat.CodeValidationFailed, Message: "no"}
	}
	var in cases.CaseInput
	_ = json.Unmarshal(body, &in)
	s.cases++
	return http.StatusCreated, cases.Case{CaseID: s.cases, LeadID: int(httpmock.MustGetSubmatchAsInt(req, 1)), Subject: in.Subject, Status: cases.StatusOpen}
}

func (s *idemServer) createNote(req *http.Request, body []byte) (int, any) {
	var in cases.NoteInput
	_ = json.Unmarshal(body, &in)
	s.notes++
	return http.StatusCreated, cases.Note{NoteID: s.notes, LeadID: int(httpmock.MustGetSubmatchAsInt(req, 1)), Text: in.Text}
}

func (s *idemServer) counts() (leads, cases, notes int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.leadsNew, s.cases, s.notes
}

func (s *idemServer) postKeys() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.keys...)
}

var (
	ann     = cases.LeadInput{Email: "ann@example.com", DisplayName: "Ann Lee"}
	problem = cases.CaseInput{Subject: "Checkout fails", Priority: cases.PriorityHigh, SessionID: 1234,
		Debug: &cases.DebugInfo{Browser: "Firefox 140", Properties: map[string]string{cases.PropSessionID: "1234"}}}
)

func TestSubmitCaseForEmailIdempotent(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	srv := newIdemServer(t, mt)
	ctx := context.Background()

	lead1, case1, err := c.SubmitCaseForEmail(ctx, "chat-1234", ann, problem)
	require.NoError(t, err)
	// The same key again, as a retry after a crash or a timeout would.
	lead2, case2, err := c.SubmitCaseForEmail(ctx, "chat-1234", ann, problem)
	require.NoError(t, err)
	assert.Equal(t, lead1.LeadID, lead2.LeadID, "a retry gives the first lead")
	assert.Equal(t, case1.CaseID, case2.CaseID, "a retry gives the first case")
	assert.Equal(t, lead1.LeadID, case1.LeadID)
	leads, cs, _ := srv.counts()
	require.Equal(t, 1, leads, "leads created after a retry")
	require.Equal(t, 1, cs, "cases created after a retry")

	// A different key is a different submission: a second case, same lead.
	lead3, case3, err := c.SubmitCaseForEmail(ctx, "chat-5678", ann, problem)
	require.NoError(t, err)
	assert.Equal(t, lead1.LeadID, lead3.LeadID, "a new key: the same lead")
	assert.NotEqual(t, case1.CaseID, case3.CaseID, "a new key: a new case")
	leads, cs, _ = srv.counts()
	assert.Equal(t, 1, leads, "leads created after a new key")
	assert.Equal(t, 2, cs, "cases created after a new key")

	// A retry that rebuilt its input differently is refused, still without a
	// second case.
	changed := problem
	changed.Description = "now with more detail"
	_, _, err = c.SubmitCaseForEmail(ctx, "chat-1234", ann, changed)
	var apiErr *zchat.APIError
	if assert.ErrorAs(t, err, &apiErr, "changed retry") {
		assert.Equal(t, zchat.CodeIdempotencyMismatch, apiErr.Code, "changed retry")
	}
	_, cs, _ = srv.counts()
	assert.Equal(t, 2, cs, "cases created")
}

func TestSubmitCaseForEmailKeys(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	srv := newIdemServer(t, mt)
	ctx := context.Background()
	// Any key works, however long and whatever it holds.
	weird := strings.Repeat("séance 🎫 ", 100)

	for _, key := range []string{"chat-1234", "chat-1234", weird, "chat-5678"} {
		_, _, err := c.SubmitCaseForEmail(ctx, key, ann, problem)
		require.NoError(t, err)
	}
	k := srv.postKeys()
	require.Equal(t, 8, len(k))
	assert.Equal(t, k[0:2], k[2:4], "keys stable across calls with the same key")
	assert.NotEqual(t, k[0], k[1], "lead and case share a key")
	for _, pair := range [][2]int{{4, 0}, {6, 0}, {5, 1}, {7, 1}, {5, 7}} {
		assert.NotEqual(t, k[pair[0]], k[pair[1]], "different caller keys share derived keys: %q", k)
	}
	for _, key := range k {
		assert.NoError(t, zchat.CheckIdempotencyKey(key), "derived key %q", key)
		assert.NotContains(t, key, "chat-1234", "a derived key holds the caller's key")
		assert.NotContains(t, key, "séance", "a derived key holds the caller's key")
	}
	assert.True(t, strings.HasPrefix(k[0], "zchat-go/crm/"), "keys = %q", k[0])
	assert.True(t, strings.HasSuffix(k[0], "/lead"), "keys = %q", k[0])
	assert.True(t, strings.HasSuffix(k[1], "/case"), "keys = %q", k[1])

	// A key the caller set on ctx does not take their place.
	_, _, err := c.SubmitCaseForEmail(zchat.WithIdempotencyKey(ctx, "mine"), "chat-1234", ann, problem)
	require.NoError(t, err)
	k2 := srv.postKeys()
	assert.Equal(t, k[0:2], k2[8:10], "keys with a ctx key")
}

func TestSubmitCaseForEmailValidatesFirst(t *testing.T) {
	t.Parallel()
	tests := []struct {
		key   string
		lead  cases.LeadInput
		in    cases.CaseInput
		field string
	}{
		{"", ann, problem, "key"},
		{"  ", ann, problem, "key"},
		{"k", cases.LeadInput{Email: "Ann <ann@example.com>"}, problem, "LeadInput.Email"},
		// The lead is fine, the case is not: nothing is sent, not even the lead.
		{"k", ann, cases.CaseInput{}, "CaseInput.Subject"},
		{"k", ann, cases.CaseInput{Subject: "s", Debug: &cases.DebugInfo{Logs: logs(1001)}}, "CaseInput.Debug.Logs"},
	}
	for _, tt := range tests {
		c, mt := setup(t)
		newIdemServer(t, mt)
		_, _, err := c.SubmitCaseForEmail(context.Background(), tt.key, tt.lead, tt.in)
		wiretest.RequireInvalid(t, err, tt.field)
		wiretest.RequireCalls(t, mt, 0)
	}
}

func TestSubmitCaseForEmailCaseFails(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	srv := newIdemServer(t, mt)
	srv.failCase = true
	lead, kase, err := c.SubmitCaseForEmail(context.Background(), "k", ann, problem)
	require.ErrorIs(t, err, zchat.ErrValidation)
	require.Nil(t, kase)
	require.NotNil(t, lead, "the lead that was upserted is returned")
	assert.NotZero(t, lead.LeadID, "the lead that was upserted is returned")
	assert.ErrorContains(t, err, fmt.Sprintf("lead %d", lead.LeadID))
}

func TestSubmitNoteForEmail(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	srv := newIdemServer(t, mt)
	ctx := context.Background()
	note := cases.NoteInput{Text: "Called back, card expired.", SessionID: 1234}

	lead1, note1, err := c.SubmitNoteForEmail(ctx, "chat-1234", ann, note)
	require.NoError(t, err)
	lead2, note2, err := c.SubmitNoteForEmail(ctx, "chat-1234", ann, note)
	require.NoError(t, err)
	assert.Equal(t, lead1.LeadID, lead2.LeadID, "a retry gives the first lead")
	assert.Equal(t, note1.NoteID, note2.NoteID, "a retry gives the first note")
	assert.Equal(t, lead1.LeadID, note1.LeadID)
	leads, _, notes := srv.counts()
	assert.Equal(t, 1, leads, "leads created")
	assert.Equal(t, 1, notes, "notes created")
	_, n3, err := c.SubmitNoteForEmail(ctx, "chat-5678", ann, note)
	require.NoError(t, err, "new key")
	assert.NotEqual(t, note1.NoteID, n3.NoteID, "a new key: a new note")

	// The same caller key serves a case too: the flows' keys differ.
	_, _, err = c.SubmitCaseForEmail(ctx, "chat-1234", ann, problem)
	require.NoError(t, err)
	k := srv.postKeys()
	assert.NotEqual(t, k[0], k[6], "note and case flows share keys: %q", k)
	assert.NotEqual(t, k[1], k[7], "note and case flows share keys: %q", k)
	_, cs, notes := srv.counts()
	assert.Equal(t, 1, cs, "cases")
	assert.Equal(t, 2, notes, "notes")

	c2, mt2 := setup(t)
	_, _, err = c2.SubmitNoteForEmail(ctx, "k", ann, cases.NoteInput{})
	wiretest.RequireInvalid(t, err, "NoteInput.Text")
	wiretest.RequireCalls(t, mt2, 0)
}

// TestFlowKeyReused checks that a flow re-run under the caller's key with
// other content says what happened, in the caller's terms, and still
// matches zchat.ErrIdempotencyMismatch; nothing new is created.
func TestFlowKeyReused(t *testing.T) {
	t.Parallel()
	changedCase := problem
	changedCase.Description = "rebuilt with new log times"
	changedLead := ann
	changedLead.Phone = "+44 20 7946 0958"
	note := cases.NoteInput{Text: "Called back."}
	tests := []struct {
		name string
		run  func(c *cases.Client, second bool) error
		what string // what the error says was submitted before
	}{
		{"case content", func(c *cases.Client, second bool) error {
			in := problem
			if second {
				in = changedCase
			}
			_, _, err := c.SubmitCaseForEmail(context.Background(), "chat-1234", ann, in)
			return err
		}, "a case"},
		{"lead content", func(c *cases.Client, second bool) error {
			lead := ann
			if second {
				lead = changedLead
			}
			_, _, err := c.SubmitCaseForEmail(context.Background(), "chat-1234", lead, problem)
			return err
		}, "a lead"},
		{"note content", func(c *cases.Client, second bool) error {
			in := note
			if second {
				in.Text = "Called back twice."
			}
			_, _, err := c.SubmitNoteForEmail(context.Background(), "chat-1234", ann, in)
			return err
		}, "a note"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt := setup(t)
			srv := newIdemServer(t, mt)
			require.NoError(t, tt.run(c, false))
			leads, cs, notes := srv.counts()

			err := tt.run(c, true)
			require.ErrorIs(t, err, zchat.ErrIdempotencyMismatch)
			assert.NotErrorIs(t, err, zchat.ErrValidation)
			msg := err.Error()
			assert.Contains(t, msg, tt.what+` was already submitted under the key "chat-1234" with different content`)
			assert.Contains(t, msg, "nothing new was created")
			assert.Contains(t, msg, "use a new key to submit different content")
			l2, c2, n2 := srv.counts()
			assert.Equal(t, []int{leads, cs, notes}, []int{l2, c2, n2}, "nothing new created")
		})
	}
}

// TestFlowOtherErrorsUnchanged checks that only a mismatch gets the
// key-reuse wording.
func TestFlowOtherErrorsUnchanged(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	srv := newIdemServer(t, mt)
	srv.failCase = true
	_, _, err := c.SubmitCaseForEmail(context.Background(), "k", ann, problem)
	require.ErrorIs(t, err, zchat.ErrValidation)
	assert.NotContains(t, err.Error(), "already submitted")
}
