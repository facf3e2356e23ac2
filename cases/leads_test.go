package cases_test

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"

	"github.com/zchat/zchat-go/cases"
	"github.com/zchat/zchat-go/zchat"
)

func TestUpsertLeadCreated(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	rec := respond(t, mt, http.MethodPost, "/leads", http.StatusCreated, "lead_created.json")

	lead, created, err := c.UpsertLeadCreated(context.Background(), cases.LeadInput{
		Email: "ann@example.com", DisplayName: "Ann Lee", CustomerID: "Guest:@cust-8812",
	})
	if err != nil {
		t.Fatal(err)
	}
	if !created {
		t.Error("created = false for a 201")
	}
	want := cases.Lead{
		LeadID: 42, Email: "ann@example.com", DisplayName: "Ann Lee",
		CustomerID:  "Guest:@cust-8812",
		CreatedTime: zchat.NewTime(dotNetDate),
		UpdatedTime: zchat.NewTime(isoNoOffset),
	}
	if !lead.CreatedTime.Equal(want.CreatedTime.Time) || !lead.UpdatedTime.Equal(want.UpdatedTime.Time) {
		t.Errorf("times = %v, %v; want %v, %v", lead.CreatedTime, lead.UpdatedTime, want.CreatedTime, want.UpdatedTime)
	}
	lead.CreatedTime, lead.UpdatedTime = want.CreatedTime, want.UpdatedTime
	if !reflect.DeepEqual(*lead, want) {
		t.Errorf("lead = %+v\nwant %+v", *lead, want)
	}

	got := rec.only(t)
	if got.Method != http.MethodPost || got.Path != "/api/v1/leads" || len(got.Query) != 0 {
		t.Errorf("request = %s %s?%s", got.Method, got.Path, got.Query.Encode())
	}
	if h := got.Header.Get("Authorization"); h != "Bearer test-key" {
		t.Errorf("Authorization = %q", h)
	}
	if got.Header.Get("Idempotency-Key") == "" {
		t.Error("no Idempotency-Key on a POST")
	}
	wantBody := map[string]any{"Email": "ann@example.com", "DisplayName": "Ann Lee", "CustomerId": "Guest:@cust-8812"}
	if body := jsonObject(t, got.Body); !reflect.DeepEqual(body, wantBody) {
		t.Errorf("body = %v, want %v", body, wantBody)
	}
}

func TestUpsertLeadExisting(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	respond(t, mt, http.MethodPost, "/leads", http.StatusOK, "lead_existing.json")

	lead, created, err := c.UpsertLeadCreated(context.Background(), cases.LeadInput{Email: "ann@example.com", Company: "Acme"})
	if err != nil {
		t.Fatal(err)
	}
	if created {
		t.Error("created = true for a 200")
	}
	// Field names match case-insensitively, as the server's do.
	if lead.LeadID != 42 || lead.Email != "Ann@Example.com" || lead.Phone != "+1 555 0100" || lead.Company != "Acme" || lead.CustomerID != "" {
		t.Errorf("lead = %+v", lead)
	}
	if !lead.CreatedTime.Equal(dotNetDate) {
		t.Errorf("CreatedTime = %v, want %v", lead.CreatedTime, dotNetDate)
	}
	if want := time.Date(2026, 11, 24, 3, 52, 27, 500_000_000, time.UTC); !lead.UpdatedTime.Equal(want) {
		t.Errorf("UpdatedTime = %v, want %v", lead.UpdatedTime, want)
	}

	// UpsertLead is the same call without the flag.
	if l, err := c.UpsertLead(context.Background(), cases.LeadInput{Email: "ann@example.com"}); err != nil || l.LeadID != 42 {
		t.Errorf("UpsertLead = %+v, %v", l, err)
	}
}

func TestUpsertLeadServerError(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	mt.RegisterResponder(http.MethodPost, apiURL+"/leads", httpmock.NewStringResponder(http.StatusUnprocessableEntity,
		`{"Code":"validation_failed","Message":"Email is not a valid address","Fields":[{"Field":"Email","Message":"is not a valid address"}]}`))
	_, err := c.UpsertLead(context.Background(), cases.LeadInput{Email: "ann@example.com"})
	if !errors.Is(err, zchat.ErrValidation) {
		t.Fatalf("err = %v, want zchat.ErrValidation", err)
	}
}

