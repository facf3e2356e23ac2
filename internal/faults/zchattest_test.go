package faults_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/agents"
	"github.com/zchat/zchat-go/cases"
	"github.com/zchat/zchat-go/zchat"
	"github.com/zchat/zchat-go/zchattest"
)

// countingTransport is the SDK's default transport settings with a dialer
// that counts the connections opened.
func countingTransport(dials *atomic.Int64) *http.Transport {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConns, tr.MaxIdleConnsPerHost = 256, 128
	dialer := &net.Dialer{Timeout: 5 * time.Second}
	tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		dials.Add(1)
		return dialer.DialContext(ctx, network, addr)
	}
	return tr
}

// A connection reset before the answer, or in the middle of its body, is
// retried: a GET succeeds, and a POST is sent again with the same
// Idempotency-Key, so the server ends with exactly one object even when it
// had already acted before the connection broke.
func TestResetsAreRetriedWithoutDuplicates(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		fault zchattest.Fault
		post  bool
	}{
		{"GET, reset before the answer", zchattest.Fault{Method: "GET", DropConnection: true}, false},
		{"GET, reset mid-body", zchattest.Fault{Method: "GET", DropMidBody: true, After: true}, false},
		{"POST, reset before the server acted", zchattest.Fault{Method: "POST", DropConnection: true}, true},
		{"POST, reset after the server acted", zchattest.Fault{Method: "POST", DropConnection: true, After: true}, true},
		{"POST, reset mid-body after the server acted", zchattest.Fault{Method: "POST", DropMidBody: true, After: true}, true},
		{"POST, two resets in a row", zchattest.Fault{Method: "POST", DropConnection: true, After: true, Count: 2}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := zchattest.NewServer(zchattest.WithDemoData())
			defer srv.Close()
			c := srv.Client(zchat.WithRetryMax(3))
			ctx := context.Background()
			srv.InjectFaults(tt.fault)
			if !tt.post {
				list, err := agents.New(c).List(ctx)
				require.NoError(t, err)
				assert.NotEmpty(t, list)
				assert.Zero(t, srv.PendingFaults(), "the fault was used")
				return
			}
			leadsBefore := srv.Count(zchattest.KindLeads)
			lead, err := cases.New(c).UpsertLead(ctx, cases.LeadInput{Email: "reset@example.com", DisplayName: "Reset"})
			require.NoError(t, err)
			assert.Equal(t, "reset@example.com", lead.Email)
			assert.Zero(t, srv.PendingFaults(), "the fault was used")
			assert.Equal(t, leadsBefore+1, srv.Count(zchattest.KindLeads), "exactly one lead")

			kase, err := func() (*cases.Case, error) {
				srv.InjectFaults(tt.fault)
				return cases.New(c).SubmitCase(ctx, lead.LeadID, cases.CaseInput{Subject: "Reset during submit"})
			}()
			require.NoError(t, err)
			assert.Positive(t, kase.CaseID)
			assert.Equal(t, 1, srv.Stats().Created[zchattest.KindCases], "exactly one case")

			// Every attempt of each POST carried the same key.
			keys := map[string]map[string]bool{}
			for _, r := range srv.Requests() {
				if r.Method == "POST" {
					if keys[r.Path] == nil {
						keys[r.Path] = map[string]bool{}
					}
					keys[r.Path][r.IdempotencyKey] = true
				}
			}
			for path, ks := range keys {
				assert.Len(t, ks, 1, "%s was retried with another key", path)
			}
		})
	}
}

// 200 calls at once through one Client: all answered correctly, under
// -race, over a pool that reuses its connections.
func TestConcurrentCallsShareConnections(t *testing.T) {
	t.Parallel()
	srv := zchattest.NewServer(zchattest.WithDemoData())
	defer srv.Close()
	const goroutines, callsEach = 50, 4 // 200 calls
	var dials atomic.Int64
	// At most one connection per goroutine: net/http waits for a free one
	// instead of dialing, so a busy machine cannot make it dial more, and a
	// connection the SDK failed to give back (a body not drained and
	// closed) would stall the calls until ctx ends.
	tr := countingTransport(&dials)
	tr.MaxConnsPerHost = goroutines
	c := srv.Client(zchat.WithHTTPClient(&http.Client{Transport: tr}))
	cc := cases.New(c)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	leadsBefore := srv.Count(zchattest.KindLeads)
	var wg sync.WaitGroup
	errs := make(chan error, goroutines*callsEach)
	for g := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			email := fmt.Sprintf("load-%d@example.com", g)
			lead, err := cc.UpsertLead(ctx, cases.LeadInput{Email: email, DisplayName: fmt.Sprint("Load ", g)})
			if err != nil {
				errs <- err
				return
			}
			for range callsEach - 1 {
				got, err := cc.GetLead(ctx, lead.LeadID)
				if err != nil {
					errs <- err
					return
				}
				if got.Email != email {
					errs <- fmt.Errorf("lead %d: got email %q, want %q", lead.LeadID, got.Email, email)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	assert.Equal(t, leadsBefore+goroutines, srv.Count(zchattest.KindLeads))
	// Without reuse it would be one connection per call.
	assert.LessOrEqual(t, dials.Load(), int64(goroutines), "%d connections for %d calls: not reused", dials.Load(), goroutines*callsEach)
	t.Logf("%d calls over %d connections", goroutines*callsEach, dials.Load())
}

// Breaking out of an iterator and closing the server leave nothing running
// (goleak checks at the end of the suite).
func TestEarlyBreakAndCloseLeaveNoGoroutine(t *testing.T) {
	t.Parallel()
	srv := zchattest.NewServer(zchattest.WithDemoData())
	c := srv.Client()
	for range 3 {
		for _, err := range cases.New(c).AllLeads(context.Background(), &cases.LeadListOptions{PageSize: 1}) {
			require.NoError(t, err)
			break
		}
	}
	srv.Close()
	_, err := c.Ping(context.Background())
	assert.Error(t, err, "the server is gone")
}
