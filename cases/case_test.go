package cases_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/cases"
	"github.com/zchat/zchat-go/internal/wiretest"
	"github.com/zchat/zchat-go/zchat"
)

// binary holds every byte value, so base64 of it is checked exactly.
var binary = func() []byte {
	b := make([]byte, 512)
	for i := range b {
		b[i] = byte(i * 7)
	}
	return b
}()

func TestSubmitCaseWire(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	rec := wiretest.RespondFixture(t, mt, http.MethodPost, "/leads/42/cases", http.StatusCreated, "case_created.json")

	debug := &cases.DebugInfo{Browser: "Firefox 140", PageURL: "https://shop.example.com/checkout", IPAddress: "203.0.113.7"}
	require.NoError(t, debug.SetProperty("cart", "3 items"))
	require.NoError(t, debug.AddLogAt(time.Date(2026, 11, 24, 5, 52, 27, 500_000_000, time.FixedZone("", 2*3600)), "error", "payment declined"))
	require.NoError(t, debug.AttachBytes("state.bin", "application/octet-stream", binary))
	kase, err := c.SubmitCase(context.Background(), 42, cases.CaseInput{
		Subject: "Checkout fails", Description: "Card declined twice", Priority: cases.PriorityHigh,
		SessionID: 1234, Debug: debug,
	})
	require.NoError(t, err)
	assert.Equal(t, 7, kase.CaseID)
	assert.Equal(t, 42, kase.LeadID)
	assert.Equal(t, cases.StatusOpen, kase.Status)
	assert.Nil(t, kase.Debug)
	assert.True(t, kase.CreatedTime.Equal(dotNetDate), "CreatedTime = %v", kase.CreatedTime)

	got := rec.Only(t)
	want, err := json.Marshal(map[string]any{
		"Subject": "Checkout fails", "Description": "Card declined twice", "Priority": "high", "SessionId": 1234,
		"Debug": map[string]any{
			"Browser": "Firefox 140", "PageUrl": "https://shop.example.com/checkout", "IPAddress": "203.0.113.7",
			"Properties": map[string]any{"cart": "3 items"},
			"Logs":       []any{map[string]any{"Time": "2026-11-24T03:52:27.5Z", "Level": "error", "Message": "payment declined"}},
			"Attachments": []any{map[string]any{
				"FileName": "state.bin", "ContentType": "application/octet-stream",
				"Content": base64.StdEncoding.EncodeToString(binary),
			}},
		},
	})
	require.NoError(t, err)
	wiretest.CheckWire(t, got, http.MethodPost, "/leads/42/cases", nil, string(want))
	// The content travels as a base64 string that decodes to the exact bytes.
	var wire struct {
		Debug struct{ Attachments []struct{ Content string } }
	}
	require.NoError(t, json.Unmarshal(got.Body, &wire))
	decoded, err := base64.StdEncoding.DecodeString(wire.Debug.Attachments[0].Content)
	require.NoError(t, err)
	assert.Equal(t, binary, decoded, "attachment content on the wire decodes to the bytes attached")
}

func TestSubmitCaseMinimal(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	rec := wiretest.RespondFixture(t, mt, http.MethodPost, "/leads/42/cases", http.StatusCreated, "case_created.json")
	_, err := c.SubmitCase(context.Background(), 42, cases.CaseInput{Subject: "Checkout fails"})
	require.NoError(t, err)
	// An empty Priority is left out, so the server applies its default (normal).
	wiretest.CheckWire(t, rec.Only(t), http.MethodPost, "/leads/42/cases", nil, `{"Subject":"Checkout fails"}`)
}

