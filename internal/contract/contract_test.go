package contract

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"github.com/zchat/zchat-go/internal/apispec"
)

func load(t *testing.T) *openapi3.T {
	t.Helper()
	doc, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// TestValidate checks docs/openapi.yaml against the OpenAPI 3.1 specification.
// doc.Validate turns on JSON Schema 2020-12 rules itself for an "openapi: 3.1.x"
// document (type arrays, const, webhooks, …); examples and defaults are checked
// against their schemas and every pattern must compile.
func TestValidate(t *testing.T) {
	doc := load(t)
	if !doc.IsOpenAPI31OrLater() || doc.OpenAPI != "3.1.0" {
		t.Fatalf("openapi = %q, want 3.1.0", doc.OpenAPI)
	}
	err := doc.Validate(context.Background(),
		openapi3.EnableMultiError(),
		openapi3.EnableExamplesValidation(),
		openapi3.EnableSchemaDefaultsValidation(),
		openapi3.EnableSchemaPatternValidation(),
		openapi3.ProhibitExtensionsWithRef(),
	)
	if err != nil {
		t.Fatal(err)
	}
}

// TestSchemaExamples checks every `examples` entry of the document's schemas against
// its schema: doc.Validate checks the OpenAPI 3.0 `example` keyword but not the JSON
// Schema `examples` array of 3.1.
func TestSchemaExamples(t *testing.T) {
	doc := load(t)
	seen := map[*openapi3.Schema]bool{}
	n := 0
	var walk func(where string, ref *openapi3.SchemaRef)
	walk = func(where string, ref *openapi3.SchemaRef) {
		if ref == nil || ref.Value == nil || seen[ref.Value] {
			return
		}
		s := ref.Value
		seen[s] = true
		for i, ex := range s.Examples {
			n++
			if err := s.VisitJSON(ex, openapi3.EnableJSONSchema2020()); err != nil {
				t.Errorf("%s: examples[%d] = %#v: %v", where, i, ex, err)
			}
		}
		for name, p := range s.Properties {
			walk(where+"."+name, p)
		}
		walk(where+"[]", s.Items)
		for _, group := range []openapi3.SchemaRefs{s.AllOf, s.AnyOf, s.OneOf} {
			for i, sub := range group {
				walk(fmt.Sprintf("%s/%d", where, i), sub)
			}
		}
	}
	for name, ref := range doc.Components.Schemas {
		walk("schemas."+name, ref)
	}
	for name, ref := range doc.Components.Parameters {
		walk("parameters."+name, ref.Value.Schema)
	}
	for name, ref := range doc.Components.Headers {
		walk("headers."+name, ref.Value.Schema)
	}
	if n == 0 {
		t.Fatal("no examples found")
	}
}

// endpoint is what the document must say of one operation of the SDK's
// table (internal/apispec) beyond its method and path template.
type endpoint struct {
	op         apispec.Operation
	body       bool // has a JSON request body
	conflict   bool // can answer 409
	badRequest bool // can answer 400
	success    []string
}

// byID reports whether the operation has a path id, so can answer 404.
func (e endpoint) byID() bool { return len(e.op.Params()) > 0 }

// endpoints is ZCHAT-API.md §3, one row per operation.
var endpoints = []endpoint{
	{op: apispec.Ping, success: []string{"200"}},
	{op: apispec.ListAgents, success: []string{"200"}},
	{op: apispec.GetAgent, success: []string{"200"}},
	{op: apispec.CreateAgent, body: true, conflict: true, badRequest: true, success: []string{"201"}},
	{op: apispec.UpdateAgent, body: true, conflict: true, badRequest: true, success: []string{"200"}},
	{op: apispec.DeleteAgent, success: []string{"204"}},
	{op: apispec.ListDepartments, success: []string{"200"}},
	{op: apispec.GetDepartment, success: []string{"200"}},
	{op: apispec.CreateDepartment, body: true, conflict: true, badRequest: true, success: []string{"201"}},
	{op: apispec.UpdateDepartment, body: true, conflict: true, badRequest: true, success: []string{"200"}},
	{op: apispec.DeleteDepartment, success: []string{"204"}},
	{op: apispec.AddDepartmentAgent, success: []string{"204"}},
	{op: apispec.RemoveDepartmentAgent, success: []string{"204"}},
	{op: apispec.ListSessions, badRequest: true, success: []string{"200"}},
	{op: apispec.GetSession, success: []string{"200"}},
	{op: apispec.TransferSession, body: true, conflict: true, badRequest: true, success: []string{"200"}},
	{op: apispec.CloseSession, conflict: true, badRequest: true, success: []string{"200"}},
	{op: apispec.ListMessages, badRequest: true, success: []string{"200"}},
	{op: apispec.SendMessage, body: true, conflict: true, badRequest: true, success: []string{"201"}},
	{op: apispec.UpsertLead, body: true, conflict: true, badRequest: true, success: []string{"200", "201"}},
	{op: apispec.ListLeads, badRequest: true, success: []string{"200"}},
	{op: apispec.GetLead, success: []string{"200"}},
	{op: apispec.SubmitCase, body: true, conflict: true, badRequest: true, success: []string{"201"}},
	{op: apispec.ListCases, badRequest: true, success: []string{"200"}},
	{op: apispec.GetCase, success: []string{"200"}},
	{op: apispec.SubmitNote, body: true, conflict: true, badRequest: true, success: []string{"201"}},
	{op: apispec.ListNotes, badRequest: true, success: []string{"200"}},
}

// queryParams are the query parameters of the listing operations, as §3 names them.
var queryParams = map[string][]string{
	"listSessions": {"since", "until", "status", "departmentId", "agentUserId", "customerId", "email", "pageSize", "cursor"},
	"listMessages": {"afterMessageId", "pageSize", "cursor"},
	"listLeads":    {"email", "pageSize", "cursor"},
	"listCases":    {"pageSize", "cursor"},
	"listNotes":    {"pageSize", "cursor"},
}

func refOf(ref string) string { return ref[strings.LastIndex(ref, "/")+1:] }

func TestEndpoints(t *testing.T) {
	doc := load(t)

	want := map[string]bool{}
	for _, e := range endpoints {
		want[e.op.Method+" "+e.op.Pattern] = true
	}
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			if !want[method+" "+path] {
				t.Errorf("%s %s is in openapi.yaml but not in ZCHAT-API.md §3", method, path)
			}
		}
	}

	for _, e := range endpoints {
		t.Run(e.op.ID, func(t *testing.T) {
			item := doc.Paths.Value(e.op.Pattern)
			if item == nil {
				t.Fatalf("path %s missing", e.op.Pattern)
			}
			op := item.GetOperation(e.op.Method)
			if op == nil {
				t.Fatalf("%s %s missing", e.op.Method, e.op.Pattern)
			}
			if op.OperationID != e.op.ID {
				t.Errorf("operationId = %q, want %q", op.OperationID, e.op.ID)
			}

			// Path parameters: integers >= 1, declared once per {name}.
			params := append(slices.Clone(item.Parameters), op.Parameters...)
			for _, seg := range strings.Split(e.op.Pattern, "/") {
				name, ok := strings.CutPrefix(seg, "{")
				if !ok {
					continue
				}
				name = strings.TrimSuffix(name, "}")
				p := params.GetByInAndName("path", name)
				if p == nil {
					t.Errorf("path parameter %s not declared", name)
					continue
				}
				s := p.Schema.Value
				if !p.Required || !s.Type.Is("integer") || s.Min == nil || *s.Min != 1 {
					t.Errorf("path parameter %s: want required integer with minimum 1", name)
				}
			}
			for _, q := range queryParams[e.op.ID] {
				if params.GetByInAndName("query", q) == nil {
					t.Errorf("query parameter %s missing", q)
				}
			}

			// Idempotency-Key on every POST.
			if e.op.Method == "POST" {
				p := params.GetByInAndName("header", "Idempotency-Key")
				if p == nil {
					t.Errorf("POST without Idempotency-Key parameter")
				} else if s := p.Schema.Value; s.MinLength != 1 || s.MaxLength == nil || *s.MaxLength != 255 || s.Pattern == "" {
					t.Errorf("Idempotency-Key schema: want 1–255 chars with a pattern")
				}
			}
			if (op.RequestBody != nil) != e.body {
				t.Errorf("has request body = %v, want %v", op.RequestBody != nil, e.body)
			}
			if e.body && (op.RequestBody.Value == nil || !op.RequestBody.Value.Required || op.RequestBody.Value.Content.Get("application/json") == nil) {
				t.Errorf("request body: want required application/json")
			}

			// Responses: the success statuses and every error that can happen.
			statuses := slices.Clone(e.success)
			statuses = append(statuses, "401", "403", "429", "500", "502", "503", "504")
			if e.byID() {
				statuses = append(statuses, "404")
			}
			if e.badRequest {
				statuses = append(statuses, "400")
			}
			if e.body {
				statuses = append(statuses, "413", "422")
			}
			if e.op.Method == "POST" {
				statuses = append(statuses, "409", "422") // in-flight idempotency key, idempotency_mismatch
			}
			if e.conflict {
				statuses = append(statuses, "409")
			}
			slices.Sort(statuses)
			statuses = slices.Compact(statuses)
			var got []string
			for code := range op.Responses.Map() {
				got = append(got, code)
			}
			slices.Sort(got)
			if !slices.Equal(got, statuses) {
				t.Errorf("responses = %v, want %v", got, statuses)
			}

			errorResponses := map[string]string{
				"400": "BadRequest", "401": "Unauthorized", "403": "Forbidden", "404": "NotFound",
				"409": "Conflict", "413": "PayloadTooLarge", "422": "ValidationFailed",
				"429": "RateLimited", "500": "Internal", "502": "BadGateway", "503": "Unavailable",
				"504": "GatewayTimeout",
			}
			for code, ref := range op.Responses.Map() {
				if name, ok := errorResponses[code]; ok && refOf(ref.Ref) != name {
					t.Errorf("response %s = %q, want a $ref to components/responses/%s", code, ref.Ref, name)
				}
				resp := ref.Value
				switch code {
				case "502", "504":
					if resp.Content.Get("text/html") == nil {
						t.Errorf("response %s: want text/html content", code)
					}
				default:
					h := resp.Headers["X-Request-Id"]
					if h == nil || !strings.HasPrefix(refOf(h.Ref), "X-Request-Id") {
						t.Errorf("response %s: want the X-Request-Id header from components/headers", code)
					}
				}
				if code == "204" && len(resp.Content) != 0 {
					t.Errorf("204 with content")
				}
				if slices.Contains(e.success, code) && code != "204" && resp.Content.Get("application/json") == nil {
					t.Errorf("response %s: want application/json content", code)
				}
			}
			if h := op.Responses.Status(429).Value.Headers["Retry-After"]; h == nil || !h.Value.Required {
				t.Errorf("429: want a required Retry-After header")
			}
			if h := op.Responses.Status(503).Value.Headers["Retry-After"]; h == nil {
				t.Errorf("503: want a Retry-After header")
			}
			if op.Responses.Status(503).Value.Content.Get("text/html") == nil {
				t.Errorf("503: want text/html content too (proxy pages)")
			}
		})
	}
}

