package sessions_test

import (
	"fmt"
	"strconv"
	"testing"

	"github.com/zchat/zchat-go/internal/wiretest"
	"github.com/zchat/zchat-go/sessions"
)

// sessionTime writes time i in one of the forms a .NET server uses.
func sessionTime(i int) string {
	switch i % 4 {
	case 0:
		return fmt.Sprintf(`"2026-11-24T03:%02d:%02d.1234567"`, i/60%60, i%60)
	case 1:
		return fmt.Sprintf(`"2026-11-24T05:%02d:%02d+02:00"`, i/60%60, i%60)
	case 2:
		return `"\/Date(` + strconv.FormatInt(1764042747000+int64(i)*1000, 10) + `)\/"`
	default:
		return `null`
	}
}

// sessionPage is a page of n sessions as the server writes them.
func sessionPage(n int) []byte {
	b := []byte(`{"Items":[`)
	for i := range n {
		if i > 0 {
			b = append(b, ',')
		}
		b = fmt.Appendf(b, `{"SessionId":%d,"DepartmentId":2,"AgentUserId":"User:3","CustomerId":"Guest:@cust-%d",`+
			`"DisplayName":"Maria Souza","Email":"maria%d@example.com","Question":"Do you ship to Portugal?",`+
			`"BeginTime":%s,"ActiveTime":%s,"AgentRating":%d,"Browser":"Chrome 131","Platform":"Windows 11",`+
			`"Culture":"pt-PT","IPAddress":"203.0.113.7","PageTitle":"Checkout","PageUrl":"https://shop.example.com/checkout",`+
			`"Referrer":null,"ProductKey":"SKU-1","ProductName":"Widget","ContextData":"{\"cart\":3}","SessionData":null,`+
			`"CustomData":"","OAuthInfo":null,"OAuthKey":null}`,
			i+1, i, i, sessionTime(i), sessionTime(i+1), i%6)
	}
	return append(b, `],"NextCursor":"next"}`...)
}

// plainSession is Session with string times and ids: the baseline that
// shows what zchat.Time and zchat.ChatID cost.
type plainSession struct {
	SessionID    int    `json:"SessionId"`
	DepartmentID int    `json:"DepartmentId"`
	AgentUserID  string `json:"AgentUserId"`
	CustomerID   string `json:"CustomerId"`
	DisplayName  string `json:"DisplayName"`
	Email        string `json:"Email"`
	Question     string `json:"Question"`
	BeginTime    string `json:"BeginTime"`
	ActiveTime   string `json:"ActiveTime"`
	AgentRating  int    `json:"AgentRating"`
	Browser      string `json:"Browser"`
	Platform     string `json:"Platform"`
	Culture      string `json:"Culture"`
	IPAddress    string `json:"IPAddress"`
	PageTitle    string `json:"PageTitle"`
	PageURL      string `json:"PageUrl"`
	Referrer     string `json:"Referrer"`
	ProductKey   string `json:"ProductKey"`
	ProductName  string `json:"ProductName"`
	ContextData  string `json:"ContextData"`
	SessionData  string `json:"SessionData"`
	CustomData   string `json:"CustomData"`
	OAuthInfo    string `json:"OAuthInfo"`
	OAuthKey     string `json:"OAuthKey"`
}

// BenchmarkDecodeSessionPage decodes a page of 1,000 sessions with mixed
// .NET time forms into sessions.Session, against the same bytes decoded
// into plain structs with string times (the baseline).
func BenchmarkDecodeSessionPage(b *testing.B) {
	page := sessionPage(1000)
	b.Run("baseline=string-times", func(b *testing.B) { wiretest.DecodePages[plainSession](b, page, 1000) })
	b.Run("zchat", func(b *testing.B) { wiretest.DecodePages[sessions.Session](b, page, 1000) })
}
