package webhook

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"runtime/debug"
	"slices"
	"strconv"
	"sync"
)

// TenantLookup names the tenant (the APP Server) a request comes from, and
// the secrets its notifications may be signed with: its ChatApiKey, or
// several during a key change. It typically reads the path
// (r.PathValue("tenant") under a "POST /zchat/notify/{tenant}" pattern) or
// the host. It runs before the body is read, for every request, so it should
// be quick (a map, or a cache in front of a database).
//
// Its error chooses the answer: one wrapping ErrUnknownTenant answers 404
// (the APP Server retries, in case the tenant is being set up); a
// *StatusError answers its Code (410 Gone stops the retries, for a tenant
// that left); any other error answers 503, so the delivery is tried again.
// A tenant of "" or no secrets is a configuration error (500).
type TenantLookup func(r *http.Request) (tenant string, secrets []string, err error)

// NewTenantHandler returns an http.Handler that receives the notifications of
// many APP Servers (tenants), each signing with its own ChatApiKey. For each
// request, lookup names the tenant and its secrets, and the request is
// verified against those secrets only: a notification signed with tenant A's
// key sent to tenant B's URL is refused (401). The Event passed to fn
// carries the tenant in Event.Tenant (and in the context, for the typed
// functions of a Mux: TenantFromContext).
//
// Deduplication is per tenant: two APP Servers may send the same event Id,
// and each is handled once; see ReplayStore for how the Ids are scoped.
//
// In everything else it is NewHandler: limits, statuses, StatusError,
// panics, logging (with the tenant), and the options, except WithSecrets,
// which would accept one key for every tenant: with NewTenantHandler it is a
// configuration error, and every request answers 500. A nil lookup or fn is
// one too.
//
// The handler keeps the keys it decoded for the last secrets each tenant's
// lookup returned (for at most 1024 tenants), so a Verifier is not rebuilt
// per request; a lookup that returns other secrets replaces them. Nothing is
// shared between handlers.
func NewTenantHandler(lookup TenantLookup, fn func(context.Context, *Event) error, opts ...HandlerOption) http.Handler {
	h, cfg := newHandler(fn, opts)
	switch {
	case h.setupErr != nil:
	case lookup == nil:
		h.setupErr = errors.New("webhook: NewTenantHandler was given a nil lookup")
	case len(cfg.verify.secrets) > 0:
		h.setupErr = errors.New("webhook: WithSecrets does not apply to NewTenantHandler: return each tenant's secrets from its lookup")
	}
	cache := &tenantKeys{max: maxCachedTenants}
	h.resolve = func(r *http.Request) (resolved, error) {
		tenant, secrets, err := callLookup(lookup, r)
		switch {
		case err != nil:
			return resolved{}, fmt.Errorf("webhook: tenant lookup: %w", err)
		case tenant == "":
			return resolved{}, errConfig("webhook: the tenant lookup named no tenant")
		case len(secrets) == 0:
			return resolved{}, errConfig("webhook: the tenant lookup gave no secrets for tenant " + strconv.Quote(tenant))
		}
		keys, err := cache.get(tenant, secrets)
		if err != nil {
			return resolved{}, &StatusError{Code: http.StatusInternalServerError, Err: fmt.Errorf("tenant %q: %w", tenant, err)}
		}
		return resolved{tenant: tenant, scoped: true, keys: keys}, nil
	}
	return h
}

// maxCachedTenants bounds the keys a tenant handler keeps.
const maxCachedTenants = 1024

// errConfig is a mistake in the program's configuration: 500, so the APP
// Server retries once it is fixed.
func errConfig(msg string) error {
	return &StatusError{Code: http.StatusInternalServerError, Err: errors.New(msg)}
}

// callLookup runs lookup, turning a panic into an error (500).
func callLookup(lookup TenantLookup, r *http.Request) (tenant string, secrets []string, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = &StatusError{Code: http.StatusInternalServerError, Err: &panicError{value: p, stack: debug.Stack()}}
		}
	}()
	return lookup(r)
}

// lookupStatus is the status answered for an error of the tenant lookup.
func lookupStatus(err error) int {
	var se *StatusError
	switch {
	case errors.As(err, &se):
		return statusFor(err)
	case errors.Is(err, ErrUnknownTenant):
		return http.StatusNotFound
	default:
		return http.StatusServiceUnavailable
	}
}

// replayKey is the key an event Id is deduplicated under. NewHandler uses the
// Id itself; NewTenantHandler prefixes it with the tenant's length and the
// tenant, "<len>:<tenant>:<id>", which no other tenant and Id can produce,
// whatever bytes they contain.
func (r resolved) replayKey(id string) string {
	if !r.scoped {
		return id
	}
	return strconv.Itoa(len(r.tenant)) + ":" + r.tenant + ":" + id
}

// tenantKeys keeps, per tenant, the keys decoded from the secrets its lookup
// last returned. It is bounded: when full, an arbitrary tenant is dropped.
type tenantKeys struct {
	mu  sync.RWMutex
	max int
	m   map[string]*tenantEntry
}

type tenantEntry struct {
	secrets []string
	keys    []*key
}

// get returns the keys of secrets, decoding them only when tenant's entry
// holds other secrets or none.
func (c *tenantKeys) get(tenant string, secrets []string) ([]*key, error) {
	c.mu.RLock()
	e := c.m[tenant]
	c.mu.RUnlock()
	if e != nil && slices.Equal(e.secrets, secrets) {
		return e.keys, nil
	}
	keys, err := keysFor(secrets[0], secrets[1:])
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = make(map[string]*tenantEntry)
	}
	if _, ok := c.m[tenant]; !ok && len(c.m) >= c.max {
		for t := range c.m {
			delete(c.m, t)
			break
		}
	}
	c.m[tenant] = &tenantEntry{secrets: slices.Clone(secrets), keys: keys}
	return keys, nil
}

// tenantKey is the context key of the tenant.
type tenantKey struct{}

// TenantFromContext returns the tenant of the event being handled, from the
// context NewTenantHandler passes to fn ("" elsewhere): what the typed
// functions of a Mux, which get no Event, use to tell tenants apart.
func TenantFromContext(ctx context.Context) string {
	t, _ := ctx.Value(tenantKey{}).(string)
	return t
}
