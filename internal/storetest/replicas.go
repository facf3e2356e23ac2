package storetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/webhook"
)

// The tenants of the proof, each with its own ChatApiKey.
var tenantSecrets = map[string]string{
	"alpha": "zk_live_alpha_0000000000000001",
	"beta":  "whsec_YmV0YS1zZWNyZXQta2V5LTAwMDAwMDAy", // "beta-secret-key-0000002"
}

// lookup names the tenant from the path /notify/{tenant}.
func lookup(r *http.Request) (string, []string, error) {
	t := r.PathValue("tenant")
	secret, ok := tenantSecrets[t]
	if !ok {
		return "", nil, fmt.Errorf("%w: %q", webhook.ErrUnknownTenant, t)
	}
	return t, []string{secret}, nil
}

// scopedKey is the store key NewTenantHandler uses for tenant's event id (see
// webhook.ReplayStore).
func scopedKey(tenant, id string) string {
	return strconv.Itoa(len(tenant)) + ":" + tenant + ":" + id
}

// fleet is three replicas of one NewTenantHandler behind separate
// http.Servers on loopback, each with its own store value, and what their fn
// saw.
type fleet struct {
	urls   []string
	client *http.Client

	mu      sync.Mutex
	calls   map[string]int // "tenant/id" → calls of fn
	handled map[string]int // "tenant/id" → calls that returned nil
	// hook, when set, decides the outcome of fn's nth call (from 1) for
	// tenant/id: an error fails it.
	hook func(tenant, id string, n int) error
}

func newFleet(t *testing.T, stores []webhook.ReplayStore) *fleet {
	t.Helper()
	f := &fleet{calls: map[string]int{}, handled: map[string]int{}}
	for _, st := range stores {
		fn := func(ctx context.Context, e *webhook.Event) error {
			k := e.Tenant + "/" + e.ID
			f.mu.Lock()
			f.calls[k]++
			n, hook := f.calls[k], f.hook
			f.mu.Unlock()
			// Some work, so that deliveries overlap.
			time.Sleep(time.Millisecond)
			if hook != nil {
				if err := hook(e.Tenant, e.ID, n); err != nil {
					return err
				}
			}
			f.mu.Lock()
			f.handled[k]++
			f.mu.Unlock()
			return nil
		}
		mux := http.NewServeMux()
		mux.Handle("POST /notify/{tenant}", webhook.NewTenantHandler(lookup, fn, webhook.WithReplayStore(st)))
		srv := httptest.NewServer(mux)
		t.Cleanup(srv.Close)
		f.urls = append(f.urls, srv.URL)
	}
	tr := &http.Transport{MaxIdleConnsPerHost: 64}
	f.client = &http.Client{Transport: tr, Timeout: time.Minute}
	t.Cleanup(tr.CloseIdleConnections)
	return f
}

