package zchattest

import (
	"log/slog"
	"time"
)

// Option configures a Server in NewServer and NewUnstartedServer.
type Option func(*config)

// config is what the options set.
type config struct {
	apiKey     string
	demo       bool
	timeFormat TimeFormat
	clock      func() time.Time
	notifyURL  string
	schedule   []time.Duration
	logger     *slog.Logger
	basePath   string
}

// DefaultBasePath is where the Server serves the API below its root, as the
// APP Server does unless a reverse proxy mounts it elsewhere.
const DefaultBasePath = "/api/v1"

// DefaultDeliverySchedule is the wait before each delivery attempt of a
// notification unless WithDeliverySchedule says otherwise: the first attempt
// at once, then three retries soon after, so that tests of retries are fast.
func DefaultDeliverySchedule() []time.Duration {
	return []time.Duration{0, 50 * time.Millisecond, 100 * time.Millisecond, 200 * time.Millisecond}
}

// ContractDeliverySchedule is the APP Server's own delivery schedule, as
// the contract states it (docs/openapi.yaml, webhook-retries; the contract
// module's TestContractDeliveryScheduleMirrorsDocument holds the two
// together): the first attempt at once, retries after about 5 s, 5 min,
// 30 min, 2 h, 5 h, 10 h and 10 h, then the event is dropped. Pass it to
// WithDeliverySchedule, with a fake clock, to test a receiver against the
// real spacing.
func ContractDeliverySchedule() []time.Duration {
	return []time.Duration{0, 5 * time.Second, 5 * time.Minute, 30 * time.Minute,
		2 * time.Hour, 5 * time.Hour, 10 * time.Hour, 10 * time.Hour}
}

func defaultConfig() config {
	return config{
		timeFormat: TimeRFC3339,
		clock:      time.Now,
		schedule:   DefaultDeliverySchedule(),
		basePath:   DefaultBasePath,
	}
}

// WithAPIKey sets the server's ChatApiKey: the bearer key every request must
// carry and the secret notifications are signed with. Without it (or with
// ""), the key is random.
func WithAPIKey(key string) Option { return func(c *config) { c.apiKey = key } }

// WithDemoData seeds the server with a small, fixed organization: three
// agents (one an administrator), two departments with members, three chat
// sessions with their messages (1 and 2 ended, 3 still active, begun a few
// minutes before the server started), and a lead with one case. Its times are fixed offsets from
// Server.DemoStart, DemoAge before the server's start, so the data is
// always recent; with WithClock set to a fixed time, output built on it is
// deterministic. Seeding sends no notifications.
func WithDemoData() Option { return func(c *config) { c.demo = true } }

// WithTimeFormat sets how the server writes times in answers and
// notifications (TimeRFC3339 unless set), so that clients are exercised with
// every form a .NET APP Server may send.
func WithTimeFormat(f TimeFormat) Option { return func(c *config) { c.timeFormat = f } }

// WithClock sets the server's clock (time.Now unless set). It stamps what
// the server creates, event times, cursor and idempotency-key expiry (24 h
// each). Times are kept to the millisecond, so that every TimeFormat writes
// the same instant. The webhook-timestamp of a notification is the real time
// regardless, since receivers check it against their own clock.
func WithClock(now func() time.Time) Option {
	return func(c *config) {
		if now != nil {
			c.clock = now
		}
	}
}

// WithNotificationURL sets the ChatApiNotificationUrl that events are POSTed
// to (none unless set; see also Server.SetNotificationURL).
func WithNotificationURL(url string) Option { return func(c *config) { c.notifyURL = url } }

// WithDeliverySchedule sets the wait before each delivery attempt of a
// notification: waits[0] before the first, waits[1] before the first retry,
// and so on; after the last attempt the event is dropped. Without it the
// schedule is DefaultDeliverySchedule; ContractDeliverySchedule is the real
// server's. An empty schedule is ignored.
func WithDeliverySchedule(waits ...time.Duration) Option {
	return func(c *config) {
		if len(waits) > 0 {
			c.schedule = append([]time.Duration(nil), waits...)
		}
	}
}

// WithLogger makes the server log every request it answers and every
// delivery attempt at debug level. Nothing is logged unless set.
func WithLogger(l *slog.Logger) Option { return func(c *config) { c.logger = l } }

// WithBasePath serves the API below p instead of DefaultBasePath, as a
// reverse proxy that mounts it elsewhere would. Server.Client is configured
// to match.
func WithBasePath(p string) Option { return func(c *config) { c.basePath = p } }
