// Crm-bridge is the receiver a CRM integration mounts at the APP Server's
// ChatApiNotificationUrl. When a chat ends, it files the conversation in the
// CRM: it finds or creates the visitor's lead (by e-mail) and adds a note
// with the transcript and the visitor's browser, page and product as debug
// information; when the visitor rated the agent 1 or 2 out of 5, it also
// opens a high-priority case.
//
//	go run ./examples/crm-bridge [-addr :8080] [-path /zchat/notify]
//
// Every notification is verified (webhook.NewHandler), and the CRM writes
// use the one-call flows keyed by the session id (SubmitNoteForEmail,
// SubmitCaseForEmail), so an event delivered twice, even to a restarted
// bridge, creates nothing twice.
//
// With ZCHAT_BASE_URL and ZCHAT_API_KEY set it serves until interrupted
// (Ctrl-C), and the APP Server's ChatApiNotificationUrl must point at it.
// Without them it starts an in-process zchattest server with demo data,
// points that server's notification URL at itself, simulates two chats (one
// rated 5, one rated 1), waits until it has handled both, shows the leads,
// notes and cases it made, and exits.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/zchat/zchat-go/cases"
	"github.com/zchat/zchat-go/examples/internal/demo"
	"github.com/zchat/zchat-go/messages"
	"github.com/zchat/zchat-go/sessions"
	"github.com/zchat/zchat-go/webhook"
	"github.com/zchat/zchat-go/zchat"
)

var (
	addr = flag.String("addr", "", "listen address (default 127.0.0.1:0 in demo mode, :8080 otherwise)")
	path = flag.String("path", "/zchat/notify", "the URL path notifications are POSTed to")
)

func main() { demo.Main("crm-bridge", 0, run) }

// Bridge files ended chats in the CRM.
type Bridge struct {
	sessions *sessions.Client
	messages *messages.Client
	cases    *cases.Client
	log      *log.Logger
	handled  chan int // when not nil, gets the SessionID of each ended chat filed
}

// NewBridge returns a Bridge that calls the APP Server through c.
func NewBridge(c *zchat.Client) *Bridge {
	return &Bridge{
		sessions: sessions.New(c),
		messages: messages.New(c),
		cases:    cases.New(c),
		log:      log.New(os.Stderr, "crm-bridge: ", 0),
	}
}

// SessionEnded files an ended chat: a note on the visitor's lead with the
// transcript and debug information, and a high-priority case when the
// visitor rated the agent 1 or 2. It returns an error when the chat could
// not be filed, so that the handler answers 500 and the APP Server delivers
// the event again.
//
// It is safe to call again for the same chat: every write is keyed by the
// session id, so a repeat gets back what the first call created.
func (b *Bridge) SessionEnded(ctx context.Context, ended *sessions.Session) error {
	// The event carries the session as it was; fetch it as it is now.
	s, err := b.sessions.Get(ctx, ended.SessionID)
	if err != nil {
		return err
	}
	lead := cases.LeadInput{Email: s.Email, DisplayName: s.DisplayName, CustomerID: s.CustomerID}
	if err := lead.Validate(); err != nil {
		// No e-mail address, or one the CRM refuses: retrying cannot help,
		// so the event is acknowledged.
		b.log.Printf("session %d: nothing to file: %v", s.SessionID, err)
		return b.done(s.SessionID)
	}

	// Debug information: the visitor's browser, page and product, the
	// session's ids, and the whole chat as a text attachment. It is built
	// only from what the server stores, so that a repeat builds the same
	// bytes (a repeat with different content is refused, see below).
	debug := cases.DebugFromSession(*s)
	if err := debug.AttachTranscript(b.messages.All(ctx, s.SessionID, nil)); err != nil {
		return err
	}

	key := "zchat-session-" + strconv.Itoa(s.SessionID) // one CRM record set per chat

	var caseID int
	if s.AgentRating == 1 || s.AgentRating == 2 {
		_, kase, err := b.cases.SubmitCaseForEmail(ctx, key, lead, cases.CaseInput{
			Subject:     fmt.Sprintf("Chat %d rated %d/5 by %s", s.SessionID, s.AgentRating, s.DisplayName),
			Description: "The visitor asked: " + s.Question,
			Priority:    cases.PriorityHigh,
			SessionID:   s.SessionID,
			Debug:       debug,
		})
		switch {
		case alreadyFiled(err):
			b.log.Printf("session %d: a case was filed already", s.SessionID)
		case err != nil:
			return err
		default:
			caseID = kase.CaseID
			b.log.Printf("session %d: high-priority case %d for lead %d", s.SessionID, kase.CaseID, kase.LeadID)
		}
	}

	l, note, err := b.cases.SubmitNoteForEmail(ctx, key, lead, cases.NoteInput{
		Text:      fmt.Sprintf("Chat %d ended. Rating: %s. The visitor asked: %s", s.SessionID, rating(s.AgentRating), s.Question),
		CaseID:    caseID,
		SessionID: s.SessionID,
		Debug:     debug,
	})
	switch {
	case alreadyFiled(err):
		b.log.Printf("session %d: a note was filed already", s.SessionID)
	case err != nil:
		return err
	default:
		b.log.Printf("session %d: note %d for lead %d <%s>", s.SessionID, note.NoteID, l.LeadID, l.Email)
	}
	return b.done(s.SessionID)
}