func TestGlobalSettings(t *testing.T) {
	doc := load(t)

	if len(doc.Servers) == 0 {
		t.Fatal("no servers")
	}
	bp := doc.Servers[0].Variables["basePath"]
	if bp == nil || bp.Default != "/api/v1" {
		t.Errorf("servers[0]: want a basePath variable defaulting to /api/v1")
	}
	if len(doc.Security) != 1 || doc.Security[0][SecuritySchemeName] == nil {
		t.Errorf("security: want the %s scheme applied globally", SecuritySchemeName)
	}
	ss := doc.Components.SecuritySchemes[SecuritySchemeName]
	if ss == nil || ss.Value.Type != "http" || ss.Value.Scheme != "bearer" {
		t.Errorf("securitySchemes.%s: want http bearer", SecuritySchemeName)
	}

	raw, ok := doc.Info.Extensions["x-decisions"].([]any)
	if !ok || len(raw) == 0 {
		t.Fatalf("info.x-decisions: want a non-empty list, got %T", doc.Info.Extensions["x-decisions"])
	}
	seen := map[string]bool{}
	for i, d := range raw {
		m, _ := d.(map[string]any)
		id, _ := m["id"].(string)
		text, _ := m["decision"].(string)
		if id == "" || text == "" {
			t.Errorf("x-decisions[%d]: want id and decision", i)
			continue
		}
		if seen[id] {
			t.Errorf("x-decisions: %s twice", id)
		}
		seen[id] = true
		if !strings.Contains(doc.Info.Description, "`"+id+"`") {
			t.Errorf("info.description does not list decision %s", id)
		}
	}

	codes := []string{"invalid_request", "invalid_cursor", "unauthorized", "forbidden", "not_found", "conflict",
		"payload_too_large", "validation_failed", "idempotency_mismatch", "rate_limited", "internal", "unavailable"}
	var got []string
	for _, c := range doc.Components.Schemas["Error"].Value.Properties["Code"].Value.Enum {
		got = append(got, c.(string))
	}
	if !slices.Equal(got, codes) {
		t.Errorf("Error.Code enum = %v, want %v", got, codes)
	}
}

