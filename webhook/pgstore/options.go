package pgstore

import (
	"fmt"
	"time"

	"github.com/zchat/zchat-go/webhook"
)

// Defaults of a Store made without options.
const (
	// DefaultTable is the table a Store keeps its rows in unless WithTable
	// names another.
	DefaultTable = "zchat_webhook_replay"
	// DefaultLease is how long a claim holds an event Id unless WithLease
	// says otherwise: well over the APP Server's 10 s delivery timeout, so a
	// live holder keeps its claim, and well under its 5 min second retry, so
	// the retry after a crashed holder is handled.
	DefaultLease = time.Minute
)

// Option configures New.
type Option func(*config)

// config is what the options set; New checks it.
type config struct {
	table string
	lease time.Duration
	ttl   time.Duration
}

func defaultConfig() config {
	return config{table: DefaultTable, lease: DefaultLease, ttl: webhook.DefaultReplayTTL}
}

// WithTable names the table the Store keeps its rows in (DefaultTable unless
// set): a lower-case identifier of letters, digits and underscores, at most
// 48 bytes, optionally qualified by an existing schema ("webhooks.replay").
// New refuses any other name; the name is quoted, never pasted into SQL.
func WithTable(name string) Option { return func(c *config) { c.table = name } }

// WithLease sets how long a claim holds an event Id (DefaultLease unless
// set). If the holder dies before Complete or Release, another delivery can
// claim the Id once the lease has passed, so no event is lost with a crashed
// replica. Keep it longer than the longest handling.
func WithLease(d time.Duration) Option { return func(c *config) { c.lease = d } }

// WithTTL sets how long a handled event Id is remembered
// (webhook.DefaultReplayTTL unless set, which covers the APP Server's whole
// retry schedule).
func WithTTL(d time.Duration) Option { return func(c *config) { c.ttl = d } }

// check refuses values a Store cannot work with.
func (c *config) check() error {
	if c.lease <= 0 {
		return fmt.Errorf("pgstore: lease %v is not positive", c.lease)
	}
	if c.ttl <= 0 {
		return fmt.Errorf("pgstore: ttl %v is not positive", c.ttl)
	}
	return nil
}
