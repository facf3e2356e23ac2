package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"hash"
	"strings"
	"sync"
)

// SecretPrefix marks a secret written in the Standard Webhooks form
// "whsec_<base64>": its HMAC key is the base64-decoded remainder. Any other
// secret (a plain ChatApiKey) is used as its UTF-8 bytes.
const SecretPrefix = "whsec_"

// encLen is the length of a base64-encoded HMAC-SHA256 (with padding).
const encLen = (sha256.Size + 2) / 3 * 4

// maxScratch is the largest scratch buffer a pooled macState keeps.
const maxScratch = 1 << 10

// CheckSecret reports whether secret can sign and verify: it returns an error
// wrapping ErrInvalidSecret when secret is empty, or is a "whsec_" secret
// whose remainder is not base64 (padded or not) or decodes to nothing. Sign
// returns "" for such a secret; Verify returns this error.
func CheckSecret(secret string) error {
	_, err := decodeSecret(secret)
	return err
}

// decodeSecret turns a secret into its HMAC key. Its errors never contain the
// secret.
func decodeSecret(secret string) ([]byte, error) {
	if secret == "" {
		return nil, fmt.Errorf("%w: empty secret", ErrInvalidSecret)
	}
	rest, ok := strings.CutPrefix(secret, SecretPrefix)
	if !ok {
		return []byte(secret), nil
	}
	enc := base64.RawStdEncoding
	if strings.HasSuffix(rest, "=") {
		enc = base64.StdEncoding
	}
	key, err := enc.DecodeString(rest)
	if err != nil {
		// err names only an offset into the secret, never its bytes.
		return nil, fmt.Errorf("%w: the part after %q is not base64: %w", ErrInvalidSecret, SecretPrefix, err)
	}
	if len(key) == 0 {
		return nil, fmt.Errorf("%w: %q secret decodes to an empty key", ErrInvalidSecret, SecretPrefix)
	}
	return key, nil
}

// key is a decoded secret with a pool of HMAC states keyed with it, so that a
// verification neither decodes the secret nor sets up a new HMAC.
type key struct{ pool sync.Pool }

// macState is one reusable HMAC-SHA256 with its output buffers.
type macState struct {
	mac     hash.Hash
	scratch []byte // "{id}.{timestamp}." before the body
	sum     [sha256.Size]byte
	enc     [encLen]byte // base64 of sum: what a v1 signature must equal
}

// newKey decodes secret and prepares its pool.
func newKey(secret string) (k *key, err error) {
	raw, err := decodeSecret(secret)
	if err != nil {
		return nil, err
	}
	// crypto/hmac panics on short keys in FIPS 140-only mode; a secret is
	// input, so turn that into an error instead.
	defer func() {
		if p := recover(); p != nil {
			k, err = nil, fmt.Errorf("%w: crypto/hmac refused the key (%d bytes)", ErrInvalidSecret, len(raw))
		}
	}()
	// Build the first state here, so that a refused key shows up now and
	// not as a panic inside a later pool.Get.
	first := &macState{mac: hmac.New(sha256.New, raw)}
	k = &key{}
	k.pool.New = func() any { return &macState{mac: hmac.New(sha256.New, raw)} }
	k.pool.Put(first)
	return k, nil
}

// keyFor decodes secret into a key. There is deliberately no process-wide
// cache: it would be global state holding secrets. Programs that verify many
// requests keep a Verifier (NewHandler does), which decodes once.
func keyFor(secret string) (*key, error) { return newKey(secret) }

// keysFor returns the keys of secret and of every extra secret.
func keysFor(secret string, extra []string) ([]*key, error) {
	keys := make([]*key, 1+len(extra))
	for i := range keys {
		s := secret
		if i > 0 {
			s = extra[i-1]
		}
		k, err := keyFor(s)
		if err != nil {
			return nil, err
		}
		keys[i] = k
	}
	return keys, nil
}

// mac computes the signature of "{id}.{ts}.{body}" and returns a state whose
// enc holds it base64-encoded. Give the state back with put.
func (k *key) mac(id, ts string, body []byte) *macState {
	st := k.pool.Get().(*macState)
	st.mac.Reset()
	// One Write for the short prefix, one for the body: the body is never
	// copied.
	b := append(st.scratch[:0], id...)
	b = append(b, '.')
	b = append(b, ts...)
	b = append(b, '.')
	st.mac.Write(b)
	st.mac.Write(body)
	st.mac.Sum(st.sum[:0])
	base64.StdEncoding.Encode(st.enc[:], st.sum[:])
	if cap(b) <= maxScratch {
		st.scratch = b
	} else {
		st.scratch = nil
	}
	return st
}

// put returns st to k's pool.
func (k *key) put(st *macState) { k.pool.Put(st) }
