package cases_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/cases"
	"github.com/zchat/zchat-go/internal/wiretest"
)

// validator is an input of the submission API.
type validator interface{ Validate() error }

// submit sends in with the operation that takes it; a bare *DebugInfo goes
// in a case.
func submit(c *cases.Client, in validator) error {
	ctx := context.Background()
	var err error
	switch v := in.(type) {
	case cases.LeadInput:
		_, err = c.UpsertLead(ctx, v)
	case cases.CaseInput:
		_, err = c.SubmitCase(ctx, 42, v)
	case cases.NoteInput:
		_, err = c.SubmitNote(ctx, 42, v)
	case *cases.DebugInfo:
		_, err = c.SubmitCase(ctx, 42, cases.CaseInput{Subject: "s", Debug: v})
	default:
		panic("unknown input")
	}
	return err
}

func props(n int) map[string]string {
	m := make(map[string]string, n)
	for i := range n {
		m["k"+strconv.Itoa(i)] = "v"
	}
	return m
}

func logs(n int) []cases.LogEntry { return make([]cases.LogEntry, n) }

func attachments(n int) []cases.Attachment {
	a := make([]cases.Attachment, n)
	for i := range a {
		a[i] = cases.Attachment{FileName: "f" + strconv.Itoa(i) + ".txt", ContentType: "text/plain", Content: []byte("x")}
	}
	return a
}

// content returns attachments holding n bytes in all, in two files.
func content(n int) []cases.Attachment {
	half := n / 2
	return []cases.Attachment{
		{FileName: "a.bin", Content: make([]byte, half)},
		{FileName: "b.bin", Content: make([]byte, n-half)},
	}
}