func TestGetCaseDecodesDotNet(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	rec := wiretest.RespondFixture(t, mt, http.MethodGet, "/cases/7", http.StatusOK, "case.json")

	kase, err := c.GetCase(context.Background(), 7)
	require.NoError(t, err)
	wiretest.CheckWire(t, rec.Only(t), http.MethodGet, "/cases/7", nil, "")
	assert.Equal(t, 7, kase.CaseID)
	assert.Equal(t, "Checkout fails", kase.Subject)
	assert.Empty(t, kase.Description)
	assert.Equal(t, cases.PriorityHigh, kase.Priority)
	assert.Equal(t, 1234, kase.SessionID)
	want := time.Date(2026, 11, 24, 3, 52, 27, 123456700, time.UTC)
	assert.True(t, kase.CreatedTime.Equal(want), "CreatedTime = %v, want %v", kase.CreatedTime, want)
	d := kase.Debug
	require.NotNil(t, d)
	assert.Empty(t, d.UserAgent)
	assert.Empty(t, d.Referrer)
	assert.Equal(t, "Firefox 140", d.Browser)
	assert.Equal(t, "https://shop.example.com/checkout", d.PageURL)
	assert.Equal(t, "4.2.0", d.AppVersion)
	assert.Equal(t, "1234", d.Properties["zchat.SessionId"])
	assert.Len(t, d.Properties, 2)
	require.Len(t, d.Logs, 3)
	assert.True(t, d.Logs[0].Time.Equal(dotNetDate), "logs[0] = %+v", d.Logs[0])
	assert.True(t, d.Logs[1].Time.Equal(isoNoOffset), "logs[1] = %+v", d.Logs[1])
	assert.True(t, d.Logs[2].Time.IsZero(), "logs[2] = %+v", d.Logs[2])
	assert.Empty(t, d.Logs[2].Level)
	require.Len(t, d.Attachments, 2)
	assert.Equal(t, []byte{0, 1, 2, 0xfe, 0xff, 'h', 'e', 'l', 'l', 'o', '\n'}, d.Attachments[0].Content)
	assert.Nil(t, d.Attachments[1].Content)
	assert.Empty(t, d.Attachments[1].ContentType)
}

func TestListCases(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	rec := wiretest.RespondFixture(t, mt, http.MethodGet, "/leads/42/cases", http.StatusOK, "cases_page.json")

	page, err := c.ListCases(context.Background(), 42, &zchat.ListOptions{PageSize: 2, Cursor: "abc"})
	require.NoError(t, err)
	require.Len(t, page.Items, 2)
	assert.Equal(t, 9, page.Items[1].CaseID)
	assert.Equal(t, cases.StatusClosed, page.Items[1].Status)
	assert.Equal(t, "next-9", page.NextCursor)
	assert.True(t, page.Items[0].CreatedTime.Equal(time.Date(2026, 11, 24, 3, 52, 27, 0, time.UTC)), "times = %v", page.Items[0].CreatedTime)
	assert.True(t, page.Items[1].CreatedTime.Equal(dotNetDate), "times = %v", page.Items[1].CreatedTime)
	wiretest.CheckWire(t, rec.Only(t), http.MethodGet, "/leads/42/cases", url.Values{"pageSize": {"2"}, "cursor": {"abc"}}, "")
}

func TestAllCases(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	rec := pager(t, mt, "/leads/42/cases", map[string]string{"start": "cases_page.json", "next-9": "cases_page2.json"})

	opts := &zchat.ListOptions{PageSize: 2, Cursor: "start"}
	var ids []int
	for kase, err := range c.AllCases(context.Background(), 42, opts) {
		require.NoError(t, err)
		ids = append(ids, kase.CaseID)
	}
	assert.Equal(t, []int{7, 9, 11}, ids)
	assert.Equal(t, zchat.ListOptions{PageSize: 2, Cursor: "start"}, *opts, "opts changed")
	calls := rec.Requests()
	require.Len(t, calls, 2)
	assert.Equal(t, "next-9", calls[1].Query.Get("cursor"))
	assert.Equal(t, "2", calls[1].Query.Get("pageSize"))
}

func TestCaseArguments(t *testing.T) {
	t.Parallel()
	wiretest.CheckInvalid(t, setup, []wiretest.Invalid[*cases.Client]{
		{Name: "SubmitCase lead 0", Field: "leadID", Call: func(ctx context.Context, c *cases.Client) error {
			_, err := c.SubmitCase(ctx, 0, cases.CaseInput{Subject: "s"})
			return err
		}},
		{Name: "GetCase id < 0", Field: "caseID", Call: func(ctx context.Context, c *cases.Client) error {
			_, err := c.GetCase(ctx, -1)
			return err
		}},
		{Name: "ListCases lead 0", Field: "leadID", Call: func(ctx context.Context, c *cases.Client) error {
			_, err := c.ListCases(ctx, 0, nil)
			return err
		}},
		{Name: "ListCases PageSize > max", Field: "ListOptions.PageSize", Call: func(ctx context.Context, c *cases.Client) error {
			_, err := c.ListCases(ctx, 42, &zchat.ListOptions{PageSize: zchat.MaxPageSize + 1})
			return err
		}},
		{Name: "AllCases lead 0", Field: "leadID", Call: func(ctx context.Context, c *cases.Client) error {
			return wiretest.OnlyError(c.AllCases(ctx, 0, nil))
		}},
	})
}
