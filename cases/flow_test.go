package cases_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
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
	if err != nil {
		t.Fatal(err)
	}
	// The same key again, as a retry after a crash or a timeout would.
	lead2, case2, err := c.SubmitCaseForEmail(ctx, "chat-1234", ann, problem)
	if err != nil {
		t.Fatal(err)
	}
	if lead1.LeadID != lead2.LeadID || case1.CaseID != case2.CaseID || case1.LeadID != lead1.LeadID {
		t.Errorf("retry gave lead %d case %d, first lead %d case %d", lead2.LeadID, case2.CaseID, lead1.LeadID, case1.CaseID)
	}
	if leads, cs, _ := srv.counts(); leads != 1 || cs != 1 {
		t.Fatalf("after a retry: %d leads and %d cases created, want 1 and 1", leads, cs)
	}

	// A different key is a different submission: a second case, same lead.
	lead3, case3, err := c.SubmitCaseForEmail(ctx, "chat-5678", ann, problem)
	if err != nil {
		t.Fatal(err)
	}
	if lead3.LeadID != lead1.LeadID || case3.CaseID == case1.CaseID {
		t.Errorf("new key gave lead %d case %d", lead3.LeadID, case3.CaseID)
	}
	if leads, cs, _ := srv.counts(); leads != 1 || cs != 2 {
		t.Errorf("after a new key: %d leads and %d cases created, want 1 and 2", leads, cs)
	}

	// A retry that rebuilt its input differently is refused, still without a
	// second case.
	changed := problem
	changed.Description = "now with more detail"
	_, _, err = c.SubmitCaseForEmail(ctx, "chat-1234", ann, changed)
	var apiErr *zchat.APIError
	if !errors.As(err, &apiErr) || apiErr.Code != zchat.CodeIdempotencyMismatch {
		t.Errorf("changed retry: err = %v, want idempotency_mismatch", err)
	}
	if _, cs, _ := srv.counts(); cs != 2 {
		t.Errorf("%d cases created, want 2", cs)
	}
}

func TestSubmitCaseForEmailKeys(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	srv := newIdemServer(t, mt)
	ctx := context.Background()
	// Any key works, however long and whatever it holds.
	weird := strings.Repeat("séance 🎫 ", 100)

	for _, key := range []string{"chat-1234", "chat-1234", weird, "chat-5678"} {
		if _, _, err := c.SubmitCaseForEmail(ctx, key, ann, problem); err != nil {
			t.Fatal(err)
		}
	}
	k := srv.postKeys()
	if len(k) != 8 {
		t.Fatalf("%d POSTs, want 8", len(k))
	}
	if k[0] != k[2] || k[1] != k[3] {
		t.Errorf("keys not stable across calls with the same key: %q %q vs %q %q", k[0], k[1], k[2], k[3])
	}
	if k[0] == k[1] {
		t.Errorf("lead and case share the key %q", k[0])
	}
	if k[4] == k[0] || k[6] == k[0] || k[5] == k[1] || k[7] == k[1] || k[5] == k[7] {
		t.Errorf("different caller keys share derived keys: %q", k)
	}
	for _, key := range k {
		if err := zchat.CheckIdempotencyKey(key); err != nil {
			t.Errorf("derived key %q: %v", key, err)
		}
		if strings.Contains(key, "chat-1234") || strings.Contains(key, "séance") {
			t.Errorf("derived key %q holds the caller's key", key)
		}
	}
	if !strings.HasPrefix(k[0], "zchat-go/crm/") || !strings.HasSuffix(k[0], "/lead") || !strings.HasSuffix(k[1], "/case") {
		t.Errorf("keys = %q, %q", k[0], k[1])
	}

	// A key the caller set on ctx does not take their place.
	if _, _, err := c.SubmitCaseForEmail(zchat.WithIdempotencyKey(ctx, "mine"), "chat-1234", ann, problem); err != nil {
		t.Fatal(err)
	}
	if k2 := srv.postKeys(); k2[8] != k[0] || k2[9] != k[1] {
		t.Errorf("keys with a ctx key = %q, %q", k2[8], k2[9])
	}
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
	if !errors.Is(err, zchat.ErrValidation) || kase != nil {
		t.Fatalf("err = %v, case = %v", err, kase)
	}
	if lead == nil || lead.LeadID == 0 {
		t.Errorf("the lead that was upserted is not returned: %v", lead)
	}
	if want := fmt.Sprintf("lead %d", lead.LeadID); !strings.Contains(err.Error(), want) {
		t.Errorf("err = %q, want it to name %q", err, want)
	}
}

func TestSubmitNoteForEmail(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	srv := newIdemServer(t, mt)
	ctx := context.Background()
	note := cases.NoteInput{Text: "Called back, card expired.", SessionID: 1234}

	lead1, note1, err := c.SubmitNoteForEmail(ctx, "chat-1234", ann, note)
	if err != nil {
		t.Fatal(err)
	}
	lead2, note2, err := c.SubmitNoteForEmail(ctx, "chat-1234", ann, note)
	if err != nil {
		t.Fatal(err)
	}
	if lead1.LeadID != lead2.LeadID || note1.NoteID != note2.NoteID || note1.LeadID != lead1.LeadID {
		t.Errorf("retry gave lead %d note %d, first lead %d note %d", lead2.LeadID, note2.NoteID, lead1.LeadID, note1.NoteID)
	}
	if leads, _, notes := srv.counts(); leads != 1 || notes != 1 {
		t.Errorf("%d leads and %d notes created, want 1 and 1", leads, notes)
	}
	if _, n3, err := c.SubmitNoteForEmail(ctx, "chat-5678", ann, note); err != nil || n3.NoteID == note1.NoteID {
		t.Errorf("new key: note %v, %v", n3, err)
	}

	// The same caller key serves a case too: the flows' keys differ.
	if _, _, err := c.SubmitCaseForEmail(ctx, "chat-1234", ann, problem); err != nil {
		t.Fatal(err)
	}
	k := srv.postKeys()
	if k[0] == k[6] || k[1] == k[7] {
		t.Errorf("note and case flows share keys: %q", k)
	}
	if _, cs, notes := srv.counts(); cs != 1 || notes != 2 {
		t.Errorf("%d cases and %d notes, want 1 and 2", cs, notes)
	}

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
