package zchat

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"time"
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
	return time.Time{}, fmt.Errorf("%w: %q is not a time form the APP Server writes", ErrInvalidTime, truncate(s, 64))
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
	inner := s[len(prefix) : len(s)-len(suffix)]
	// An offset is a sign and four digits after at least one digit of milliseconds.
	if n := len(inner); n > 5 && (inner[n-5] == '+' || inner[n-5] == '-') {
		if _, err := strconv.ParseUint(inner[n-4:], 10, 16); err != nil {
			return time.Time{}, false
		}
		inner = inner[:n-5]
	}
	ms, err := strconv.ParseInt(inner, 10, 64)
	if err != nil || ms < -62135596800000 || ms > 253402300799999 { // year 1 to 9999, .NET's range
		return time.Time{}, false
	}
	return time.UnixMilli(ms).UTC(), true
}

// UnmarshalJSON decodes every time form of the contract.
func (t *Time) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		t.Time = time.Time{}
		return nil
	}
	var s string
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return fmt.Errorf("%w: %s is not a JSON string", ErrInvalidTime, truncate(string(b), 64))
	}
	if bytes.IndexByte(b, '\\') < 0 {
		s = string(b[1 : len(b)-1]) // fast path: nothing to unescape
	} else if err := jsonUnquote(b, &s); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalidTime, err)
	}
	parsed, err := ParseTime(s)
	if err != nil {
		return err
	}
	t.Time = parsed
	return nil
}

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
