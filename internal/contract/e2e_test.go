package contract_test

// The SDK's whole surface, run end to end against zchattest, with every
// request the SDK sends and every response zchattest returns validated
// against docs/openapi.yaml, and every notification checked against the
// document's webhooks and verified with the webhook package. A mismatch
// between any two of the three fails here.

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/agents"
	"github.com/zchat/zchat-go/cases"
	"github.com/zchat/zchat-go/departments"
	"github.com/zchat/zchat-go/internal/apispec"
	"github.com/zchat/zchat-go/internal/contract"
	"github.com/zchat/zchat-go/internal/wiretest"
	"github.com/zchat/zchat-go/messages"
	"github.com/zchat/zchat-go/sessions"
	"github.com/zchat/zchat-go/webhook"
	"github.com/zchat/zchat-go/zchat"
	"github.com/zchat/zchat-go/zchattest"
)

// checker is an http.RoundTripper that validates each exchange against the
// contract and records which operations and statuses it saw.
type checker struct {
	t      *testing.T
	router routers.Router
	next   http.RoundTripper

	mu       sync.Mutex
	seen     map[string]map[int]int // operationId → status → count
	failures []string
}

func newChecker(t *testing.T, doc *openapi3.T) *checker {
	router, err := contract.Router(doc)
	require.NoError(t, err)
	return &checker{t: t, router: router, next: http.DefaultTransport.(*http.Transport).Clone(), seen: map[string]map[int]int{}}
}

func (c *checker) fail(format string, args ...any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.failures = append(c.failures, fmt.Sprintf(format, args...))
}

func (c *checker) RoundTrip(req *http.Request) (*http.Response, error) {
	what := req.Method + " " + req.URL.RequestURI()
	named := req.Header.Get(operationHeader)
	if named != "" {
		req = req.Clone(req.Context())
		req.Header.Del(operationHeader)
	}
	route, params, err := c.router.FindRoute(req)
	if err != nil {
		c.fail("%s: not in docs/openapi.yaml: %v", what, err)
		return c.next.RoundTrip(req)
	}
	if named != "" && named != route.Operation.OperationID+" "+route.Path {
		c.fail("%s: the SDK named it %s, docs/openapi.yaml routes it to %s %s", what, named, route.Operation.OperationID, route.Path)
	}
	opts := &openapi3filter.Options{
		AuthenticationFunc:    contract.BearerAuth(""), // any key: a wrong one is still a well-formed request
		IncludeResponseStatus: true,
		SkipSettingDefaults:   true,
	}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route, Options: opts}
	if err := openapi3filter.ValidateRequest(req.Context(), in); err != nil {
		c.fail("%s: the SDK's request breaks the contract: %v", what, err)
	}
	resp, err := c.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if err := openapi3filter.ValidateResponse(req.Context(), &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in, Status: resp.StatusCode, Header: resp.Header,
		Body: io.NopCloser(bytes.NewReader(body)), Options: opts,
	}); err != nil {
		c.fail("%s → %d: zchattest's answer breaks the contract: %v\nbody: %.300s", what, resp.StatusCode, err, body)
	}
	c.mu.Lock()
	if c.seen[route.Operation.OperationID] == nil {
		c.seen[route.Operation.OperationID] = map[int]int{}
	}
	c.seen[route.Operation.OperationID][resp.StatusCode]++
	c.mu.Unlock()
	return resp, nil
}

// report fails the test with every contract violation seen.
func (c *checker) report() {
	c.t.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, f := range c.failures {
		c.t.Error(f)
	}
}

// operationHeader carries, from the SDK's observer to the checker, the
// operation and path template an SDK method named for a request, so that
// the checker can compare them with where the document routes it.
const operationHeader = "X-Contract-Operation"

// apiOperations lists the operationIds of every path of the document.
func apiOperations(doc *openapi3.T) []string {
	var ids []string
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			ids = append(ids, op.OperationID)
		}
	}
	sort.Strings(ids)
	return ids
}

