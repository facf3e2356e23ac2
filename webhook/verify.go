package webhook

import (
	"crypto/hmac"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/zchat/zchat-go/zchat"
)

// DefaultTolerance is how far a webhook-timestamp may be from the receiver's
// clock, either way, unless WithTolerance says otherwise.
const DefaultTolerance = 5 * time.Minute

// DefaultMaxBodyBytes is the largest body Verify and the handler of
// NewHandler accept unless WithMaxBodyBytes says otherwise: the largest
// notification the contract allows (16 MiB, the APP Server's own body limit),
// since a case.created or note.created event carrying 8 MiB of attachments is
// about 11 MiB of JSON. A lower limit would refuse such an event on every
// retry and lose it. A request whose Content-Length is over the limit is
// refused before its body is read.
const DefaultMaxBodyBytes = zchat.MaxRequestBytes

// MaxSignatures is the most signatures a webhook-signature header may list
// (counting every version). A header with more is refused with
// ErrInvalidHeaders before any is compared.
const MaxSignatures = 16

// maxTimestampDigits keeps a webhook-timestamp within int64.
const maxTimestampDigits = 18

// VerifyOption changes how Verify and ConstructEvent check a request. Every
// VerifyOption is also a HandlerOption, so it can be passed to NewHandler.
type VerifyOption func(*verifyConfig)

// verifyConfig is what the options set; its zero value means the defaults.
type verifyConfig struct {
	tolerance time.Duration
	now       func() time.Time
	secrets   []string
	maxBody   int64
}

// WithTolerance sets how far a webhook-timestamp may be from the clock,
// either way; d ≤ 0 keeps DefaultTolerance. The check cannot be turned off:
// to verify stored requests, use WithClock.
func WithTolerance(d time.Duration) VerifyOption {
	return func(c *verifyConfig) { c.tolerance = d }
}

// WithClock sets the clock timestamps are checked against (time.Now unless
// set), for tests and for replaying recorded requests.
func WithClock(now func() time.Time) VerifyOption {
	return func(c *verifyConfig) { c.now = now }
}

// WithSecrets accepts signatures made with any of secrets as well as with the
// secret passed to Verify, for key rotation: during the change, pass the new
// ChatApiKey as the secret and the old one here (or the other way round).
// Every secret must be usable (see CheckSecret); an empty one is an error,
// not ignored. Several WithSecrets add up.
func WithSecrets(secrets ...string) VerifyOption {
	return func(c *verifyConfig) { c.secrets = append(c.secrets, secrets...) }
}

// WithMaxBodyBytes sets the largest body accepted (DefaultMaxBodyBytes unless
// set; n ≤ 0 keeps the default). A longer body is refused with
// ErrPayloadTooLarge before any HMAC is computed; the handler of NewHandler
// stops reading it and answers 413.
func WithMaxBodyBytes(n int64) VerifyOption {
	return func(c *verifyConfig) { c.maxBody = n }
}

// newVerifyConfig applies opts.
func newVerifyConfig(opts []VerifyOption) verifyConfig {
	c := &verifyConfig{}
	for _, o := range opts {
		if o != nil {
			o(c)
		}
	}
	return *c
}

func (c *verifyConfig) maxBodyBytes() int64 {
	if c.maxBody <= 0 {
		return DefaultMaxBodyBytes
	}
	return c.maxBody
}

// Verify checks that body and the signature headers in h are a notification
// signed with secret, the ChatApiKey (a plain key, used as its UTF-8 bytes, or
// "whsec_<base64>", used as the decoded bytes; padded or unpadded base64).
//
// Pass the body exactly as received, before any parsing. Header names are
// matched case-insensitively whether or not h was canonicalized, so a
// map[string][]string with lower-case keys (as AWS Lambda and API Gateway
// hand over) works as well as a request's http.Header.
//
// The request is accepted when any "v1,<base64>" signature in
// webhook-signature matches (compared in constant time; other versions are
// ignored) and webhook-timestamp is within the tolerance of the clock, either
// way. Checks run in this order, and the error wraps the sentinel of the
// first that fails: secret (ErrInvalidSecret), body size
// (ErrPayloadTooLarge), headers (ErrMissingHeaders, ErrInvalidHeaders),
// signature (ErrInvalidSignature), timestamp (ErrTimestampTooOld,
// ErrTimestampTooNew). The timestamp is judged only once the signature
// matched, so a timestamp error always means an authentic but stale (or
// replayed) request, or a skewed clock.
//
// Verify decodes the secret on every call; to verify many requests, make a
// Verifier once (NewVerifier), which decodes keys once and pools HMAC state.
func Verify(secret string, h http.Header, body []byte, opts ...VerifyOption) error {
	v, err := NewVerifier(secret, opts...)
	if err != nil {
		return err
	}
	return v.Verify(h, body)
}

// Verifier verifies notifications for a fixed secret (and any WithSecrets).
// It decodes the keys once and reuses HMAC state, so its Verify allocates
// nothing when a request is accepted. It is safe for concurrent use.
type Verifier struct {
	keys []*key
	cfg  verifyConfig
}

// NewVerifier checks secret (and any WithSecrets) and returns a Verifier
// applying opts to every request.
func NewVerifier(secret string, opts ...VerifyOption) (*Verifier, error) {
	v := &Verifier{cfg: newVerifyConfig(opts)}
	keys, err := keysFor(secret, v.cfg.secrets)
	if err != nil {
		return nil, err
	}
	v.keys = keys
	return v, nil
}

