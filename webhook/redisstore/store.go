package redisstore

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/zchat/zchat-go/webhook"
)

// Store is a webhook.ReplayStore on Redis. Make one with New; it is safe for
// concurrent use.
type Store struct {
	rdb      redis.UniversalClient
	prefix   string
	lease    time.Duration
	ttl      time.Duration
	owner    string // "c" and this value's random name: the value of its claims
	setupErr error  // a bad option: every call returns it

	// held are the keys this Store claimed and has not completed or
	// released. A second Claim of a held key is in progress without asking
	// Redis, even past the lease: its holder is alive in this process, and
	// were the claim taken over under the same owner, the first holder's
	// Release would free the second's claim.
	mu   sync.Mutex
	held map[string]struct{}
}

var _ webhook.ReplayStore = (*Store)(nil)

// The values a key holds: a claim is "c" and its owner's name; "d" is done.
const done = "d"

// claimScript takes KEYS[1] for the lease when it is free (absent: never
// claimed, released, or expired), else says what holds it. One key, one
// round trip, atomic.
var claimScript = redis.NewScript(`
local v = redis.call('GET', KEYS[1])
if not v then
	redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
	return 1
end
if v == 'd' then return 2 end
return 3
`)

// releaseScript deletes KEYS[1] only while it holds the caller's own claim.
var releaseScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
	return redis.call('DEL', KEYS[1])
end
return 0
`)

// New returns a Store on rdb. Options are checked here, but New does no I/O:
// a bad option makes every call fail with an error wrapping ErrInvalidOption
// (the handler then answers 500); Ping reports it, and whether Redis
// answers, at start-up.
func New(rdb redis.UniversalClient, opts ...Option) *Store {
	cfg := defaultConfig()
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	var name [16]byte
	_, _ = rand.Read(name[:]) // never fails (crypto/rand panics instead)
	s := &Store{
		rdb: rdb, prefix: cfg.prefix, lease: cfg.lease, ttl: cfg.ttl,
		owner:    "c" + base64.RawURLEncoding.EncodeToString(name[:]),
		setupErr: cfg.check(),
		held:     make(map[string]struct{}),
	}
	if s.setupErr == nil && rdb == nil {
		s.setupErr = fmt.Errorf("%w: New was given a nil client", ErrInvalidOption)
	}
	return s
}

// Ping reports a bad option, or a Redis that does not answer.
func (s *Store) Ping(ctx context.Context) error {
	if s.setupErr != nil {
		return s.setupErr
	}
	if err := s.rdb.Ping(ctx).Err(); err != nil {
		return fmt.Errorf("redisstore: ping: %w", err)
	}
	return nil
}

// key is the Redis key of id: the prefix and the URL-safe base64 of its
// SHA-256, so that any id makes a short key of one form.
func (s *Store) key(id string) string {
	sum := sha256.Sum256([]byte(id))
	return s.prefix + base64.RawURLEncoding.EncodeToString(sum[:])
}

// Claim reserves id for this Store: nil when it was free or its last claim's
// lease had passed, webhook.ErrReplayed when it was handled within the TTL,
// webhook.ErrInProgress when a delivery holds it, and an error wrapping
// Redis's when Redis cannot answer.
func (s *Store) Claim(ctx context.Context, id string) error {
	if s.setupErr != nil {
		return s.setupErr
	}
	key := s.key(id)
	s.mu.Lock()
	_, busy := s.held[key]
	if !busy {
		s.held[key] = struct{}{}
	}
	s.mu.Unlock()
	if busy {
		return webhook.ErrInProgress
	}
	state, err := claimScript.Run(ctx, s.rdb, []string{key}, s.owner, s.lease.Milliseconds()).Int()
	if state != 1 {
		s.forget(key)
	}
	switch {
	case err != nil:
		return fmt.Errorf("redisstore: claiming an event: %w", err)
	case state == 1:
		return nil
	case state == 2:
		return webhook.ErrReplayed
	default:
		return webhook.ErrInProgress
	}
}

// Complete remembers id as handled for the TTL, whoever holds its claim: the
// event has been handled, so even a holder whose lease passed and was taken
// over marks it done, and the new holder's failure cannot make it be handled
// a third time.
func (s *Store) Complete(ctx context.Context, id string) error {
	if s.setupErr != nil {
		return s.setupErr
	}
	key := s.key(id)
	defer s.forget(key)
	if err := s.rdb.Set(ctx, key, done, s.ttl).Err(); err != nil {
		return fmt.Errorf("redisstore: completing an event: %w", err)
	}
	return nil
}

// Release gives up this Store's claim on id, so that the next delivery is
// handled. A claim another Store took over after the lease, and a handled
// id, are left alone.
func (s *Store) Release(ctx context.Context, id string) error {
	if s.setupErr != nil {
		return s.setupErr
	}
	key := s.key(id)
	defer s.forget(key)
	if err := releaseScript.Run(ctx, s.rdb, []string{key}, s.owner).Err(); err != nil && !errors.Is(err, redis.Nil) {
		return fmt.Errorf("redisstore: releasing an event: %w", err)
	}
	return nil
}

func (s *Store) forget(key string) {
	s.mu.Lock()
	delete(s.held, key)
	s.mu.Unlock()
}
