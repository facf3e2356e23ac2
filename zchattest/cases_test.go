package zchattest_test

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/cases"
	"github.com/zchat/zchat-go/webhook"
	"github.com/zchat/zchat-go/zchat"
	"github.com/zchat/zchat-go/zchattest"
)

func TestLeadUpsert(t *testing.T) {
	t.Parallel()
	clock := newFakeClock(time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC))
	s := newServer(t, zchattest.WithClock(clock.Now))
	ctx := ctxT(t)
	cc := cases.New(s.Client())

	l, createdNew, err := cc.UpsertLeadCreated(ctx, cases.LeadInput{Email: "Ann@Example.com", DisplayName: "Ann", Company: "ACME"})
	require.NoError(t, err)
	assert.True(t, createdNew, "201 for a new lead")
	assert.Equal(t, cases.Lead{LeadID: 1, Email: "Ann@Example.com", DisplayName: "Ann", Company: "ACME",
		CreatedTime: zchat.NewTime(clock.Now()), UpdatedTime: zchat.NewTime(clock.Now())}, *l)

	clock.Add(time.Hour)
	l2, createdNew, err := cc.UpsertLeadCreated(ctx, cases.LeadInput{Email: "ann@EXAMPLE.com", Phone: "+1 555 0100", CustomerID: "Guest:@ann"})
	require.NoError(t, err)
	assert.False(t, createdNew, "200 for the lead with that Email, in any case")
	assert.Equal(t, cases.Lead{LeadID: 1, Email: "Ann@Example.com", DisplayName: "Ann", Company: "ACME",
		Phone: "+1 555 0100", CustomerID: "Guest:@ann",
		CreatedTime: l.CreatedTime, UpdatedTime: zchat.NewTime(clock.Now())}, *l2,
		"the stored Email keeps its casing; fields given empty are kept")
	assert.Equal(t, 1, s.Count(zchattest.KindLeads))

	got, err := cc.GetLead(ctx, 1)
	require.NoError(t, err)
	assert.Equal(t, *l2, *got)
	_, err = cc.GetLead(ctx, 2)
	assert.ErrorIs(t, err, zchat.ErrNotFound)

	var leadEvents int
	for _, ev := range s.Events() {
		if ev.Type == webhook.TypeLeadCreated {
			leadEvents++
		}
	}
	assert.Equal(t, 1, leadEvents, "lead.created for the new lead only")

	for _, body := range []string{`{"Email":""}`, `{}`, `{"Email":"not-an-address"}`, `{"Email":"a b@c"}`, `{"Email":"a@b","CustomerId":"nokind"}`} {
		r := call(t, s, http.MethodPost, "/leads", body)
		assert.Equal(t, http.StatusUnprocessableEntity, r.Status, "%s: %s", body, r.Body)
	}
}

func TestLeadList(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	ctx := ctxT(t)
	cc := cases.New(s.Client())
	for i := range 5 {
		_, err := cc.UpsertLead(ctx, cases.LeadInput{Email: fmt.Sprintf("lead%d@example.com", i)})
		require.NoError(t, err)
	}
	var emails []string
	for l, err := range cc.AllLeads(ctx, &cases.LeadListOptions{PageSize: 2}) {
		require.NoError(t, err)
		emails = append(emails, l.Email)
	}
	assert.Equal(t, []string{"lead0@example.com", "lead1@example.com", "lead2@example.com", "lead3@example.com", "lead4@example.com"}, emails)

	p, err := cc.ListLeads(ctx, &cases.LeadListOptions{Email: "LEAD3@example.com"})
	require.NoError(t, err)
	require.Len(t, p.Items, 1)
	assert.Equal(t, 4, p.Items[0].LeadID)
	p, err = cc.ListLeads(ctx, &cases.LeadListOptions{Email: "nobody@example.com"})
	require.NoError(t, err)
	assert.Empty(t, p.Items)
	assert.Empty(t, p.NextCursor)
}

