package htmltext_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/zchat/zchat-go/internal/htmltext"
)

// The many forms of chat HTML are tested through messages.Message.PlainText;
// these cover what the other users of the package meet: proxy pages.
func TestToTextOfProxyPages(t *testing.T) {
	t.Parallel()
	nginx := "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.24.0</center>\r\n</body>\r\n</html>\r\n"
	assert.Equal(t, "502 Bad Gateway\n502 Bad Gateway\nnginx/1.24.0", htmltext.ToText(nginx))
	assert.Equal(t, "Yes!\nIt ships today.", htmltext.ToText("<p>Yes!<br>It ships today.</p>"))
}

func TestTitle(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, in, want string }{
		{"nginx", "<html><head><title>502 Bad Gateway</title></head></html>", "502 Bad Gateway"},
		{"upper case, attributes, entities", "<TITLE lang=en>\n  Service &amp; API\n  Unavailable </TITLE>", "Service & API Unavailable"},
		{"none", "<html><body>oops</body></html>", ""},
		{"unclosed", "<title>never ends", ""},
		{"not html", "plain text", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, htmltext.Title(tt.in))
		})
	}
}
