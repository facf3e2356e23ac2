package messages_test

import (
	"encoding/json"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/zchat/zchat-go/messages"
)

// FuzzDecodeMessage decodes arbitrary bytes as a Message: it must never
// panic, a decoded Message must re-encode stably, and its plain text and
// transcript forms must be produced without panicking.
func FuzzDecodeMessage(f *testing.F) {
	b, err := os.ReadFile("testdata/messages_page.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add([]byte(`{"MessageId":9,"Html":"<p>a</p><br><!--x--><script>y","Time":"/Date(1764042747000-0500)/"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var m messages.Message
		if err := json.Unmarshal(data, &m); err != nil {
			return
		}
		text := m.PlainText()
		if m.Text == "" && strings.ContainsRune(text, '\r') {
			t.Fatalf("PlainText of HTML kept a carriage return: %q", text)
		}
		for _, f := range []messages.TranscriptFormat{messages.FormatText, messages.FormatJSONLines, messages.FormatJSON} {
			tw, err := messages.NewTranscriptWriter(io.Discard, &messages.TranscriptOptions{Format: f})
			if err != nil {
				t.Fatal(err)
			}
			_ = tw.WriteMessage(m)
			_ = tw.Close()
		}
		b1, err := json.Marshal(m)
		if err != nil {
			return // e.g. a time whose UTC year is outside 0–9999
		}
		var again messages.Message
		if err := json.Unmarshal(b1, &again); err != nil {
			t.Fatalf("re-decoding %s: %v", b1, err)
		}
		b2, err := json.Marshal(again)
		if err != nil || string(b1) != string(b2) {
			t.Fatalf("encoding changed (%v):\n%s\n%s", err, b1, b2)
		}
	})
}
