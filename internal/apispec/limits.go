package apispec

// Text limits, in UTF-16 code units as Len16 counts them.
const (
	// MaxSubject is the longest Case Subject ("≤ 200 chars").
	MaxSubject = 200
	// MaxDescription is the longest Case Description ("64 KiB" of text).
	MaxDescription = 64 << 10
	// MaxNoteText is the longest Note Text ("64 KiB" of text).
	MaxNoteText = 64 << 10
	// MaxStackTrace is the longest DebugInfo StackTrace ("256 KiB" of text).
	MaxStackTrace = 256 << 10
)

// Counted limits of DebugInfo.
const (
	// MaxProperties is the most entries DebugInfo Properties may hold.
	MaxProperties = 100
	// MaxLogs is the most entries DebugInfo Logs may hold.
	MaxLogs = 1000
	// MaxAttachments is the most entries DebugInfo Attachments may hold.
	MaxAttachments = 10
	// MaxAttachmentBytes is the most attachment content one DebugInfo may
	// carry, all attachments together, in bytes of the decoded content.
	MaxAttachmentBytes = 8 << 20
)

// Transport limits.
const (
	// MaxRequestBytes is the largest request body the server reads; a larger
	// one is answered 413 payload_too_large.
	MaxRequestBytes = 16 << 20
	// MinIdempotencyKeyLen and MaxIdempotencyKeyLen bound an
	// Idempotency-Key, in visible ASCII characters (0x21–0x7E).
	MinIdempotencyKeyLen = 1
	MaxIdempotencyKeyLen = 255
	// MinPageSize and MaxPageSize bound the pageSize query parameter;
	// DefaultPageSize is the page size when it is not given.
	MinPageSize     = 1
	MaxPageSize     = 1000
	DefaultPageSize = 100
)

// Headers of the contract.
const (
	// HeaderIdempotencyKey carries the key that makes a POST safe to repeat.
	HeaderIdempotencyKey = "Idempotency-Key"
	// HeaderIdempotentReplayed is the optional answer header a server may
	// send, with the value "true", when it answers a repeated
	// Idempotency-Key with the stored answer of the first request instead
	// of acting again (as Stripe does). zchattest always sends it on a
	// replay; a server that does not is within the contract.
	HeaderIdempotentReplayed = "Idempotent-Replayed"
)
