package cases_test

import (
	"encoding/json"
	"testing"

	"github.com/zchat/zchat-go/cases"
	"github.com/zchat/zchat-go/internal/wiretest"
	"github.com/zchat/zchat-go/zchat"
)

// FuzzDecode decodes arbitrary bytes as the server's Case, Note and Lead
// JSON and as pages of them: it must never panic, and decoded debug
// information must survive Validate. Seeds: the fixtures, plus the corpus
// in testdata/fuzz/FuzzDecode.
func FuzzDecode(f *testing.F) {
	for _, name := range []string{"case.json", "case_created.json", "note.json", "cases_page.json", "notes_page.json", "lead_created.json"} {
		f.Add(wiretest.LoadFixture(f, name))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var c cases.Case
		if json.Unmarshal(b, &c) == nil {
			_ = c.Debug.Validate()
		}
		var n cases.Note
		if json.Unmarshal(b, &n) == nil {
			_ = n.Debug.Validate()
		}
		var l cases.Lead
		_ = json.Unmarshal(b, &l)
		var cp zchat.Page[cases.Case]
		if json.Unmarshal(b, &cp) == nil {
			for _, c := range cp.Items {
				_ = c.Debug.Validate()
			}
		}
		var np zchat.Page[cases.Note]
		_ = json.Unmarshal(b, &np)
	})
}
