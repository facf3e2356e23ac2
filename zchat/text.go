package zchat

import (
	"encoding/json"
	"unicode/utf8"
)

// truncate shortens s to at most n bytes on a rune boundary, marking the cut,
// so that error messages stay short whatever the input.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// jsonUnquote decodes a JSON string literal.
func jsonUnquote(b []byte, s *string) error { return json.Unmarshal(b, s) }