func TestSDKAgainstZchattestAgainstContract(t *testing.T) {
	doc, err := contract.Load()
	require.NoError(t, err)
	for _, format := range []zchattest.TimeFormat{zchattest.TimeRFC3339, zchattest.TimeDotNet, zchattest.TimeDotNetLegacy} {
		t.Run(format.String(), func(t *testing.T) {
			check := newChecker(t, doc)
			srv := zchattest.NewServer(zchattest.WithDemoData(), zchattest.WithTimeFormat(format))
			defer srv.Close()
			notified := receiveNotifications(t, doc, srv)
			calls := runWholeSurface(t, srv, &http.Client{Transport: check})
			simulateChat(t, srv)

			// The document, the SDK's table and its methods, and zchattest
			// have the same operations.
			require.NoError(t, contract.CheckOperations(doc, contract.Operations{
				Table: apispec.Operations(), Calls: calls, Served: srv.Operations(),
			}))

			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			require.NoError(t, srv.WaitDeliveries(ctx, len(srv.Events())))
			check.report()

			// Every operation of the contract was exercised.
			for _, id := range apiOperations(doc) {
				assert.NotEmpty(t, check.seen[id], "operation %s never ran", id)
			}
			// Every notification type of the contract arrived, verified.
			for typ := range doc.Webhooks {
				assert.Positive(t, notified.count(typ), "no verified %s notification", typ)
			}
		})
	}
}