// TestLimits checks every limit at its edge: at the limit the input is valid
// and sent; one over, it is refused with an error naming the field, and
// nothing is sent.
func TestLimits(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		at, over validator
		field    string // named by Validate
		sent     string // named when sent (a bare DebugInfo goes in a case); "" = field
	}{
		// Text counts UTF-16 code units, as the .NET server does: "é" is 1
		// unit in 2 bytes, 😀 is 2 units in 4 bytes.
		{"subject ascii", cases.CaseInput{Subject: strings.Repeat("a", 200)}, cases.CaseInput{Subject: strings.Repeat("a", 201)}, "CaseInput.Subject", ""},
		{"subject é", cases.CaseInput{Subject: strings.Repeat("é", 200)}, cases.CaseInput{Subject: strings.Repeat("é", 201)}, "CaseInput.Subject", ""},
		{"subject emoji", cases.CaseInput{Subject: strings.Repeat("😀", 100)}, cases.CaseInput{Subject: strings.Repeat("😀", 100) + "a"}, "CaseInput.Subject", ""},
		{"subject 150 emoji", cases.CaseInput{Subject: strings.Repeat("a", 199) + "é"}, cases.CaseInput{Subject: strings.Repeat("😀", 150)}, "CaseInput.Subject", ""},
		{"description ascii", cases.CaseInput{Subject: "s", Description: strings.Repeat("d", 65536)}, cases.CaseInput{Subject: "s", Description: strings.Repeat("d", 65537)}, "CaseInput.Description", ""},
		{"description é", cases.CaseInput{Subject: "s", Description: strings.Repeat("é", 65536)}, cases.CaseInput{Subject: "s", Description: strings.Repeat("é", 65537)}, "CaseInput.Description", ""},
		{"description 40000 é", cases.CaseInput{Subject: "s", Description: strings.Repeat("é", 40000)}, cases.CaseInput{Subject: "s", Description: strings.Repeat("😀", 32768) + "é"}, "CaseInput.Description", ""},
		{"description emoji", cases.CaseInput{Subject: "s", Description: strings.Repeat("😀", 32768)}, cases.CaseInput{Subject: "s", Description: strings.Repeat("😀", 32767) + "ab" + "c"}, "CaseInput.Description", ""},
		// An invalid byte goes out as U+FFFD: 1 unit.
		{"description invalid utf8", cases.CaseInput{Subject: "s", Description: strings.Repeat("\xff", 65536)}, cases.CaseInput{Subject: "s", Description: strings.Repeat("\xff", 65537)}, "CaseInput.Description", ""},
		{"priority", cases.CaseInput{Subject: "s", Priority: cases.PriorityUrgent}, cases.CaseInput{Subject: "s", Priority: "critical"}, "CaseInput.Priority", ""},
		{"priority case", cases.CaseInput{Subject: "s", Priority: cases.PriorityLow}, cases.CaseInput{Subject: "s", Priority: "Low"}, "CaseInput.Priority", ""},
		{"session id", cases.CaseInput{Subject: "s", SessionID: 0}, cases.CaseInput{Subject: "s", SessionID: -1}, "CaseInput.SessionID", ""},
		{"note text", cases.NoteInput{Text: strings.Repeat("t", 65536)}, cases.NoteInput{Text: strings.Repeat("t", 65537)}, "NoteInput.Text", ""},
		{"note text é", cases.NoteInput{Text: strings.Repeat("é", 65536)}, cases.NoteInput{Text: strings.Repeat("é", 65537)}, "NoteInput.Text", ""},
		{"note text emoji", cases.NoteInput{Text: strings.Repeat("😀", 32768)}, cases.NoteInput{Text: strings.Repeat("😀", 32768) + "t"}, "NoteInput.Text", ""},
		{"note case id", cases.NoteInput{Text: "t", CaseID: 0}, cases.NoteInput{Text: "t", CaseID: -1}, "NoteInput.CaseID", ""},
		{"note session id", cases.NoteInput{Text: "t", SessionID: 0}, cases.NoteInput{Text: "t", SessionID: -1}, "NoteInput.SessionID", ""},
		{"note debug", cases.NoteInput{Text: "t", Debug: &cases.DebugInfo{Logs: logs(1000)}}, cases.NoteInput{Text: "t", Debug: &cases.DebugInfo{Logs: logs(1001)}}, "NoteInput.Debug.Logs", ""},
		{"case debug", cases.CaseInput{Subject: "s", Debug: &cases.DebugInfo{Logs: logs(1000)}}, cases.CaseInput{Subject: "s", Debug: &cases.DebugInfo{Logs: logs(1001)}}, "CaseInput.Debug.Logs", ""},
		{"properties", &cases.DebugInfo{Properties: props(100)}, &cases.DebugInfo{Properties: props(101)}, "DebugInfo.Properties", "CaseInput.Debug.Properties"},
		{"logs", &cases.DebugInfo{Logs: logs(1000)}, &cases.DebugInfo{Logs: logs(1001)}, "DebugInfo.Logs", "CaseInput.Debug.Logs"},
		{"stack trace", &cases.DebugInfo{StackTrace: strings.Repeat("s", 262144)}, &cases.DebugInfo{StackTrace: strings.Repeat("s", 262145)}, "DebugInfo.StackTrace", "CaseInput.Debug.StackTrace"},
		{"stack trace é", &cases.DebugInfo{StackTrace: strings.Repeat("é", 262144)}, &cases.DebugInfo{StackTrace: strings.Repeat("é", 262145)}, "DebugInfo.StackTrace", "CaseInput.Debug.StackTrace"},
		{"stack trace emoji", &cases.DebugInfo{StackTrace: strings.Repeat("😀", 131072)}, &cases.DebugInfo{StackTrace: strings.Repeat("😀", 131071) + "é😀"}, "DebugInfo.StackTrace", "CaseInput.Debug.StackTrace"},
		{"attachments", &cases.DebugInfo{Attachments: attachments(10)}, &cases.DebugInfo{Attachments: attachments(11)}, "DebugInfo.Attachments", "CaseInput.Debug.Attachments"},
		{"attachment bytes", &cases.DebugInfo{Attachments: content(8388608)}, &cases.DebugInfo{Attachments: content(8388609)}, "DebugInfo.Attachments", "CaseInput.Debug.Attachments"},
		{"attachment name", &cases.DebugInfo{Attachments: attachments(1)}, &cases.DebugInfo{Attachments: []cases.Attachment{{FileName: " "}}}, "DebugInfo.Attachments[0].FileName", "CaseInput.Debug.Attachments[0].FileName"},
		{"email", cases.LeadInput{Email: "ann.lee+crm@mail.example.co.uk"}, cases.LeadInput{Email: "ann.lee+crm@"}, "LeadInput.Email", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			sentField := tt.sent
			if sentField == "" {
				sentField = tt.field
			}

			require.NoError(t, tt.at.Validate(), "at the limit: Validate =")
			c, mt := setup(t)
			wiretest.RespondFixture(t, mt, http.MethodPost, "/leads", http.StatusCreated, "lead_created.json")
			wiretest.RespondFixture(t, mt, http.MethodPost, "/leads/42/cases", http.StatusCreated, "case_created.json")
			wiretest.RespondFixture(t, mt, http.MethodPost, "/leads/42/notes", http.StatusCreated, "note.json")
			require.NoError(t, submit(c, tt.at), "at the limit")
			wiretest.RequireCalls(t, mt, 1)

			wiretest.RequireInvalid(t, tt.over.Validate(), tt.field)
			c, mt = setup(t)
			wiretest.RequireInvalid(t, submit(c, tt.over), sentField)
			wiretest.RequireCalls(t, mt, 0)
		})
	}
}

