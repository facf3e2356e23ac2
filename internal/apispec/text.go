package apispec

import (
	"fmt"
	"unicode/utf8"
)

// Len16 is the length of s as the .NET server counts a string
// (string.Length): its UTF-16 code units once s has crossed the wire as
// JSON. A character outside the Basic Multilingual Plane (😀) is 2 units,
// every other character 1 ("é", "→", "a"). Each byte of invalid UTF-8 is 1
// unit, since encoding/json sends it as U+FFFD.
func Len16(s string) int {
	n := 0
	for _, r := range s { // an invalid byte ranges as one U+FFFD
		if r > 0xFFFF {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// TextOver returns why s does not fit in limit UTF-16 code units, or "" when
// it fits. Both the SDK and zchattest word an overlong field with it. When
// the count differs from the number of characters a user sees (emoji and
// other characters outside the Basic Multilingual Plane count 2), it says
// so.
func TextOver(s string, limit int) string {
	if len(s) <= limit { // units never exceed bytes
		return ""
	}
	n := Len16(s)
	if n <= limit {
		return ""
	}
	msg := fmt.Sprintf("is %d characters, over the limit of %d", n, limit)
	if n != utf8.RuneCountInString(s) {
		msg += " (counted in UTF-16 code units, as the server counts: an emoji counts 2)"
	}
	return msg
}

// Cut16 returns the byte index i such that s[:i] is the longest prefix of s,
// cut on a character boundary, that is at most limit UTF-16 code units.
func Cut16(s string, limit int) int {
	units := 0
	for i, r := range s {
		u := 1
		if r > 0xFFFF {
			u = 2
		}
		if units+u > limit {
			return i
		}
		units += u
	}
	return len(s)
}