// done reports a filed chat on b.handled, when set.
func (b *Bridge) done(sessionID int) error {
	if b.handled != nil {
		b.handled <- sessionID
	}
	return nil
}

// alreadyFiled reports whether err is the server refusing a repeat of a
// keyed submission whose content changed since the first (422
// idempotency_mismatch): the record exists, so the event is handled.
func alreadyFiled(err error) bool {
	var apiErr *zchat.APIError
	return errors.As(err, &apiErr) && apiErr.Code == zchat.CodeIdempotencyMismatch
}

func run(ctx context.Context) error {
	if !strings.HasPrefix(*path, "/") {
		return fmt.Errorf("-path %q: want a path that starts with /", *path)
	}
	conn, err := demo.Connect()
	if err != nil {
		return err
	}
	defer conn.Close()

	bridge := NewBridge(conn.Client)
	if conn.Demo() {
		bridge.handled = make(chan int, 16)
	}

	// session.ended goes to the bridge; the Mux acknowledges every other
	// event type, including types newer than this SDK.
	var events webhook.Mux
	events.OnSessionEnded(bridge.SessionEnded)

	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	routes := http.NewServeMux()
	routes.Handle("POST "+*path, webhook.NewHandler(conn.APIKey, events.Handle, webhook.WithLogger(logger)))

	listen := *addr
	if listen == "" {
		listen = ":8080"
		if conn.Demo() {
			listen = "127.0.0.1:0"
		}
	}
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: routes, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	url := "http://" + ln.Addr().String() + *path

	if conn.Demo() {
		err = runDemo(ctx, conn.Server, bridge, url) // in demo.go
		// Stop the demo APP Server first: it keeps connections to the bridge open.
		conn.Close()
	} else {
		fmt.Printf("Listening for notifications at %s (set the APP Server's ChatApiNotificationUrl to this URL as the server reaches it); Ctrl-C stops\n", url)
		select {
		case <-ctx.Done():
		case err = <-served:
		}
	}

	// Graceful shutdown: stop accepting, let deliveries in progress finish.
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if serr := hs.Shutdown(shutdownCtx); serr != nil && err == nil {
		err = serr
	}
	if err == nil {
		fmt.Println("Stopped.")
	}
	return err
}

func rating(r int) string {
	if r == 0 {
		return "not rated"
	}
	return strconv.Itoa(r) + "/5"
}