func TestCasesAndNotes(t *testing.T) {
	t.Parallel()
	s := newServer(t, zchattest.WithDemoData()) // lead 1 with case 1, session 2
	ctx := ctxT(t)
	cc := cases.New(s.Client())

	demo, err := cc.GetCase(ctx, 1)
	require.NoError(t, err)
	assert.Equal(t, cases.StatusOpen, demo.Status)
	require.NotNil(t, demo.Debug)
	assert.Len(t, demo.Debug.Logs, 2)

	lead2, err := cc.UpsertLead(ctx, cases.LeadInput{Email: "two@example.com"})
	require.NoError(t, err)
	debug := &cases.DebugInfo{
		Browser: "Firefox 132.0", Properties: map[string]string{"k": "v"},
		Logs:        []cases.LogEntry{{Time: zchat.NewTime(zchattest.DemoBaseTime), Level: "warn", Message: "slow"}},
		StackTrace:  "at main()",
		Attachments: []cases.Attachment{{FileName: "a.txt", ContentType: "text/plain", Content: []byte("hello")}},
	}
	c2, err := cc.SubmitCase(ctx, lead2.LeadID, cases.CaseInput{Subject: "Broken", SessionID: 2, Debug: debug})
	require.NoError(t, err)
	assert.Equal(t, cases.PriorityNormal, c2.Priority, "Priority defaults to normal")
	assert.Equal(t, cases.StatusOpen, c2.Status)
	assert.Equal(t, lead2.LeadID, c2.LeadID)
	assert.Equal(t, debug, c2.Debug)
	got, err := cc.GetCase(ctx, c2.CaseID)
	require.NoError(t, err)
	assert.Equal(t, *c2, *got)
	_, err = cc.GetCase(ctx, 99)
	assert.ErrorIs(t, err, zchat.ErrNotFound)

	for i := range 3 {
		_, err := cc.SubmitCase(ctx, lead2.LeadID, cases.CaseInput{Subject: fmt.Sprint("case ", i), Priority: cases.PriorityUrgent})
		require.NoError(t, err)
	}
	p1, err := cc.ListCases(ctx, lead2.LeadID, &zchat.ListOptions{PageSize: 2})
	require.NoError(t, err)
	require.Len(t, p1.Items, 2)
	assert.Equal(t, c2.CaseID, p1.Items[0].CaseID, "only the lead's own cases")
	p2, err := cc.ListCases(ctx, lead2.LeadID, &zchat.ListOptions{PageSize: 2, Cursor: p1.NextCursor})
	require.NoError(t, err)
	assert.Len(t, p2.Items, 2)
	assert.Empty(t, p2.NextCursor)
	_, err = cc.ListCases(ctx, 1, &zchat.ListOptions{Cursor: p1.NextCursor})
	assert.Equal(t, zchat.CodeInvalidCursor, asAPIError(t, err).Code, "a cursor of another lead's list")
	_, err = cc.ListCases(ctx, 99, nil)
	assert.ErrorIs(t, err, zchat.ErrNotFound)

	n1, err := cc.SubmitNote(ctx, lead2.LeadID, cases.NoteInput{Text: "called back"})
	require.NoError(t, err)
	assert.Equal(t, 0, n1.CaseID)
	n2, err := cc.SubmitNote(ctx, lead2.LeadID, cases.NoteInput{Text: "on the case", CaseID: c2.CaseID, SessionID: 1})
	require.NoError(t, err)
	_, err = cc.SubmitNote(ctx, lead2.LeadID, cases.NoteInput{Text: "wrong lead", CaseID: demo.CaseID})
	ae := asAPIError(t, err)
	assert.Equal(t, http.StatusUnprocessableEntity, ae.StatusCode)
	assert.Equal(t, []string{"CaseId"}, fieldNames(ae.Fields))
	notes, err := cc.ListNotes(ctx, lead2.LeadID, nil)
	require.NoError(t, err)
	assert.Equal(t, []cases.Note{*n1, *n2}, notes.Items, "the lead's own notes and its cases'")
	notes, err = cc.ListNotes(ctx, 1, nil)
	require.NoError(t, err)
	assert.Empty(t, notes.Items)
	assert.Equal(t, map[string]int{zchattest.KindLeads: 1, zchattest.KindCases: 4, zchattest.KindNotes: 2}, s.Stats().Created)
}

