package cases_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/zchat/zchat-go/cases"
	"github.com/zchat/zchat-go/messages"
	"github.com/zchat/zchat-go/sessions"
	"github.com/zchat/zchat-go/zchat"
	"github.com/zchat/zchat-go/zchattest"
)

// The examples run against zchattest, the SDK's fake APP Server, seeded
// with its demo organization; against a real server, make the client with
// zchat.NewClient(baseURL, zchat.WithAPIKey(key)) instead.

// Find or create the lead for a visitor's email, then submit a case for it.
func ExampleClient_SubmitCase() {
	srv := zchattest.NewServer(zchattest.WithDemoData())
	defer srv.Close()
	cc := cases.New(srv.Client())
	ctx := context.Background()

	lead, err := cc.UpsertLead(ctx, cases.LeadInput{Email: "ann@example.com", DisplayName: "Ann Lee"})
	if err != nil {
		log.Fatal(err)
	}
	debug := &cases.DebugInfo{Browser: "Firefox 140", PageURL: "https://shop.example.com/checkout"}
	if err := debug.AddLog("error", "payment declined: card expired"); err != nil {
		log.Fatal(err)
	}
	if err := debug.AttachBytes("cart.json", "", []byte(`{"items":3,"total":129.9}`)); err != nil {
		log.Fatal(err)
	}
	kase, err := cc.SubmitCase(ctx, lead.LeadID, cases.CaseInput{
		Subject:  "Checkout fails",
		Priority: cases.PriorityHigh,
		Debug:    debug,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("lead %d <%s>\n", lead.LeadID, lead.Email)
	fmt.Printf("case %d of lead %d: %s, %s\n", kase.CaseID, kase.LeadID, kase.Status, kase.Priority)
	a := kase.Debug.Attachments[0]
	fmt.Printf("attached %s (%s)\n", a.FileName, a.ContentType)

	// The same e-mail finds the same lead.
	again, err := cc.UpsertLead(ctx, cases.LeadInput{Email: "ANN@example.com", Phone: "+44 20 7946 0000"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(again.LeadID, again.DisplayName, again.Phone)
	// Output:
	// lead 2 <ann@example.com>
	// case 2 of lead 2: open, high
	// attached cart.json (application/json)
	// 2 Ann Lee +44 20 7946 0000
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

// The CRM flow in one call, from a chat, safe to repeat: the same key
// never creates a second case.
func ExampleClient_SubmitCaseForEmail() {
	srv := zchattest.NewServer(zchattest.WithDemoData())
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()

	// Demo chat 3 ended with a question to follow up.
	s, err := sessions.New(client).Get(ctx, 3)
	if err != nil {
		log.Fatal(err)
	}
	debug := cases.DebugFromSession(*s)
	if err := debug.AttachTranscript(messages.New(client).All(ctx, s.SessionID, nil)); err != nil {
		log.Fatal(err)
	}
	key := "chat-" + strconv.Itoa(s.SessionID)
	lead := cases.LeadInput{Email: s.Email, DisplayName: s.DisplayName, CustomerID: s.CustomerID}
	in := cases.CaseInput{Subject: "Automate transcript exports", SessionID: s.SessionID, Debug: debug}

	for range 2 { // a retry, as after a timeout or a redelivered event, with the same key
		l, kase, err := cases.New(client).SubmitCaseForEmail(ctx, key, lead, in)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("lead %d %s, case %d with %s\n", l.LeadID, l.DisplayName, kase.CaseID, kase.Debug.Attachments[0].FileName)
	}
	fmt.Println("cases created:", srv.Stats().Created[zchattest.KindCases])
	// Output:
	// lead 2 Kenji Tanaka, case 2 with transcript-3.txt
	// lead 2 Kenji Tanaka, case 2 with transcript-3.txt
	// cases created: 1
}

// Validate checks every limit of the contract; the submit calls run it
// before sending anything.
func ExampleCaseInput_Validate() {
	for _, in := range []cases.CaseInput{
		{Subject: "Checkout fails", Priority: cases.PriorityUrgent},
		{Subject: strings.Repeat("x", cases.MaxSubjectLen+1)},
		{Subject: "Checkout fails", Priority: "asap"},
	} {
		err := in.Validate()
		var invalid *zchat.InvalidArgumentError
		if errors.As(err, &invalid) {
			fmt.Printf("%s: %s (%v)\n", invalid.Name, invalid.Reason, errors.Is(err, zchat.ErrInvalidArgument))
			continue
		}
		fmt.Println("valid")
	}
	// Output:
	// valid
	// CaseInput.Subject: is 201 characters, over the limit of 200 (true)
	// CaseInput.Priority: "asap" is not one of low, normal, high, urgent (true)
}
