package cases_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"reflect"
	"testing"
	"time"

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
	if err := debug.SetProperty("cart", "3 items"); err != nil {
		t.Fatal(err)
	}
	if err := debug.AddLogAt(time.Date(2026, 11, 24, 5, 52, 27, 500_000_000, time.FixedZone("", 2*3600)), "error", "payment declined"); err != nil {
		t.Fatal(err)
	}
	if err := debug.AttachBytes("state.bin", "application/octet-stream", binary); err != nil {
		t.Fatal(err)
	}
	kase, err := c.SubmitCase(context.Background(), 42, cases.CaseInput{
		Subject: "Checkout fails", Description: "Card declined twice", Priority: cases.PriorityHigh,
		SessionID: 1234, Debug: debug,
	})
	if err != nil {
		t.Fatal(err)
	}
	if kase.CaseID != 7 || kase.LeadID != 42 || kase.Status != cases.StatusOpen || kase.Debug != nil || !kase.CreatedTime.Equal(dotNetDate) {
		t.Errorf("case = %+v", kase)
	}

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
	if err != nil {
		t.Fatal(err)
	}
	wiretest.CheckWire(t, got, http.MethodPost, "/leads/42/cases", nil, string(want))
	// The content travels as a base64 string that decodes to the exact bytes.
	var wire struct {
		Debug struct{ Attachments []struct{ Content string } }
	}
	if err := json.Unmarshal(got.Body, &wire); err != nil {
		t.Fatal(err)
	}
	decoded, err := base64.StdEncoding.DecodeString(wire.Debug.Attachments[0].Content)
	if err != nil || !bytes.Equal(decoded, binary) {
		t.Errorf("attachment content on the wire decodes to %d bytes (%v), want the %d bytes attached", len(decoded), err, len(binary))
	}
}

func TestSubmitCaseMinimal(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	rec := wiretest.RespondFixture(t, mt, http.MethodPost, "/leads/42/cases", http.StatusCreated, "case_created.json")
	if _, err := c.SubmitCase(context.Background(), 42, cases.CaseInput{Subject: "Checkout fails"}); err != nil {
		t.Fatal(err)
	}
	// An empty Priority is left out, so the server applies its default (normal).
	wiretest.CheckWire(t, rec.Only(t), http.MethodPost, "/leads/42/cases", nil, `{"Subject":"Checkout fails"}`)
}

func TestGetCaseDecodesDotNet(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	rec := wiretest.RespondFixture(t, mt, http.MethodGet, "/cases/7", http.StatusOK, "case.json")

	kase, err := c.GetCase(context.Background(), 7)
	if err != nil {
		t.Fatal(err)
	}
	wiretest.CheckWire(t, rec.Only(t), http.MethodGet, "/cases/7", nil, "")
	if kase.CaseID != 7 || kase.Subject != "Checkout fails" || kase.Description != "" || kase.Priority != cases.PriorityHigh || kase.SessionID != 1234 {
		t.Errorf("case = %+v", kase)
	}
	if want := time.Date(2026, 11, 24, 3, 52, 27, 123456700, time.UTC); !kase.CreatedTime.Equal(want) {
		t.Errorf("CreatedTime = %v, want %v", kase.CreatedTime, want)
	}
	d := kase.Debug
	if d == nil {
		t.Fatal("Debug is nil")
	}
	if d.UserAgent != "" || d.Referrer != "" || d.Browser != "Firefox 140" || d.PageURL != "https://shop.example.com/checkout" || d.AppVersion != "4.2.0" {
		t.Errorf("debug = %+v", d)
	}
	if d.Properties["zchat.SessionId"] != "1234" || len(d.Properties) != 2 {
		t.Errorf("properties = %v", d.Properties)
	}
	if len(d.Logs) != 3 || !d.Logs[0].Time.Equal(dotNetDate) || !d.Logs[1].Time.Equal(isoNoOffset) || !d.Logs[2].Time.IsZero() || d.Logs[2].Level != "" {
		t.Errorf("logs = %+v", d.Logs)
	}
	want := []byte{0, 1, 2, 0xfe, 0xff, 'h', 'e', 'l', 'l', 'o', '\n'}
	if len(d.Attachments) != 2 || !bytes.Equal(d.Attachments[0].Content, want) || d.Attachments[1].Content != nil || d.Attachments[1].ContentType != "" {
		t.Errorf("attachments = %+v", d.Attachments)
	}
}

func TestListCases(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	rec := wiretest.RespondFixture(t, mt, http.MethodGet, "/leads/42/cases", http.StatusOK, "cases_page.json")

	page, err := c.ListCases(context.Background(), 42, &zchat.ListOptions{PageSize: 2, Cursor: "abc"})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 2 || page.Items[1].CaseID != 9 || page.Items[1].Status != cases.StatusClosed || page.NextCursor != "next-9" {
		t.Errorf("page = %+v", page)
	}
	if !page.Items[0].CreatedTime.Equal(time.Date(2026, 11, 24, 3, 52, 27, 0, time.UTC)) || !page.Items[1].CreatedTime.Equal(dotNetDate) {
		t.Errorf("times = %v, %v", page.Items[0].CreatedTime, page.Items[1].CreatedTime)
	}
	wiretest.CheckWire(t, rec.Only(t), http.MethodGet, "/leads/42/cases", url.Values{"pageSize": {"2"}, "cursor": {"abc"}}, "")
}

func TestAllCases(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	rec := pager(t, mt, "/leads/42/cases", map[string]string{"start": "cases_page.json", "next-9": "cases_page2.json"})

	opts := &zchat.ListOptions{PageSize: 2, Cursor: "start"}
	var ids []int
	for kase, err := range c.AllCases(context.Background(), 42, opts) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, kase.CaseID)
	}
	if !reflect.DeepEqual(ids, []int{7, 9, 11}) {
		t.Errorf("ids = %v", ids)
	}
	if *opts != (zchat.ListOptions{PageSize: 2, Cursor: "start"}) {
		t.Errorf("opts changed to %+v", *opts)
	}
	if calls := rec.Requests(); len(calls) != 2 || calls[1].Query.Get("cursor") != "next-9" || calls[1].Query.Get("pageSize") != "2" {
		t.Errorf("calls = %+v", calls)
	}
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