var eventTypes = map[string]string{
	"session.started":      "SupportSession",
	"session.accepted":     "SupportSession",
	"session.transferred":  "SupportSession",
	"session.ended":        "SupportSession",
	"session.rated":        "SupportSession",
	"message.created":      "ChatMsgData",
	"lead.created":         "Lead",
	"case.created":         "Case",
	"note.created":         "Note",
	"agent.status_changed": "AgentStatus",
}

func TestWebhooks(t *testing.T) {
	doc := load(t)
	if len(doc.Webhooks) != len(eventTypes) {
		t.Errorf("%d webhooks, want %d", len(doc.Webhooks), len(eventTypes))
	}
	for typ, data := range eventTypes {
		t.Run(typ, func(t *testing.T) {
			op, err := Webhook(doc, typ)
			if err != nil {
				t.Fatal(err)
			}
			if op.Security == nil || len(*op.Security) != 0 {
				t.Errorf("want security: [] (notifications are signed, not bearer-authenticated)")
			}
			for _, h := range []string{"webhook-id", "webhook-timestamp", "webhook-signature"} {
				p := op.Parameters.GetByInAndName("header", h)
				if p == nil || !p.Required || p.Description == "" {
					t.Errorf("header %s: want a required, described parameter", h)
				}
			}
			mt := op.RequestBody.Value.Content.Get("application/json")
			if mt == nil {
				t.Fatal("no application/json body")
			}
			s := mt.Schema.Value
			if !slices.Equal(s.Required, []string{"Id", "Type", "Time", "Data"}) {
				t.Errorf("envelope required = %v", s.Required)
			}
			if c := s.Properties["Type"].Value.Const; c != typ {
				t.Errorf("Type const = %v, want %q", c, typ)
			}
			if ref := s.Properties["Data"].Ref; refOf(ref) != data {
				t.Errorf("Data = %q, want %s", ref, data)
			}
			for _, code := range []string{"2XX", "410", "4XX", "5XX"} {
				if op.Responses.Value(code) == nil {
					t.Errorf("response %s missing", code)
				}
			}
		})
	}
	if _, err := Schema(doc, "UnknownEvent"); err != nil {
		t.Error(err)
	}
}

