package pgstore

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/zchat/zchat-go/internal/safetext"
)

// maxTableName bounds the table's own name, so that its index's name (the
// name and "_expires_at_idx") fits PostgreSQL's 63 bytes without being cut.
const maxTableName = 63 - len(indexSuffix)

const indexSuffix = "_expires_at_idx"

// ident is a checked table name: an optional schema and the table.
type ident struct {
	schema, name string
}

// parseTable checks a WithTable name: a lower-case identifier, optionally
// schema-qualified. Lower case only, so that the quoted name a Store uses
// is the one an operator types unquoted in psql.
func parseTable(s string) (ident, error) {
	parts := strings.Split(s, ".")
	if len(parts) > 2 {
		return ident{}, fmt.Errorf("pgstore: table name %q has more than one dot", safetext.Line(s, 80))
	}
	for _, p := range parts {
		if err := checkIdent(p); err != nil {
			return ident{}, fmt.Errorf("pgstore: table name %q: %w", safetext.Line(s, 80), err)
		}
	}
	if len(parts[len(parts)-1]) > maxTableName {
		return ident{}, fmt.Errorf("pgstore: table name %q is over %d bytes", safetext.Line(s, 80), maxTableName)
	}
	if len(parts) == 2 {
		return ident{schema: parts[0], name: parts[1]}, nil
	}
	return ident{name: parts[0]}, nil
}

// checkIdent accepts [a-z_][a-z0-9_]* of at most 63 bytes.
func checkIdent(p string) error {
	if p == "" {
		return errors.New("empty identifier")
	}
	if len(p) > 63 {
		return errors.New("identifier over 63 bytes")
	}
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c >= 'a' && c <= 'z', c == '_':
		case c >= '0' && c <= '9' && i > 0:
		default:
			return fmt.Errorf("byte %d is not a lower-case letter, digit or underscore", i)
		}
	}
	return nil
}

// table is the quoted, qualified table name for SQL.
func (id ident) table() string { return id.qualified(id.name) }

// index is the quoted name of the expiry index; an index lives in its
// table's schema, so it is never qualified.
func (id ident) index() string { return pgx.Identifier{id.name + indexSuffix}.Sanitize() }

func (id ident) qualified(name string) string {
	if id.schema == "" {
		return pgx.Identifier{name}.Sanitize()
	}
	return pgx.Identifier{id.schema, name}.Sanitize()
}

// String is the name as given, for errors.
func (id ident) String() string {
	if id.schema == "" {
		return id.name
	}
	return id.schema + "." + id.name
}

// lockKey is the advisory lock that serialises creating this table among
// replicas starting at once.
func (id ident) lockKey() int64 {
	h := fnv.New64a()
	h.Write([]byte("zchat-go/webhook/pgstore:" + id.String()))
	return int64(h.Sum64())
}

// createTable makes the table and its index when missing. CREATE … IF NOT
// EXISTS alone still races on the catalog when replicas start together (one
// of them fails with a unique violation), so creation holds a transaction
// advisory lock; a table that exists already is left alone without taking
// the lock or needing the CREATE privilege.
func createTable(ctx context.Context, pool *pgxpool.Pool, id ident) error {
	var exists bool
	if err := pool.QueryRow(ctx, "SELECT to_regclass($1) IS NOT NULL", id.table()).Scan(&exists); err != nil {
		return fmt.Errorf("pgstore: looking for table %s: %w", id, err)
	}
	if exists {
		return nil
	}
	// Two tries: another program creating the same table without our lock
	// may still win the race once.
	var err error
	for range 2 {
		if err = createLocked(ctx, pool, id); !isDuplicateObject(err) {
			break
		}
	}
	if err != nil {
		return fmt.Errorf("pgstore: creating table %s: %w", id, err)
	}
	return nil
}

func createLocked(ctx context.Context, pool *pgxpool.Pool, id ident) error {
	return pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", id.lockKey()); err != nil {
			return err
		}
		// key is the SHA-256 of the id the handler claims: fixed length, so
		// any id (tenant-scoped, any bytes, any length) fits the index.
		if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS `+id.table()+` (
	key        bytea       PRIMARY KEY,
	state      text        NOT NULL CHECK (state IN ('claimed', 'done')),
	owner      bytea       NOT NULL,
	expires_at timestamptz NOT NULL
)`); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `CREATE INDEX IF NOT EXISTS `+id.index()+` ON `+id.table()+` (expires_at)`)
		return err
	})
}

// isDuplicateObject reports a catalog race: unique_violation on the
// catalog, or the table or type created meanwhile.
func isDuplicateObject(err error) bool {
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) {
		return false
	}
	switch pgErr.Code {
	case "23505", "42P07", "42710":
		return true
	}
	return false
}
