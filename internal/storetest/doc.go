// Package storetest is the proof every webhook.ReplayStore must pass, shared
// by the webhook package (MemoryStore) and the store modules (redisstore,
// pgstore), which import it from below the root module's path:
//
//	func TestSuite(t *testing.T) {
//		storetest.Run(t, storetest.Suite{
//			Addr:   addr, // the server's host:port; "" for a store in memory
//			Shared: true, // values made for one namespace share their data
//			New: func(t *testing.T, tg storetest.Target) webhook.ReplayStore {
//				return newStoreAt(t, tg.Addr, tg.NS, tg.Lease, tg.TTL)
//			},
//		})
//	}
//
// Run checks the ReplayStore contract on the store itself (claim, complete,
// release, ownership, leases, TTL, odd ids, concurrent claims), then the
// end-to-end proof of issue 15 over loopback: three replicas of one
// NewTenantHandler, each with its own store value, receive the events of two
// tenants that use the same ids, every event delivered four times at once to
// random replicas and every non-2xx answer delivered again: each (tenant, id)
// is handled exactly once and none is lost. A replica that dies holding a
// claim loses nothing once the lease has passed, and, for a store on a
// server, an outage (the connections cut by a Proxy) gives 5xx answers and
// nothing remembered unhandled, and the store recovers when the server is
// back.
package storetest