func TestGetLead(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	rec := respond(t, mt, http.MethodGet, "/leads/42", http.StatusOK, "lead_created.json")

	lead, err := c.GetLead(context.Background(), 42)
	if err != nil {
		t.Fatal(err)
	}
	if lead.LeadID != 42 || lead.Phone != "" || lead.Company != "" {
		t.Errorf("lead = %+v", lead)
	}
	got := rec.only(t)
	if got.Method != http.MethodGet || got.Path != "/api/v1/leads/42" || len(got.Query) != 0 || len(got.Body) != 0 {
		t.Errorf("request = %s %s?%s body %q", got.Method, got.Path, got.Query.Encode(), got.Body)
	}
	if got.Header.Get("Idempotency-Key") != "" {
		t.Error("Idempotency-Key on a GET")
	}
}

func TestListLeads(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	rec := respond(t, mt, http.MethodGet, "/leads", http.StatusOK, "leads_page1.json")

	page, err := c.ListLeads(context.Background(), &cases.LeadListOptions{Email: "a+b@example.com", PageSize: 2, Cursor: "c1"})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 2 || page.Items[0].LeadID != 1 || page.Items[1].DisplayName != "Bea" || page.NextCursor != "c2" {
		t.Errorf("page = %+v", page)
	}
	if !page.Items[1].CreatedTime.Equal(dotNetDate) || !page.Items[1].UpdatedTime.IsZero() || !page.Items[0].UpdatedTime.IsZero() {
		t.Errorf("times = %+v", page.Items)
	}
	got := rec.only(t)
	want := map[string][]string{"email": {"a+b@example.com"}, "pageSize": {"2"}, "cursor": {"c1"}}
	if got.Path != "/api/v1/leads" || !reflect.DeepEqual(map[string][]string(got.Query), want) {
		t.Errorf("request = %s?%v, want query %v", got.Path, got.Query, want)
	}

	// nil options send no query at all.
	if _, err := c.ListLeads(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	if q := rec.all()[1].Query; len(q) != 0 {
		t.Errorf("query for nil options = %v", q)
	}
}

// pager answers a list with the fixture for the request's cursor.
func pager(t *testing.T, mt *httpmock.MockTransport, path string, byCursor map[string]string) *recorder {
	t.Helper()
	pages := map[string][]byte{}
	for cursor, fixture := range byCursor {
		pages[cursor] = readFixture(t, fixture)
	}
	rec := &recorder{}
	mt.RegisterResponder(http.MethodGet, apiURL+path, func(req *http.Request) (*http.Response, error) {
		rec.add(req)
		body, ok := pages[req.URL.Query().Get("cursor")]
		if !ok {
			return httpmock.NewStringResponse(http.StatusBadRequest, `{"Code":"invalid_cursor"}`), nil
		}
		return httpmock.NewBytesResponse(http.StatusOK, body), nil
	})
	return rec
}

func TestAllLeads(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	rec := pager(t, mt, "/leads", map[string]string{"": "leads_page1.json", "c2": "leads_page2.json"})

	opts := &cases.LeadListOptions{Email: "x@example.com", PageSize: 2}
	before := *opts
	var ids []int
	for lead, err := range c.AllLeads(context.Background(), opts) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, lead.LeadID)
	}
	if !reflect.DeepEqual(ids, []int{1, 2, 3}) {
		t.Errorf("ids = %v", ids)
	}
	if *opts != before {
		t.Errorf("opts changed to %+v", *opts)
	}
	calls := rec.all()
	if len(calls) != 2 {
		t.Fatalf("%d requests, want 2", len(calls))
	}
	for i, cursor := range []string{"", "c2"} {
		q := calls[i].Query
		if q.Get("cursor") != cursor || q.Get("pageSize") != "2" || q.Get("email") != "x@example.com" {
			t.Errorf("request %d query = %v", i, q)
		}
	}
}

func TestAllLeadsStopsEarly(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	pager(t, mt, "/leads", map[string]string{"": "leads_page1.json", "c2": "leads_page2.json"})
	for range c.AllLeads(context.Background(), nil) {
		break
	}
	wantCalls(t, mt, 1)
}

func TestLeadArguments(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	ctx := context.Background()

	_, err := c.GetLead(ctx, 0)
	wantInvalid(t, err, "leadID")
	_, err = c.ListLeads(ctx, &cases.LeadListOptions{PageSize: zchat.MaxPageSize + 1})
	wantInvalid(t, err, "LeadListOptions.PageSize")
	_, err = c.ListLeads(ctx, &cases.LeadListOptions{PageSize: -1})
	wantInvalid(t, err, "LeadListOptions.PageSize")
	for _, err := range c.AllLeads(ctx, &cases.LeadListOptions{PageSize: zchat.MaxPageSize + 1}) {
		wantInvalid(t, err, "LeadListOptions.PageSize")
	}
	_, err = c.UpsertLead(ctx, cases.LeadInput{})
	wantInvalid(t, err, "LeadInput.Email")
	wantCalls(t, mt, 0)
}
