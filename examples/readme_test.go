package examples_test

// Every Go snippet of README.md is here too, inside a function that
// compiles and runs against zchattest, so that the README cannot drift from
// the SDK: TestReadmeSnippetsAreCompiled fails when a snippet of the README
// is not found, line for line, in this file. Each function names the README
// section it mirrors; the code between "README:" and "end README" is the
// snippet.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/agents"
	"github.com/zchat/zchat-go/cases"
	"github.com/zchat/zchat-go/departments"
	"github.com/zchat/zchat-go/internal/wiretest"
	"github.com/zchat/zchat-go/messages"
	"github.com/zchat/zchat-go/sessions"
	"github.com/zchat/zchat-go/webhook"
	"github.com/zchat/zchat-go/zchat"
	"github.com/zchat/zchat-go/zchattest"
)

// readmeConfiguration mirrors README "Configuration".
func readmeConfiguration(ctx context.Context) error {
	// README:
	c, err := zchat.NewClient(os.Getenv("ZCHAT_BASE_URL"), // the APP Server's root
		zchat.WithAPIKey(os.Getenv("ZCHAT_API_KEY")), // the server's ChatApiKey
	)
	if err != nil {
		return err
	}
	info, err := c.Ping(ctx) // checks the server and the key
	if err != nil {
		return err
	}
	fmt.Println("connected to ZChat", info.Version)
	// end README
	return nil
}

// readmeAgents mirrors README "Agents and departments".
func readmeAgents(ctx context.Context, c *zchat.Client, password string) error {
	// README:
	ag := agents.New(c)
	list, err := ag.List(ctx)
	if err != nil {
		return err
	}
	for _, a := range list {
		fmt.Println(a.UserID, a.LoginName, a.DisplayName, a.IsAdmin)
	}
	ana, err := ag.Create(ctx, agents.Agent{LoginName: "ana", DisplayName: "Ana Lima", Password: password})
	if err != nil {
		return err
	}
	// Membership changes with AddAgent and RemoveAgent: here into department 2.
	if err := departments.New(c).AddAgent(ctx, 2, ana.UserID); err != nil {
		return err
	}
	// end README
	return nil
}

// readmeSessions mirrors README "Sessions".
func readmeSessions(ctx context.Context, c *zchat.Client) error {
	// README:
	ss := sessions.New(c)
	opts := &sessions.ListOptions{Since: time.Now().AddDate(0, 0, -7), Status: sessions.StatusEnded}
	for s, err := range ss.All(ctx, opts) {
		if err != nil {
			return err
		}
		fmt.Println(s.SessionID, s.DisplayName, s.Email, s.AgentRating, s.Question)
	}
	// end README
	return nil
}

// readmeMessages mirrors README "Messages".
func readmeMessages(ctx context.Context, c *zchat.Client, sessionID int) error {
	// README:
	ms := messages.New(c)
	if _, err := ms.Send(ctx, sessionID, messages.NewMessage{Text: "An agent will be with you shortly."}); err != nil {
		return err
	}
	n, err := ms.ExportTranscript(ctx, sessionID, os.Stdout, &messages.TranscriptOptions{Format: messages.FormatText})
	if err != nil {
		return err
	}
	fmt.Println(n, "messages")
	// end README
	return nil
}

// readmeCases mirrors README "Cases and notes": the steps.
func readmeCases(ctx context.Context, c *zchat.Client, logPath string) error {
	// README:
	cc := cases.New(c)
	lead, err := cc.UpsertLead(ctx, cases.LeadInput{Email: "ann@example.com", DisplayName: "Ann Lee"})
	if err != nil {
		return err
	}
	debug := &cases.DebugInfo{AppVersion: "1.4.2", PageURL: "https://shop.example.com/checkout"}
	if err := debug.AddLog("error", "payment declined: card expired"); err != nil {
		return err
	}
	if err := debug.AttachFile(logPath); err != nil { // AttachReader and AttachBytes too
		return err
	}
	kase, err := cc.SubmitCase(ctx, lead.LeadID, cases.CaseInput{
		Subject:  "Checkout fails",
		Priority: cases.PriorityHigh,
		Debug:    debug,
	})
	if err != nil {
		return err
	}
	_, err = cc.SubmitNote(ctx, lead.LeadID, cases.NoteInput{Text: "Card replaced; asked Ann to retry.", CaseID: kase.CaseID})
	// end README
	return err
}

