// Quickstart is a first tour of zchat-go: it checks the connection, lists
// the agents and departments, shows the latest chat sessions and the
// transcript of one of them, and submits a case, with debug information
// from that chat, for its visitor.
//
//	go run ./examples/quickstart [-submit]
//
// With ZCHAT_BASE_URL and ZCHAT_API_KEY set it talks to that APP Server and
// only reads from it, unless -submit asks it to file the case there; run
// again, -submit files nothing twice. Without them it starts an in-process
// zchattest server with demo data, and submits the case to it.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/zchat/zchat-go/agents"
	"github.com/zchat/zchat-go/cases"
	"github.com/zchat/zchat-go/departments"
	"github.com/zchat/zchat-go/examples/internal/demo"
	"github.com/zchat/zchat-go/messages"
	"github.com/zchat/zchat-go/sessions"
	"github.com/zchat/zchat-go/zchat"
)

var submit = flag.Bool("submit", false, "submit the follow-up case to the configured APP Server (the demo server always gets it)")

func main() { demo.Main("quickstart", time.Minute, run) }

func run(ctx context.Context) error {
	conn, err := demo.Connect()
	if err != nil {
		return err
	}
	defer conn.Close()
	c := conn.Client // a *zchat.Client: make one and share it

	// 1. Check the server and the key.
	info, err := c.Ping(ctx)
	if err != nil {
		return err
	}
	fmt.Printf("Connected to ZChat APP Server %s\n", info.Version)

	// 2. Agents and departments: small lists, one call each.
	list, err := agents.New(c).List(ctx)
	if err != nil {
		return err
	}
	names := map[int]string{} // UserID → display name, for the sessions below
	fmt.Printf("\nAgents (%d)\n", len(list))
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tLOGIN\tNAME\tEMAIL\tADMIN")
	for _, a := range list {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", a.UserID, a.LoginName, a.DisplayName, a.Email, yesNo(a.IsAdmin))
		names[a.UserID] = a.DisplayName
	}
	if err := tw.Flush(); err != nil {
		return err
	}

	deps, err := departments.New(c).List(ctx)
	if err != nil {
		return err
	}
	fmt.Printf("\nDepartments (%d)\n", len(deps))
	tw = tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tAGENTS\tDESCRIPTION")
	for _, d := range deps {
		var members []string
		for _, a := range d.Agents {
			members = append(members, a.LoginName)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", d.DepartmentID, d.Name, strings.Join(members, ", "), d.Description)
	}
	if err := tw.Flush(); err != nil {
		return err
	}

	// 3. The latest sessions. Sessions are listed oldest first, page by
	// page; All follows the pages for us, and we keep the last five.
	const keep = 5
	var latest []sessions.Session
	opts := &sessions.ListOptions{Since: conn.Since(30 * 24 * time.Hour), PageSize: 1000}
	for s, err := range sessions.New(c).All(ctx, opts) {
		if err != nil {
			return err
		}
		latest = append(latest, s)
		if len(latest) > keep {
			latest = latest[1:]
		}
	}
	fmt.Printf("\nLatest sessions (%d)\n", len(latest))
	tw = tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tBEGAN (UTC)\tVISITOR\tAGENT\tRATING\tQUESTION")
	for _, s := range latest {
		agent := string(s.AgentUserID) // a chat id such as "User:2"; "" while unassigned
		if userID, ok := s.AgentUserID.UserID(); ok && names[userID] != "" {
			agent = names[userID]
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", s.SessionID, s.BeginTime.UTC().Format(time.DateTime),
			s.DisplayName, agent, rating(s.AgentRating), s.Question)
	}
	if err := tw.Flush(); err != nil {
		return err
	}

	// The most recent session whose visitor left an e-mail address: the
	// one we follow up on.
	var s *sessions.Session
	for i := len(latest) - 1; i >= 0 && s == nil; i-- {
		if latest[i].Email != "" {
			s = &latest[i]
		}
	}
	if s == nil {
		fmt.Println("\nNo recent session has a visitor e-mail address: no transcript to show, no case to submit.")
		return nil
	}

	// 4. Its transcript, streamed to stdout as text.
	fmt.Printf("\nTranscript of session %d (%s <%s>)\n", s.SessionID, s.DisplayName, s.Email)
	n, err := messages.New(c).ExportTranscript(ctx, s.SessionID, os.Stdout, nil)
	if err != nil {
		return err
	}
	if n == 1 {
		fmt.Println("(1 message)")
	} else {
		fmt.Printf("(%d messages)\n", n)
	}

	// 5. A case for the visitor, with debug information from the chat. A
	// real server only gets it when asked.
	if !conn.Demo() && !*submit {
		fmt.Printf("\nNot submitting a follow-up case for %s <%s>: nothing on the server was changed (run with -submit to file it).\n",
			s.DisplayName, s.Email)
		return nil
	}
	return submitCase(ctx, cases.New(c), s)
}

// submitCase files a case for the visitor of s, with debug information from
// the chat: the lead is found or created by e-mail, then the case submitted
// to it. The key names the chat, and the body is built from the chat alone
// (the log entry is stamped with the chat's start, not the clock), so a
// second run sends the same request and the server answers it with the
// case it made the first time.
func submitCase(ctx context.Context, cc *cases.Client, s *sessions.Session) error {
	debug := cases.DebugFromSession(*s) // browser, platform, page, product, ids
	if err := debug.AddLogAt(s.BeginTime.Time, "info", "follow-up requested by the zchat-go quickstart"); err != nil {
		return err
	}
	var resp zchat.Response // what the server answered the case's POST
	lead, kase, err := cc.SubmitCaseForEmail(zchat.WithCaptureResponse(ctx, &resp), "quickstart-chat-"+strconv.Itoa(s.SessionID),
		cases.LeadInput{Email: s.Email, DisplayName: s.DisplayName, CustomerID: s.CustomerID},
		cases.CaseInput{
			Subject:   fmt.Sprintf("Follow up on chat %d", s.SessionID),
			Priority:  cases.PriorityNormal,
			SessionID: s.SessionID,
			Debug:     debug,
		})
	if err != nil {
		return err
	}
	verb := "Submitted"
	if cases.Replayed(&resp) {
		verb = "Already submitted (nothing new was created):"
	}
	fmt.Printf("\n%s case %d for lead %d %s <%s>: status %s, priority %s\n",
		verb, kase.CaseID, lead.LeadID, lead.DisplayName, lead.Email, kase.Status, kase.Priority)
	if d := kase.Debug; d != nil { // as the server stored it
		fmt.Printf("with debug information: %s on %s at %s (properties: %d, log entries: %d)\n",
			d.Browser, d.Platform, d.PageURL, len(d.Properties), len(d.Logs))
	}
	return nil
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func rating(r int) string {
	if r == 0 {
		return "-"
	}
	return fmt.Sprintf("%d/5", r)
}