func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// mutate decodes a fixture, lets f change it and encodes it again.
func mutate(t *testing.T, name string, f func(m map[string]any)) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(fixture(t, name), &m); err != nil {
		t.Fatal(err)
	}
	f(m)
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func debugOf(m map[string]any) map[string]any { return m["Debug"].(map[string]any) }

// TestSchemas validates realistic bodies against the schemas, and checks that bad
// ones are rejected.
func TestSchemas(t *testing.T) {
	doc := load(t)

	many := func(n int, v any) []any {
		s := make([]any, n)
		for i := range s {
			s[i] = v
		}
		return s
	}
	props := func(n int) map[string]any {
		m := map[string]any{}
		for i := range n {
			m[strings.Repeat("k", i+1)] = "v"
		}
		return m
	}
	setTime := func(v any) func(m map[string]any) { return func(m map[string]any) { m["BeginTime"] = v } }

	tests := []struct {
		name   string
		schema string
		body   []byte
		ok     bool
	}{
		// Good bodies, as the server sends them (legacy times, nulls, empty chat ids).
		{"agent", "ChatApiAgent", fixture(t, "agent.json"), true},
		{"department with agents", "ChatApiDepartment", fixture(t, "department.json"), true},
		{"session", "SupportSession", fixture(t, "session.json"), true},
		{"unassigned session", "SupportSession", fixture(t, "session_unassigned.json"), true},
		{"session page", "SessionPage", fixture(t, "session_page.json"), true},
		{"message page", "MessagePage", fixture(t, "message_page.json"), true},
		{"lead", "Lead", fixture(t, "lead.json"), true},
		{"lead page without NextCursor", "LeadPage", fixture(t, "lead_page.json"), true},
		{"case with debug info", "Case", fixture(t, "case.json"), true},
		{"note", "Note", fixture(t, "note.json"), true},
		{"server info", "ServerInfo", fixture(t, "server_info.json"), true},
		{"validation error", "Error", fixture(t, "error_validation.json"), true},
		{"not found error", "Error", fixture(t, "error_not_found.json"), true},
		{"session.started", "SessionStartedEvent", fixture(t, "event_session_started.json"), true},
		{"message.created", "MessageCreatedEvent", fixture(t, "event_message_created.json"), true},
		{"agent.status_changed", "AgentStatusChangedEvent", fixture(t, "event_agent_status_changed.json"), true},
		{"known event as Event", "Event", fixture(t, "event_message_created.json"), true},
		{"unknown event as Event", "Event", fixture(t, "event_unknown.json"), true},
		{"unknown event", "UnknownEvent", fixture(t, "event_unknown.json"), true},

		// Good bodies, as a client sends them.
		{"agent create", "AgentCreateInput", fixture(t, "agent_create.json"), true},
		{"agent update without password", "AgentInput", mutate(t, "agent_create.json", func(m map[string]any) { delete(m, "Password") }), true},
		{"agent update echoing UserId", "AgentInput", fixture(t, "agent.json"), true},
		{"department input", "DepartmentInput", fixture(t, "department_input.json"), true},
		{"transfer", "TransferInput", fixture(t, "transfer_input.json"), true},
		{"transfer to department only", "TransferInput", []byte(`{"DepartmentId": 2}`), true},
		{"new message", "NewMessage", fixture(t, "new_message.json"), true},
		{"new message with Html only", "NewMessage", []byte(`{"Text": "", "Html": "<p>hi</p>"}`), true},
		{"lead input", "LeadInput", fixture(t, "lead_input.json"), true},
		{"case input", "CaseInput", fixture(t, "case_input.json"), true},
		{"case input, Subject of 200 chars", "CaseInput", mutate(t, "case_input.json", func(m map[string]any) { m["Subject"] = strings.Repeat("é", 200) }), true},
		{"case input, minimal", "CaseInput", []byte(`{"Subject": "Crash"}`), true},
		{"note input", "NoteInput", fixture(t, "note_input.json"), true},

		// Every time form of the contract.
		{"time RFC 3339 Z", "SupportSession", mutate(t, "session.json", setTime("2026-11-24T03:52:27Z")), true},
		{"time RFC 3339 offset, 7 digits", "SupportSession", mutate(t, "session.json", setTime("2026-11-24T05:52:27.1234567+02:00")), true},
		{"time ISO without offset", "SupportSession", mutate(t, "session.json", setTime("2026-11-24T03:52:27.1234567")), true},
		{"time legacy", "SupportSession", mutate(t, "session.json", setTime(`/Date(1764042747000)/`)), true},
		{"time legacy with offset", "SupportSession", mutate(t, "session.json", setTime(`/Date(1764042747000+0200)/`)), true},
		{"time legacy before 1970", "SupportSession", mutate(t, "session.json", setTime(`/Date(-86400000)/`)), true},
		{"time empty", "SupportSession", mutate(t, "session.json", setTime("")), true},
		{"time null", "SupportSession", mutate(t, "session.json", setTime(nil)), true},
		{"time MinValue", "SupportSession", mutate(t, "session.json", setTime("0001-01-01T00:00:00")), true},

		// Bad times and chat ids.
		{"time month 13", "SupportSession", mutate(t, "session.json", setTime("2026-13-24T03:52:27Z")), false},
		{"time date only", "SupportSession", mutate(t, "session.json", setTime("2026-11-24")), false},
		{"time local format", "SupportSession", mutate(t, "session.json", setTime("24/11/2026 03:52")), false},
		{"time legacy not a number", "SupportSession", mutate(t, "session.json", setTime("/Date(abc)/")), false},
		{"time as number", "SupportSession", mutate(t, "session.json", setTime(1764042747000)), false},
		{"chat id without kind", "SupportSession", mutate(t, "session.json", func(m map[string]any) { m["AgentUserId"] = "3" }), false},
		{"rating 6", "SupportSession", mutate(t, "session.json", func(m map[string]any) { m["AgentRating"] = 6 }), false},
		{"session without SessionId", "SupportSession", mutate(t, "session.json", func(m map[string]any) { delete(m, "SessionId") }), false},

		// Bad inputs.
		{"case Subject of 201 chars", "CaseInput", mutate(t, "case_input.json", func(m map[string]any) { m["Subject"] = strings.Repeat("x", 201) }), false},
		{"case Subject blank", "CaseInput", mutate(t, "case_input.json", func(m map[string]any) { m["Subject"] = "   " }), false},
		{"case Subject missing", "CaseInput", mutate(t, "case_input.json", func(m map[string]any) { delete(m, "Subject") }), false},
		{"case Priority whatever", "CaseInput", mutate(t, "case_input.json", func(m map[string]any) { m["Priority"] = "whatever" }), false},
		{"case Description over 64 Ki", "CaseInput", mutate(t, "case_input.json", func(m map[string]any) { m["Description"] = strings.Repeat("x", 65537) }), false},
		{"case 11 attachments", "CaseInput", mutate(t, "case_input.json", func(m map[string]any) {
			debugOf(m)["Attachments"] = many(11, map[string]any{"FileName": "a.txt", "ContentType": "text/plain", "Content": "YQ=="})
		}), false},
		{"case 1001 log entries", "CaseInput", mutate(t, "case_input.json", func(m map[string]any) {
			debugOf(m)["Logs"] = many(1001, map[string]any{"Time": "2026-11-24T03:52:27Z", "Level": "info", "Message": "x"})
		}), false},
		{"case 101 properties", "CaseInput", mutate(t, "case_input.json", func(m map[string]any) { debugOf(m)["Properties"] = props(101) }), false},
		{"case 100 properties", "CaseInput", mutate(t, "case_input.json", func(m map[string]any) { debugOf(m)["Properties"] = props(100) }), true},
		{"case StackTrace over 256 Ki", "CaseInput", mutate(t, "case_input.json", func(m map[string]any) { debugOf(m)["StackTrace"] = strings.Repeat("x", 262145) }), false},
		{"case attachment not base64", "CaseInput", mutate(t, "case_input.json", func(m map[string]any) {
			debugOf(m)["Attachments"] = []any{map[string]any{"FileName": "a.txt", "Content": "not base64!"}}
		}), false},
		{"case Debug null", "CaseInput", mutate(t, "case_input.json", func(m map[string]any) { m["Debug"] = nil }), true},
		{"lead input without Email", "LeadInput", mutate(t, "lead_input.json", func(m map[string]any) { delete(m, "Email") }), false},
		{"lead input bad Email", "LeadInput", mutate(t, "lead_input.json", func(m map[string]any) { m["Email"] = "carlos at example.net" }), false},
		{"note input without Text", "NoteInput", mutate(t, "note_input.json", func(m map[string]any) { delete(m, "Text") }), false},
		{"note input Text over 64 Ki", "NoteInput", mutate(t, "note_input.json", func(m map[string]any) { m["Text"] = strings.Repeat("x", 65537) }), false},
		{"transfer empty", "TransferInput", []byte(`{}`), false},
		{"transfer empty agent", "TransferInput", []byte(`{"AgentUserId": ""}`), false},
		{"transfer department 0", "TransferInput", []byte(`{"DepartmentId": 0}`), false},
		{"new message empty", "NewMessage", []byte(`{"Text": ""}`), false},
		{"new message without Text", "NewMessage", []byte(`{"Html": "<p>hi</p>"}`), false},
		{"agent create without Password", "AgentCreateInput", mutate(t, "agent_create.json", func(m map[string]any) { delete(m, "Password") }), false},
		{"agent create empty Password", "AgentCreateInput", mutate(t, "agent_create.json", func(m map[string]any) { m["Password"] = "" }), false},
		{"agent without LoginName", "AgentInput", mutate(t, "agent_create.json", func(m map[string]any) { delete(m, "LoginName") }), false},
		{"department input blank Name", "DepartmentInput", []byte(`{"Name": " "}`), false},

		// Bad responses and events.
		{"error with unknown code", "Error", mutate(t, "error_validation.json", func(m map[string]any) { m["Code"] = "teapot" }), false},
		{"error without RequestId", "Error", mutate(t, "error_validation.json", func(m map[string]any) { delete(m, "RequestId") }), false},
		{"page without Items", "SessionPage", []byte(`{"NextCursor": "abc"}`), false},
		{"page with empty NextCursor", "NotePage", []byte(`{"Items": [], "NextCursor": ""}`), true},
		{"case bad Status", "Case", mutate(t, "case.json", func(m map[string]any) { m["Status"] = "done" }), false},
		{"event with the wrong Type", "SessionStartedEvent", mutate(t, "event_session_started.json", func(m map[string]any) { m["Type"] = "session.ended" }), false},
		{"known event with wrong Data", "Event", mutate(t, "event_session_started.json", func(m map[string]any) { m["Data"] = map[string]any{"LeadId": 7} }), false},
		{"event without Id", "Event", mutate(t, "event_unknown.json", func(m map[string]any) { delete(m, "Id") }), false},
		{"agent status busy", "AgentStatusChangedEvent", mutate(t, "event_agent_status_changed.json", func(m map[string]any) {
			m["Data"].(map[string]any)["Status"] = "busy"
		}), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidateJSON(doc, tt.schema, tt.body)
			if tt.ok && err != nil {
				t.Errorf("%s rejected: %v", tt.schema, err)
			}
			if !tt.ok && err == nil {
				t.Errorf("%s accepted a bad body", tt.schema)
			}
		})
	}
}

