// Submit-case submits a case, with a log file and a stack trace attached as
// debug information, for the lead with a given e-mail address: what a Go
// service or a support tool does to report a problem.
//
//	go run ./examples/submit-case -email ann@example.com -subject "Checkout fails" -log app.log [-stack panic.txt] [-key K]
//
// With ZCHAT_BASE_URL and ZCHAT_API_KEY set it submits to that APP Server;
// without them it starts an in-process zchattest server with demo data,
// first shows the errors a bad input gets (the SDK checks every field
// against the contract's limits before it sends anything, and names the
// field), and submits a generated log file and the stack trace of a
// recovered panic.
//
// Run again with the same -key and the same inputs, it creates nothing new
// and says the case was already submitted: the request is built from the
// inputs alone (the log entry is stamped with the log file's modification
// time, not the clock). The same -key with different inputs (a changed log
// file, say) is refused by the server, and it exits 1 saying so.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"time"

	"github.com/zchat/zchat-go/cases"
	"github.com/zchat/zchat-go/examples/internal/demo"
	"github.com/zchat/zchat-go/zchat"
)

var (
	email    = flag.String("email", "", "the e-mail address of the lead (default in demo mode: oliver@shop.example.org)")
	name     = flag.String("name", "", "the lead's display name, when creating it")
	subject  = flag.String("subject", "Checkout fails with a nil map", "the case's subject")
	priority = flag.String("priority", "high", "low, normal, high or urgent")
	logFile  = flag.String("log", "", "a log file to attach (default in demo mode: a generated one)")
	stack    = flag.String("stack", "", "a file holding a stack trace (default: the stack of a recovered panic)")
	key      = flag.String("key", "", "idempotency key: submitting the same inputs again with the same key never makes a second case (default: new per run)")
)

func main() { demo.Main("submit-case", time.Minute, run) }

func run(ctx context.Context) error {
	conn, err := demo.Connect()
	if err != nil {
		return err
	}
	defer conn.Close()
	cc := cases.New(conn.Client)

	if conn.Demo() {
		if *email == "" {
			*email = "oliver@shop.example.org" // a lead of the demo data
		}
		if *logFile == "" {
			dir, err := os.MkdirTemp("", "submit-case-")
			if err != nil {
				return err
			}
			defer os.RemoveAll(dir)
			if *logFile, err = writeDemoLog(dir); err != nil {
				return err
			}
		}
	}
	if *email == "" {
		return errors.New("-email is required")
	}
	if *key == "" {
		*key = fmt.Sprintf("submit-case-%d", time.Now().UnixNano())
	}

	// 1. In demo mode, bad input first.
	lead := cases.LeadInput{Email: *email, DisplayName: *name}
	if conn.Demo() {
		if err := showRefusals(ctx, cc, lead); err != nil {
			return err
		}
	}

	// 2. The good one: debug information with the log file and a stack
	// trace attached, then the lead and the case in one call.
	info := &cases.DebugInfo{AppVersion: "1.4.2"}
	if *logFile != "" {
		if err := info.AttachFile(*logFile); err != nil {
			return err
		}
		// The entry is stamped with when the log was last written, which
		// a re-run finds unchanged: the clock would make every run's
		// request differ, and the server refuse a repeated key.
		st, err := os.Stat(*logFile)
		if err != nil {
			return err
		}
		if err := info.AddLogAt(st.ModTime(), "error", "checkout failed; see "+filepath.Base(*logFile)); err != nil {
			return err
		}
	}
	if *stack != "" {
		b, err := os.ReadFile(*stack)
		if err != nil {
			return err
		}
		info.SetStackTrace(string(b)) // cut to cases.MaxStackTraceBytes if longer
	} else {
		checkout(info) // panics, and records the panic and its stack
	}

	var resp zchat.Response // what the server answered the case's POST
	l, kase, err := cc.SubmitCaseForEmail(zchat.WithCaptureResponse(ctx, &resp), *key, lead, cases.CaseInput{
		Subject:     *subject,
		Description: "Submitted by the zchat-go submit-case example.",
		Priority:    cases.Priority(*priority),
		Debug:       info,
	})
	if err != nil {
		return err // on a reused -key with other inputs, it says so: errors.Is(err, zchat.ErrIdempotencyMismatch)
	}
	verb := "Submitted"
	if cases.Replayed(&resp) {
		verb = "Already submitted (nothing new was created):"
	}
	fmt.Printf("\n%s case %d for lead %d <%s>: status %s, priority %s\n", verb, kase.CaseID, l.LeadID, l.Email, kase.Status, kase.Priority)

	// 3. Read it back, as the CRM stores it.
	got, err := cc.GetCase(ctx, kase.CaseID)
	if err != nil {
		return err
	}
	if d := got.Debug; d != nil {
		for _, a := range d.Attachments {
			fmt.Printf("  attachment %s (%s, %d bytes)\n", a.FileName, a.ContentType, len(a.Content))
		}
		first, _, _ := strings.Cut(d.StackTrace, "\n")
		fmt.Printf("  stack trace: %d bytes, starting %q\n", len(d.StackTrace), first)
		fmt.Printf("  log entries: %d\n", len(d.Logs))
	}
	return nil
}

