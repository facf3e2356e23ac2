package zchat_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"sync/atomic"
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

func benchServer(b testing.TB) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Request-Id", "bench")
		fmt.Fprint(w, agentJSON)
	}))
	b.Cleanup(srv.Close)
	return srv
}

// benchGetBaseline is the baseline: the same GET with bare net/http and
// encoding/json.
func benchGetBaseline(url string) func(*testing.B) {
	return func(b *testing.B) {
		hc := &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
		b.ReportAllocs()
		for b.Loop() {
			req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, url+"/api/v1/agents/3", nil)
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
	}
}

// benchGetSDK is the same GET through the SDK's pipeline.
func benchGetSDK(url string) func(*testing.B) {
	return func(b *testing.B) {
		c, err := zchat.NewClient(url, zchat.WithAPIKey("k"))
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
	}
}

// BenchmarkGet compares one GET through the SDK with the same GET through
// bare net/http and encoding/json (the baseline), on the same loopback
// server.
func BenchmarkGet(b *testing.B) {
	srv := benchServer(b)
	b.Run("baseline=net/http", benchGetBaseline(srv.URL))
	b.Run("sdk", benchGetSDK(srv.URL))
}

// connCountingServer is benchServer that also counts the connections the
// clients opened.
func connCountingServer(b *testing.B) (*httptest.Server, *atomic.Int64) {
	var conns atomic.Int64
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, agentJSON)
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	b.Cleanup(srv.Close)
	return srv, &conns
}

// BenchmarkParallelGet runs 64 goroutines sharing one Client against bare
// net/http with the same pool settings (the baseline), and reports the
// connections each opened: a pool that reuses connections opens about 64,
// however many requests are made.
func BenchmarkParallelGet(b *testing.B) {
	const goroutines = 64
	b.Run("baseline=net/http", func(b *testing.B) {
		srv, conns := connCountingServer(b)
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.MaxIdleConns, tr.MaxIdleConnsPerHost = 256, 128 // as the SDK's default transport
		hc := &http.Client{Transport: tr}
		url := srv.URL + "/api/v1/agents/3"
		b.SetParallelism(max(1, goroutines/runtime.GOMAXPROCS(0)))
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				req, _ := http.NewRequest(http.MethodGet, url, nil)
				req.Header.Set("Authorization", "Bearer k")
				req.Header.Set("Accept", "application/json")
				resp, err := hc.Do(req)
				if err != nil {
					b.Error(err)
					return
				}
				var a benchAgent
				err = json.NewDecoder(resp.Body).Decode(&a)
				resp.Body.Close()
				if err != nil {
					b.Error(err)
					return
				}
			}
		})
		b.ReportMetric(float64(conns.Load()), "conns")
	})
	b.Run("sdk", func(b *testing.B) {
		srv, conns := connCountingServer(b)
		c, err := zchat.NewClient(srv.URL, zchat.WithAPIKey("k"))
		if err != nil {
			b.Fatal(err)
		}
		path := zchat.Path("agents", 3)
		b.SetParallelism(max(1, goroutines/runtime.GOMAXPROCS(0)))
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				var a benchAgent
				if err := c.Get(context.Background(), path, nil, &a); err != nil {
					b.Error(err)
					return
				}
			}
		})
		b.ReportMetric(float64(conns.Load()), "conns")
	})
}