// runWholeSurface calls every SDK operation, the error paths included,
// through hc, and returns the calls as the SDK's methods named them.
func runWholeSurface(t *testing.T, srv *zchattest.Server, hc *http.Client) []zchat.CallInfo {
	ctx := context.Background()
	rec := &wiretest.Calls{Header: operationHeader}
	c := srv.Client(zchat.WithHTTPClient(hc), zchat.WithRetryMax(0), zchat.WithObserver(rec))
	info, err := c.Ping(ctx)
	require.NoError(t, err)
	assert.NotEmpty(t, info.Version)

	// Agents.
	ac := agents.New(c)
	list, err := ac.List(ctx)
	require.NoError(t, err)
	require.NotEmpty(t, list)
	_, err = ac.Get(ctx, list[0].UserID)
	require.NoError(t, err)
	created, err := ac.Create(ctx, agents.Agent{LoginName: "contract.agent", DisplayName: "Contract Agent", Email: "contract@example.com", Password: "Secr3t-pass"})
	require.NoError(t, err)
	_, err = ac.Create(ctx, agents.Agent{LoginName: "CONTRACT.agent", Password: "x-Secr3t"})
	assert.ErrorIs(t, err, zchat.ErrConflict)
	_, err = ac.Update(ctx, created.UserID, agents.Agent{LoginName: "contract.agent", DisplayName: "Renamed", IsAdmin: true})
	require.NoError(t, err)
	_, err = ac.Get(ctx, 999_999)
	assert.ErrorIs(t, err, zchat.ErrNotFound)

	// Departments.
	dc := departments.New(c)
	depts, err := dc.List(ctx)
	require.NoError(t, err)
	require.NotEmpty(t, depts)
	d, err := dc.Create(ctx, departments.Department{Name: "Contract Desk", Description: "made by the contract test"})
	require.NoError(t, err)
	_, err = dc.Create(ctx, departments.Department{Name: "contract desk"})
	assert.ErrorIs(t, err, zchat.ErrConflict)
	_, err = dc.Update(ctx, d.DepartmentID, departments.Department{Name: "Contract Desk", Description: "changed"})
	require.NoError(t, err)
	require.NoError(t, dc.AddAgent(ctx, d.DepartmentID, created.UserID))
	require.NoError(t, dc.AddAgent(ctx, d.DepartmentID, created.UserID), "adding twice is fine")
	got, err := dc.Get(ctx, d.DepartmentID)
	require.NoError(t, err)
	assert.Len(t, got.Agents, 1)
	require.NoError(t, dc.RemoveAgent(ctx, d.DepartmentID, created.UserID))

	// Sessions, a live one from the simulation among the demo's finished ones.
	live, err := srv.StartSession(zchattest.Visitor{DisplayName: "Contract Visitor", Email: "visitor@example.com", Question: "Is this the contract?", DepartmentID: depts[0].DepartmentID})
	require.NoError(t, err)
	sc := sessions.New(c)
	page, err := sc.List(ctx, &sessions.ListOptions{PageSize: 2})
	require.NoError(t, err)
	require.NotEmpty(t, page.Items)
	n := 0
	for s, err := range sc.All(ctx, &sessions.ListOptions{PageSize: 1, Since: zchattest.DemoBaseTime.Add(-24 * time.Hour), Status: sessions.StatusEnded}) {
		require.NoError(t, err)
		assert.False(t, s.BeginTime.IsZero())
		n++
	}
	assert.Positive(t, n)
	_, err = sc.List(ctx, &sessions.ListOptions{Status: sessions.StatusActive, DepartmentID: depts[0].DepartmentID, Email: "visitor@example.com",
		AgentUserID: zchat.UserChatID(list[0].UserID), CustomerID: live.CustomerID, Until: time.Now().Add(time.Hour)})
	require.NoError(t, err)
	_, err = sc.Get(ctx, live.SessionID)
	require.NoError(t, err)
	_, err = sc.Transfer(ctx, live.SessionID, sessions.Transfer{AgentUserID: zchat.UserChatID(list[0].UserID)})
	require.NoError(t, err)
	_, err = sc.Transfer(ctx, live.SessionID, sessions.Transfer{AgentUserID: "User:999999"})
	assert.ErrorIs(t, err, zchat.ErrValidation)

	// Messages.
	mc := messages.New(c)
	sent, err := mc.Send(ctx, live.SessionID, messages.NewMessage{Text: "Hello from the contract test"})
	require.NoError(t, err)
	assert.Equal(t, live.SessionID, sent.SessionID)
	_, err = mc.List(ctx, live.SessionID, &messages.ListOptions{AfterMessageID: 0, PageSize: 1})
	require.NoError(t, err)
	for _, err := range mc.All(ctx, page.Items[0].SessionID, &messages.ListOptions{PageSize: 2}) {
		require.NoError(t, err)
	}
	var transcript bytes.Buffer
	_, err = mc.ExportTranscript(ctx, page.Items[0].SessionID, &transcript, nil)
	require.NoError(t, err)
	_, err = sc.Close(ctx, live.SessionID)
	require.NoError(t, err)
	_, err = sc.Close(ctx, live.SessionID)
	require.NoError(t, err, "closing an ended session is a no-op")

	// Leads, cases and notes.
	cc := cases.New(c)
	lead, createdLead, err := cc.UpsertLeadCreated(ctx, cases.LeadInput{Email: "Lead.Contract@example.com", DisplayName: "Lead Contract", CustomerID: live.CustomerID})
	require.NoError(t, err)
	assert.True(t, createdLead)
	again, createdLead, err := cc.UpsertLeadCreated(ctx, cases.LeadInput{Email: "lead.contract@EXAMPLE.com", Phone: "+351 555 0100"})
	require.NoError(t, err)
	assert.False(t, createdLead)
	assert.Equal(t, lead.LeadID, again.LeadID)
	_, err = cc.GetLead(ctx, lead.LeadID)
	require.NoError(t, err)
	_, err = cc.ListLeads(ctx, &cases.LeadListOptions{Email: "lead.contract@example.com"})
	require.NoError(t, err)
	for _, err := range cc.AllLeads(ctx, &cases.LeadListOptions{PageSize: 1}) {
		require.NoError(t, err)
	}
	_, err = cc.ListLeads(ctx, &cases.LeadListOptions{Cursor: "not-a-cursor"})
	var apiErr *zchat.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, zchat.CodeInvalidCursor, apiErr.Code)

	debug := cases.DebugFromSession(page.Items[0])
	require.NoError(t, debug.AddLog("error", "checkout failed"))
	require.NoError(t, debug.SetProperty("cart", "3 items"))
	require.NoError(t, debug.AttachBytes("console.txt", "", []byte("TypeError: x is undefined\n")))
	debug.SetStackTrace("at checkout (app.js:12)")
	kase, err := cc.SubmitCase(ctx, lead.LeadID, cases.CaseInput{Subject: "Checkout fails", Description: "From the contract test", Priority: cases.PriorityHigh, SessionID: live.SessionID, Debug: debug})
	require.NoError(t, err)
	assert.Equal(t, cases.StatusOpen, kase.Status)
	_, err = cc.GetCase(ctx, kase.CaseID)
	require.NoError(t, err)
	_, err = cc.ListCases(ctx, lead.LeadID, &zchat.ListOptions{PageSize: 10})
	require.NoError(t, err)
	_, err = cc.SubmitNote(ctx, lead.LeadID, cases.NoteInput{Text: "Called back", CaseID: kase.CaseID, Debug: debug})
	require.NoError(t, err)
	for _, err := range cc.AllNotes(ctx, lead.LeadID, nil) {
		require.NoError(t, err)
	}
	_, _, err = cc.SubmitCaseForEmail(ctx, "contract-flow-1", cases.LeadInput{Email: "flow@example.com"}, cases.CaseInput{Subject: "Flow"})
	require.NoError(t, err)

	// A wrong key.
	bad := srv.Client(zchat.WithAPIKey("wrong-key"), zchat.WithHTTPClient(hc), zchat.WithRetryMax(0), zchat.WithObserver(rec))
	_, err = bad.Ping(ctx)
	assert.ErrorIs(t, err, zchat.ErrUnauthorized)

	// Deleting, last.
	require.NoError(t, dc.Delete(ctx, d.DepartmentID))
	require.NoError(t, ac.Delete(ctx, created.UserID))
	assert.ErrorIs(t, ac.Delete(ctx, created.UserID), zchat.ErrNotFound)
	return rec.All()
}

