package messages_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/zchat/zchat-go/internal/wiretest"
	"github.com/zchat/zchat-go/messages"
	"github.com/zchat/zchat-go/zchat"
)

// messageTimeForms are the time forms a .NET server writes, cycled through
// the generated messages so decoding pays for each of them.
var messageTimeForms = []func(i int) string{
	func(i int) string { return fmt.Sprintf(`"2026-11-24T03:%02d:%02d.1234567"`, i/60%60, i%60) },
	func(i int) string { return fmt.Sprintf(`"2026-11-24T05:%02d:%02d+02:00"`, i/60%60, i%60) },
	func(i int) string { return `"\/Date(` + strconv.FormatInt(1764042747000+int64(i)*1000, 10) + `)\/"` },
	func(i int) string { return fmt.Sprintf(`"2026-11-24T03:%02d:%02dZ"`, i/60%60, i%60) },
}

// appendMessage writes message id of session as the server would.
func appendMessage(b []byte, sessionID, id int) []byte {
	b = fmt.Appendf(b, `{"MessageId":%d,"SessionId":%d,"Sender":"Ana Lima","SenderId":"User:3",`+
		`"Text":"Thanks for waiting, message %d is here.","Html":"<p>Thanks for waiting, message %d is here.</p>","Time":%s}`,
		id, sessionID, id, id, messageTimeForms[id%len(messageTimeForms)](id))
	return b
}

// messagePage is a page of n messages starting after id first-1.
func messagePage(sessionID, first, n int, next string) []byte {
	b := []byte(`{"Items":[`)
	for i := range n {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendMessage(b, sessionID, first+i)
	}
	b = append(b, `],"NextCursor":`...)
	b = strconv.AppendQuote(b, next)
	return append(b, '}')
}

// plainMessage is Message with its time left a string: the baseline that
// shows what zchat.Time costs.
type plainMessage struct {
	MessageID int    `json:"MessageId"`
	SessionID int    `json:"SessionId"`
	Sender    string `json:"Sender"`
	SenderID  string `json:"SenderId"`
	Text      string `json:"Text"`
	HTML      string `json:"Html"`
	Time      string `json:"Time"`
}

// BenchmarkDecodeMessagePage decodes a page of 1,000 messages with mixed
// .NET time forms into messages.Message, against the same bytes decoded
// into plain structs with string times (the baseline).
func BenchmarkDecodeMessagePage(b *testing.B) {
	page := messagePage(101, 1, 1000, "next")
	b.Run("baseline=string-times", func(b *testing.B) { wiretest.DecodePages[plainMessage](b, page, 1000) })
	b.Run("zchat", func(b *testing.B) { wiretest.DecodePages[messages.Message](b, page, 1000) })
}

// generator serves GET /api/v1/sessions/{id}/messages for a session of
// total messages, making each page as it is asked for: nothing is stored,
// so the memory a test measures is the client's. The cursor is the last id
// sent.
func generator(tb testing.TB, total int) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		after, _ := strconv.Atoi(r.URL.Query().Get("cursor"))
		size, _ := strconv.Atoi(r.URL.Query().Get("pageSize"))
		if size == 0 {
			size = 100
		}
		n := min(size, total-after)
		next := ""
		if after+n < total {
			next = strconv.Itoa(after + n)
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		_, _ = w.Write(messagePage(101, after+1, n, next))
	}))
	tb.Cleanup(srv.Close)
	return srv
}

// BenchmarkAllMessages streams a 100,000-message session through All.
func BenchmarkAllMessages(b *testing.B) {
	srv := generator(b, 100_000)
	zc, err := zchat.NewClient(srv.URL)
	if err != nil {
		b.Fatal(err)
	}
	mc := messages.New(zc)
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		for _, err := range mc.All(context.Background(), 101, &messages.ListOptions{PageSize: 1000}) {
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != 100_000 {
			b.Fatalf("got %d messages", n)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/100_000, "ns/message")
}