// TestRequired checks the required fields: empty or blank is refused before
// sending.
func TestRequired(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in    validator
		field string
	}{
		{cases.CaseInput{}, "CaseInput.Subject"},
		{cases.CaseInput{Subject: " \t\n"}, "CaseInput.Subject"},
		{cases.NoteInput{}, "NoteInput.Text"},
		{cases.NoteInput{Text: "  "}, "NoteInput.Text"},
		{cases.LeadInput{}, "LeadInput.Email"},
		{cases.LeadInput{Email: "  "}, "LeadInput.Email"},
	}
	for _, tt := range tests {
		wiretest.RequireInvalid(t, tt.in.Validate(), tt.field)
		c, mt := setup(t)
		wiretest.RequireInvalid(t, submit(c, tt.in), tt.field)
		wiretest.RequireCalls(t, mt, 0)
	}
}

func TestEmailValidation(t *testing.T) {
	t.Parallel()
	valid := []string{"ann@example.com", "Ann.Lee@Example.COM", "a+b@sub.example.co.uk", "o'hara@example.ie"}
	for _, e := range valid {
		assert.NoError(t, (cases.LeadInput{Email: e}).Validate(), e)
	}
	invalid := []string{
		"ann", "ann@", "@example.com", "ann@@example.com", "ann example.com",
		"Ann Lee <ann@example.com>", "<ann@example.com>", " ann@example.com", "ann@example.com ",
		"ann@example.com, bob@example.com",
	}
	for _, e := range invalid {
		err := (cases.LeadInput{Email: e}).Validate()
		if !assert.Error(t, err, "%q: valid, want refused", e) {
			continue
		}
		wiretest.RequireInvalid(t, err, "LeadInput.Email")
	}
}

func TestValidateNilDebug(t *testing.T) {
	t.Parallel()
	var d *cases.DebugInfo
	require.NoError(t, d.Validate())
	require.NoError(t, (cases.CaseInput{Subject: "s"}).Validate())
}

func TestLimitConstants(t *testing.T) {
	t.Parallel()
	got := []int{cases.MaxSubjectLen, cases.MaxDescriptionLen, cases.MaxTextLen, cases.MaxProperties,
		cases.MaxLogEntries, cases.MaxStackTraceLen, cases.MaxAttachments, cases.MaxAttachmentBytes}
	want := []int{200, 65536, 65536, 100, 1000, 262144, 10, 8388608}
	for i := range got {
		assert.Equal(t, want[i], got[i])
	}
}

// TestLimitMessageNamesUnits checks that an overlong text says how it was
// counted, so that a user who counted bytes or characters sees why.
func TestLimitMessageNamesUnits(t *testing.T) {
	t.Parallel()
	err := cases.CaseInput{Subject: strings.Repeat("😀", 150)}.Validate()
	wiretest.RequireInvalid(t, err, "CaseInput.Subject")
	assert.Contains(t, err.Error(), "is 300 characters, over the limit of 200 (counted in UTF-16 code units")
}