// simulateChat drives a chat through every state, so every session and
// agent notification is emitted.
func simulateChat(t *testing.T, srv *zchattest.Server) {
	s, err := srv.PlayChat(zchattest.Chat{
		Visitor:     zchattest.Visitor{DisplayName: "Sim Visitor", Email: "sim@example.com", Question: "Hi"},
		AgentUserID: 1,
		Lines:       []zchattest.Line{{Text: "My order is late"}, {FromAgent: true, Text: "Let me check"}},
		KeepOpen:    true, // transferred, rated and ended below
	})
	require.NoError(t, err)
	_, err = srv.TransferSession(s.SessionID, 2, 0)
	require.NoError(t, err)
	_, err = srv.Rate(s.SessionID, 4)
	require.NoError(t, err)
	_, err = srv.End(s.SessionID)
	require.NoError(t, err)
	_, err = srv.SetAgentStatus(1, webhook.StatusAway)
	require.NoError(t, err)
}

// notifications counts the verified notifications a receiver got, by type.
type notifications struct {
	mu     sync.Mutex
	byType map[string]int
}

func (n *notifications) count(typ string) int {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.byType[typ]
}

// receiveNotifications points srv's notifications at a receiver that checks
// each body against the document's webhook schema and then hands it to
// webhook.NewHandler, which verifies the signature.
func receiveNotifications(t *testing.T, doc *openapi3.T, srv *zchattest.Server) *notifications {
	got := &notifications{byType: map[string]int{}}
	handler := webhook.NewHandler(srv.APIKey, func(_ context.Context, e *webhook.Event) error {
		got.mu.Lock()
		got.byType[e.Type]++
		got.mu.Unlock()
		return nil
	})
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		if err := contract.ValidateJSON(doc, "Event", body); err != nil {
			t.Errorf("notification breaks the contract: %v\n%.300s", err, body)
		}
		typ := eventType(body)
		if _, err := contract.Webhook(doc, typ); err != nil {
			t.Errorf("notification type %q is not in the contract's webhooks", typ)
		}
		if err := webhook.Verify(srv.APIKey, r.Header, body); err != nil {
			t.Errorf("notification does not verify: %v", err)
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		handler.ServeHTTP(w, r)
	}))
	t.Cleanup(receiver.Close)
	srv.SetNotificationURL(receiver.URL + "/zchat/notify")
	return got
}

