package webhook

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/sessions"
)

// tenantLookup is the lookup of the tests: the tenant is the last path
// segment of /notify/{tenant}.
func tenantLookup(r *http.Request) (string, []string, error) {
	switch t := r.PathValue("tenant"); t {
	case "acme":
		return t, []string{plainKey}, nil
	case "globex": // in the middle of a key change
		return t, []string{whsecPadded, otherKey}, nil
	case "initech": // signs with the key acme uses
		return t, []string{plainKey}, nil
	case "left":
		return "", nil, &StatusError{Code: http.StatusGone, Err: errors.New("tenant left")}
	case "db-down":
		return "", nil, errors.New("tenants table unreachable")
	case "panics":
		panic("lookup bug")
	case "no-secrets":
		return t, nil, nil
	case "bad-secret":
		return t, []string{"whsec_%%"}, nil
	case "nameless":
		return "", []string{plainKey}, nil
	default:
		return "", nil, fmt.Errorf("%w: %q", ErrUnknownTenant, t)
	}
}

// tenantServer serves NewTenantHandler at /notify/{tenant} over loopback and
// records the events fn got.
type tenantServer struct {
	*httptest.Server
	mu     sync.Mutex
	events []Event
	fnErr  func(*Event) error
}

func newTenantServer(t *testing.T, opts ...HandlerOption) *tenantServer {
	t.Helper()
	ts := &tenantServer{}
	fn := func(ctx context.Context, e *Event) error {
		if got := TenantFromContext(ctx); got != e.Tenant {
			return fmt.Errorf("context tenant %q, event tenant %q", got, e.Tenant)
		}
		ts.mu.Lock()
		ts.events = append(ts.events, *e)
		ts.mu.Unlock()
		if ts.fnErr != nil {
			return ts.fnErr(e)
		}
		return nil
	}
	mux := http.NewServeMux()
	mux.Handle("/notify/{tenant}", NewTenantHandler(tenantLookup, fn, opts...))
	ts.Server = httptest.NewServer(mux)
	t.Cleanup(ts.Close)
	return ts
}

// post delivers an event signed with secret to tenant's URL.
func (ts *tenantServer) post(t *testing.T, tenant, secret, id string) int {
	t.Helper()
	body := eventBody(id, TypeSessionEnded, sampleData[TypeSessionEnded])
	req, err := http.NewRequest(http.MethodPost, ts.URL+"/notify/"+tenant, bytes.NewReader(body))
	require.NoError(t, err)
	req.Header = signedHeader(secret, id, time.Now(), body)
	resp, err := ts.Client().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode
}

func (ts *tenantServer) handled() []string {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	var out []string
	for _, e := range ts.events {
		out = append(out, e.Tenant+"/"+e.ID)
	}
	return out
}

// Each request is verified against its tenant's secrets only, and the lookup
// chooses the answer for tenants it does not serve.
func TestTenantHandlerStatus(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, tenant, secret string
		want                 int
		handled              bool
	}{
		{"own key", "acme", plainKey, 200, true},
		{"new key during rotation", "globex", whsecRaw, 200, true},
		{"old key during rotation", "globex", otherKey, 200, true},
		{"another tenant's key", "acme", otherKey, 401, false},
		{"another tenant's key, rotation list", "globex", plainKey, 401, false},
		{"unknown tenant", "umbrella", plainKey, 404, false},
		{"tenant that left: 410 stops retries", "left", plainKey, 410, false},
		{"lookup fails: try again", "db-down", plainKey, 503, false},
		{"lookup panics", "panics", plainKey, 500, false},
		{"no secrets for the tenant", "no-secrets", plainKey, 500, false},
		{"a tenant secret that does not decode", "bad-secret", plainKey, 500, false},
		{"lookup names no tenant", "nameless", plainKey, 500, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ts := newTenantServer(t)
			id := "evt_" + strings.ReplaceAll(tt.name, " ", "_")
			assert.Equal(t, tt.want, ts.post(t, tt.tenant, tt.secret, id))
			if tt.handled {
				assert.Equal(t, []string{tt.tenant + "/" + id}, ts.handled())
			} else {
				assert.Empty(t, ts.handled())
			}
		})
	}
}

// Two APP Servers may send the same event Id: each is handled once, and a
// retry of either is acknowledged without being handled again.
func TestTenantHandlerDedupePerTenant(t *testing.T) {
	t.Parallel()
	ts := newTenantServer(t)
	for range 3 {
		assert.Equal(t, 200, ts.post(t, "acme", plainKey, "evt_1"))
		assert.Equal(t, 200, ts.post(t, "globex", whsecPadded, "evt_1"))
		// initech signs with acme's key: the same key and Id, another tenant.
		assert.Equal(t, 200, ts.post(t, "initech", plainKey, "evt_1"))
	}
	assert.Equal(t, []string{"acme/evt_1", "globex/evt_1", "initech/evt_1"}, ts.handled())
}