// readmeValidation mirrors README "Cases and notes": a refused input.
func readmeValidation(ctx context.Context, cc *cases.Client, lead *cases.Lead) (_ *zchat.InvalidArgumentError, err error) {
	// README:
	_, err = cc.SubmitCase(ctx, lead.LeadID, cases.CaseInput{Subject: "Checkout fails", Priority: "asap"})
	var invalid *zchat.InvalidArgumentError
	if errors.As(err, &invalid) { // and errors.Is(err, zchat.ErrInvalidArgument)
		fmt.Println(invalid.Name, invalid.Reason) // CaseInput.Priority "asap" is not one of low, normal, high, urgent
	}
	// end README
	return invalid, err
}

// readmeCRMFlow mirrors README "Cases and notes": the one-call flow from
// a chat. It stores the case in *got.
func readmeCRMFlow(ctx context.Context, c *zchat.Client, sessionID int, got **cases.Case) error {
	// README:
	s, err := sessions.New(c).Get(ctx, sessionID)
	if err != nil {
		return err
	}
	debug := cases.DebugFromSession(*s) // browser, platform, page, product, the session's ids
	if err := debug.AttachTranscript(messages.New(c).All(ctx, s.SessionID, nil)); err != nil {
		return err
	}
	lead, kase, err := cases.New(c).SubmitCaseForEmail(ctx, "chat-"+strconv.Itoa(s.SessionID),
		cases.LeadInput{Email: s.Email, DisplayName: s.DisplayName, CustomerID: s.CustomerID},
		cases.CaseInput{Subject: "Widget blocked on checkout", Priority: cases.PriorityHigh, SessionID: s.SessionID, Debug: debug})
	if err != nil {
		return err
	}
	fmt.Printf("case %d for lead %d\n", kase.CaseID, lead.LeadID)
	// end README
	*got = kase
	return nil
}

