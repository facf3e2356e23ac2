package zchat_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/zchat/zchat-go/zchat"
)

// A tiny stand-in for the APP Server, so the examples run anywhere.
func exampleServer() *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Request-Id", "0HN8EXAMPLE")
		switch r.URL.Path {
		case "/api/v1/ping":
			fmt.Fprint(w, `{"Version":"9.4.1","Time":"\/Date(1764042747000)\/"}`)
		default:
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprint(w, `{"Code":"not_found","Message":"agent 42 not found","RequestId":"0HN8EXAMPLE"}`)
		}
	}))
}

func ExampleNewClient() {
	srv := exampleServer()
	defer srv.Close()

	c, err := zchat.NewClient(srv.URL, zchat.WithAPIKey("my-chat-api-key"))
	if err != nil {
		panic(err)
	}
	info, err := c.Ping(context.Background())
	if err != nil {
		panic(err)
	}
	fmt.Println(info.Version, info.Time)
	// Output: 9.4.1 2025-11-25T03:52:27Z
}

func ExampleNewClient_invalidURL() {
	_, err := zchat.NewClient("zchatdemo.com")
	fmt.Println(err)
	// Output: zchat: invalid argument baseURL: "zchatdemo.com" is not absolute; want http:// or https:// and a host
}

func ExampleAPIError() {
	srv := exampleServer()
	defer srv.Close()
	c, _ := zchat.NewClient(srv.URL, zchat.WithAPIKey("my-chat-api-key"))

	err := c.Get(context.Background(), zchat.Path("agents", 42), nil, nil)
	if errors.Is(err, zchat.ErrNotFound) {
		var apiErr *zchat.APIError
		errors.As(err, &apiErr)
		fmt.Println(apiErr.StatusCode, apiErr.Code, apiErr.RequestID)
	}
	// Output: 404 not_found 0HN8EXAMPLE
}

func ExampleTime() {
	var msg struct {
		Time zchat.Time `json:"Time"`
	}
	for _, raw := range []string{
		`{"Time":"2026-11-24T05:52:27+02:00"}`,
		`{"Time":"2026-11-24T03:52:27"}`,
		`{"Time":"\/Date(1764042747000)\/"}`,
		`{"Time":"0001-01-01T00:00:00"}`,
	} {
		_ = json.Unmarshal([]byte(raw), &msg)
		fmt.Printf("%q zero=%v\n", msg.Time, msg.Time.IsZero())
	}
	// Output:
	// "2026-11-24T03:52:27Z" zero=false
	// "2026-11-24T03:52:27Z" zero=false
	// "2025-11-25T03:52:27Z" zero=false
	// "" zero=true
}

func ExampleChatID() {
	for _, id := range []zchat.ChatID{"User:3", "Guest:@cust-8812", "Bot:ollama"} {
		userID, isAgent := id.UserID()
		fmt.Println(id.Kind(), userID, isAgent)
	}
	// Output:
	// User 3 true
	// Guest 0 false
	// Bot 0 false
}

func ExampleIterate() {
	pages := map[string]*zchat.Page[string]{
		"":     {Items: []string{"a", "b"}, NextCursor: "next"},
		"next": {Items: []string{"c"}},
	}
	fetch := func(_ context.Context, cursor string) (*zchat.Page[string], error) {
		fmt.Printf("fetch page %q\n", cursor)
		return pages[cursor], nil
	}
	for item, err := range zchat.Iterate(context.Background(), "", fetch) {
		if err != nil {
			panic(err)
		}
		fmt.Println(item)
	}
	// Output:
	// fetch page ""
	// a
	// b
	// fetch page "next"
	// c
}

func ExampleWithIdempotencyKey() {
	// A key derived from your own data makes a POST safe to repeat, even
	// from another process: the server answers the repeat with its first
	// answer and creates nothing twice.
	ctx := zchat.WithIdempotencyKey(context.Background(), "crm-ticket-4411")
	key, _ := zchat.IdempotencyKey(ctx)
	fmt.Println(key)
	// Output: crm-ticket-4411
}