// exchange is one HTTP request and its answer, checked with openapi3filter the way the
// contract tests of the SDK and of the fake server check theirs.
type exchange struct {
	req       *http.Request
	status    int
	header    http.Header
	body      []byte
	reqErr    bool // ValidateRequest must fail
	respErr   bool // ValidateResponse must fail
	notRouted bool // FindRoute must fail
}

func check(t *testing.T, router routers.Router, apiKey string, x exchange) {
	t.Helper()
	ctx := context.Background()
	route, pathParams, err := router.FindRoute(x.req)
	if x.notRouted {
		if err == nil {
			t.Fatalf("%s %s routed to %s", x.req.Method, x.req.URL, route.Operation.OperationID)
		}
		return
	}
	if err != nil {
		t.Fatalf("FindRoute(%s %s): %v", x.req.Method, x.req.URL, err)
	}
	opts := &openapi3filter.Options{AuthenticationFunc: BearerAuth(apiKey), IncludeResponseStatus: true, SkipSettingDefaults: true}
	in := &openapi3filter.RequestValidationInput{Request: x.req, PathParams: pathParams, Route: route, Options: opts}
	err = openapi3filter.ValidateRequest(ctx, in)
	if x.reqErr != (err != nil) {
		t.Fatalf("ValidateRequest(%s %s) = %v, want error: %v", x.req.Method, x.req.URL, err, x.reqErr)
	}
	if x.reqErr || x.status == 0 {
		return
	}
	err = openapi3filter.ValidateResponse(ctx, &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in,
		Status:                 x.status,
		Header:                 x.header,
		Body:                   io.NopCloser(bytes.NewReader(x.body)),
		Options:                opts,
	})
	if x.respErr != (err != nil) {
		t.Fatalf("ValidateResponse(%s %s → %d) = %v, want error: %v", x.req.Method, x.req.URL, x.status, err, x.respErr)
	}
}

