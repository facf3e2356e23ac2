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

func TestCut(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in   string
		n    int
		want string
	}{
		{"", 5, ""},
		{"short", 5, "short"},
		{"longer", 3, "lon…"},
		{"héllo", 2, "h…"}, // é is two bytes: never cut inside it
		{"héllo", 3, "hé…"},
		{"\x00\nraw", 2, "\x00\n…"}, // kept as it is, for %q
		{"ab", 0, "…"},
	} {
		assert.Equal(t, tt.want, safetext.Cut(tt.in, tt.n), "Cut(%q, %d)", tt.in, tt.n)
	}
}
