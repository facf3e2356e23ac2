package zchat

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/zchat/zchat-go/internal/safetext"
)

// Time is a point in time as the APP Server writes it. The server is .NET and
// sends its DateTime values in several forms; Time decodes all of them:
//
//   - RFC 3339 with an offset, 0–9 fractional digits: "2026-11-24T05:52:27.1234567+02:00"
//   - ISO 8601 without an offset, taken as UTC: "2026-11-24T03:52:27.1234567"
//   - legacy ASP.NET JSON: "/Date(1764042747000)/" or "\/Date(1764042747000+0200)\/"
//     (milliseconds since the Unix epoch; the offset is informational)
//   - no time: null, "" and "0001-01-01T00:00:00" (DateTime.MinValue) give the zero Time
//
// Time encodes as RFC 3339 in UTC with fractional seconds when they are not
// zero, and as null when it is zero. Use IsZero to test for "no time".
type Time struct{ time.Time }

// ErrInvalidTime is wrapped by every error that decoding a Time returns.
var ErrInvalidTime = errors.New("zchat: invalid time")

// NewTime wraps t as a Time.
func NewTime(t time.Time) Time { return Time{t} }

// timeLayoutNoOffset reads the .NET "round-trip" form without an offset; the
// ".999999999" part accepts 0 to 9 fractional digits.
const timeLayoutNoOffset = "2006-01-02T15:04:05.999999999"

// FormatTime writes t the way the APP Server expects times in requests and
// query parameters: RFC 3339 in UTC, with fractional seconds only when non-zero.
func FormatTime(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// ParseTime parses any time form of the contract. It returns the zero time for
// the forms that mean "no time".
func ParseTime(s string) (time.Time, error) {
	switch s {
	case "", "0001-01-01T00:00:00", "0001-01-01T00:00:00Z", "0001-01-01T00:00:00.0000000":
		return time.Time{}, nil
	}
	if t, ok := parseDotNetDate(s); ok {
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return zeroIfMin(t), nil
	}
	if t, err := time.ParseInLocation(timeLayoutNoOffset, s, time.UTC); err == nil {
		return zeroIfMin(t), nil
	}
	return time.Time{}, fmt.Errorf("%w: %q is not a time form the APP Server writes", ErrInvalidTime, safetext.Cut(s, 64))
}

// zeroIfMin maps DateTime.MinValue, however it was written, to Go's zero time.
func zeroIfMin(t time.Time) time.Time {
	if t.Year() == 1 && t.YearDay() == 1 && t.UTC().Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 {
		return time.Time{}
	}
	return t
}

// parseDotNetDate parses "/Date(ms)/" and "/Date(ms+hhmm)/" (after JSON
// unescaping "\/" is "/"). The offset only says where the writer was; the
// milliseconds are UTC, so the offset is checked for shape and dropped.
func parseDotNetDate(s string) (time.Time, bool) {
	const prefix, suffix = "/Date(", ")/"
	if len(s) < len(prefix)+len(suffix)+1 || s[:len(prefix)] != prefix || s[len(s)-len(suffix):] != suffix {
		return time.Time{}, false
	}
	return parseDateMillis([]byte(s[len(prefix) : len(s)-len(suffix)]))
}

// UnmarshalJSON decodes every time form of the contract. The common forms
// are parsed straight from the JSON bytes without allocating; anything else
// takes the general path through ParseTime.
func (t *Time) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		t.Time = time.Time{}
		return nil
	}
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return fmt.Errorf("%w: %s is not a JSON string", ErrInvalidTime, safetext.Cut(string(b), 64))
	}
	if parsed, ok := fastParse(b); ok {
		t.Time = zeroIfMin(parsed)
		return nil
	}
	var s string
	if bytes.IndexByte(b, '\\') < 0 {
		s = string(b[1 : len(b)-1]) // nothing to unescape
	} else if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalidTime, err)
	}
	parsed, err := ParseTime(s)
	if err != nil {
		return err
	}
	t.Time = parsed
	return nil
}

