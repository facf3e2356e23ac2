// Package redisstore is a webhook.ReplayStore on Redis, shared by every
// replica of a notification receiver, so that each event is handled once
// whichever replica the load balancer sends each delivery to:
//
//	rdb := redis.NewClient(&redis.Options{Addr: "redis:6379"})
//	store := redisstore.New(rdb)
//	if err := store.Ping(ctx); err != nil { // a bad option, or no server
//		log.Fatal(err)
//	}
//	http.Handle("POST /zchat/notify", webhook.NewHandler(chatAPIKey, mux.Handle,
//		webhook.WithReplayStore(store)))
//
// Claim is one atomic Lua script on one key, so two replicas never both hold
// an event; a claim is a lease (WithLease): if its replica dies before
// Complete or Release, the next delivery after the lease is handled by
// another. A handled event is remembered for WithTTL (webhook.DefaultReplayTTL
// unless set, beyond the APP Server's whole retry schedule). Each event costs
// two round trips to Redis (claim, then complete or release). Keys are the
// prefix and a SHA-256 of the event's key, so an event Id of any length or
// bytes makes a short key; each key expires on its own, so nothing needs
// pruning. Cluster and failover clients work too (redis.UniversalClient).
//
// When Redis cannot answer, the store's methods return an error and the
// handler answers 500: the APP Server delivers again, and nothing is
// acknowledged without being handled.
//
// Each Store value is one owner of claims: make one per process (replicas
// may share one Redis client within a process only through one Store).
//
// The tests run against a real Redis: `bash .ci/redis.sh go test ./...` (from
// the repository's root folder, in webhook/redisstore: `bash ../../.ci/redis.sh
// go test ./...`) starts a throwaway one and sets ZCHAT_TEST_REDIS_ADDR.
package redisstore
