package redisstore_test

import (
	"context"
	"log"
	"net/http"
	"os"

	"github.com/redis/go-redis/v9"

	"github.com/zchat/zchat-go/webhook"
	"github.com/zchat/zchat-go/webhook/redisstore"
)

// Every replica of a receiver makes its own Store on the shared Redis and
// gives it to its handler. It needs a Redis, so it is compiled, not run
// (TestSuite runs the same against a real one); its middle is the README's
// "Running several replicas" snippet, which examples/readme_test.go checks.
func Example() {
	ctx := context.Background()
	chatAPIKeys := map[string]string{"acme": os.Getenv("ACME_CHAT_API_KEY")}
	lookup := func(r *http.Request) (string, []string, error) {
		key, ok := chatAPIKeys[r.PathValue("tenant")]
		if !ok {
			return "", nil, webhook.ErrUnknownTenant
		}
		return r.PathValue("tenant"), []string{key}, nil
	}
	var events webhook.Mux
	routes := http.NewServeMux()
	plug := func() error {
		// README:
		rdb := redis.NewClient(&redis.Options{Addr: os.Getenv("REDIS_ADDR")})
		store := redisstore.New(rdb, redisstore.WithPrefix("crm:zchat:"))
		if err := store.Ping(ctx); err != nil { // a bad option, or Redis does not answer
			return err
		}
		routes.Handle("POST /zchat/notify/{tenant}", webhook.NewTenantHandler(lookup, events.Handle,
			webhook.WithReplayStore(store)))
		// end README
		return nil
	}
	if err := plug(); err != nil {
		log.Fatal(err)
	}
	srv := &http.Server{Addr: ":8080", Handler: routes}
	log.Fatal(srv.ListenAndServe())
}
