package redisstore

import (
	"errors"
	"fmt"
	"time"

	"github.com/zchat/zchat-go/webhook"
)

// Defaults of a Store made without options.
const (
	// DefaultPrefix starts every key a Store writes unless WithPrefix says
	// otherwise.
	DefaultPrefix = "zchat:webhook:replay:"
	// DefaultLease is how long a claim holds an event unless WithLease says
	// otherwise: well over the APP Server's 10 s delivery timeout, so a live
	// holder keeps its claim, and well under its 5 min second retry, so the
	// retry after a crashed holder is handled.
	DefaultLease = time.Minute
	// maxPrefix bounds the prefix, which every key repeats.
	maxPrefix = 128
)

// ErrInvalidOption is wrapped by every call of a Store made with a bad
// option (see New).
var ErrInvalidOption = errors.New("redisstore: invalid option")

// Option configures New.
type Option func(*config)

type config struct {
	prefix     string
	lease, ttl time.Duration
}

func defaultConfig() config {
	return config{prefix: DefaultPrefix, lease: DefaultLease, ttl: webhook.DefaultReplayTTL}
}

// WithPrefix sets what every key starts with (DefaultPrefix unless set), to
// keep receivers apart on one Redis: 1 to 128 bytes of letters, digits and
// ":_-.{}" (braces make a Cluster hash tag). Any other prefix is refused.
func WithPrefix(p string) Option { return func(c *config) { c.prefix = p } }

// WithLease sets how long a claim holds an event (DefaultLease unless set):
// if its holder dies before Complete or Release, another delivery can claim
// the event once the lease has passed, so a crashed replica loses no event.
// Keep it longer than the longest handling, and at least a millisecond.
func WithLease(d time.Duration) Option { return func(c *config) { c.lease = d } }

// WithTTL sets how long a handled event is remembered
// (webhook.DefaultReplayTTL unless set, which covers the APP Server's whole
// retry schedule); at least a millisecond.
func WithTTL(d time.Duration) Option { return func(c *config) { c.ttl = d } }

// check refuses options a Store cannot work with.
func (c *config) check() error {
	if err := checkPrefix(c.prefix); err != nil {
		return err
	}
	if c.lease < time.Millisecond {
		return fmt.Errorf("%w: lease %v is under a millisecond", ErrInvalidOption, c.lease)
	}
	if c.ttl < time.Millisecond {
		return fmt.Errorf("%w: TTL %v is under a millisecond", ErrInvalidOption, c.ttl)
	}
	return nil
}

func checkPrefix(p string) error {
	if p == "" || len(p) > maxPrefix {
		return fmt.Errorf("%w: the prefix must be 1 to %d bytes, not %d", ErrInvalidOption, maxPrefix, len(p))
	}
	for i := 0; i < len(p); i++ {
		switch c := p[i]; {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case c == ':' || c == '_' || c == '-' || c == '.' || c == '{' || c == '}':
		default:
			return fmt.Errorf("%w: the prefix holds %q at byte %d; use letters, digits and \":_-.{}\"", ErrInvalidOption, c, i)
		}
	}
	return nil
}
