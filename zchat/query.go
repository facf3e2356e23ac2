package zchat

import (
	"fmt"
	"net/url"
	"reflect"
	"strings"
	"time"

	"github.com/google/go-querystring/query"
)

// encodeQuery encodes a query struct with go-querystring (empty values left
// out through `omitempty`), then rewrites its time.Time fields the way the
// contract wants times: RFC 3339 in UTC (go-querystring would keep the
// caller's offset and drop fractions).
func encodeQuery(v any) (string, error) {
	values, err := query.Values(v)
	if err != nil {
		return "", fmt.Errorf("%w: query: %w", ErrInvalidArgument, err)
	}
	rv := reflect.Indirect(reflect.ValueOf(v))
	if rv.Kind() == reflect.Struct {
		fixTimes(rv, values)
	}
	return values.Encode(), nil
}

var timeType = reflect.TypeFor[time.Time]()

func fixTimes(rv reflect.Value, values url.Values) {
	rt := rv.Type()
	for i := range rt.NumField() {
		f := rt.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("url"), ",")
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			fixTimes(rv.Field(i), values)
			continue
		}
		if f.Type != timeType || name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		if t := rv.Field(i).Interface().(time.Time); !t.IsZero() {
			values.Set(name, FormatTime(t))
		}
	}
}

// EncodeValues lets a Time be a field of a query struct (go-querystring's
// Encoder): RFC 3339 in UTC, left out when zero.
func (t Time) EncodeValues(key string, v *url.Values) error {
	if !t.IsZero() {
		v.Set(key, FormatTime(t.Time))
	}
	return nil
}
