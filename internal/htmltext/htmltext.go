// Package htmltext turns the HTML the SDK meets into plain text: a chat
// message's Html, and a proxy's error page, whose <title> or text becomes a
// one-line error excerpt. It is the one implementation behind
// messages.Message.PlainText, zchat's excerpts of HTML error pages and
// zchattest's Text for messages sent with only Html.
//
//	text := htmltext.ToText(`<p>Yes!<br>It ships today.</p>`) // "Yes!\nIt ships today."
package htmltext

import (
	"html"
	"strings"
	"unicode"
)

// blockTags start and end a line of text.
var blockTags = map[string]bool{
	"p": true, "div": true, "li": true, "ul": true, "ol": true, "tr": true, "table": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"blockquote": true, "pre": true, "hr": true, "section": true, "article": true,
	"header": true, "footer": true, "dl": true, "dt": true, "dd": true,
}

// ToText turns HTML into plain text: tags are removed and entities decoded;
// <br> and block elements such as <p> and <div> become line breaks; script
// and style contents and comments are dropped. It is not a full HTML parser:
// the HTML it meets is short and simple, and anything odd in it is kept as
// text rather than lost.
func ToText(s string) string {
	var (
		out     strings.Builder
		seg     strings.Builder // raw text since the last tag
		lineEnd = true          // out is empty or ends a line (spaces aside)
	)
	flush := func() {
		if seg.Len() == 0 {
			return
		}
		text := collapseSpace(html.UnescapeString(seg.String()))
		seg.Reset()
		out.WriteString(text)
		if strings.TrimSpace(text) != "" {
			lineEnd = false
		}
	}
	newline := func(hard bool) {
		flush()
		if hard || !lineEnd {
			out.WriteByte('\n')
			lineEnd = true
		}
	}
	for i := 0; i < len(s); {
		if s[i] != '<' {
			seg.WriteByte(s[i])
			i++
			continue
		}
		rest := s[i+1:]
		if strings.HasPrefix(rest, "!--") { // a comment
			end := strings.Index(rest[3:], "-->")
			if end < 0 {
				break
			}
			i += 1 + 3 + end + 3
			continue
		}
		if rest == "" || !(isASCIILetter(rest[0]) || rest[0] == '/' || rest[0] == '!' || rest[0] == '?') {
			seg.WriteByte('<') // a lone "<", as in "a < b"
			i++
			continue
		}
		end := tagEnd(rest)
		if end < 0 {
			seg.WriteString(s[i:]) // no closing ">": not a tag after all
			break
		}
		name, closing := tagName(rest[:end])
		i += 1 + end + 1
		switch {
		case name == "br":
			newline(true)
		case blockTags[name]:
			newline(false)
		case (name == "td" || name == "th") && !closing:
			seg.WriteByte(' ') // cells on a row are separated by a space
		case (name == "script" || name == "style") && !closing:
			// Skip to the closing tag: its content is not text.
			j := indexASCIIFold(s[i:], "</"+name)
			if j < 0 {
				i = len(s)
			} else {
				i += j
			}
		}
		// Any other tag (<b>, <a>, <span>…) is inline: it is dropped and
		// the text around it continues the same run, spaces collapsing.
	}
	flush()
	return tidyLines(out.String())
}

// tagEnd returns the index of the ">" that ends the tag starting s, skipping
// quoted attribute values, or -1.
func tagEnd(s string) int {
	var quote byte
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			return i
		}
	}
	return -1
}

// tagName returns the lower-case name of a tag's inside ("/p", "br/",
// "a href=…") and whether it is a closing tag.
func tagName(inside string) (string, bool) {
	closing := strings.HasPrefix(inside, "/")
	inside = strings.TrimPrefix(inside, "/")
	n := 0
	for n < len(inside) && (isASCIILetter(inside[n]) || (n > 0 && inside[n] >= '0' && inside[n] <= '9')) {
		n++
	}
	return strings.ToLower(inside[:n]), closing
}

// indexASCIIFold is strings.Index ignoring ASCII case; sub is lower-case
// ASCII. (strings.ToLower could change byte offsets in the rest of s.)
func indexASCIIFold(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		j := 0
		for j < len(sub) && lowerASCII(s[i+j]) == sub[j] {
			j++
		}
		if j == len(sub) {
			return i
		}
	}
	return -1
}

func lowerASCII(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// collapseSpace turns every run of white space (line breaks and &nbsp;
// included) into one space, as HTML rendering does.
func collapseSpace(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	if space {
		b.WriteByte(' ')
	}
	return b.String()
}

// tidyLines trims every line, drops blank lines at both ends and keeps at
// most one blank line in a row.
func tidyLines(s string) string {
	lines := strings.Split(s, "\n")
	out := lines[:0]
	blank := false
	for _, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" {
			blank = len(out) > 0
			continue
		}
		if blank {
			out = append(out, "")
			blank = false
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

// Title returns the text of a page's <title>, entities decoded and white
// space collapsed, or "" when it has none.
func Title(s string) string {
	i := indexASCIIFold(s, "<title")
	if i < 0 {
		return ""
	}
	j := strings.IndexByte(s[i:], '>')
	if j < 0 {
		return ""
	}
	start := i + j + 1
	end := indexASCIIFold(s[start:], "</title")
	if end < 0 {
		return ""
	}
	return strings.TrimSpace(collapseSpace(html.UnescapeString(s[start : start+end])))
}
