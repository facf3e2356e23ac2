// Package webhook receives the event notifications the ZChat APP Server
// POSTs to ChatApiNotificationUrl: it verifies their Standard Webhooks
// signature (HMAC-SHA256 keyed with the ChatApiKey), parses them into typed
// events, and answers so that the APP Server's at-least-once delivery ends
// with each event handled once.
//
// # Receiving notifications
//
// Mount the handler NewHandler returns; a Mux dispatches by event type:
//
//	var mux webhook.Mux
//	mux.OnSessionEnded(func(ctx context.Context, s *sessions.Session) error {
//		return archive(ctx, s) // an error makes the APP Server deliver again
//	})
//	mux.OnMessageCreated(func(ctx context.Context, m *messages.Message) error { … })
//	http.Handle("/zchat/notify", webhook.NewHandler(chatAPIKey, mux.Handle))
//
// A receiver serving many APP Servers, each with its own ChatApiKey, mounts
// NewTenantHandler instead: its TenantLookup names the tenant of a request
// (from the path, say) and that tenant's secrets, and each event is verified
// with those secrets only, deduplicated per tenant, and carries Event.Tenant:
//
//	http.Handle("POST /zchat/notify/{tenant}", webhook.NewTenantHandler(
//		func(r *http.Request) (string, []string, error) {
//			t := r.PathValue("tenant")
//			key, ok := chatAPIKeys[t]
//			if !ok {
//				return "", nil, webhook.ErrUnknownTenant // 404
//			}
//			return t, []string{key}, nil
//		}, mux.Handle))
//
// Where the request is not an http.Request (an AWS Lambda function behind API
// Gateway, say), verify and parse in one call, passing the body exactly as
// received and the headers as they came (lower-case names are fine):
//
//	ev, err := webhook.ConstructEvent(chatAPIKey, http.Header(req.MultiValueHeaders), []byte(req.Body))
//	switch {
//	case errors.Is(err, webhook.ErrInvalidSecret):
//		return respond(500) // our configuration is wrong: have the APP Server retry
//	case err != nil:
//		return respond(401) // never verifies, or is no event
//	}
//	switch ev.Type { // and dedupe on ev.ID, with a ReplayStore as NewHandler does
//	case webhook.TypeLeadCreated:
//		lead, err := ev.Lead()
//		…
//	}
//
// The secret is the ChatApiKey: a plain key is used as its UTF-8 bytes, a key
// written "whsec_<base64>" as its decoded bytes. During a key change, accept
// both keys with WithSecrets. Sign makes the signature the APP Server sends,
// for tests.
//
// # At-least-once delivery
//
// The APP Server delivers each event at least once, in no guaranteed order,
// and retries anything but a 2xx within 10 s (after about 5 s, 5 min, 30 min,
// 2 h, 5 h, 10 h and 10 h; 410 Gone stops retries). So a receiver must:
//
//   - answer 2xx only once the event is safely handled (stored, acted on);
//   - dedupe on the event Id, since the same Id can arrive again;
//   - answer 4xx to a request that will never verify (bad signature, stale
//     timestamp, body too large, not an event);
//   - answer 5xx when handling failed, so that the event is delivered again.
//
// NewHandler does all four: it claims the Id in a ReplayStore before calling
// fn, remembers it only once fn returned nil, and releases it when fn failed
// or panicked, so the retry is handled. Its default store is in memory; give
// several processes (replicas) one shared ReplayStore with WithReplayStore:
// the modules webhook/redisstore and webhook/pgstore hold one each.
//
// # Limits
//
// Bodies over 16 MiB, the largest notification the contract allows (a
// case.created with 8 MiB of attachments is about 11 MiB of JSON), are refused
// (413), by their Content-Length before anything is read; WithMaxBodyBytes
// lowers the limit for a receiver that never gets attachments. A webhook-signature
// header may list at most MaxSignatures signatures. Timestamps must be within
// 5 minutes of the clock (WithTolerance).
//
// # Performance
//
// A Verifier (NewVerifier; NewHandler makes one) decodes its secrets once
// and keeps pooled HMAC states keyed with them, writes "{id}.{timestamp}."
// and the body into the HMAC without copying the body, and compares the
// base64 of the expected MAC, computed once, with each candidate in
// constant time. The package-level Verify makes a Verifier per call: use a
// Verifier on a hot path. BenchmarkVerify compares them with the Standard
// Webhooks reference library and a bare crypto/hmac computation, and
// TestPerfVerifyAgainstReferenceAndBareHMAC holds the Verifier to both;
// docs/PERFORMANCE.md has the figures and the command.
package webhook
