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
// gives it to its handler. (It needs a Redis, so it is compiled, not run;
// TestSuite runs the same against a real one.)
func Example() {
	rdb := redis.NewClient(&redis.Options{Addr: os.Getenv("REDIS_ADDR")})
	defer rdb.Close()
	store := redisstore.New(rdb, redisstore.WithPrefix("crm:zchat:"))
	if err := store.Ping(context.Background()); err != nil {
		log.Fatal(err) // a bad option, or Redis does not answer
	}
	var mux webhook.Mux
	http.Handle("POST /zchat/notify", webhook.NewHandler(os.Getenv("ZCHAT_API_KEY"), mux.Handle,
		webhook.WithReplayStore(store)))
	log.Fatal(http.ListenAndServe(":8080", nil))
}
