package zchat_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/zchat/zchat-go/zchat"
)

// agentJSON is a typical single-object answer.
const agentJSON = `{"UserId":3,"LoginName":"ana","DisplayName":"Ana Lima","Email":"ana@example.com","IsAdmin":false,"Disabled":false}`

type benchAgent struct {
	UserID      int    `json:"UserId"`
	LoginName   string `json:"LoginName"`
	DisplayName string `json:"DisplayName"`
	Email       string `json:"Email"`
	IsAdmin     bool   `json:"IsAdmin"`
	Disabled    bool   `json:"Disabled"`
}

func benchServer(b *testing.B) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Request-Id", "bench")
		fmt.Fprint(w, agentJSON)
	}))
	b.Cleanup(srv.Close)
	return srv
}

// BenchmarkGet compares one GET through the SDK with the same GET through
// bare net/http and encoding/json (the baseline), on the same loopback
// server and the same transport settings.
func BenchmarkGet(b *testing.B) {
	srv := benchServer(b)
	b.Run("baseline=net/http", func(b *testing.B) {
		hc := &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
		url := srv.URL + "/api/v1/agents/3"
		b.ReportAllocs()
		for b.Loop() {
			req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, url, nil)
			req.Header.Set("Authorization", "Bearer k")
			req.Header.Set("Accept", "application/json")
			resp, err := hc.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			var a benchAgent
			err = json.NewDecoder(resp.Body).Decode(&a)
			resp.Body.Close()
			if err != nil || a.UserID != 3 {
				b.Fatal(err)
			}
		}
	})
	b.Run("sdk", func(b *testing.B) {
		c, err := zchat.NewClient(srv.URL, zchat.WithAPIKey("k"))
		if err != nil {
			b.Fatal(err)
		}
		path := zchat.Path("agents", 3)
		b.ReportAllocs()
		for b.Loop() {
			var a benchAgent
			if err := c.Get(context.Background(), path, nil, &a); err != nil || a.UserID != 3 {
				b.Fatal(err)
			}
		}
	})
}
