package cases_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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
	require.NoError(t, err)
	assert.True(t, created, "created for a 201")
	want := cases.Lead{
		LeadID: 42, Email: "ann@example.com", DisplayName: "Ann Lee",
		CustomerID:  "Guest:@cust-8812",
		CreatedTime: zchat.NewTime(dotNetDate),
		UpdatedTime: zchat.NewTime(isoNoOffset),
	}
	assert.True(t, lead.CreatedTime.Equal(want.CreatedTime.Time), "CreatedTime = %v, want %v", lead.CreatedTime, want.CreatedTime)
	assert.True(t, lead.UpdatedTime.Equal(want.UpdatedTime.Time), "UpdatedTime = %v, want %v", lead.UpdatedTime, want.UpdatedTime)
	lead.CreatedTime, lead.UpdatedTime = want.CreatedTime, want.UpdatedTime
	assert.Equal(t, want, *lead)

	wiretest.CheckWire(t, rec.Only(t), http.MethodPost, "/leads", nil,
		`{"Email":"ann@example.com","DisplayName":"Ann Lee","CustomerId":"Guest:@cust-8812"}`)
}

func TestUpsertLeadExisting(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	wiretest.RespondFixture(t, mt, http.MethodPost, "/leads", http.StatusOK, "lead_existing.json")

	lead, created, err := c.UpsertLeadCreated(context.Background(), cases.LeadInput{Email: "ann@example.com", Company: "Acme"})
	require.NoError(t, err)
	assert.False(t, created, "created for a 200")
	// Field names match case-insensitively, as the server's do.
	assert.Equal(t, 42, lead.LeadID)
	assert.Equal(t, "Ann@Example.com", lead.Email)
	assert.Equal(t, "+1 555 0100", lead.Phone)
	assert.Equal(t, "Acme", lead.Company)
	assert.Empty(t, lead.CustomerID)
	assert.True(t, lead.CreatedTime.Equal(dotNetDate), "CreatedTime = %v, want %v", lead.CreatedTime, dotNetDate)
	want := time.Date(2026, 11, 24, 3, 52, 27, 500_000_000, time.UTC)
	assert.True(t, lead.UpdatedTime.Equal(want), "UpdatedTime = %v, want %v", lead.UpdatedTime, want)

	// UpsertLead is the same call without the flag.
	l, err := c.UpsertLead(context.Background(), cases.LeadInput{Email: "ann@example.com"})
	require.NoError(t, err)
	assert.Equal(t, 42, l.LeadID)
}

func TestUpsertLeadServerError(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	mt.RegisterResponder(http.MethodPost, wiretest.BaseURL+"/leads", httpmock.NewStringResponder(http.StatusUnprocessableEntity,
		`{"Code":"validation_failed","Message":"Email is not a valid address","Fields":[{"Field":"Email","Message":"is not a valid address"}]}`))
	_, err := c.UpsertLead(context.Background(), cases.LeadInput{Email: "ann@example.com"})
	require.ErrorIs(t, err, zchat.ErrValidation)
}

func TestGetLead(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	rec := wiretest.RespondFixture(t, mt, http.MethodGet, "/leads/42", http.StatusOK, "lead_created.json")

	lead, err := c.GetLead(context.Background(), 42)
	require.NoError(t, err)
	assert.Equal(t, 42, lead.LeadID)
	assert.Empty(t, lead.Phone)
	assert.Empty(t, lead.Company)
	wiretest.CheckWire(t, rec.Only(t), http.MethodGet, "/leads/42", nil, "")
}

func TestListLeads(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	rec := wiretest.RespondFixture(t, mt, http.MethodGet, "/leads", http.StatusOK, "leads_page1.json")

	page, err := c.ListLeads(context.Background(), &cases.LeadListOptions{Email: "a+b@example.com", PageSize: 2, Cursor: "c1"})
	require.NoError(t, err)
	require.Len(t, page.Items, 2)
	assert.Equal(t, 1, page.Items[0].LeadID)
	assert.Equal(t, "Bea", page.Items[1].DisplayName)
	assert.Equal(t, "c2", page.NextCursor)
	assert.True(t, page.Items[1].CreatedTime.Equal(dotNetDate), "times = %+v", page.Items)
	assert.True(t, page.Items[1].UpdatedTime.IsZero(), "times = %+v", page.Items)
	assert.True(t, page.Items[0].UpdatedTime.IsZero(), "times = %+v", page.Items)
	wiretest.CheckWire(t, rec.Only(t), http.MethodGet, "/leads", url.Values{"email": {"a+b@example.com"}, "pageSize": {"2"}, "cursor": {"c1"}}, "")

	// nil options send no query at all.
	_, err = c.ListLeads(context.Background(), nil)
	require.NoError(t, err)
	reqs := rec.Requests()
	require.Equal(t, 2, len(reqs))
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
		require.NoError(t, err)
		ids = append(ids, lead.LeadID)
	}
	assert.Equal(t, []int{1, 2, 3}, ids)
	assert.Equal(t, before, *opts)
	calls := rec.Requests()
	require.Equal(t, 2, len(calls))
	for i, cursor := range []string{"", "c2"} {
		q := calls[i].Query
		assert.Equal(t, cursor, q.Get("cursor"), "request %d", i)
		assert.Equal(t, "2", q.Get("pageSize"), "request %d", i)
		assert.Equal(t, "x@example.com", q.Get("email"), "request %d", i)
	}
}

func TestAllLeadsIsLazy(t *testing.T) {
	t.Parallel()
	c, mt := setup(t)
	pager(t, mt, "/leads", map[string]string{"": "leads_page1.json", "c2": "leads_page2.json"})
	// Leads 1 and 2 are page 1: page 2 is not fetched after a break there.
	leads := wiretest.CheckLazyIteration(t, mt, c.AllLeads(context.Background(), nil), 1, 1)
	require.Len(t, leads, 2)
	assert.Equal(t, 1, leads[0].LeadID)
	assert.Equal(t, 2, leads[1].LeadID)
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
