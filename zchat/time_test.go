package zchat_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/zchat"
)

func TestTimeUnmarshalEveryForm(t *testing.T) {
	t.Parallel()
	base := time.Date(2026, 11, 24, 3, 52, 27, 0, time.UTC)
	tests := []struct {
		name string
		json string
		want time.Time
	}{
		{"rfc3339 Z", `"2026-11-24T03:52:27Z"`, base},
		{"rfc3339 offset and 7 digits", `"2026-11-24T05:52:27.1234567+02:00"`, base.Add(123456700)},
		{"rfc3339 negative offset", `"2026-11-23T22:52:27-05:00"`, base},
		{"rfc3339 1 digit", `"2026-11-24T03:52:27.5Z"`, base.Add(500 * time.Millisecond)},
		{"no offset is UTC", `"2026-11-24T03:52:27"`, base},
		{"no offset 7 digits", `"2026-11-24T03:52:27.1234567"`, base.Add(123456700)},
		{"no offset 3 digits", `"2026-11-24T03:52:27.120"`, base.Add(120 * time.Millisecond)},
		{"legacy escaped", `"\/Date(1764042747000)\/"`, time.UnixMilli(1764042747000).UTC()},
		{"legacy plain", `"/Date(1764042747000)/"`, time.UnixMilli(1764042747000).UTC()},
		{"legacy with offset", `"/Date(1764042747000+0200)/"`, time.UnixMilli(1764042747000).UTC()},
		{"legacy escaped with negative offset", `"\/Date(1764042747123-0530)\/"`, time.UnixMilli(1764042747123).UTC()},
		{"legacy before epoch", `"/Date(-1000)/"`, time.UnixMilli(-1000).UTC()},
		{"null", `null`, time.Time{}},
		{"empty", `""`, time.Time{}},
		{"DateTime.MinValue", `"0001-01-01T00:00:00"`, time.Time{}},
		{"DateTime.MinValue with Z", `"0001-01-01T00:00:00Z"`, time.Time{}},
		{"DateTime.MinValue with fraction", `"0001-01-01T00:00:00.0000000"`, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var got zchat.Time
			require.NoError(t, json.Unmarshal([]byte(tt.json), &got))
			assert.True(t, tt.want.Equal(got.Time), "got %v, want %v", got.Time, tt.want)
			assert.Equal(t, tt.want.IsZero(), got.IsZero())
		})
	}
}

func TestTimeUnmarshalRejects(t *testing.T) {
	t.Parallel()
	for _, in := range []string{
		`"yesterday"`, `"2026-13-01T00:00:00Z"`, `"/Date(abc)/"`, `"/Date(1764042747000+02)/"`,
		`"/Date()/"`, `"2026-11-24 03:52:27"`, `12345`, `true`, `"\/Date(99999999999999999)\/"`,
	} {
		t.Run(in, func(t *testing.T) {
			t.Parallel()
			var got zchat.Time
			err := json.Unmarshal([]byte(in), &got)
			require.Error(t, err)
			assert.True(t, errors.Is(err, zchat.ErrInvalidTime), "error %v does not wrap ErrInvalidTime", err)
		})
	}
	// The error names the text it could not read.
	var got zchat.Time
	err := json.Unmarshal([]byte(`"yesterday"`), &got)
	assert.Contains(t, err.Error(), `"yesterday"`)
}

func TestTimeMarshal(t *testing.T) {
	t.Parallel()
	loc := time.FixedZone("UTC+2", 2*3600)
	tests := []struct {
		name string
		in   zchat.Time
		want string
	}{
		{"zero is null", zchat.Time{}, `null`},
		{"UTC whole seconds", zchat.NewTime(time.Date(2026, 11, 24, 3, 52, 27, 0, time.UTC)), `"2026-11-24T03:52:27Z"`},
		{"offset becomes UTC", zchat.NewTime(time.Date(2026, 11, 24, 5, 52, 27, 0, loc)), `"2026-11-24T03:52:27Z"`},
		{"fraction kept", zchat.NewTime(time.Date(2026, 11, 24, 3, 52, 27, 123456700, time.UTC)), `"2026-11-24T03:52:27.1234567Z"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b, err := json.Marshal(tt.in)
			require.NoError(t, err)
			assert.JSONEq(t, tt.want, string(b))
			// It reads back to the same instant.
			var back zchat.Time
			require.NoError(t, json.Unmarshal(b, &back))
			assert.True(t, tt.in.Equal(back.Time))
		})
	}
}

func TestTimeOmitZeroInStruct(t *testing.T) {
	t.Parallel()
	type withTime struct {
		When zchat.Time `json:"When,omitzero"`
	}
	b, err := json.Marshal(withTime{})
	require.NoError(t, err)
	assert.JSONEq(t, `{}`, string(b))
}

func TestTimeText(t *testing.T) {
	t.Parallel()
	var tm zchat.Time
	require.NoError(t, tm.UnmarshalText([]byte("/Date(1764042747000)/")))
	b, err := tm.MarshalText()
	require.NoError(t, err)
	assert.Equal(t, zchat.FormatTime(time.UnixMilli(1764042747000)), string(b))
	assert.Equal(t, string(b), tm.String())
	assert.Empty(t, zchat.Time{}.String())
}