// showRefusals shows bad input: each is refused before anything is sent,
// with an error that wraps zchat.ErrInvalidArgument and names the field.
func showRefusals(ctx context.Context, cc *cases.Client, lead cases.LeadInput) error {
	fmt.Println("Refused before sending:")
	for _, bad := range []struct {
		lead cases.LeadInput
		in   cases.CaseInput
	}{
		{lead, cases.CaseInput{Subject: strings.Repeat("x", cases.MaxSubjectLen+1)}},
		{lead, cases.CaseInput{Subject: *subject, Priority: "asap"}},
		{cases.LeadInput{Email: "Ann Lee <ann@example.com>"}, cases.CaseInput{Subject: *subject}},
		{cases.LeadInput{Email: "ann.example.com"}, cases.CaseInput{Subject: *subject}},
	} {
		_, _, err := cc.SubmitCaseForEmail(ctx, *key, bad.lead, bad.in)
		var invalid *zchat.InvalidArgumentError
		if !errors.As(err, &invalid) { // also errors.Is(err, zchat.ErrInvalidArgument)
			return fmt.Errorf("expected an invalid argument, got %v", err)
		}
		fmt.Printf("  %s: %s\n", invalid.Name, invalid.Reason)
	}
	return nil
}

// checkout stands for the code that failed: it panics on a nil map, and
// records the recovered panic with its stack in info.
func checkout(info *cases.DebugInfo) {
	defer func() {
		if v := recover(); v != nil {
			info.SetPanic(v, withoutArgs(debug.Stack()))
		}
	}()
	var c cart // its map is never made: the bug
	c.add("sku-4411")
}

// callArgs is the argument list at the end of a stack trace's call line:
// "main.checkout(0xc000012345?)".
var callArgs = regexp.MustCompile(`(?m)^(\S.*)\([^()]+\)$`)

// withoutArgs drops the argument values from a stack trace's calls. They
// are addresses, which differ from run to run; without them the same
// failure has the same trace, so a re-run with the same -key sends the
// same request.
func withoutArgs(stack []byte) []byte {
	return callArgs.ReplaceAll(stack, []byte("$1(...)"))
}

// cart is the shopping cart of the failing checkout.
type cart struct{ items map[string]int }

func (c *cart) add(sku string) { c.items[sku]++ }

// writeDemoLog writes a short application log to dir/app.log.
func writeDemoLog(dir string) (string, error) {
	path := filepath.Join(dir, "app.log")
	lines := []string{
		"2026-11-24T03:52:20Z INFO  checkout started cart=c-8812 items=3",
		"2026-11-24T03:52:21Z INFO  payment authorized amount=129.90 currency=GBP",
		"2026-11-24T03:52:21Z ERROR checkout failed: assignment to entry in nil map",
	}
	return path, os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644)
}
