package zchat_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/zchat/zchat-go/zchat"
)

// reportQuery is the query of the example's endpoint, encoded with
// go-querystring.
type reportQuery struct {
	Day string `url:"day"`
}

// Do calls an endpoint the SDK does not wrap yet (here one a newer APP
// Server might add) with everything the pipeline gives: the key, retries,
// an Idempotency-Key on a POST, bounded reads and *APIError. Operation and
// Pattern name the call in logs, traces and metrics without the raw path.
func ExampleClient_Do() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Request-Id", "0HN8REPORT")
		fmt.Fprintf(w, `{"Department":%q,"Chats":12,"Day":%q}`, r.URL.Path, r.URL.Query().Get("day"))
	}))
	defer srv.Close()
	c, err := zchat.NewClient(srv.URL, zchat.WithAPIKey("my-chat-api-key"))
	if err != nil {
		panic(err)
	}

	var report struct {
		Department string `json:"Department"`
		Chats      int    `json:"Chats"`
		Day        string `json:"Day"`
	}
	resp, err := c.Do(context.Background(), &zchat.Request{
		Method:    http.MethodGet,
		Path:      zchat.Path("reports", "daily", 2), // "/reports/daily/2", each segment escaped
		Query:     reportQuery{Day: "2026-11-24"},
		Operation: "getDailyReport",
		Pattern:   "/reports/daily/{departmentId}",
	}, &report)
	if err != nil {
		panic(err)
	}
	fmt.Println(resp.StatusCode, resp.RequestID, report.Department, report.Chats, report.Day)
	// Output: 200 0HN8REPORT /api/v1/reports/daily/2 12 2026-11-24
}
