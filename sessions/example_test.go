package sessions_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"

	"github.com/zchat/zchat-go/sessions"
	"github.com/zchat/zchat-go/zchat"
)

func ExampleClient_All() {
	// A stand-in APP Server with two pages of active sessions.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Query().Get("cursor") == "" {
			_, _ = io.WriteString(w, `{"Items":[{"SessionId":101,"DisplayName":"Maria","Question":"Do you ship to Portugal?"}],"NextCursor":"p2"}`)
			return
		}
		_, _ = io.WriteString(w, `{"Items":[{"SessionId":102,"DisplayName":"Li","Question":"Is there a trial?"}],"NextCursor":null}`)
	}))
	defer srv.Close()

	zc, err := zchat.NewClient(srv.URL, zchat.WithAPIKey("key"))
	if err != nil {
		log.Fatal(err)
	}
	ss := sessions.New(zc)
	for s, err := range ss.All(context.Background(), &sessions.ListOptions{Status: sessions.StatusActive}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%d %s: %s\n", s.SessionID, s.DisplayName, s.Question)
	}
	// Output:
	// 101 Maria: Do you ship to Portugal?
	// 102 Li: Is there a trial?
}

func ExampleClient_Transfer() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"SessionId":101,"AgentUserId":"User:7","DepartmentId":2}`)
	}))
	defer srv.Close()

	zc, err := zchat.NewClient(srv.URL, zchat.WithAPIKey("key"))
	if err != nil {
		log.Fatal(err)
	}
	s, err := sessions.New(zc).Transfer(context.Background(), 101, sessions.Transfer{AgentUserID: zchat.UserChatID(7)})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(s.SessionID, "is now with", s.AgentUserID)
	// Output: 101 is now with User:7
}

func ExampleSession_DecodeCustomData() {
	s := sessions.Session{CustomData: `{"orderId":778,"items":3}`}
	var order struct {
		OrderID int `json:"orderId"`
		Items   int `json:"items"`
	}
	if err := s.DecodeCustomData(&order); err != nil {
		log.Fatal(err)
	}
	fmt.Println(order.OrderID, order.Items)

	var ctx map[string]any
	err := s.DecodeContextData(&ctx)
	fmt.Println(errors.Is(err, sessions.ErrNoData), err)
	// Output:
	// 778 3
	// true sessions: ContextData: no data
}
