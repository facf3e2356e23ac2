// Package pgstore is a webhook.ReplayStore in PostgreSQL, shared by every
// replica of a notification receiver, so that each event is handled once
// however many replicas receive its deliveries:
//
//	pool, err := pgxpool.New(ctx, os.Getenv("DATABASE_URL"))
//	…
//	store, err := pgstore.New(ctx, pool) // creates its table when missing
//	…
//	http.Handle("POST /zchat/notify/{tenant}",
//		webhook.NewTenantHandler(lookup, handle, webhook.WithReplayStore(store)))
//
// # Claims are leases
//
// Claim is one INSERT … ON CONFLICT DO UPDATE, atomic across processes: of
// deliveries of one event arriving at once on several replicas, one wins and
// the others are answered 503 (webhook.ErrInProgress), to be delivered again
// later. A claim holds the event for WithLease (DefaultLease): if its holder
// dies before Complete or Release, a delivery arriving after that is handled
// by another replica, so no event is lost with a crashed replica. Each Store
// value is one owner, named by a random token in the rows it claims: make
// one per process. Release deletes only the row its own Store claimed, so a
// holder that outlived its lease and was taken over cannot free the new
// holder's claim; Complete marks the event handled whoever holds it, since it
// has been. A handled event is remembered for WithTTL
// (webhook.DefaultReplayTTL, beyond the APP Server's whole retry schedule).
//
// Times are the database's clock, so replicas' clocks need not agree.
//
// # Its table
//
// New creates the table (DefaultTable, or WithTable's name) and an index on
// its expiry when missing, under a transaction advisory lock so that
// replicas starting together do not race on the catalog; that first start
// needs the CREATE privilege on the schema, later ones only SELECT, INSERT,
// UPDATE and DELETE on the table. To create it yourself (in a migration),
// run what New would:
//
//	CREATE TABLE zchat_webhook_replay (
//		key        bytea       PRIMARY KEY, -- sha256 of the id the handler claims
//		state      text        NOT NULL CHECK (state IN ('claimed', 'done')),
//		owner      bytea       NOT NULL,    -- the claiming Store's token
//		expires_at timestamptz NOT NULL
//	);
//	CREATE INDEX zchat_webhook_replay_expires_at_idx ON zchat_webhook_replay (expires_at);
//
// The key is the SHA-256 of the id (for NewTenantHandler, "<n>:<tenant>:<Id>",
// see webhook.ReplayStore), so any id fits the index; to look one up, WHERE
// key = sha256(convert_to('4:acme:evt_2kq8', 'UTF8')).
//
// # Pruning
//
// No job needs scheduling: after a successful Claim, a Store deletes up to
// 1000 expired rows (lapsed claims, handled events past their TTL) if a
// minute has passed since its last prune, or at once when that prune found a
// full batch. The delete skips rows another replica is deleting, and a failed
// prune costs the Claim nothing; the next one catches up.
//
// # Failures
//
// When the database cannot answer (down, unreachable, timing out), Claim
// returns its error and the handler answers 500, so the APP Server delivers
// again; nothing is acknowledged that was not handled. The pool reconnects by
// itself once the database is back. Bound each call with the pool's
// connection settings (connect_timeout) and the request's context.
//
// Each event costs two round trips to the database: Claim, then Complete or
// Release. docs/PERFORMANCE.md has the measured throughput.
package pgstore