func eventType(body []byte) string {
	e, err := webhook.Parse(body)
	if err != nil {
		return ""
	}
	return e.Type
}

// stubTransport answers every request with one canned response.
type stubTransport struct {
	status int
	body   string
}

func (s stubTransport) RoundTrip(*http.Request) (*http.Response, error) {
	return &http.Response{
		StatusCode: s.status,
		Header:     http.Header{"Content-Type": {"application/json"}, "X-Request-Id": {"0HN8STUB0000:00000001"}},
		Body:       io.NopCloser(strings.NewReader(s.body)),
	}, nil
}

// The checker itself must catch a broken exchange, or the test above would
// prove nothing.
func TestCheckerCatchesViolations(t *testing.T) {
	doc, err := contract.Load()
	require.NoError(t, err)
	tests := []struct {
		name   string
		stub   stubTransport
		call   func(c *zchat.Client) error
		expect string
	}{
		{"a password in a response", stubTransport{200, `{"UserId":3,"LoginName":"ana","DisplayName":"","Email":"","IsAdmin":false,"Disabled":false,"Password":"leak"}`},
			func(c *zchat.Client) error { _, err := agents.New(c).Get(context.Background(), 3); return err }, "answer breaks the contract"},
		{"a wrong type", stubTransport{200, `{"UserId":"three"}`},
			func(c *zchat.Client) error { _, err := agents.New(c).Get(context.Background(), 3); return err }, "answer breaks the contract"},
		{"an undocumented status", stubTransport{418, `{"Code":"teapot","Message":"no"}`},
			func(c *zchat.Client) error { _, err := agents.New(c).Get(context.Background(), 3); return err }, "answer breaks the contract"},
		{"a path the contract lacks", stubTransport{200, `{}`},
			func(c *zchat.Client) error { return c.Get(context.Background(), "/nowhere", nil, nil) }, "not in docs/openapi.yaml"},
		{"a request body the contract refuses", stubTransport{201, `{}`},
			func(c *zchat.Client) error {
				return c.Post(context.Background(), zchat.Path("leads", 1, "cases"), map[string]any{"Subject": 42}, nil)
			}, "request breaks the contract"},
		{"an operation named for another route", stubTransport{200, `{}`},
			func(c *zchat.Client) error {
				_, err := c.Do(context.Background(), &zchat.Request{Method: "GET", Path: zchat.Path("leads", 1), Operation: "getCase", Pattern: "/cases/{caseId}"}, nil)
				return err
			}, "the SDK named it getCase /cases/{caseId}, docs/openapi.yaml routes it to getLead /leads/{leadId}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			check := newChecker(t, doc) // its report is not called: the failures are the point
			check.next = tt.stub
			c, err := zchat.NewClient("http://zchat.test", zchat.WithAPIKey("k"), zchat.WithHTTPClient(&http.Client{Transport: check}), zchat.WithRetryMax(0), zchat.WithObserver(&wiretest.Calls{Header: operationHeader}))
			require.NoError(t, err)
			_ = tt.call(c)
			check.mu.Lock()
			defer check.mu.Unlock()
			require.NotEmpty(t, check.failures, "the checker let it pass")
			assert.Contains(t, strings.Join(check.failures, "\n"), tt.expect)
		})
	}
}
