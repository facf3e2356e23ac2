package messages_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/zchat/zchat-go/messages"
)

func TestPlainText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, html, want string
	}{
		{"br in a paragraph", "<p>Yes, we do!<br>Shipping takes 3&ndash;5 days &amp; is free over &euro;50.</p>", "Yes, we do!\nShipping takes 3–5 days & is free over €50."},
		{"br forms", "a<br/>b<BR />c<br>", "a\nb\nc"},
		{"paragraphs", "<p>one</p><p>two</p>", "one\ntwo"},
		{"paragraphs with source line breaks", "<p>one</p>\n\n  <p>two\nstill two</p>\n", "one\ntwo still two"},
		{"blank line kept once", "<div>x</div><div><br></div><div><br></div><div>y</div>", "x\n\ny"},
		{"list", "<ul><li>one</li><li>two</li></ul>", "one\ntwo"},
		{"table cells", "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "a b\nc"},
		{"inline tags are not word breaks", "<b>bold</b> and <i>it</i>alic", "bold and italic"},
		{"entities decoded after tags are removed", "&lt;b&gt;not bold&lt;/b&gt; &quot;q&quot; &#39;s&#39;", `<b>not bold</b> "q" 's'`},
		{"nbsp collapses", "a&nbsp;&nbsp; b", "a b"},
		{"spaces around inline tags collapse", "a <b> b</b> &nbsp;<i>c</i>", "a b c"},
		{"non-ASCII before a script", "İİİ<SCRIPT>x</ScRiPt>ok", "İİİok"},
		{"lone angle brackets are text", "x < y and y > z", "x < y and y > z"},
		{"quoted > in an attribute", `<a href="https://x.test/?a=1&amp;b=2" title="a>b">link</a> here`, "link here"},
		{"script and style dropped", "<script>alert('<b>')</script>hi<STYLE>p{color:red}</STYLE>!", "hi!"},
		{"comment dropped", "<!-- a <b> comment -->visible", "visible"},
		{"unterminated tag kept as text", "a <b", "a <b"},
		{"only white space", " <p> </p> ", ""},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, messages.Message{HTML: tt.html}.PlainText())
		})
	}
}

func TestPlainTextPrefersText(t *testing.T) {
	t.Parallel()
	m := messages.Message{Text: "plain", HTML: "<p>rich</p>"}
	assert.Equal(t, "plain", m.PlainText())
}
