package messages_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"

	"github.com/zchat/zchat-go/messages"
	"github.com/zchat/zchat-go/zchat"
)

// chatServer stands in for an APP Server holding one short chat, served in
// pages of two messages.
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
		if r.Method == http.MethodPost {
			w.WriteHeader(http.StatusCreated)
			_, _ = io.WriteString(w, `{"MessageId":4,"SessionId":101,"Sender":"ZChat Bot","SenderId":"Bot:api","Text":"An agent will be with you shortly."}`)
			return
		}
		_, _ = io.WriteString(w, pages[r.URL.Query().Get("cursor")])
	}))
}

func ExampleClient_All() {
	srv := chatServer()
	defer srv.Close()
	zc, err := zchat.NewClient(srv.URL, zchat.WithAPIKey("key"))
	if err != nil {
		log.Fatal(err)
	}

	for m, err := range messages.New(zc).All(context.Background(), 101, nil) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%d %s: %q\n", m.MessageID, m.Sender, m.PlainText())
	}
	// Output:
	// 1 Maria: "Do you ship to Portugal?"
	// 2 Ana: "Yes!\n3–5 days."
	// 3 Maria: "Thanks!"
}

func ExampleClient_Send() {
	srv := chatServer()
	defer srv.Close()
	zc, err := zchat.NewClient(srv.URL, zchat.WithAPIKey("key"))
	if err != nil {
		log.Fatal(err)
	}

	m, err := messages.New(zc).Send(context.Background(), 101, messages.NewMessage{Text: "An agent will be with you shortly."})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(m.MessageID, m.SenderID)
	// Output: 4 Bot:api
}

func ExampleClient_ExportTranscript() {
	srv := chatServer()
	defer srv.Close()
	zc, err := zchat.NewClient(srv.URL, zchat.WithAPIKey("key"))
	if err != nil {
		log.Fatal(err)
	}

	n, err := messages.New(zc).ExportTranscript(context.Background(), 101, os.Stdout, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(n, "messages")
	// Output:
	// [2026-11-24 03:52:27Z] Maria: Do you ship to Portugal?
	// [2026-11-24 03:52:41Z] Ana: Yes!
	//     3–5 days.
	// [2026-11-24 03:53:02Z] Maria: Thanks!
	// 3 messages
}

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
