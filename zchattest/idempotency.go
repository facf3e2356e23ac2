package zchattest

import (
	"crypto/sha256"
	"net/http"
	"time"

	"github.com/zchat/zchat-go/internal/apispec"
	"github.com/zchat/zchat-go/zchat"
)

// IdempotencyTTL is how long the server remembers an Idempotency-Key.
const IdempotencyTTL = 24 * time.Hour

// MaxIdempotencyKeys bounds how many keys the server remembers; past it the
// oldest are forgotten first.
const MaxIdempotencyKeys = 10000

// idemEntry is one remembered key: what the request was (its fingerprint)
// and, once done, its answer.
type idemEntry struct {
	fp      [sha256.Size]byte
	expires time.Time
	done    bool
	reply   *reply
}

type idemItem struct {
	key string
	e   *idemEntry
}

// idemStore remembers keys in a map, and in the order they came so the
// oldest are pruned first. It is guarded by Server.mu.
type idemStore struct {
	m     map[string]*idemEntry
	order []idemItem
}

type idemState int

const (
	idemNew      idemState = iota // act, then finish
	idemReplay                    // answer the stored reply
	idemMismatch                  // same key, other request → 422
	idemBusy                      // the first request is still in progress → 409
)

// begin looks key up: a live entry is a replay, a mismatch or busy; else a
// new entry (in progress) is made.
func (st *idemStore) begin(key string, fp [sha256.Size]byte, now time.Time) (*idemEntry, idemState) {
	st.prune(now, false)
	if e, ok := st.m[key]; ok && now.Before(e.expires) {
		switch {
		case e.fp != fp:
			return e, idemMismatch
		case !e.done:
			return e, idemBusy
		}
		return e, idemReplay
	}
	st.prune(now, true)
	e := &idemEntry{fp: fp, expires: now.Add(IdempotencyTTL)}
	st.m[key] = e
	st.order = append(st.order, idemItem{key, e})
	return e, idemNew
}

// finish stores the answer when it is 2xx or 4xx other than 429; otherwise
// the key is forgotten, so a retry with it acts.
func (st *idemStore) finish(key string, e *idemEntry, rp *reply) {
	if rp.status < 500 && rp.status != http.StatusTooManyRequests {
		e.done, e.reply = true, rp
		return
	}
	if st.m[key] == e {
		delete(st.m, key)
	}
}

// prune forgets expired keys and, to make room for one more, the oldest
// while there are MaxIdempotencyKeys or more.
func (st *idemStore) prune(now time.Time, room bool) {
	drop := 0
	for _, it := range st.order {
		if cur, ok := st.m[it.key]; ok && cur == it.e {
			if now.Before(it.e.expires) && (!room || len(st.m) < MaxIdempotencyKeys) {
				break
			}
			delete(st.m, it.key)
		}
		drop++ // expired, evicted, or already forgotten
	}
	clear(st.order[:drop])
	st.order = st.order[drop:]
}

// idempotent runs a POST under its Idempotency-Key, if it has one (keys are
// scoped to the API key): a repeated key with the same method, path and
// body gets the stored answer without acting again; with another request,
// 422 idempotency_mismatch; while the first is in progress, 409. A
// malformed key → 400.
func (s *Server) idempotent(c *call, h handler, rec *RequestRecord) (*reply, func()) {
	noop := func() {}
	vals, present := c.r.Header["Idempotency-Key"]
	if !present {
		return s.run(c, h), noop
	}
	if len(vals) != 1 || zchat.CheckIdempotencyKey(vals[0]) != nil {
		e := badRequest("the Idempotency-Key must be one value of %d–%d visible ASCII characters",
			apispec.MinIdempotencyKeyLen, apispec.MaxIdempotencyKeyLen)
		e.fields = []zchat.FieldError{{Field: "Idempotency-Key", Message: "is malformed"}}
		return s.errorReply(c.rid, e), noop
	}
	key := s.APIKey + "\x00" + vals[0]
	fp := fingerprint(c)
	s.mu.Lock()
	e, state := s.st.idem.begin(key, fp, s.now())
	s.mu.Unlock()
	switch state {
	case idemReplay:
		rec.Replayed = true
		return e.reply.replayed(), noop
	case idemMismatch:
		return s.errorReply(c.rid, errorf(http.StatusUnprocessableEntity, zchat.CodeIdempotencyMismatch,
			"the Idempotency-Key %q was used with another request (method, path or body)", vals[0])), noop
	case idemBusy:
		return s.errorReply(c.rid, conflict("a request with the Idempotency-Key %q is still in progress; retry later", vals[0])), noop
	}
	rp := s.run(c, h)
	return rp, func() {
		s.mu.Lock()
		s.st.idem.finish(key, e, rp)
		s.mu.Unlock()
	}
}

// replayed is rp as answered again for a repeated Idempotency-Key: the
// same status and body, marked with the header Idempotent-Replayed: true
// (optional in the contract, as Stripe sends it), so that a client can tell
// that nothing new was done.
func (rp *reply) replayed() *reply {
	cp := *rp
	cp.header = rp.header.Clone()
	if cp.header == nil {
		cp.header = http.Header{}
	}
	cp.header.Set(apispec.HeaderIdempotentReplayed, "true")
	return &cp
}

// fingerprint identifies a request: method, path with query, and body.
func fingerprint(c *call) [sha256.Size]byte {
	h := sha256.New()
	h.Write([]byte(c.r.Method + " " + c.r.URL.RequestURI() + "\n"))
	h.Write(c.body)
	var out [sha256.Size]byte
	h.Sum(out[:0])
	return out
}