// readmeWebhook mirrors README "Receiving notifications": the server to
// run.
func readmeWebhook(fileInCRM func(context.Context, *sessions.Session) error) *http.Server {
	// README:
	var events webhook.Mux
	events.OnSessionEnded(func(ctx context.Context, s *sessions.Session) error {
		return fileInCRM(ctx, s) // an error answers 500, and the APP Server delivers again
	})
	events.OnMessageCreated(func(ctx context.Context, m *messages.Message) error {
		log.Printf("%s: %s", m.Sender, m.PlainText())
		return nil
	})
	routes := http.NewServeMux()
	routes.Handle("POST /zchat/notify", webhook.NewHandler(os.Getenv("ZCHAT_API_KEY"), events.Handle))
	srv := &http.Server{ // not http.ListenAndServe: it lets a client hold a connection forever
		Addr:              ":8080",
		Handler:           routes,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       time.Minute, // a case.created with attachments is up to 16 MiB
		WriteTimeout:      time.Minute, // your function's time included: the APP Server waits 10 s
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
	// end README
	return srv
}

// readmeErrors mirrors README "Errors".
func readmeErrors(ctx context.Context, c *zchat.Client) error {
	// README:
	_, err := agents.New(c).Get(ctx, 42)
	var apiErr *zchat.APIError
	switch {
	case err == nil:
	case errors.Is(err, zchat.ErrNotFound): // 404
		fmt.Println("no agent 42")
	case errors.Is(err, zchat.ErrInvalidArgument): // refused before sending: nothing was sent
		return err
	case errors.As(err, &apiErr): // any other answer: see apiErr.Fields on a 422
		log.Printf("status %d, code %s, request id %s", apiErr.StatusCode, apiErr.Code, apiErr.RequestID)
		return err
	default: // the network, or the context ended
		return err
	}
	// end README
	return nil
}

// TestFollowUp mirrors README "Testing with zchattest", whole.
// README:
func TestFollowUp(t *testing.T) {
	srv := zchattest.NewServer(zchattest.WithDemoData()) // three agents, two departments, three chats
	defer srv.Close()
	c := srv.Client() // a *zchat.Client for srv, with fast retries
	ctx := t.Context()

	// Play a chat as the widget and the agent tools would; each step sends its notification.
	must := func(_ any, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	s, err := srv.PlayChat(zchattest.Chat{
		Visitor:     zchattest.Visitor{DisplayName: "Ann Lee", Email: "ann@example.com", Question: "Where is my order?"},
		AgentUserID: 2, // accepts the chat
		Lines:       []zchattest.Line{{Text: "Where is my order?"}, {FromAgent: true, Text: "It ships today."}},
	}) // then ends it
	must(s, err)

	// The next POST /leads is handled, but a proxy answers 504 with an HTML page: the
	// client retries with the same Idempotency-Key, and the lead is created once.
	srv.InjectFaults(zchattest.Fault{Method: "POST", Path: "/leads", Status: 504, HTML: true, After: true})
	must(cases.New(c).UpsertLead(ctx, cases.LeadInput{Email: s.Email, DisplayName: s.DisplayName}))
	if n := srv.Stats().Created[zchattest.KindLeads]; n != 1 {
		t.Errorf("created %d leads, want 1", n)
	}
}

// end README

// The snippets run: each against a zchattest server with demo data.
func TestReadmeSnippetsRun(t *testing.T) {
	srv := zchattest.NewServer(zchattest.WithDemoData())
	defer srv.Close()
	c := srv.Client()
	ctx := t.Context()

	t.Run("Configuration", func(t *testing.T) {
		t.Setenv("ZCHAT_BASE_URL", srv.URL)
		t.Setenv("ZCHAT_API_KEY", srv.APIKey)
		require.NoError(t, readmeConfiguration(ctx))
	})
	t.Run("Agents and departments", func(t *testing.T) {
		require.NoError(t, readmeAgents(ctx, c, "correct horse battery staple"))
		d, err := departments.New(c).Get(ctx, 2)
		require.NoError(t, err)
		var logins []string
		for _, a := range d.Agents {
			logins = append(logins, a.LoginName)
		}
		assert.Contains(t, logins, "ana")
	})
	t.Run("Sessions", func(t *testing.T) {
		require.NoError(t, readmeSessions(ctx, c))
	})
	t.Run("Messages", func(t *testing.T) {
		s, err := srv.StartSession(zchattest.Visitor{DisplayName: "Li Wei", Question: "Is there a trial?"})
		require.NoError(t, err)
		require.NoError(t, readmeMessages(ctx, c, s.SessionID))
		page, err := messages.New(c).List(ctx, s.SessionID, nil)
		require.NoError(t, err)
		require.Len(t, page.Items, 1)
		assert.Equal(t, "An agent will be with you shortly.", page.Items[0].Text)
	})
	t.Run("Cases and notes", func(t *testing.T) {
		logPath := filepath.Join(t.TempDir(), "app.log")
		require.NoError(t, os.WriteFile(logPath, []byte("ERROR payment declined\n"), 0o644))
		require.NoError(t, readmeCases(ctx, c, logPath))
		ann, err := cases.New(c).UpsertLead(ctx, cases.LeadInput{Email: "ann@example.com"})
		require.NoError(t, err)
		notes, err := cases.New(c).ListNotes(ctx, ann.LeadID, nil)
		require.NoError(t, err)
		require.Len(t, notes.Items, 1)
		assert.NotZero(t, notes.Items[0].CaseID, "the note is on the case")

		invalid, err := readmeValidation(ctx, cases.New(c), ann)
		require.ErrorIs(t, err, zchat.ErrInvalidArgument)
		require.NotNil(t, invalid)
		assert.Equal(t, "CaseInput.Priority", invalid.Name)
		assert.Equal(t, `"asap" is not one of low, normal, high, urgent`, invalid.Reason)

		for range 2 { // the same key twice: one case
			var kase *cases.Case
			require.NoError(t, readmeCRMFlow(ctx, c, 2, &kase))
			assert.Equal(t, 2, kase.SessionID)
			require.NotNil(t, kase.Debug)
			require.Len(t, kase.Debug.Attachments, 1)
			assert.Equal(t, "transcript-2.txt", kase.Debug.Attachments[0].FileName)
		}
		lead, err := cases.New(c).ListLeads(ctx, &cases.LeadListOptions{Email: "oliver@shop.example.org"})
		require.NoError(t, err)
		require.Len(t, lead.Items, 1)
		page, err := cases.New(c).ListCases(ctx, lead.Items[0].LeadID, nil)
		require.NoError(t, err)
		assert.Len(t, page.Items, 2, "the demo case and the one the flow made, once")
	})
	t.Run("Receiving notifications", func(t *testing.T) {
		t.Setenv("ZCHAT_API_KEY", srv.APIKey)
		filed := make(chan int, 1)
		receiver := readmeWebhook(func(_ context.Context, s *sessions.Session) error {
			filed <- s.SessionID
			return nil
		})
		// The server the README shows bounds every client's time and headers.
		assert.Positive(t, receiver.ReadHeaderTimeout)
		assert.Positive(t, receiver.ReadTimeout)
		assert.Positive(t, receiver.WriteTimeout)
		assert.Positive(t, receiver.IdleTimeout)
		assert.Positive(t, receiver.MaxHeaderBytes)
		ln, err := net.Listen("tcp", "127.0.0.1:0") // instead of its Addr
		require.NoError(t, err)
		go func() { _ = receiver.Serve(ln) }()
		defer receiver.Close()
		srv.SetNotificationURL("http://" + ln.Addr().String() + "/zchat/notify")
		defer srv.SetNotificationURL("")
		s, err := srv.StartSession(zchattest.Visitor{DisplayName: "Ann Lee"})
		require.NoError(t, err)
		_, err = srv.End(s.SessionID)
		require.NoError(t, err)
		select {
		case id := <-filed:
			assert.Equal(t, s.SessionID, id)
		case <-time.After(10 * time.Second):
			t.Fatal("session.ended did not reach the handler")
		}
	})
	t.Run("Errors", func(t *testing.T) {
		require.NoError(t, readmeErrors(ctx, c))
		srv.InjectFaults(zchattest.Fault{Path: "/agents", Status: http.StatusForbidden})
		var apiErr *zchat.APIError
		require.ErrorAs(t, readmeErrors(ctx, c), &apiErr)
		assert.Equal(t, http.StatusForbidden, apiErr.StatusCode)
	})
}

// Every Go snippet of the README is in this file, line for line (leading
// and repeated blanks aside), between a "README:" and an "end README"
// comment; and every such block here is in the README.
func TestReadmeSnippetsAreCompiled(t *testing.T) {
	t.Parallel()
	// The mirrors: readme*_test.go here, and the store modules' examples for
	// snippets that need their dependencies.
	files, err := filepath.Glob("readme*_test.go")
	require.NoError(t, err)
	modules, err := filepath.Glob("../webhook/*store/example_test.go")
	require.NoError(t, err)
	n := wiretest.ReadmeSnippets(t, "../README.md", "go", append(files, modules...)...)
	assert.GreaterOrEqual(t, n, 8, "the README's Go snippets")
}

// The README's example list and the examples folder agree.
func TestReadmeListsEveryExample(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile("../README.md")
	require.NoError(t, err)
	dirs, err := os.ReadDir(".")
	require.NoError(t, err)
	n := 0
	for _, d := range dirs {
		if !d.IsDir() || d.Name() == "internal" {
			continue
		}
		n++
		assert.True(t, bytes.Contains(readme, []byte("[`examples/"+d.Name()+"`](examples/"+d.Name()+")")), "README lists examples/%s", d.Name())
	}
	assert.Equal(t, len(exampleNames), n, "examples_test.go runs every example")
}
