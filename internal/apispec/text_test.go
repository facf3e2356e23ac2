package apispec_test

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/internal/apispec"
)

// dotNetLength is what the server counts: the string's UTF-16 length after
// it crossed the wire as JSON (encoding/json sends invalid bytes as U+FFFD).
func dotNetLength(t testing.TB, s string) int {
	b, err := json.Marshal(s)
	require.NoError(t, err)
	var got string
	require.NoError(t, json.Unmarshal(b, &got))
	return len(utf16.Encode([]rune(got)))
}

func TestLen16(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want int
	}{
		{"empty", "", 0},
		{"ascii", "hello", 5},
		{"é is 1 unit in 2 bytes", "é", 1},
		{"→ is 1 unit in 3 bytes", "→", 1},
		{"😀 is 2 units in 4 bytes", "😀", 2},
		{"mixed", "aé→😀", 5},
		{"invalid byte is one U+FFFD", "a\xffb", 3},
		{"truncated rune", "\xf0\x9f\x98", 3},
		{"encoded surrogate is invalid UTF-8", "\xed\xa0\x80", 3},
		{"40000 é", strings.Repeat("é", 40000), 40000},
		{"150 emoji", strings.Repeat("😀", 150), 300},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, apispec.Len16(tt.in))
			assert.Equal(t, dotNetLength(t, tt.in), apispec.Len16(tt.in), "as the server counts")
		})
	}
}

func TestTextOver(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		in    string
		limit int
		over  bool
	}{
		{"ascii at", strings.Repeat("a", 200), 200, false},
		{"ascii over", strings.Repeat("a", 201), 200, true},
		{"é at (400 bytes)", strings.Repeat("é", 200), 200, false},
		{"é over", strings.Repeat("é", 201), 200, true},
		{"emoji at (100 = 200 units)", strings.Repeat("😀", 100), 200, false},
		{"emoji over (101 = 202 units)", strings.Repeat("😀", 101), 200, true},
		{"emoji over by a half", strings.Repeat("a", 199) + "😀", 200, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			reason := apispec.TextOver(tt.in, tt.limit)
			if !tt.over {
				assert.Empty(t, reason)
				return
			}
			assert.Contains(t, reason, "over the limit of 200")
			if strings.Contains(tt.in, "😀") {
				assert.Contains(t, reason, "UTF-16 code units")
			} else {
				assert.NotContains(t, reason, "UTF-16", "no note when every character counts 1")
			}
		})
	}
}

func TestCut16(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in    string
		limit int
		want  string
	}{
		{"abc", 5, "abc"},
		{"abc", 2, "ab"},
		{"ééé", 2, "éé"},
		{"a😀b", 2, "a"}, // the emoji would be units 2 and 3
		{"a😀b", 3, "a😀"},
		{"😀", 1, ""},
		{"abc", 0, ""},
	}
	for _, tt := range tests {
		got := tt.in[:apispec.Cut16(tt.in, tt.limit)]
		assert.Equal(t, tt.want, got, "Cut16(%q, %d)", tt.in, tt.limit)
		assert.LessOrEqual(t, apispec.Len16(got), tt.limit)
	}
}

// FuzzLen16 checks Len16 against the server's count and Cut16 against
// Len16, for any bytes.
func FuzzLen16(f *testing.F) {
	for _, s := range []string{"", "a", "é", "😀", "a\xffb", "\xed\xa0\x80", "\xf0\x9f\x98"} {
		f.Add(s, 3)
	}
	f.Fuzz(func(t *testing.T, s string, limit int) {
		n := apispec.Len16(s)
		if want := dotNetLength(t, s); n != want {
			t.Fatalf("Len16(%q) = %d, the server counts %d", s, n, want)
		}
		if n > len(s) {
			t.Fatalf("Len16(%q) = %d, more than its %d bytes", s, n, len(s))
		}
		limit = max(limit%(len(s)+2), 0)
		i := apispec.Cut16(s, limit)
		if got := apispec.Len16(s[:i]); got > limit || (i < len(s) && got+2 <= limit) {
			t.Fatalf("Cut16(%q, %d) = %d: prefix is %d units", s, limit, i, got)
		}
		if (apispec.TextOver(s, limit) == "") != (n <= limit) {
			t.Fatalf("TextOver(%q, %d) disagrees with Len16 = %d", s, limit, n)
		}
	})
}