// fastParse reads the three forms the server writes most, from the quoted
// JSON bytes, without allocating: RFC 3339 with an offset (time.Time's own
// parser), ISO 8601 without one (the same parser after appending "Z" in a
// stack buffer), and "\/Date(ms)\/". It reports false for anything else,
// which then takes the general path.
func fastParse(b []byte) (time.Time, bool) {
	inner := b[1 : len(b)-1]
	if len(inner) >= len("2006-01-02T15:04:05") && inner[4] == '-' && inner[10] == 'T' {
		last := inner[len(inner)-1]
		if last == 'Z' || (len(inner) > 6 && (inner[len(inner)-6] == '+' || inner[len(inner)-6] == '-') && inner[len(inner)-3] == ':') {
			var tm time.Time
			if tm.UnmarshalJSON(b) == nil {
				return tm, true
			}
			return time.Time{}, false
		}
		var buf [48]byte
		if len(b)+1 > len(buf) {
			return time.Time{}, false
		}
		n := copy(buf[:], b[:len(b)-1])
		buf[n] = 'Z'
		buf[n+1] = '"'
		var tm time.Time
		if tm.UnmarshalJSON(buf[:n+2]) == nil {
			return tm, true
		}
		return time.Time{}, false
	}
	// "\/Date(1764042747000)\/" as .NET escapes it, or unescaped.
	var rest []byte
	switch {
	case bytes.HasPrefix(inner, []byte(`\/Date(`)) && bytes.HasSuffix(inner, []byte(`)\/`)):
		rest = inner[len(`\/Date(`) : len(inner)-len(`)\/`)]
	case bytes.HasPrefix(inner, []byte(`/Date(`)) && bytes.HasSuffix(inner, []byte(`)/`)):
		rest = inner[len(`/Date(`) : len(inner)-len(`)/`)]
	default:
		return time.Time{}, false
	}
	return parseDateMillis(rest)
}

// parseDateMillis reads "ms" or "ms±hhmm" (the inside of /Date(…)/).
func parseDateMillis(b []byte) (time.Time, bool) {
	if n := len(b); n > 5 && (b[n-5] == '+' || b[n-5] == '-') {
		for _, c := range b[n-4:] {
			if c < '0' || c > '9' {
				return time.Time{}, false
			}
		}
		b = b[:n-5]
	}
	neg := len(b) > 0 && b[0] == '-'
	if neg {
		b = b[1:]
	}
	if len(b) == 0 || len(b) > 15 { // 15 digits cover year 9999 in milliseconds
		return time.Time{}, false
	}
	var ms int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return time.Time{}, false
		}
		ms = ms*10 + int64(c-'0')
	}
	if neg {
		ms = -ms
	}
	if ms < minDotNetMillis || ms > maxDotNetMillis {
		return time.Time{}, false
	}
	return time.UnixMilli(ms).UTC(), true
}

// The range of .NET's DateTime (years 1 to 9999) in Unix milliseconds.
const (
	minDotNetMillis = -62135596800000
	maxDotNetMillis = 253402300799999
)

// MarshalJSON encodes t as RFC 3339 in UTC, or null when t is zero.
func (t Time) MarshalJSON() ([]byte, error) {
	if t.IsZero() {
		return []byte("null"), nil
	}
	if y := t.UTC().Year(); y < 0 || y > 9999 {
		return nil, fmt.Errorf("%w: year %d is outside 0–9999", ErrInvalidTime, y)
	}
	b := make([]byte, 0, len(time.RFC3339Nano)+2)
	b = append(b, '"')
	b = t.UTC().AppendFormat(b, time.RFC3339Nano)
	return append(b, '"'), nil
}

// MarshalText encodes t as RFC 3339 in UTC, or "" when t is zero, so a Time
// works as a map key and in text formats.
func (t Time) MarshalText() ([]byte, error) {
	if t.IsZero() {
		return []byte{}, nil
	}
	return []byte(FormatTime(t.Time)), nil
}

// UnmarshalText decodes every time form of the contract.
func (t *Time) UnmarshalText(b []byte) error {
	parsed, err := ParseTime(string(b))
	if err != nil {
		return err
	}
	t.Time = parsed
	return nil
}

// String formats t as RFC 3339 in UTC, or "" when t is zero.
func (t Time) String() string {
	if t.IsZero() {
		return ""
	}
	return FormatTime(t.Time)
}
