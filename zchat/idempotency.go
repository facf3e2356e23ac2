package zchat

import (
	"context"
	"crypto/rand"
	"encoding/hex"

	"github.com/zchat/zchat-go/internal/apispec"
)

type idempotencyKeyCtx struct{}

// WithIdempotencyKey returns a context whose POST requests carry key as their
// Idempotency-Key instead of a fresh random one. Use it to make a call safe
// to repeat across process restarts: the server answers a repeated key with
// its first answer, without acting twice. The key must be 1–255 visible ASCII
// characters; a bad key fails the call with ErrInvalidArgument.
func WithIdempotencyKey(ctx context.Context, key string) context.Context {
	return context.WithValue(ctx, idempotencyKeyCtx{}, key)
}

// IdempotencyKey returns the key set with WithIdempotencyKey, if any.
func IdempotencyKey(ctx context.Context) (string, bool) {
	key, ok := ctx.Value(idempotencyKeyCtx{}).(string)
	return key, ok
}

// MaxIdempotencyKeyLen is the longest Idempotency-Key the server accepts.
const MaxIdempotencyKeyLen = apispec.MaxIdempotencyKeyLen

// CheckIdempotencyKey refuses a key the server would refuse.
func CheckIdempotencyKey(key string) error {
	if len(key) < apispec.MinIdempotencyKeyLen || len(key) > MaxIdempotencyKeyLen {
		return invalidArgument("Idempotency-Key", "must be 1–%d characters, got %d", MaxIdempotencyKeyLen, len(key))
	}
	for i := range len(key) {
		if key[i] < 0x21 || key[i] > 0x7e {
			return invalidArgument("Idempotency-Key", "must be visible ASCII; byte %d is 0x%02x", i, key[i])
		}
	}
	return nil
}

// idempotencyKeyFor returns the caller's key from ctx, or a fresh random one.
func idempotencyKeyFor(ctx context.Context) (string, error) {
	if key, ok := IdempotencyKey(ctx); ok {
		return key, CheckIdempotencyKey(key)
	}
	return NewIdempotencyKey(), nil
}

// NewIdempotencyKey returns a random key (128 bits, hex).
func NewIdempotencyKey() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return hex.EncodeToString(b[:])
}
