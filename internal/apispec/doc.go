// Package apispec holds the facts of the ZChat wire contract that both sides
// of it check: the SDK before it sends, and the fake server (zchattest) when
// it answers. Each limit, and the way text is counted against it, is
// defined here once, so what a client accepts the server accepts, and the
// other way round.
//
// The main call counts text as the .NET server does:
//
//	if reason := apispec.TextOver(in.Subject, apispec.MaxSubject); reason != "" {
//		return check.Invalid("CaseInput.Subject", "%s", reason)
//	}
//
// The figures follow ../shared/ZCHAT-API.md ("How text limits count", the
// transport table and the resources); docs/openapi.yaml records them too.
package apispec