// Tenant and Id are joined so that no tenant can collide with another,
// whatever bytes either holds.
func TestReplayKeyScoping(t *testing.T) {
	t.Parallel()
	pairs := [][2]string{
		{"a", "b:c"}, {"a:b", "c"}, {"a", "1:b:c"}, {"1:a", "b"}, {"ab", "c"}, {"a", "bc"},
		{"a\x00", "b"}, {"a", "\x00b"}, {"10", ":x"}, {"1", "0:x"}, {"é", "x"}, {"e", "\xa9x"},
	}
	seen := map[string][2]string{}
	for _, p := range pairs {
		k := resolved{tenant: p[0], scoped: true}.replayKey(p[1])
		prev, dup := seen[k]
		require.False(t, dup, "%q and %q share the key %q", prev, p, k)
		seen[k] = p
	}
	assert.Equal(t, "4:acme:evt_1", resolved{tenant: "acme", scoped: true}.replayKey("evt_1"))
	assert.Equal(t, "evt_1", resolved{}.replayKey("evt_1"), "NewHandler keeps the Id itself")
}

// An unknown tenant is answered before a byte of the body is read.
func TestTenantHandlerUnknownTenantReadsNothing(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	mux := http.NewServeMux()
	mux.Handle("/notify/{tenant}", NewTenantHandler(tenantLookup, func(context.Context, *Event) error { calls.Add(1); return nil }))
	body := &countingBody{left: 1 << 20}
	r := httptest.NewRequest(http.MethodPost, "/notify/umbrella", nil)
	r.Header = signedHeader(plainKey, "evt_1", time.Now(), nil)
	r.Body, r.ContentLength = body, 1<<20
	w := serve(mux, r)
	assert.Equal(t, 404, w.Code)
	assert.Zero(t, body.read.Load())
	assert.Zero(t, calls.Load())
}

// Configuration mistakes answer 500 to every request, so deliveries are
// retried once they are fixed.
func TestTenantHandlerSetup(t *testing.T) {
	t.Parallel()
	ok := func(context.Context, *Event) error { return nil }
	tests := []struct {
		name string
		h    http.Handler
	}{
		{"nil lookup", NewTenantHandler(nil, ok)},
		{"nil fn", NewTenantHandler(tenantLookup, nil)},
		{"WithSecrets would accept one key for every tenant", NewTenantHandler(tenantLookup, ok, WithSecrets(otherKey))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			mux := http.NewServeMux()
			mux.Handle("/notify/{tenant}", tt.h)
			for _, secret := range []string{plainKey, otherKey} {
				assert.Equal(t, 500, serve(mux, withPath(delivery(secret, "evt_1", TypeSessionEnded), "/notify/acme")).Code)
			}
		})
	}
}

func withPath(r *http.Request, path string) *http.Request {
	r.URL.Path, r.RequestURI = path, path
	return r
}

// A typed Mux function tells tenants apart through the context; the log
// names the tenant.
func TestTenantHandlerMuxAndLog(t *testing.T) {
	t.Parallel()
	var got []string
	var mu sync.Mutex
	var mux Mux
	mux.OnSessionEnded(func(ctx context.Context, s *sessions.Session) error {
		mu.Lock()
		got = append(got, TenantFromContext(ctx))
		mu.Unlock()
		return nil
	})
	var buf bytes.Buffer
	logger := newTestLogger(&buf, &mu)
	routes := http.NewServeMux()
	routes.Handle("/notify/{tenant}", NewTenantHandler(tenantLookup, mux.Handle, clockAt(t0), WithLogger(logger)))
	assert.Equal(t, 200, serve(routes, withPath(delivery(plainKey, "evt_1", TypeSessionEnded), "/notify/acme")).Code)
	assert.Equal(t, 200, serve(routes, withPath(delivery(otherKey, "evt_1", TypeSessionEnded), "/notify/globex")).Code)
	assert.Equal(t, 401, serve(routes, withPath(delivery(otherKey, "evt_2", TypeSessionEnded), "/notify/acme")).Code)
	mu.Lock()
	defer mu.Unlock()
	assert.Equal(t, []string{"acme", "globex"}, got)
	out := buf.String()
	assert.Contains(t, out, "tenant=acme id=evt_1")
	assert.Contains(t, out, "tenant=globex id=evt_1")
	assert.Contains(t, out, "status=401 remote=192.0.2.1:1234 tenant=acme")
	assert.NotContains(t, out, plainKey)
	assert.NotContains(t, out, otherKey)
	assert.Empty(t, TenantFromContext(context.Background()))
}

// The keys of a tenant are decoded once and kept while its lookup returns
// the same secrets; other secrets replace them; the cache is bounded.
func TestTenantKeysCache(t *testing.T) {
	t.Parallel()
	c := &tenantKeys{max: 2}
	a1, err := c.get("a", []string{plainKey})
	require.NoError(t, err)
	a2, err := c.get("a", []string{plainKey})
	require.NoError(t, err)
	assert.Same(t, a1[0], a2[0], "same secrets: keys reused")
	a3, err := c.get("a", []string{otherKey})
	require.NoError(t, err)
	assert.NotSame(t, a1[0], a3[0], "new secrets: keys rebuilt")
	_, err = c.get("b", []string{plainKey})
	require.NoError(t, err)
	_, err = c.get("c", []string{plainKey})
	require.NoError(t, err)
	assert.Len(t, c.m, 2, "bounded")
	_, err = c.get("d", []string{""})
	assert.ErrorIs(t, err, ErrInvalidSecret)
	assert.Len(t, c.m, 2)
}
