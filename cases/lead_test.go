package cases_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"reflect"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"

	"github.com/zchat/zchat-go/cases"
	"github.com/zchat/zchat-go/internal/wiretest"
	"github.com/zchat/zchat-go/zchat"
)

func TestUpsertLeadCreated(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	rec := wiretest.RespondFixture(t, mt, http.MethodPost, "/leads", http.StatusCreated, "lead_created.json")

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

	wiretest.CheckWire(t, rec.Only(t), http.MethodPost, "/leads", nil,
		`{"Email":"ann@example.com","DisplayName":"Ann Lee","CustomerId":"Guest:@cust-8812"}`)
}

func TestUpsertLeadExisting(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	wiretest.RespondFixture(t, mt, http.MethodPost, "/leads", http.StatusOK, "lead_existing.json")

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
	mt.RegisterResponder(http.MethodPost, wiretest.BaseURL+"/leads", httpmock.NewStringResponder(http.StatusUnprocessableEntity,
		`{"Code":"validation_failed","Message":"Email is not a valid address","Fields":[{"Field":"Email","Message":"is not a valid address"}]}`))
	_, err := c.UpsertLead(context.Background(), cases.LeadInput{Email: "ann@example.com"})
	if !errors.Is(err, zchat.ErrValidation) {
		t.Fatalf("err = %v, want zchat.ErrValidation", err)
	}
}

func TestGetLead(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	rec := wiretest.RespondFixture(t, mt, http.MethodGet, "/leads/42", http.StatusOK, "lead_created.json")

	lead, err := c.GetLead(context.Background(), 42)
	if err != nil {
		t.Fatal(err)
	}
	if lead.LeadID != 42 || lead.Phone != "" || lead.Company != "" {
		t.Errorf("lead = %+v", lead)
	}
	wiretest.CheckWire(t, rec.Only(t), http.MethodGet, "/leads/42", nil, "")
}

func TestListLeads(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	rec := wiretest.RespondFixture(t, mt, http.MethodGet, "/leads", http.StatusOK, "leads_page1.json")

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
	wiretest.CheckWire(t, rec.Only(t), http.MethodGet, "/leads", url.Values{"email": {"a+b@example.com"}, "pageSize": {"2"}, "cursor": {"c1"}}, "")

	// nil options send no query at all.
	if _, err := c.ListLeads(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	reqs := rec.Requests()
	if len(reqs) != 2 {
		t.Fatalf("%d requests, want 2", len(reqs))
	}
	wiretest.CheckWire(t, reqs[1], http.MethodGet, "/leads", nil, "")
}

// pager answers a list with the fixture for the request's cursor.
func pager(t *testing.T, mt *httpmock.MockTransport, path string, byCursor map[string]string) *wiretest.Recorder {
	t.Helper()
	pages := wiretest.Pages{}
	for cursor, fixture := range byCursor {
		pages[cursor] = string(wiretest.LoadFixture(t, fixture))
	}
	return wiretest.RespondFunc(mt, http.MethodGet, path, pages.Answer)
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
	calls := rec.Requests()
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

func TestAllLeadsIsLazy(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	pager(t, mt, "/leads", map[string]string{"": "leads_page1.json", "c2": "leads_page2.json"})
	// Leads 1 and 2 are page 1: page 2 is not fetched after a break there.
	leads := wiretest.CheckLazyIteration(t, mt, c.AllLeads(context.Background(), nil), 1, 1)
	if len(leads) != 2 || leads[0].LeadID != 1 || leads[1].LeadID != 2 {
		t.Errorf("leads = %+v", leads)
	}
}

func TestLeadArguments(t *testing.T) {
	t.Parallel()
	wiretest.CheckInvalid(t, setup, []wiretest.Invalid[*cases.Client]{
		{Name: "GetLead id 0", Field: "leadID", Call: func(ctx context.Context, c *cases.Client) error {
			_, err := c.GetLead(ctx, 0)
			return err
		}},
		{Name: "ListLeads PageSize > max", Field: "LeadListOptions.PageSize", Call: func(ctx context.Context, c *cases.Client) error {
			_, err := c.ListLeads(ctx, &cases.LeadListOptions{PageSize: zchat.MaxPageSize + 1})
			return err
		}},
		{Name: "ListLeads PageSize < 0", Field: "LeadListOptions.PageSize", Call: func(ctx context.Context, c *cases.Client) error {
			_, err := c.ListLeads(ctx, &cases.LeadListOptions{PageSize: -1})
			return err
		}},
		{Name: "AllLeads PageSize > max", Field: "LeadListOptions.PageSize", Call: func(ctx context.Context, c *cases.Client) error {
			return wiretest.OnlyError(c.AllLeads(ctx, &cases.LeadListOptions{PageSize: zchat.MaxPageSize + 1}))
		}},
		{Name: "UpsertLead without Email", Field: "LeadInput.Email", Call: func(ctx context.Context, c *cases.Client) error {
			_, err := c.UpsertLead(ctx, cases.LeadInput{})
			return err
		}},
	})
}
