package cases_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"

	"github.com/zchat/zchat-go/cases"
	"github.com/zchat/zchat-go/sessions"
	"github.com/zchat/zchat-go/zchat"
)

// Find or create the lead for a visitor's email, then submit a case for it.
func ExampleClient_SubmitCase() {
	// A stand-in for the APP Server, answering with canned JSON.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.Method + " " + r.URL.Path {
		case "POST /api/v1/leads":
			w.WriteHeader(http.StatusCreated)
			io.WriteString(w, `{"LeadId": 42, "Email": "ann@example.com", "DisplayName": "Ann Lee", "CreatedTime": "\/Date(1764042747000)\/"}`)
		case "POST /api/v1/leads/42/cases":
			w.WriteHeader(http.StatusCreated)
			io.WriteString(w, `{"CaseId": 7, "LeadId": 42, "Subject": "Checkout fails", "Priority": "high", "Status": "open", "SessionId": 1234, "CreatedTime": "2026-11-24T03:52:27.1234567"}`)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()

	client, err := zchat.NewClient(srv.URL, zchat.WithAPIKey("the-ChatApiKey"))
	if err != nil {
		log.Fatal(err)
	}
	cc := cases.New(client)
	ctx := context.Background()

	lead, err := cc.UpsertLead(ctx, cases.LeadInput{Email: "ann@example.com", DisplayName: "Ann Lee"})
	if err != nil {
		log.Fatal(err)
	}
	debug := &cases.DebugInfo{Browser: "Firefox 140", PageURL: "https://shop.example.com/checkout"}
	if err := debug.AddLog("error", "payment declined: card expired"); err != nil {
		log.Fatal(err)
	}
	kase, err := cc.SubmitCase(ctx, lead.LeadID, cases.CaseInput{
		Subject:   "Checkout fails",
		Priority:  cases.PriorityHigh,
		SessionID: 1234,
		Debug:     debug,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("lead %d <%s>\n", lead.LeadID, lead.Email)
	fmt.Printf("case %d: %s, %s, created %s\n", kase.CaseID, kase.Status, kase.Priority, kase.CreatedTime)
	// Output:
	// lead 42 <ann@example.com>
	// case 7: open, high, created 2026-11-24T03:52:27.1234567Z
}

// Build debug information from the chat session the problem came up in.
func ExampleDebugFromSession() {
	// A session as sessions.Client.Get returns it.
	s := sessions.Session{
		SessionID:    1234,
		DepartmentID: 2,
		AgentUserID:  zchat.UserChatID(3),
		CustomerID:   zchat.GuestChatID("cust-8812"),
		Browser:      "Firefox 140",
		Platform:     "Windows 11",
		Culture:      "en-US",
		PageURL:      "https://shop.example.com/checkout",
		ProductName:  "Shop",
	}
	debug := cases.DebugFromSession(s)
	if err := debug.SetProperty("cart.items", "3"); err != nil {
		log.Fatal(err)
	}

	fmt.Println(debug.Browser, "on", debug.Platform, "at", debug.PageURL)
	for _, k := range slices.Sorted(maps.Keys(debug.Properties)) {
		fmt.Printf("%s = %s\n", k, debug.Properties[k])
	}
	fmt.Println("valid:", debug.Validate() == nil)
	// Output:
	// Firefox 140 on Windows 11 at https://shop.example.com/checkout
	// cart.items = 3
	// zchat.AgentUserId = User:3
	// zchat.CustomerId = Guest:@cust-8812
	// zchat.DepartmentId = 2
	// zchat.SessionId = 1234
	// valid: true
}

// The CRM flow in one call, safe to repeat: the same key never creates a
// second case.
func ExampleClient_SubmitCaseForEmail() {
	// A stand-in for the APP Server that honors Idempotency-Key.
	var (
		mu      sync.Mutex
		answers = map[string]string{}
		created int
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		key := r.Header.Get("Idempotency-Key")
		if answer, ok := answers[key]; ok {
			io.WriteString(w, answer) // a repeated key: the first answer, nothing done
			return
		}
		switch r.URL.Path {
		case "/api/v1/leads":
			answers[key] = `{"LeadId": 42, "Email": "ann@example.com"}`
		case "/api/v1/leads/42/cases":
			created++
			answers[key] = fmt.Sprintf(`{"CaseId": %d, "LeadId": 42, "Subject": "Checkout fails", "Status": "open"}`, created)
		default:
			http.NotFound(w, r)
			return
		}
		w.WriteHeader(http.StatusCreated)
		io.WriteString(w, answers[key])
	}))
	defer srv.Close()

	client, err := zchat.NewClient(srv.URL, zchat.WithAPIKey("the-ChatApiKey"))
	if err != nil {
		log.Fatal(err)
	}
	cc := cases.New(client)
	lead := cases.LeadInput{Email: "ann@example.com", DisplayName: "Ann Lee"}
	in := cases.CaseInput{Subject: "Checkout fails", SessionID: 1234}

	for range 2 { // a retry, as after a timeout, with the same key
		l, kase, err := cc.SubmitCaseForEmail(context.Background(), "chat-1234", lead, in)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("lead %d, case %d\n", l.LeadID, kase.CaseID)
	}
	fmt.Println("cases created:", created)
	// Output:
	// lead 42, case 1
	// lead 42, case 1
	// cases created: 1
}
