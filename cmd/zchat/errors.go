package main

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/zchat/zchat-go/internal/safetext"
	"github.com/zchat/zchat-go/zchat"
)

// Exit codes of zchat.
const (
	exitOK      = 0 // done
	exitInvalid = 1 // webhook verify: the request does not verify
	exitUsage   = 2 // bad flags or arguments, or an argument the SDK refused (zchat.ErrInvalidArgument)
	exitAPI     = 3 // the server answered with an error (*zchat.APIError)
	exitFailure = 4 // anything else: the network, a file, the local address
)

// usageError is a mistake on the command line: a bad flag, a missing or
// malformed argument. It points at the usage of cmd.
type usageError struct {
	cmd *command
	msg string
	err error // the SDK's error, when it refused an argument
}

func (e *usageError) Error() string { return e.msg }
func (e *usageError) Unwrap() error { return e.err }

// usagef returns a usageError for cmd.
func usagef(cmd *command, format string, args ...any) error {
	return &usageError{cmd: cmd, msg: fmt.Sprintf(format, args...)}
}

// errUsage returns a usage error from inside a command's action; dispatch
// points it at the command.
func errUsage(format string, args ...any) error { return usagef(nil, format, args...) }

// invalidError is a webhook request that does not verify: webhook verify
// exits 1 with it.
type invalidError struct{ err error }

func (e *invalidError) Error() string { return "invalid notification: " + e.err.Error() }
func (e *invalidError) Unwrap() error { return e.err }

// exitCode maps an error to the exit code of the table above.
func exitCode(err error) int {
	var (
		usage   *usageError
		invalid *invalidError
		apiErr  *zchat.APIError
	)
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &invalid):
		return exitInvalid
	case errors.As(err, &usage), errors.Is(err, zchat.ErrInvalidArgument):
		return exitUsage
	case errors.As(err, &apiErr):
		return exitAPI
	default:
		return exitFailure
	}
}

// report writes err to w in a form for people and returns its exit code.
func report(w io.Writer, err error) int {
	code := exitCode(err)
	var (
		usage  *usageError
		apiErr *zchat.APIError
	)
	switch {
	case err == nil:
	case errors.As(err, &usage):
		fmt.Fprintf(w, "zchat: %s\n", safeLine(usage.msg))
		if c := usage.cmd; c != nil {
			fmt.Fprintf(w, "Usage: %s\nRun '%s --help' for more.\n", c.usageLine(), c.path)
		}
	case errors.As(err, &apiErr):
		writeAPIError(w, apiErr)
	default:
		writeLines(w, "zchat: ", strings.TrimPrefix(err.Error(), "zchat: "))
	}
	return code
}

// writeLines writes the lines of msg (several for joined errors), the first
// after prefix, each made safe: an error may quote a server's or a sender's
// text.
func writeLines(w io.Writer, prefix, msg string) {
	for line := range strings.Lines(msg) {
		if line = safeLine(line); line != "" {
			fmt.Fprintf(w, "%s%s\n", prefix, line)
			prefix = "  "
		}
	}
}

// writeAPIError spells out an error answer, with the request id to quote
// to the server's administrator.
func writeAPIError(w io.Writer, e *zchat.APIError) {
	if errors.Is(e, zchat.ErrIdempotencyMismatch) {
		// Only --idempotency-key sets a key that can meet this.
		fmt.Fprintln(w, "zchat: this --idempotency-key was used before with different content (a flag, a file, a log line or\n"+
			"the session changed): nothing new was created. Send the same content again, or use a new key.")
	}
	fmt.Fprintf(w, "zchat: the server answered %d %s", e.StatusCode, http.StatusText(e.StatusCode))
	if e.Method != "" {
		fmt.Fprintf(w, " to %s %s", safetext.Token(e.Method), safetext.Line(e.Path, safetext.MaxMessage))
	}
	fmt.Fprintln(w)
	// Every value is the server's: one bounded line each, never raw.
	line := func(k, v string) {
		if v = safetext.Line(v, safetext.MaxMessage); v != "" {
			fmt.Fprintf(w, "  %-11s %s\n", k+":", v)
		}
	}
	line("code", e.Code)
	line("message", e.Message)
	for _, f := range e.Fields {
		line("field", f.Field+": "+f.Message)
	}
	line("request id", e.RequestID)
	if e.RetryAfter > 0 {
		line("retry after", e.RetryAfter.String())
	}
	if e.StatusCode == http.StatusUnauthorized {
		line("hint", "check --api-key or ZCHAT_API_KEY (the server's ChatApiKey)")
	}
}
