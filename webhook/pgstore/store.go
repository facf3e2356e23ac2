package pgstore

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/zchat/zchat-go/webhook"
)

// Store is a webhook.ReplayStore in a PostgreSQL table, shared by every
// replica of a receiver. Make one with New; it is safe for concurrent use.
// Each Store value is one owner of claims: give each process its own (they
// may share the pool and the table).
type Store struct {
	pool  *pgxpool.Pool
	table ident
	lease time.Duration
	ttl   time.Duration
	owner []byte // random, this Store's name on the claims it holds

	claimSQL, completeSQL, releaseSQL string

	// held are the keys this Store has claimed and not yet completed or
	// released. A second Claim of a held key is in progress without asking
	// the database, even once the lease has passed: the holder is alive in
	// this process, and were the claim taken over under the same owner, the
	// first holder's Release would release the second's claim.
	mu   sync.Mutex
	held map[[sha256.Size]byte]struct{}

	prune pruner
}

var _ webhook.ReplayStore = (*Store)(nil)

// New returns a Store on pool, creating its table and index when missing
// (safely when several replicas start at once). It refuses a bad table
// name, a lease or TTL that is not positive, and fails when the database
// cannot be reached or the table cannot be made.
func New(ctx context.Context, pool *pgxpool.Pool, opts ...Option) (*Store, error) {
	if pool == nil {
		return nil, errors.New("pgstore: New was given a nil pool")
	}
	cfg := defaultConfig()
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	if err := cfg.check(); err != nil {
		return nil, err
	}
	id, err := parseTable(cfg.table)
	if err != nil {
		return nil, err
	}
	if err := createTable(ctx, pool, id); err != nil {
		return nil, err
	}
	owner := make([]byte, 16)
	_, _ = rand.Read(owner) // never fails (crypto/rand panics instead)
	t := id.table()
	s := &Store{
		pool: pool, table: id, lease: cfg.lease, ttl: cfg.ttl, owner: owner,
		held: make(map[[sha256.Size]byte]struct{}),
		// One round trip: take the key when it is free or its row has
		// expired (a lapsed lease, or a handled id past its TTL), else say
		// what holds it. The row read by the second branch may be newer than
		// the statement's snapshot; the caller treats "no row" as in progress.
		claimSQL: `WITH won AS (
	INSERT INTO ` + t + ` AS r (key, state, owner, expires_at)
	VALUES ($1, 'claimed', $2, clock_timestamp() + $3 * interval '1 microsecond')
	ON CONFLICT (key) DO UPDATE
		SET state = 'claimed', owner = excluded.owner, expires_at = excluded.expires_at
		WHERE r.expires_at <= clock_timestamp()
	RETURNING 'won'::text AS state
)
SELECT state FROM won
UNION ALL
SELECT state FROM ` + t + ` WHERE key = $1 AND expires_at > clock_timestamp() AND NOT EXISTS (SELECT FROM won)`,
		// The event has been handled: remember it whoever holds the claim
		// now. Were a stale holder refused, a new holder's failure would
		// release the id and it would be handled a third time.
		completeSQL: `INSERT INTO ` + t + ` AS r (key, state, owner, expires_at)
VALUES ($1, 'done', $2, clock_timestamp() + $3 * interval '1 microsecond')
ON CONFLICT (key) DO UPDATE
	SET state = 'done', owner = excluded.owner, expires_at = excluded.expires_at`,
		// Only our own claim: a holder whose lease passed and was taken over
		// must not free the new holder's claim, nor forget a handled id.
		releaseSQL: `DELETE FROM ` + t + ` WHERE key = $1 AND owner = $2 AND state = 'claimed'`,
	}
	s.prune.init(pool, id)
	return s, nil
}

// Claim reserves id for this Store: nil when it was free or its last claim's
// lease has passed, webhook.ErrReplayed when it was handled within the TTL,
// webhook.ErrInProgress when another delivery holds it, and an error
// wrapping the database's when the database cannot answer (the handler
// answers 500 and the APP Server delivers again).
func (s *Store) Claim(ctx context.Context, id string) error {
	key := sha256.Sum256([]byte(id))
	s.mu.Lock()
	_, busy := s.held[key]
	if !busy {
		s.held[key] = struct{}{}
	}
	s.mu.Unlock()
	if busy {
		return webhook.ErrInProgress
	}
	state, err := s.claim(ctx, key)
	if state != "won" {
		s.forget(key)
	}
	switch {
	case err != nil:
		return err
	case state == "won":
		s.prune.maybe(ctx)
		return nil
	case state == "done":
		return webhook.ErrReplayed
	default: // "claimed", or a row committed after our snapshot
		return webhook.ErrInProgress
	}
}

func (s *Store) claim(ctx context.Context, key [sha256.Size]byte) (string, error) {
	var state string
	err := s.pool.QueryRow(ctx, s.claimSQL, key[:], s.owner, s.lease.Microseconds()).Scan(&state)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("pgstore: claiming an event: %w", err)
	}
	return state, nil
}

// Complete remembers id as handled for the TTL.
func (s *Store) Complete(ctx context.Context, id string) error {
	key := sha256.Sum256([]byte(id))
	defer s.forget(key)
	if _, err := s.pool.Exec(ctx, s.completeSQL, key[:], s.owner, s.ttl.Microseconds()); err != nil {
		return fmt.Errorf("pgstore: completing an event: %w", err)
	}
	return nil
}

// Release gives up this Store's claim on id, so that the next delivery is
// handled. A claim another Store took over after the lease, and a handled
// id, are left alone.
func (s *Store) Release(ctx context.Context, id string) error {
	key := sha256.Sum256([]byte(id))
	defer s.forget(key)
	if _, err := s.pool.Exec(ctx, s.releaseSQL, key[:], s.owner); err != nil {
		return fmt.Errorf("pgstore: releasing an event: %w", err)
	}
	return nil
}

func (s *Store) forget(key [sha256.Size]byte) {
	s.mu.Lock()
	delete(s.held, key)
	s.mu.Unlock()
}
