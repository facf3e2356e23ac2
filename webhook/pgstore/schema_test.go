package pgstore

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTableNameRefused(t *testing.T) {
	t.Parallel()
	tests := []string{
		"",
		"x; DROP TABLE y",
		"x;DROP TABLE y--",
		`x" ; DROP TABLE y; --`,
		"y (key int); DROP TABLE y",
		"x'y",
		"a.b.c",
		".x",
		"x.",
		"Replay",        // upper case: psql would fold it and not find it
		"1replay",       // starts with a digit
		"replay-events", // not an identifier
		"replay events", // a space
		"répliques",     // not ASCII
		"replay\x00",    // NUL
		"public.x\ny",   // a newline
		strings.Repeat("a", maxTableName+1),
		"public." + strings.Repeat("a", maxTableName+1),
		strings.Repeat("s", 64) + ".x",
	}
	for _, name := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s, err := New(context.Background(), silentPool(t), WithTable(name))
			require.Error(t, err)
			assert.Nil(t, s)
			assert.Contains(t, err.Error(), "pgstore: table name")
			assert.NotContains(t, err.Error(), "\n", "the name is printed stripped")
		})
	}
}

func TestTableNameAccepted(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, schema, table string }{
		{"zchat_webhook_replay", "", `"zchat_webhook_replay"`},
		{"_r2", "", `"_r2"`},
		{"hooks.replay", "hooks", `"hooks"."replay"`},
		{strings.Repeat("a", maxTableName), "", `"` + strings.Repeat("a", maxTableName) + `"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			id, err := parseTable(tt.name)
			require.NoError(t, err)
			assert.Equal(t, tt.schema, id.schema)
			assert.Equal(t, tt.table, id.table())
			assert.Equal(t, tt.name, id.String())
			assert.LessOrEqual(t, len(id.name+indexSuffix), 63, "the index name is not cut")
		})
	}
}

// A name that tries to inject SQL is refused before anything runs: the
// table it names survives.
func TestTableNameInjectionRunsNothing(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := testPool(t)
	victim := freshTable(t, pool)
	_, err := pool.Exec(ctx, "CREATE TABLE "+victim+" (v int)")
	require.NoError(t, err)
	for _, name := range []string{
		"x; DROP TABLE " + victim,
		`x" (k int); DROP TABLE ` + victim + "; --",
		"x (key bytea); DROP TABLE " + victim,
	} {
		_, err := New(ctx, pool, WithTable(name))
		require.Error(t, err, name)
	}
	var exists bool
	require.NoError(t, pool.QueryRow(ctx, "SELECT to_regclass($1) IS NOT NULL", victim).Scan(&exists))
	assert.True(t, exists, "the victim table is still there")
}

// A schema-qualified table is made in that schema, with its index.
func TestSchemaQualifiedTable(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := testPool(t)
	schema := freshTable(t, pool) // a fresh name, used for a schema
	_, err := pool.Exec(ctx, "CREATE SCHEMA "+schema)
	require.NoError(t, err)
	t.Cleanup(func() { _, _ = pool.Exec(context.Background(), "DROP SCHEMA "+schema+" CASCADE") })

	s, err := New(ctx, pool, WithTable(schema+".replay"))
	require.NoError(t, err)
	require.NoError(t, s.Claim(ctx, "evt"))
	tables, indexes := catalogCount(t, pool, schema, "replay")
	assert.Equal(t, 1, tables)
	assert.Equal(t, 1, indexes)
}

// Replicas starting at once, each with its own pool, make the table and its
// index once and all start. Without the advisory lock, CREATE TABLE IF NOT
// EXISTS races on the catalog (a unique violation) in most rounds.
func TestConcurrentNew(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := testPool(t)
	const rounds, pools, perPool = 5, 4, 6
	var replicas []*pgxpool.Pool
	for range pools {
		replicas = append(replicas, poolOn(t, testDSN(t), func(c *pgxpool.Config) { c.MaxConns = perPool }))
	}
	for range rounds {
		table := freshTable(t, pool)
		var wg sync.WaitGroup
		errs := make(chan error, pools*perPool)
		start := make(chan struct{})
		for _, p := range replicas {
			for range perPool {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					_, err := New(ctx, p, WithTable(table))
					errs <- err
				}()
			}
		}
		close(start)
		wg.Wait()
		close(errs)
		for err := range errs {
			require.NoError(t, err)
		}
		tables, indexes := catalogCount(t, pool, "public", table)
		assert.Equal(t, 1, tables)
		assert.Equal(t, 1, indexes)
	}
}

// catalogCount counts the tables named table in schema and the indexes on
// its expires_at.
func catalogCount(t *testing.T, pool *pgxpool.Pool, schema, table string) (tables, indexes int) {
	t.Helper()
	ctx := context.Background()
	require.NoError(t, pool.QueryRow(ctx,
		`SELECT count(*) FROM pg_tables WHERE schemaname = $1 AND tablename = $2`, schema, table).Scan(&tables))
	require.NoError(t, pool.QueryRow(ctx,
		`SELECT count(*) FROM pg_indexes WHERE schemaname = $1 AND tablename = $2 AND indexdef LIKE '%(expires_at)%'`,
		schema, table).Scan(&indexes))
	return tables, indexes
}
