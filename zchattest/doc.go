// Package zchattest is a fake ZChat APP Server for tests, in the manner of
// net/http/httptest: an in-memory server on a local port that serves the
// whole API of ZCHAT-API.md (agents, departments, sessions, messages, leads,
// cases, notes) with the behaviour docs/openapi.yaml records, signs and
// delivers notifications to a ChatApiNotificationUrl, simulates chats, and
// injects faults.
//
// The main call:
//
//	srv := zchattest.NewServer(zchattest.WithDemoData())
//	defer srv.Close()
//	c := srv.Client() // a *zchat.Client for srv: its URL, key, fast retries
//	list, err := agents.New(c).List(ctx)
//
// A test of a notification receiver plays a chat and lets the server
// deliver its events, signed with srv.APIKey, to the handler under test:
//
//	receiver := httptest.NewServer(webhook.NewHandler(srv.APIKey, mux.Handle))
//	defer receiver.Close()
//	srv.SetNotificationURL(receiver.URL)
//	s, err := srv.StartSession(zchattest.Visitor{DisplayName: "Li Wei", Email: "li.wei@example.com"})
//	srv.Accept(s.SessionID, 1)
//	srv.VisitorSays(s.SessionID, "Is there a trial?")
//	srv.End(s.SessionID) // sends session.ended
//	err = srv.WaitIdle(ctx) // every event delivered, the handler's own too
//
// WaitDelivered(ctx, eventID) waits for one event, and Redeliver(eventID)
// sends the same event again, to test that the receiver dedupes on its id.
//
// WithDemoData seeds three agents, two departments, three chats with their
// messages (two ended, one still active), and a lead with a case, laid out
// from DemoAge (two hours) before the server's start, so the data is always
// recent; with WithClock set to a fixed time it is the same every run.
// "go run ./examples/quickstart" shows them.
//
// What it offers beyond serving the API:
//
//   - Options: WithAPIKey, WithDemoData (a small fixed organization),
//     WithTimeFormat (every DateTime form a .NET server writes, to exercise
//     decoders), WithClock, WithNotificationURL, WithDeliverySchedule,
//     WithLogger, WithBasePath.
//   - Chat simulation: StartSession, Accept, VisitorSays, AgentSays,
//     TransferSession, Rate, End, SetAgentStatus, each sending the
//     contract's notification; API calls that create or change things send
//     theirs too (lead.created, case.created, note.created, message.created,
//     session.transferred, session.ended). PlayChat plays a whole chat
//     (visitor, agent, lines, rating, end) in one call.
//   - Notifications: each event is POSTed, signed with the APIKey (Standard
//     Webhooks), to the notification URL, retried on the delivery schedule
//     until a 2xx (410 stops at once). Events and Deliveries show what was
//     sent; WaitDelivered (one event), WaitIdle (no delivery pending) and
//     WaitDeliveries (a count) wait for it; Redeliver sends an event again.
//   - Faults: InjectFaults makes the next matching requests slow, answered
//     with an error status (JSON, or a proxy's HTML page), cut off, or
//     dropped, before the server acts or after it (to prove that retries
//     with an Idempotency-Key create nothing twice).
//   - Introspection: Requests (method, path, status, idempotency key of
//     each request), Stats, Count. The request record is bounded, so a
//     long-running server (zchat mock-server) open to anyone holds little:
//     it keeps the last MaxRecordedRequests requests, each text field cut
//     to MaxRecordedField bytes; Stats counts them all.
//   - Idempotency as the contract says: a repeated Idempotency-Key gets the
//     first answer again, marked with the optional header
//     Idempotent-Replayed: true (cases.Replayed reads it).
//
// NewServer listens on one loopback port (httptest). NewUnstartedServer
// opens none until Start: mounted as an http.Handler on a listener of
// one's own, the Server uses that listener only. Notifications are sent
// from the Server as a client; it opens no other port.
//
// The server keeps everything in memory, guarded by one mutex; it is safe
// for concurrent use. Close stops it and every goroutine it started.
package zchattest