// TestSubmissionLimits sends each limit of the submission API at its edge
// and one over, as raw JSON (the SDK would refuse some before sending).
func TestSubmissionLimits(t *testing.T) {
	t.Parallel()
	s := newServer(t, zchattest.WithDemoData()) // lead 1, case 1; lead 2 made below
	call(t, s, http.MethodPost, "/leads", `{"Email":"other@example.com"}`)
	debug := func(d map[string]any) map[string]any { return map[string]any{"Subject": "s", "Debug": d} }
	props := func(n int) map[string]string {
		m := map[string]string{}
		for i := range n {
			m[fmt.Sprint("p", i)] = "v"
		}
		return m
	}
	logs := func(n int) []map[string]string { return make([]map[string]string, n) }
	files := func(n, size int) []map[string]string {
		out := make([]map[string]string, n)
		for i := range out {
			out[i] = map[string]string{"FileName": fmt.Sprint("f", i), "Content": base64.StdEncoding.EncodeToString(make([]byte, size))}
		}
		return out
	}
	// bigFiles is a case body with attachments of these sizes, written by
	// hand: encoding/json is slow on megabytes under the race detector.
	bigFiles := func(sizes ...int) []byte {
		var b strings.Builder
		b.WriteString(`{"Subject":"big","Debug":{"Attachments":[`)
		for i, n := range sizes {
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `{"FileName":"f%d","Content":"%s"}`, i, base64.StdEncoding.EncodeToString(make([]byte, n)))
		}
		b.WriteString(`]}}`)
		return []byte(b.String())
	}
	const mib = 1 << 20
	tests := []struct {
		name  string
		path  string
		body  any
		field string // "" = accepted
	}{
		{"Subject of 200 characters", "/leads/1/cases", map[string]any{"Subject": strings.Repeat("é", 200)}, ""},
		{"Subject of 201 characters", "/leads/1/cases", map[string]any{"Subject": strings.Repeat("é", 201)}, "Subject"},
		{"Subject of 100 emoji (200 UTF-16 units)", "/leads/1/cases", map[string]any{"Subject": strings.Repeat("😀", 100)}, ""},
		{"Subject of 101 emoji", "/leads/1/cases", map[string]any{"Subject": strings.Repeat("😀", 101)}, "Subject"},
		{"Subject missing", "/leads/1/cases", map[string]any{"Description": "d"}, "Subject"},
		{"Subject blank", "/leads/1/cases", map[string]any{"Subject": " \n "}, "Subject"},
		{"Description of 65536", "/leads/1/cases", map[string]any{"Subject": "s", "Description": strings.Repeat("x", 65536)}, ""},
		{"Description of 65537", "/leads/1/cases", map[string]any{"Subject": "s", "Description": strings.Repeat("x", 65537)}, "Description"},
		{"Priority urgent", "/leads/1/cases", map[string]any{"Subject": "s", "Priority": "urgent"}, ""},
		{"Priority unknown", "/leads/1/cases", map[string]any{"Subject": "s", "Priority": "critical"}, "Priority"},
		{"SessionId unknown", "/leads/1/cases", map[string]any{"Subject": "s", "SessionId": 99}, "SessionId"},
		{"SessionId negative", "/leads/1/cases", map[string]any{"Subject": "s", "SessionId": -1}, "SessionId"},
		{"100 properties", "/leads/1/cases", debug(map[string]any{"Properties": props(100)}), ""},
		{"101 properties", "/leads/1/cases", debug(map[string]any{"Properties": props(101)}), "Debug.Properties"},
		{"1000 logs", "/leads/1/cases", debug(map[string]any{"Logs": logs(1000)}), ""},
		{"1001 logs", "/leads/1/cases", debug(map[string]any{"Logs": logs(1001)}), "Debug.Logs"},
		{"StackTrace of 262144", "/leads/1/cases", debug(map[string]any{"StackTrace": strings.Repeat("s", 262144)}), ""},
		{"StackTrace of 262145", "/leads/1/cases", debug(map[string]any{"StackTrace": strings.Repeat("s", 262145)}), "Debug.StackTrace"},
		{"10 attachments", "/leads/1/cases", debug(map[string]any{"Attachments": files(10, 1)}), ""},
		{"11 attachments", "/leads/1/cases", debug(map[string]any{"Attachments": files(11, 1)}), "Debug.Attachments"},
		{"8 MiB of content", "/leads/1/cases", bigFiles(4*mib, 4*mib), ""},
		{"8 MiB + 1 of content", "/leads/1/cases", bigFiles(4*mib, 4*mib+1), "Debug.Attachments"},
		{"content not base64", "/leads/1/cases", debug(map[string]any{"Attachments": []map[string]string{{"FileName": "f", "Content": "!!"}}}), "Debug.Attachments[0].Content"},
		{"attachment without FileName", "/leads/1/notes", map[string]any{"Text": "t", "Debug": map[string]any{"Attachments": []map[string]string{{"Content": "aGk="}}}}, "Debug.Attachments[0].FileName"},
		{"note Text of 65536", "/leads/1/notes", map[string]any{"Text": strings.Repeat("t", 65536)}, ""},
		{"note Text of 65537", "/leads/1/notes", map[string]any{"Text": strings.Repeat("t", 65537)}, "Text"},
		{"note Text blank", "/leads/1/notes", map[string]any{"Text": "   "}, "Text"},
		{"note on its lead's case", "/leads/1/notes", map[string]any{"Text": "t", "CaseId": 1}, ""},
		{"note on another lead's case", "/leads/2/notes", map[string]any{"Text": "t", "CaseId": 1}, "CaseId"},
		{"note on no case", "/leads/1/notes", map[string]any{"Text": "t", "CaseId": 99}, "CaseId"},
		{"note on an unknown session", "/leads/1/notes", map[string]any{"Text": "t", "SessionId": 99}, "SessionId"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := call(t, s, http.MethodPost, tt.path, tt.body)
			if tt.field == "" {
				assert.Equal(t, http.StatusCreated, r.Status, "%.300s", r.Body)
				return
			}
			require.Equal(t, http.StatusUnprocessableEntity, r.Status, "%.300s", r.Body)
			e := r.apiBody(t)
			assert.Equal(t, zchat.CodeValidationFailed, e.Code)
			assert.Equal(t, []string{tt.field}, fieldNames(e.Fields))
		})
	}
	r := call(t, s, http.MethodPost, "/leads/99/cases", `{"Subject":"s"}`)
	assert.Equal(t, http.StatusNotFound, r.Status)
}
