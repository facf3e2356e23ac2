// Package multitenant holds no code: its tests show how a program serving
// many APP Servers (tenants) uses the client side of the SDK. Many
// zchat.Clients, one per tenant, each with its own base URL and ChatApiKey,
// share one connection pool when they are given one *http.Client (with its
// Transport set) through zchat.WithHTTPClient; each extra Client then costs
// a few KiB (BenchmarkNewClient, TestPerfClientMemory; figures in
// docs/PERFORMANCE.md).
package multitenant
