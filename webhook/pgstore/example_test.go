package pgstore_test

import (
	"context"
	"errors"
	"log"
	"net/http"
	"os"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/zchat/zchat-go/webhook"
	"github.com/zchat/zchat-go/webhook/pgstore"
)

// A receiver for many APP Servers, run as several replicas on one
// PostgreSQL: each replica runs this with its own Store. It needs a server,
// so go test compiles it without running it; TestSuite runs the same
// calls against a real one.
func Example() {
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, os.Getenv("DATABASE_URL"))
	if err != nil {
		log.Fatal(err)
	}
	defer pool.Close()

	// Creates the table on the first start; a lease a little above the
	// longest handling.
	store, err := pgstore.New(ctx, pool, pgstore.WithLease(30*time.Second))
	if err != nil {
		log.Fatal(err)
	}

	secrets := map[string][]string{ // each tenant's ChatApiKey, from your configuration
		"acme":   {os.Getenv("ACME_CHAT_API_KEY")},
		"globex": {os.Getenv("GLOBEX_CHAT_API_KEY")},
	}
	lookup := func(r *http.Request) (string, []string, error) {
		tenant := r.PathValue("tenant")
		keys, ok := secrets[tenant]
		if !ok {
			return "", nil, webhook.ErrUnknownTenant
		}
		return tenant, keys, nil
	}
	handle := func(ctx context.Context, ev *webhook.Event) error {
		log.Printf("tenant %s: event %s (%s)", ev.Tenant, ev.ID, ev.Type)
		return nil
	}

	mux := http.NewServeMux()
	mux.Handle("POST /zchat/notify/{tenant}",
		webhook.NewTenantHandler(lookup, handle, webhook.WithReplayStore(store)))
	srv := &http.Server{Addr: ":8080", Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
		log.Fatal(err)
	}
}
