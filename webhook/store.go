package webhook

import (
	"container/list"
	"context"
	"sync"
	"time"
)

// ReplayStore remembers which events have been handled, so that the handler
// of NewHandler or NewTenantHandler handles each event once although the APP
// Server delivers at least once. It works in three steps, so that an event is
// remembered only once it has been handled, and two deliveries of the same
// event at the same time are not both handled:
//
//  1. Claim(id) before handling: nil means the caller now holds id and must
//     end with Complete or Release; ErrReplayed means id was handled already
//     (the handler answers 200 without handling it again); ErrInProgress means
//     another delivery holds id right now (the handler answers 503, so the
//     APP Server tries again later); any other error is a store failure
//     (500: the event is delivered again, never acknowledged unhandled).
//  2. Complete(id) once handling succeeded: later Claims return ErrReplayed
//     for as long as the store keeps id (DefaultReplayTTL covers the APP
//     Server's retries). It marks id handled whoever holds it now.
//  3. Release(id) when handling failed: the caller's own claim is dropped, so
//     the retry is handled. A handled id, or a claim someone else holds, is
//     left alone.
//
// The id a handler passes is the event Id, scoped by tenant: NewHandler
// passes the Id itself; NewTenantHandler passes "<n>:<tenant>:<Id>", n being
// the tenant's length in bytes, so equal Ids from two APP Servers are two
// ids, and no tenant can forge another's (ids may hold any bytes). Give a
// NewHandler and a NewTenantHandler separate stores.
//
// A store shared by several processes (redisstore, pgstore) must make Claim
// atomic across them, and a claim is a lease: each Store value is one owner,
// and if its holder dies before Complete or Release, another owner can claim
// the id once the lease has passed, so a crashed replica loses no event.
// Within one value a claim lasts until Complete or Release, since its holder
// is alive in that process. Release must drop only the caller's own claim:
// a holder whose lease passed and was taken over must not free the new
// holder's. Implementations must be safe for concurrent use.
type ReplayStore interface {
	Claim(ctx context.Context, id string) error
	Complete(ctx context.Context, id string) error
	Release(ctx context.Context, id string) error
}

// Defaults of the replay stores. The APP Server retries a delivery for about
// 27.6 hours (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, each after a timeout
// of up to 10 s), so a handled Id is kept well beyond that: a retry whose
// first answer was lost still finds it, whatever the schedule's drift.
const (
	// DefaultReplayTTL is how long a store remembers a handled Id by default
	// (MemoryStore, and redisstore and pgstore unless WithTTL says otherwise).
	DefaultReplayTTL = 48 * time.Hour
	// DefaultReplayMaxEntries is how many Ids a MemoryStore holds by default
	// (some 10–20 MB at most).
	DefaultReplayMaxEntries = 100_000
)

// MemoryStore is a ReplayStore in the process's memory: right for one
// process, lost on restart. Its claims need no lease: their holders are in
// the same process, and die with it. It is bounded: it holds at most
// maxEntries handled ids, dropping the oldest to make room (never a claim in
// progress), and forgets an id ttl after its claim or completion. Its methods never fail. Make one with
// NewMemoryStore (the zero MemoryStore works too, with the defaults); it is
// safe for concurrent use.
type MemoryStore struct {
	mu      sync.Mutex
	ttl     time.Duration
	max     int
	now     func() time.Time
	entries map[string]*list.Element // of *memEntry
	order   *list.List               // oldest first; also soonest to expire first
}

// memEntry is one id a MemoryStore holds.
type memEntry struct {
	id      string
	expires time.Time
	done    bool // completed, not only claimed
}

// NewMemoryStore returns an empty MemoryStore that keeps an id for ttl and
// holds at most maxEntries ids. ttl ≤ 0 means DefaultReplayTTL; maxEntries ≤ 0
// means DefaultReplayMaxEntries.
func NewMemoryStore(ttl time.Duration, maxEntries int) *MemoryStore {
	if ttl <= 0 {
		ttl = DefaultReplayTTL
	}
	if maxEntries <= 0 {
		maxEntries = DefaultReplayMaxEntries
	}
	return &MemoryStore{ttl: ttl, max: maxEntries}
}

// init gives a zero MemoryStore its defaults; s.mu is held.
func (s *MemoryStore) init() {
	if s.entries != nil {
		return
	}
	if s.ttl <= 0 {
		s.ttl = DefaultReplayTTL
	}
	if s.max <= 0 {
		s.max = DefaultReplayMaxEntries
	}
	if s.now == nil {
		s.now = time.Now
	}
	s.entries = make(map[string]*list.Element)
	s.order = list.New()
}

// Claim reserves id: nil when it was free, ErrReplayed when it was completed,
// ErrInProgress when it is claimed and neither completed nor released.
func (s *MemoryStore) Claim(_ context.Context, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.prune()
	if el, ok := s.entries[id]; ok {
		if el.Value.(*memEntry).done {
			return ErrReplayed
		}
		return ErrInProgress
	}
	s.put(&memEntry{id: id, expires: now.Add(s.ttl)})
	return nil
}

// Complete marks id handled for the next ttl, claimed or not.
func (s *MemoryStore) Complete(_ context.Context, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.prune()
	if el, ok := s.entries[id]; ok {
		e := el.Value.(*memEntry)
		e.done, e.expires = true, now.Add(s.ttl)
		s.order.MoveToBack(el)
		return nil
	}
	s.put(&memEntry{id: id, expires: now.Add(s.ttl), done: true})
	return nil
}

// Release forgets a claim on id. An id already completed stays remembered.
func (s *MemoryStore) Release(_ context.Context, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.init()
	if el, ok := s.entries[id]; ok && !el.Value.(*memEntry).done {
		s.order.Remove(el)
		delete(s.entries, id)
	}
	return nil
}

// Len returns how many ids the store holds, expired ones dropped first.
func (s *MemoryStore) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.prune()
	return len(s.entries)
}

// prune drops expired entries and returns the time it judged them by. Every
// entry expires ttl after it was last added or moved to the back, so the
// list is in order of expiry and pruning stops at the first live entry.
// s.mu is held.
func (s *MemoryStore) prune() time.Time {
	s.init()
	now := s.now()
	for el := s.order.Front(); el != nil; el = s.order.Front() {
		e := el.Value.(*memEntry)
		if now.Before(e.expires) {
			break
		}
		s.order.Remove(el)
		delete(s.entries, e.id)
	}
	return now
}

// put adds e at the back, dropping the oldest handled entries while the
// store is full. A claim in progress is never dropped to make room: another
// delivery of its id would then be handled a second time. Claims are as many
// as the deliveries being handled at once, so the store exceeds maxEntries
// only when that many are.
func (s *MemoryStore) put(e *memEntry) {
	for el := s.order.Front(); el != nil && len(s.entries) >= s.max; {
		next := el.Next()
		if old := el.Value.(*memEntry); old.done {
			s.order.Remove(el)
			delete(s.entries, old.id)
		}
		el = next
	}
	s.entries[e.id] = s.order.PushBack(e)
}
