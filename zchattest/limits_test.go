package zchattest_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/cases"
	"github.com/zchat/zchat-go/zchat"
	"github.com/zchat/zchat-go/zchattest"
)

// TestTextLimitsAgree sends every text limit at its edge and one over, in
// ASCII, "é" (1 UTF-16 unit, 2 bytes) and 😀 (2 units, 4 bytes), to both
// sides of the contract: the SDK's check before sending (Validate) and the
// server (the raw body, past the SDK). Both must give the same verdict: what
// the SDK accepts the server accepts, and the other way round.
func TestTextLimitsAgree(t *testing.T) {
	t.Parallel()
	s := newServer(t, zchattest.WithDemoData()) // lead 1
	rep := strings.Repeat
	type input interface{ Validate() error }
	tests := []struct {
		name  string
		in    input
		ok    bool
		field string // as the server names it; the SDK prefixes it with the input's type
	}{
		{"Subject 200 ascii", cases.CaseInput{Subject: rep("a", 200)}, true, "Subject"},
		{"Subject 201 ascii", cases.CaseInput{Subject: rep("a", 201)}, false, "Subject"},
		{"Subject 200 é", cases.CaseInput{Subject: rep("é", 200)}, true, "Subject"},
		{"Subject 201 é", cases.CaseInput{Subject: rep("é", 201)}, false, "Subject"},
		{"Subject 100 emoji", cases.CaseInput{Subject: rep("😀", 100)}, true, "Subject"},
		{"Subject 99 emoji and a", cases.CaseInput{Subject: rep("😀", 99) + "a"}, true, "Subject"},
		{"Subject 100 emoji and a", cases.CaseInput{Subject: rep("😀", 100) + "a"}, false, "Subject"},
		{"Subject 150 emoji", cases.CaseInput{Subject: rep("😀", 150)}, false, "Subject"},
		{"Description 65536 ascii", cases.CaseInput{Subject: "s", Description: rep("d", 65536)}, true, "Description"},
		{"Description 65537 ascii", cases.CaseInput{Subject: "s", Description: rep("d", 65537)}, false, "Description"},
		{"Description 40000 é", cases.CaseInput{Subject: "s", Description: rep("é", 40000)}, true, "Description"},
		{"Description 65536 é", cases.CaseInput{Subject: "s", Description: rep("é", 65536)}, true, "Description"},
		{"Description 65537 é", cases.CaseInput{Subject: "s", Description: rep("é", 65537)}, false, "Description"},
		{"Description 32768 emoji", cases.CaseInput{Subject: "s", Description: rep("😀", 32768)}, true, "Description"},
		{"Description 32768 emoji and a", cases.CaseInput{Subject: "s", Description: rep("😀", 32768) + "a"}, false, "Description"},
		{"Description 65536 invalid bytes", cases.CaseInput{Subject: "s", Description: rep("\xff", 65536)}, true, "Description"},
		{"Description 65537 invalid bytes", cases.CaseInput{Subject: "s", Description: rep("\xff", 65537)}, false, "Description"},
		{"Text 65536 é", cases.NoteInput{Text: rep("é", 65536)}, true, "Text"},
		{"Text 65537 é", cases.NoteInput{Text: rep("é", 65537)}, false, "Text"},
		{"Text 32768 emoji", cases.NoteInput{Text: rep("😀", 32768)}, true, "Text"},
		{"Text 32768 emoji and é", cases.NoteInput{Text: rep("😀", 32768) + "é"}, false, "Text"},
		{"StackTrace 262144 é", cases.CaseInput{Subject: "s", Debug: &cases.DebugInfo{StackTrace: rep("é", 262144)}}, true, "Debug.StackTrace"},
		{"StackTrace 262145 é", cases.CaseInput{Subject: "s", Debug: &cases.DebugInfo{StackTrace: rep("é", 262145)}}, false, "Debug.StackTrace"},
		{"StackTrace 131072 emoji", cases.CaseInput{Subject: "s", Debug: &cases.DebugInfo{StackTrace: rep("😀", 131072)}}, true, "Debug.StackTrace"},
		{"StackTrace 131072 emoji and a", cases.CaseInput{Subject: "s", Debug: &cases.DebugInfo{StackTrace: rep("😀", 131072) + "a"}}, false, "Debug.StackTrace"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			prefix, path := "CaseInput.", "/leads/1/cases"
			if _, ok := tt.in.(cases.NoteInput); ok {
				prefix, path = "NoteInput.", "/leads/1/notes"
			}
			// The SDK's verdict, before sending.
			err := tt.in.Validate()
			if tt.ok {
				require.NoError(t, err, "the SDK refuses what the server accepts")
			} else {
				var ia *zchat.InvalidArgumentError
				require.ErrorAs(t, err, &ia, "the SDK passes what the server refuses")
				assert.Equal(t, prefix+tt.field, ia.Name)
			}
			// The server's verdict, on the same input sent raw.
			r := call(t, s, http.MethodPost, path, tt.in)
			if tt.ok {
				assert.Equal(t, http.StatusCreated, r.Status, "%.300s", r.Body)
				return
			}
			require.Equal(t, http.StatusUnprocessableEntity, r.Status, "%.300s", r.Body)
			e := r.apiBody(t)
			assert.Equal(t, zchat.CodeValidationFailed, e.Code)
			assert.Equal(t, []string{tt.field}, fieldNames(e.Fields))
			assert.Contains(t, e.Message, "over the limit")
		})
	}
}
