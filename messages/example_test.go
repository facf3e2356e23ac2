package messages_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"time"

	"github.com/zchat/zchat-go/messages"
	"github.com/zchat/zchat-go/zchat"
	"github.com/zchat/zchat-go/zchattest"
)

// chatServer stands in for an APP Server holding one short chat, served in
// pages of two messages, in the time forms a .NET server writes.
func chatServer() *httptest.Server {
	pages := map[string]string{
		"": `{"Items":[
			{"MessageId":1,"SessionId":101,"Sender":"Maria","SenderId":"Guest:@cust-8812","Text":"Do you ship to Portugal?","Time":"2026-11-24T03:52:27Z"},
			{"MessageId":2,"SessionId":101,"Sender":"Ana","SenderId":"User:3","Html":"<p>Yes!<br>3&ndash;5 days.</p>","Time":"\/Date(1795492361000)\/"}],
			"NextCursor":"p2"}`,
		"p2": `{"Items":[
			{"MessageId":3,"SessionId":101,"Sender":"Maria","SenderId":"Guest:@cust-8812","Text":"Thanks!","Time":"2026-11-24T05:53:02+02:00"}],
			"NextCursor":null}`,
	}
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, pages[r.URL.Query().Get("cursor")])
	}))
}

// The examples run against zchattest, the SDK's fake APP Server, seeded
// with its demo organization; against a real server, make the client with
// zchat.NewClient(baseURL, zchat.WithAPIKey(key)) instead.

func ExampleClient_All() {
	srv := zchattest.NewServer(zchattest.WithDemoData())
	defer srv.Close()
	zc := srv.Client() // a *zchat.Client for srv

	// The messages of demo chat 3, fetched page by page as the loop goes.
	for m, err := range messages.New(zc).All(context.Background(), 3, nil) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%d %s (%s): %s\n", m.MessageID, m.Sender, m.SenderID.Kind(), m.PlainText())
	}
	// Output:
	// 12 Kenji Tanaka (Guest): How do I export chat transcripts for an audit?
	// 13 Ben Carter (User): In the dashboard, open Sessions, filter by date, then choose Export.
	// 14 Kenji Tanaka (Guest): Can I automate it?
	// 15 Ben Carter (User): Yes: the API lists sessions and their messages, and the Go SDK writes transcripts.
}

func ExampleClient_Send() {
	srv := zchattest.NewServer(zchattest.WithDemoData())
	defer srv.Close()
	ms := messages.New(srv.Client())
	ctx := context.Background()
	// A visitor opens a chat.
	chat, err := srv.StartSession(zchattest.Visitor{DisplayName: "Li Wei", Question: "Is there a trial?"})
	if err != nil {
		log.Fatal(err)
	}

	// The API's own bot answers first…
	m, err := ms.Send(ctx, chat.SessionID, messages.NewMessage{Text: "An agent will be with you shortly."})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(m.MessageID, m.SenderID, m.Text)

	// …then an agent, by chat id.
	m, err = ms.Send(ctx, chat.SessionID, messages.NewMessage{
		Text: "Hi Li, yes: 30 days, all features.", SenderID: zchat.UserChatID(1), Sender: "Anna Schmidt"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(m.MessageID, m.SenderID, m.Text)
	// Output:
	// 16 Bot:api An agent will be with you shortly.
	// 17 User:1 Hi Li, yes: 30 days, all features.
}

func ExampleClient_ExportTranscript() {
	// The demo data is recent: laid out from two hours before the server's
	// start. A fixed clock makes its times repeatable.
	clock := func() time.Time { return time.Date(2026, 11, 24, 5, 0, 0, 0, time.UTC) }
	srv := zchattest.NewServer(zchattest.WithDemoData(), zchattest.WithClock(clock))
	defer srv.Close()
	zc := srv.Client()

	// Demo chat 3 as text, streamed to stdout; any io.Writer will do.
	n, err := messages.New(zc).ExportTranscript(context.Background(), 3, os.Stdout, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(n, "messages")
	// Output:
	// [2026-11-24 04:52:05Z] Kenji Tanaka: How do I export chat transcripts for an audit?
	// [2026-11-24 04:52:35Z] Ben Carter: In the dashboard, open Sessions, filter by date, then choose Export.
	// [2026-11-24 04:53:10Z] Kenji Tanaka: Can I automate it?
	// [2026-11-24 04:53:35Z] Ben Carter: Yes: the API lists sessions and their messages, and the Go SDK writes transcripts.
	// 4 messages
}

// FormatJSONLines writes each message whole, a line each, times in UTC.
// (Here against a stand-in server whose second message has only HTML, and
// whose times come in three of the forms a .NET server writes.)
func ExampleClient_ExportTranscript_jsonLines() {
	srv := chatServer()
	defer srv.Close()
	zc, err := zchat.NewClient(srv.URL, zchat.WithAPIKey("key"))
	if err != nil {
		log.Fatal(err)
	}

	_, err = messages.New(zc).ExportTranscript(context.Background(), 101, os.Stdout,
		&messages.TranscriptOptions{Format: messages.FormatJSONLines, PageSize: 2})
	if err != nil {
		log.Fatal(err)
	}
	// Output:
	// {"MessageId":1,"SessionId":101,"Sender":"Maria","SenderId":"Guest:@cust-8812","Text":"Do you ship to Portugal?","Html":"","Time":"2026-11-24T03:52:27Z"}
	// {"MessageId":2,"SessionId":101,"Sender":"Ana","SenderId":"User:3","Text":"","Html":"<p>Yes!<br>3&ndash;5 days.</p>","Time":"2026-11-24T03:52:41Z"}
	// {"MessageId":3,"SessionId":101,"Sender":"Maria","SenderId":"Guest:@cust-8812","Text":"Thanks!","Html":"","Time":"2026-11-24T03:53:02Z"}
}

func ExampleMessage_PlainText() {
	m := messages.Message{HTML: "<p>Order <b>#778</b> ships today &amp; arrives Friday.<br>Thanks!</p>"}
	fmt.Println(m.PlainText())
	// Output:
	// Order #778 ships today & arrives Friday.
	// Thanks!
}