func TestHTTPExchanges(t *testing.T) {
	doc := load(t)
	router, err := Router(doc)
	if err != nil {
		t.Fatal(err)
	}
	const key = "s3cret-key"
	newReq := func(method, url string, body []byte, headers ...string) *http.Request {
		var r io.Reader
		if body != nil {
			r = bytes.NewReader(body)
		}
		req := httptest.NewRequest(method, url, r)
		req.Header.Set("Authorization", "Bearer "+key)
		req.Header.Set("Accept", "application/json")
		req.Header.Set("User-Agent", "zchat-go/test")
		if body != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		for i := 0; i+1 < len(headers); i += 2 {
			req.Header.Set(headers[i], headers[i+1])
		}
		return req
	}
	jsonHeader := func(kv ...string) http.Header {
		h := http.Header{"Content-Type": {"application/json; charset=utf-8"}, "X-Request-Id": {"0HN8KQ2V3J9L1:00000002"}}
		for i := 0; i+1 < len(kv); i += 2 {
			h.Set(kv[i], kv[i+1])
		}
		return h
	}
	html := []byte("<html><body><h1>502 Bad Gateway</h1><hr><center>nginx</center></body></html>")
	htmlHeader := http.Header{"Content-Type": {"text/html"}}
	base := "http://127.0.0.1:39145/api/v1"

	tests := map[string]exchange{
		"list sessions": {
			req:    newReq("GET", base+"/sessions?since=2026-11-24T00:00:00Z&until=2026-11-25T00:00:00.5Z&status=active&departmentId=2&agentUserId=User:3&pageSize=50&cursor=abc", nil),
			status: 200, header: jsonHeader(), body: fixture(t, "session_page.json"),
		},
		"list sessions, any host": {
			req:    newReq("GET", "https://chat.example.org/api/v1/sessions", nil),
			status: 200, header: jsonHeader(), body: fixture(t, "session_page.json"),
		},
		"no Authorization": {
			req: func() *http.Request {
				r := newReq("GET", base+"/sessions", nil)
				r.Header.Del("Authorization")
				return r
			}(),
			reqErr: true,
		},
		"wrong key":              {req: newReq("GET", base+"/ping", nil, "Authorization", "Bearer nope"), reqErr: true},
		"pageSize 0":             {req: newReq("GET", base+"/sessions?pageSize=0", nil), reqErr: true},
		"pageSize 1001":          {req: newReq("GET", base+"/leads?pageSize=1001", nil), reqErr: true},
		"status open":            {req: newReq("GET", base+"/sessions?status=open", nil), reqErr: true},
		"since not RFC 3339":     {req: newReq("GET", base+"/sessions?since=yesterday", nil), reqErr: true},
		"agentUserId no kind":    {req: newReq("GET", base+"/sessions?agentUserId=3", nil), reqErr: true},
		"path id 0":              {req: newReq("GET", base+"/agents/0", nil), reqErr: true},
		"path id not a number":   {req: newReq("GET", base+"/agents/abc", nil), reqErr: true},
		"unknown path":           {req: newReq("GET", base+"/widgets", nil), notRouted: true},
		"outside the base path":  {req: newReq("GET", "http://127.0.0.1:39145/sessions", nil), notRouted: true},
		"ping, legacy time":      {req: newReq("GET", base+"/ping", nil), status: 200, header: jsonHeader(), body: fixture(t, "server_info.json")},
		"ping without X-Request": {req: newReq("GET", base+"/ping", nil), status: 200, header: http.Header{"Content-Type": {"application/json"}}, body: fixture(t, "server_info.json"), respErr: true},
		"submit case": {
			req:    newReq("POST", base+"/leads/7/cases", fixture(t, "case_input.json"), "Idempotency-Key", "3f0c9a4e-6a0b-4d0e-9b7b-7c2f1a5d9e01"),
			status: 201, header: jsonHeader(), body: fixture(t, "case.json"),
		},
		"submit case, bad Idempotency-Key": {
			req:    newReq("POST", base+"/leads/7/cases", fixture(t, "case_input.json"), "Idempotency-Key", "has a space"),
			reqErr: true,
		},
		"submit case, Subject too long": {
			req:    newReq("POST", base+"/leads/7/cases", mutate(t, "case_input.json", func(m map[string]any) { m["Subject"] = strings.Repeat("x", 201) })),
			reqErr: true,
		},
		"submit case, 422 answer": {
			req:    newReq("POST", base+"/leads/7/cases", fixture(t, "case_input.json")),
			status: 422, header: jsonHeader(), body: fixture(t, "error_validation.json"),
		},
		"submit case, 422 with a 404 code": {
			req:    newReq("POST", base+"/leads/7/cases", fixture(t, "case_input.json")),
			status: 422, header: jsonHeader(), body: fixture(t, "error_not_found.json"), respErr: true,
		},
		"upsert lead, 200": {
			req:    newReq("POST", base+"/leads", fixture(t, "lead_input.json")),
			status: 200, header: jsonHeader(), body: fixture(t, "lead.json"),
		},
		"upsert lead, 201": {
			req:    newReq("POST", base+"/leads", fixture(t, "lead_input.json")),
			status: 201, header: jsonHeader(), body: fixture(t, "lead.json"),
		},
		"close session, no body": {
			req:    newReq("POST", base+"/sessions/1042/close", nil),
			status: 200, header: jsonHeader(), body: fixture(t, "session.json"),
		},
		"delete agent": {req: newReq("DELETE", base+"/agents/3", nil), status: 204, header: jsonHeader()},
		"add member":   {req: newReq("PUT", base+"/departments/2/agents/3", nil), status: 204, header: jsonHeader()},
		"get agent, 404": {
			req:    newReq("GET", base+"/agents/99", nil),
			status: 404, header: jsonHeader(), body: fixture(t, "error_not_found.json"),
		},
		"get agent with a Password": {
			req:    newReq("GET", base+"/agents/3", nil),
			status: 200, header: jsonHeader(), body: mutate(t, "agent.json", func(m map[string]any) { m["Password"] = "hunter2" }), respErr: true,
		},
		"rate limited": {
			req:    newReq("GET", base+"/agents", nil),
			status: 429, header: jsonHeader("Retry-After", "Wed, 25 Nov 2026 03:52:27 GMT"),
			body: []byte(`{"Code": "rate_limited", "Message": "slow down", "RequestId": "0HN8KQ2V3J9L1:00000002"}`),
		},
		"rate limited without Retry-After": {
			req:    newReq("GET", base+"/agents", nil),
			status: 429, header: jsonHeader(),
			body: []byte(`{"Code": "rate_limited", "Message": "slow down", "RequestId": "0HN8KQ2V3J9L1:00000002"}`), respErr: true,
		},
		"502 from nginx": {req: newReq("GET", base+"/agents", nil), status: 502, header: htmlHeader, body: html},
		"503 from IIS":   {req: newReq("POST", base+"/leads", fixture(t, "lead_input.json")), status: 503, header: htmlHeader, body: html},
		"503 JSON": {
			req:    newReq("GET", base+"/ping", nil),
			status: 503, header: jsonHeader("Retry-After", "30"),
			body: []byte(`{"Code": "unavailable", "Message": "starting", "RequestId": "0HN8KQ2V3J9L1:00000002"}`),
		},
		"504 from nginx":       {req: newReq("GET", base+"/sessions/1042/messages?afterMessageId=10", nil), status: 504, header: htmlHeader, body: html},
		"undocumented status":  {req: newReq("GET", base+"/agents", nil), status: 418, header: jsonHeader(), body: []byte(`{}`), respErr: true},
		"list messages page":   {req: newReq("GET", base+"/sessions/1042/messages?afterMessageId=0&pageSize=2", nil), status: 200, header: jsonHeader(), body: fixture(t, "message_page.json")},
		"list leads by email":  {req: newReq("GET", base+"/leads?email=carlos@example.net", nil), status: 200, header: jsonHeader(), body: fixture(t, "lead_page.json")},
		"transfer":             {req: newReq("POST", base+"/sessions/1042/transfer", fixture(t, "transfer_input.json")), status: 200, header: jsonHeader(), body: fixture(t, "session.json")},
		"transfer, empty body": {req: newReq("POST", base+"/sessions/1042/transfer", []byte(`{}`)), reqErr: true},
	}
	for name, x := range tests {
		t.Run(name, func(t *testing.T) { check(t, router, key, x) })
	}
}

func TestRouterFor(t *testing.T) {
	doc := load(t)
	for _, base := range []string{"/zchat/api/v1", "zchat/api/v1/", "http://127.0.0.1:8080/zchat/api/v1"} {
		router, err := RouterFor(doc, base)
		if err != nil {
			t.Fatal(err)
		}
		req := httptest.NewRequest("GET", "http://localhost:1234/zchat/api/v1/leads/7", nil)
		route, params, err := router.FindRoute(req)
		if err != nil {
			t.Fatalf("RouterFor(%q): %v", base, err)
		}
		if route.Operation.OperationID != "getLead" || params["leadId"] != "7" {
			t.Errorf("RouterFor(%q): routed to %s %v", base, route.Operation.OperationID, params)
		}
		if _, _, err := router.FindRoute(httptest.NewRequest("GET", "http://localhost/api/v1/leads/7", nil)); !errors.Is(err, routers.ErrPathNotFound) {
			t.Errorf("RouterFor(%q) routed the default base path: %v", base, err)
		}
	}
	// The document itself keeps its servers.
	if doc.Servers[0].URL != "{baseUrl}{basePath}" {
		t.Errorf("RouterFor changed doc.Servers: %q", doc.Servers[0].URL)
	}
}
