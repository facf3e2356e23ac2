package sessions_test

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/zchat/zchat-go/sessions"
)

// FuzzDecodeSession decodes arbitrary bytes as a Session: it must never
// panic, and a Session that decodes and encodes must decode again to the
// same encoding.
func FuzzDecodeSession(f *testing.F) {
	for _, name := range []string{"testdata/session.json", "testdata/sessions_page.json"} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"SessionId":1,"BeginTime":"\/Date(-62135596800000)\/","CustomData":"{\"x\":[1,2]}"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var s sessions.Session
		if err := json.Unmarshal(data, &s); err != nil {
			return
		}
		var v any
		_ = s.DecodeContextData(&v)
		_ = s.DecodeSessionData(&v)
		_ = s.DecodeCustomData(&v)
		b1, err := json.Marshal(s)
		if err != nil {
			return // e.g. a time whose UTC year is outside 0–9999
		}
		var again sessions.Session
		if err := json.Unmarshal(b1, &again); err != nil {
			t.Fatalf("re-decoding %s: %v", b1, err)
		}
		b2, err := json.Marshal(again)
		if err != nil {
			t.Fatalf("re-encoding: %v", err)
		}
		if string(b1) != string(b2) {
			t.Fatalf("encoding changed:\n%s\n%s", b1, b2)
		}
	})
}