// Verify checks one request as the package-level Verify does.
func (v *Verifier) Verify(h http.Header, body []byte) error {
	return verify(v.keys, &v.cfg, h, body)
}

// signatureHeaders are the three headers, read in one pass over h.
type signatureHeaders struct {
	id, ts     string
	conflict   string // the name of a single-valued header that had two values
	tokens     int    // signatures listed, of any version
	candidates [MaxSignatures]string
	n          int // v1 signatures in candidates
}

// read collects the signature headers from h, matching names
// case-insensitively. It looks at every key, so the result does not depend on
// how h was built or on map order.
func (p *signatureHeaders) read(h http.Header) {
	for name, values := range h {
		switch {
		case len(name) == len(HeaderID) && strings.EqualFold(name, HeaderID):
			p.single(&p.id, HeaderID, values)
		case len(name) == len(HeaderTimestamp) && strings.EqualFold(name, HeaderTimestamp):
			p.single(&p.ts, HeaderTimestamp, values)
		case len(name) == len(HeaderSignature) && strings.EqualFold(name, HeaderSignature):
			for _, v := range values {
				p.signatures(v)
			}
		}
	}
}

// single records the value of a header that must have one value. Empty values
// are ignored; two different ones are a conflict.
func (p *signatureHeaders) single(dst *string, name string, values []string) {
	for _, v := range values {
		v = strings.Trim(v, " \t")
		switch {
		case v == "" || v == *dst:
		case *dst == "":
			*dst = v
		default:
			p.conflict = name
		}
	}
}

// signatures records the space-separated signatures of one header value,
// keeping the v1 ones. It stops counting past MaxSignatures.
func (p *signatureHeaders) signatures(v string) {
	for v != "" && p.tokens <= MaxSignatures {
		var tok string
		tok, v, _ = strings.Cut(v, " ")
		if tok == "" {
			continue
		}
		p.tokens++
		if p.tokens > MaxSignatures {
			return
		}
		if version, sig, ok := strings.Cut(tok, ","); ok && version == "v1" {
			p.candidates[p.n] = sig
			p.n++
		}
	}
}

// parseTimestamp parses Unix seconds written as plain decimal digits.
func parseTimestamp(s string) (int64, bool) {
	if s == "" || len(s) > maxTimestampDigits {
		return 0, false
	}
	var n int64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, true
}

// verify is Verify once the keys are known; NewHandler's handler calls it
// with keys it resolved once.
func verify(keys []*key, cfg *verifyConfig, h http.Header, body []byte) error {
	if limit := cfg.maxBodyBytes(); int64(len(body)) > limit {
		return fmt.Errorf("%w: body is %d bytes, the limit is %d", ErrPayloadTooLarge, len(body), limit)
	}

	var p signatureHeaders
	p.read(h)
	switch {
	case p.id == "":
		return fmt.Errorf("%w: no %s", ErrMissingHeaders, HeaderID)
	case p.ts == "":
		return fmt.Errorf("%w: no %s", ErrMissingHeaders, HeaderTimestamp)
	case p.tokens == 0:
		return fmt.Errorf("%w: no %s", ErrMissingHeaders, HeaderSignature)
	case p.conflict != "":
		return fmt.Errorf("%w: %s has two different values", ErrInvalidHeaders, p.conflict)
	case p.tokens > MaxSignatures:
		return fmt.Errorf("%w: %s lists more than %d signatures", ErrInvalidHeaders, HeaderSignature, MaxSignatures)
	}
	ts, ok := parseTimestamp(p.ts)
	if !ok {
		return fmt.Errorf("%w: %s is not Unix seconds", ErrInvalidHeaders, HeaderTimestamp)
	}

	if !matches(keys, &p, body) {
		return fmt.Errorf("%w (%d v1 of %d signatures checked)", ErrInvalidSignature, p.n, p.tokens)
	}

	tolerance := cfg.tolerance
	if tolerance <= 0 {
		tolerance = DefaultTolerance
	}
	now := time.Now
	if cfg.now != nil {
		now = cfg.now
	}
	switch age := now().Sub(time.Unix(ts, 0)); {
	case age > tolerance:
		return fmt.Errorf("%w: %s behind the clock, tolerance %s", ErrTimestampTooOld, age.Round(time.Second), tolerance)
	case age < -tolerance:
		return fmt.Errorf("%w: %s ahead of the clock, tolerance %s", ErrTimestampTooNew, (-age).Round(time.Second), tolerance)
	}
	return nil
}

// matches reports whether any v1 candidate equals the signature under any
// key. The expected MAC is computed and base64-encoded once per key and
// compared with each candidate in constant time; nothing is decoded.
func matches(keys []*key, p *signatureHeaders, body []byte) bool {
	if p.n == 0 {
		return false
	}
	for _, k := range keys {
		st := k.mac(p.id, p.ts, body)
		ok := false
		for _, c := range p.candidates[:p.n] {
			if len(c) != encLen { // lengths are public: the encoding fixes it
				continue
			}
			var cand [encLen]byte
			copy(cand[:], c)
			if hmac.Equal(cand[:], st.enc[:]) {
				ok = true
				break
			}
		}
		k.put(st)
		if ok {
			return true
		}
	}
	return false
}