// post delivers tenant's event id, signed now with secret, to a replica.
func (f *fleet) post(replica int, tenant, secret, id string) (int, error) {
	body := fmt.Appendf(nil, `{"Id":%q,"Type":"session.ended","Time":"2026-11-24T03:52:27Z","Data":{"SessionId":41}}`, id)
	req, err := http.NewRequest(http.MethodPost, f.urls[replica]+"/notify/"+tenant, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	now := time.Now()
	req.Header.Set(webhook.HeaderID, id)
	req.Header.Set(webhook.HeaderTimestamp, strconv.FormatInt(now.Unix(), 10))
	req.Header.Set(webhook.HeaderSignature, webhook.Sign(secret, id, now, body))
	resp, err := f.client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, nil
}

// deliver sends tenant's event id to random replicas, as the APP Server
// does: again after every answer but a 2xx (sooner than it would), until a
// 2xx or the deadline. It returns the answers.
func (f *fleet) deliver(t *testing.T, tenant, id string, deadline time.Time) []int {
	var answers []int
	for time.Now().Before(deadline) {
		code, err := f.post(rand.IntN(len(f.urls)), tenant, tenantSecrets[tenant], id)
		if err != nil {
			t.Errorf("delivering %s/%s: %v", tenant, id, err)
			return answers
		}
		answers = append(answers, code)
		if code >= 200 && code < 300 {
			return answers
		}
		time.Sleep(time.Duration(10+rand.IntN(40)) * time.Millisecond)
	}
	t.Errorf("%s/%s lost: no 2xx before the deadline; answers %v", tenant, id, answers)
	return answers
}

func (f *fleet) count(tenant, id string) (calls, handled int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[tenant+"/"+id], f.handled[tenant+"/"+id]
}

// testReplicas is the proof: two tenants with the same ids, every event
// delivered four times at once to random replicas, each non-2xx delivered
// again, one event in four failing its first handling: every (tenant, id)
// handled exactly once, none lost.
func testReplicas(t *testing.T, s Suite) {
	t.Parallel()
	f := newFleet(t, s.values(t, 3, s.Addr, longLease, longTTL))
	f.hook = func(_, id string, n int) error {
		if n == 1 && id[len(id)-1]%4 == 0 {
			return errors.New("first handling fails")
		}
		return nil
	}
	const events, copies = 40, 4
	deadline := time.Now().Add(time.Minute)
	var wg sync.WaitGroup
	for i := range events {
		id := fmt.Sprintf("evt_%03d", i)
		for tenant := range tenantSecrets {
			for range copies {
				wg.Add(1)
				go func() {
					defer wg.Done()
					f.deliver(t, tenant, id, deadline)
				}()
			}
		}
	}
	wg.Wait()
	for i := range events {
		id := fmt.Sprintf("evt_%03d", i)
		for tenant := range tenantSecrets {
			_, handled := f.count(tenant, id)
			assert.Equal(t, 1, handled, "%s/%s handled", tenant, id)
		}
	}

	// Refused: another tenant's signature, an unknown tenant.
	code, err := f.post(0, "alpha", tenantSecrets["beta"], "evt_forged")
	require.NoError(t, err)
	assert.Equal(t, http.StatusUnauthorized, code, "beta's key at alpha's URL")
	code, err = f.post(1, "gamma", tenantSecrets["alpha"], "evt_000")
	require.NoError(t, err)
	assert.Equal(t, http.StatusNotFound, code, "unknown tenant")
	calls, _ := f.count("alpha", "evt_forged")
	assert.Zero(t, calls)
}

// testCrashedReplica: a replica claimed an event and died before Complete
// or Release. Deliveries meanwhile answer 503; once the lease has passed,
// another replica handles the event, once.
func testCrashedReplica(t *testing.T, s Suite) {
	if !s.Shared {
		t.Skip("store values do not share data: the claims of a store in memory die with its process")
	}
	t.Parallel()
	vs := s.values(t, 4, s.Addr, shortLease, longTTL)
	dead, live := vs[3], vs[:3]
	f := newFleet(t, live)
	require.NoError(t, dead.Claim(ctx, scopedKey("alpha", "evt_crash")))
	claimed := time.Now()

	code, err := f.post(0, "alpha", tenantSecrets["alpha"], "evt_crash")
	require.NoError(t, err)
	assert.Equal(t, http.StatusServiceUnavailable, code, "the dead replica's claim is in progress until its lease passes")
	// The same id of the other tenant is no one's claim.
	code, err = f.post(1, "beta", tenantSecrets["beta"], "evt_crash")
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, code)

	answers := f.deliver(t, "alpha", "evt_crash", time.Now().Add(30*time.Second))
	assert.GreaterOrEqual(t, time.Since(claimed), shortLease, "handled before the lease passed")
	_, handled := f.count("alpha", "evt_crash")
	assert.Equal(t, 1, handled, "answers %v", answers)
}

// testOutage: the store's server goes away mid-run. Deliveries answer 5xx
// and nothing is remembered as handled without being handled; when the
// server is back, every event is handled once.
func testOutage(t *testing.T, s Suite) {
	if s.Addr == "" {
		t.Skip("a store in memory has no server to lose")
	}
	t.Parallel()
	proxy := NewProxy(t, s.Addr)
	f := newFleet(t, s.values(t, 3, proxy.Addr(), shortLease, longTTL))
	a := tenantSecrets["alpha"]
	deliverOK := func(id string) {
		t.Helper()
		f.deliver(t, "alpha", id, time.Now().Add(30*time.Second))
		_, handled := f.count("alpha", id)
		require.Equal(t, 1, handled, "%s handled", id)
	}
	deliverOK("evt_before")

	// The server goes away while an event is being handled, which then
	// fails: its claim cannot be released, and stays until its lease passes.
	f.hook = func(_, id string, n int) error {
		if id == "evt_midway" && n == 1 {
			proxy.Down()
			return errors.New("handling failed")
		}
		return nil
	}
	code, err := f.post(0, "alpha", a, "evt_midway")
	require.NoError(t, err)
	assert.GreaterOrEqual(t, code, 500, "evt_midway")

	// While it is away: 5xx, and fn is never called.
	for i := range 6 {
		code, err := f.post(i%3, "alpha", a, "evt_during")
		require.NoError(t, err)
		assert.GreaterOrEqual(t, code, 500, "evt_during while the store is away")
	}
	calls, _ := f.count("alpha", "evt_during")
	assert.Zero(t, calls, "evt_during was handled without a store")

	// Back: both are handled once, evt_midway once its lease has passed.
	proxy.Up()
	deliverOK("evt_during")
	deliverOK("evt_midway")
	deliverOK("evt_after")
	code, err = f.post(1, "alpha", a, "evt_before")
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, code)
	_, handled := f.count("alpha", "evt_before")
	assert.Equal(t, 1, handled, "evt_before remembered across the outage")
}
