package pgstore

import (
	"context"
	"strconv"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// Pruning: rows of expired claims and of handled ids past their TTL are
// deleted by the Stores themselves, so no job needs scheduling. After a
// successful Claim, a Store deletes up to pruneBatch expired rows when
// pruneEvery has passed since its last prune, or at once when that prune
// found a full batch (the table is behind). Each Store prunes on its own,
// one prune at a time; deleting rows another replica is deleting costs
// nothing (SKIP LOCKED). A failed prune is forgotten: the next one catches up.
const (
	pruneEvery = time.Minute
	pruneBatch = 1000
)

// pruner runs the bounded deletes for one Store.
type pruner struct {
	pool *pgxpool.Pool
	sql  string

	mu      sync.Mutex
	running bool
	next    time.Time // no prune before this
	now     func() time.Time
}

func (p *pruner) init(pool *pgxpool.Pool, id ident) {
	p.pool, p.now = pool, time.Now
	p.sql = `DELETE FROM ` + id.table() + ` WHERE ctid = ANY(ARRAY(
	SELECT ctid FROM ` + id.table() + ` WHERE expires_at < clock_timestamp()
	LIMIT ` + strconv.Itoa(pruneBatch) + ` FOR UPDATE SKIP LOCKED))`
}

// maybe prunes once if it is time. It runs in the caller's goroutine (a
// Store starts none) and bounds itself to a second, after the caller's own
// work succeeded.
func (p *pruner) maybe(ctx context.Context) {
	p.mu.Lock()
	now := p.now()
	if p.running || now.Before(p.next) {
		p.mu.Unlock()
		return
	}
	p.running = true
	p.mu.Unlock()

	n, err := p.run(ctx)

	p.mu.Lock()
	p.running = false
	p.next = p.now().Add(pruneEvery)
	if err == nil && n >= pruneBatch {
		p.next = time.Time{} // behind: prune again at the next claim
	}
	p.mu.Unlock()
}

// run deletes at most pruneBatch expired rows and returns how many.
func (p *pruner) run(ctx context.Context) (int64, error) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Second)
	defer cancel()
	tag, err := p.pool.Exec(ctx, p.sql)
	if err != nil {
		return 0, err
	}
	return tag.RowsAffected(), nil
}
