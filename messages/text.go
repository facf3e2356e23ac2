package messages

import "github.com/zchat/zchat-go/internal/htmltext"

// PlainText returns the message as plain text: Text when it is set, else
// the text of HTML with its tags removed and its entities decoded (<br>
// and block elements such as <p> and <div> become line breaks).
func (m Message) PlainText() string {
	if m.Text != "" {
		return m.Text
	}
	return htmltext.ToText(m.HTML)
}
