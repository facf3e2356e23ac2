package safetext_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"

	"github.com/zchat/zchat-go/internal/safetext"
)

func TestLine(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		max      int
		want     string
	}{
		{"plain", "hello world", 100, "hello world"},
		{"newlines fold", "line one\r\nline two\n\n", 100, "line one line two"},
		{"escape sequences lose their ESC", "ok\x1b]0;pwned\x07 done", 100, "ok ]0;pwned done"},
		{"C1 and DEL", "a\u009bb\x7fc", 100, "a b c"},
		{"bidi override", "abc\u202edef", 100, "abc def"},
		{"line separator", "a\u2028b", 100, "a b"},
		{"invalid utf-8", "a\xffb", 100, "a\uFFFDb"},
		{"bounded on a rune boundary", strings.Repeat("é", 10), 5, "éé…"},
		{"exactly the bound", "abcde", 5, "abcde"},
		{"zero bound", "abc", 0, ""},
		{"leading space trimmed", "  \t x", 10, "x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, safetext.Line(tt.in, tt.max))
		})
	}
}

func FuzzLine(f *testing.F) {
	f.Add("a\x1b[2Jb\nc", 20)
	f.Add(strings.Repeat("😀", 50), 7)
	f.Fuzz(func(t *testing.T, s string, max int) {
		max = max % 1000
		out := safetext.Line(s, max)
		if max <= 0 {
			assert.Empty(t, out)
			return
		}
		assert.LessOrEqual(t, len(out), max+len("…"))
		assert.True(t, utf8.ValidString(out))
		assert.NotContains(t, out, "\n")
		for _, r := range out {
			assert.False(t, r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0), "control %U in %q", r, out)
		}
	})
}

func TestToken(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, in, want string }{
		{"plain", "req-42_A.b", "req-42_A.b"},
		{"empty", "", ""},
		{"control characters", "a\x1b[2Jb\r\nc", "a [2Jb c"},
		{"space inside", "two words", "two words"},
		{"over the bound", strings.Repeat("x", safetext.MaxToken+10), strings.Repeat("x", safetext.MaxToken) + "…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, safetext.Token(tt.in))
			assert.LessOrEqual(t, len(safetext.Token(tt.in)), safetext.MaxToken+len("…"))
		})
	}
}

// Not parallel: AllocsPerRun needs the test to itself.
func TestTokenPlainDoesNotAllocate(t *testing.T) {
	plain := strings.Repeat("abc-123", 3)
	assert.Zero(t, testing.AllocsPerRun(100, func() { _ = safetext.Token(plain) }), "a plain token is returned as it is")
}

func TestCut(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		n        int
		want     string
	}{
		{"short", "abc", 5, "abc"},
		{"exact", "abcde", 5, "abcde"},
		{"cut", "abcdef", 3, "abc…"},
		{"on a rune boundary", "aéé", 2, "a…"},
		{"control characters kept", "a\nb\x00c", 10, "a\nb\x00c"},
		{"zero", "abc", 0, "…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := safetext.Cut(tt.in, tt.n)
			assert.Equal(t, tt.want, got)
			assert.True(t, utf8.ValidString(got))
		})
	}
}
