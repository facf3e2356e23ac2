// Package safetext makes text that came from a server or a sender safe to
// put in an error message, a log record or a terminal: one line, bounded in
// length, with no control characters that could forge lines, move the
// cursor or set a terminal's title.
//
//	msg := safetext.Line(apiErr.Message, safetext.MaxMessage)
package safetext

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Bounds for the text the SDK repeats from a server: an error message or
// excerpt, and a short token such as a code or a request id.
const (
	MaxMessage = 300
	MaxToken   = 128
)

// Line returns s as one line of at most max bytes (cut on a rune boundary and
// marked with "…"): every control character (C0, DEL, C1, and the Unicode
// line and paragraph separators) becomes a space, runs of white space fold
// into one, invalid UTF-8 becomes U+FFFD, and the ends are trimmed. It never
// reads more of s than it needs to fill max, so a huge input costs little.
func Line(s string, max int) string {
	if max <= 0 {
		return ""
	}
	var b strings.Builder
	b.Grow(min(len(s), max+len("…")))
	space := false
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				r = unicode.ReplacementChar
			}
		}
		if unicode.IsSpace(r) || unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || unicode.Is(unicode.Cf, r) && isBidi(r) {
			space = b.Len() > 0
			continue
		}
		n := utf8.RuneLen(r)
		if space {
			n++
		}
		if b.Len()+n > max {
			b.WriteString("…")
			return b.String()
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Cut returns s cut to at most n bytes on a rune boundary, the cut marked
// with "…"; s unchanged when it fits. Unlike Line it keeps s as it is: for
// text quoted with %q, which escapes it.
func Cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// isBidi reports the bidirectional formatting characters, which can make a
// terminal show text in an order other than the one it has.
func isBidi(r rune) bool {
	return r >= '\u202a' && r <= '\u202e' || r >= '\u2066' && r <= '\u2069' || r == '\u200e' || r == '\u200f'
}

// Token returns a short token from a server (an error code, a request id)
// bounded to MaxToken bytes and safe to print, as Line does. A token that is
// already short and plain printable ASCII, as every real one is, is returned
// as it is, without allocating.
func Token(s string) string {
	if len(s) <= MaxToken {
		plain := true
		for i := range len(s) {
			if s[i] < 0x21 || s[i] > 0x7e {
				plain = false
				break
			}
		}
		if plain {
			return s
		}
	}
	return Line(s, MaxToken)
}
