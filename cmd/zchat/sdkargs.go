package main

import (
	"errors"
	"strings"

	"github.com/zchat/zchat-go/zchat"
)

// sdkArg is how a zchat user gives an argument the SDK checks before
// sending: the flag (or positional argument), and, where the SDK's reason
// speaks of Go names, the same reason in the flags' words.
type sdkArg struct {
	flag   string
	reason func(string) string
}

// words rewrites Go names in a reason into flags.
func words(oldnew ...string) func(string) string { return strings.NewReplacer(oldnew...).Replace }

// say replaces a reason whole.
func say(reason string) func(string) string { return func(string) string { return reason } }

// sdkArgs maps the Name of every zchat.InvalidArgumentError a command can
// meet to the flag that sets it: the one place where the SDK's Go names
// become the command line's.
var sdkArgs = map[string]sdkArg{
	// The client, from the global flags and the environment.
	"baseURL":       {"--base-url (or " + envBaseURL + ")", words("WithAPIKey", "--api-key")},
	"WithAPIKey":    {"--api-key (or " + envAPIKey + ")", nil},
	"WithBasePath":  {"--base-path", nil},
	"WithTimeout":   {"--timeout", nil},
	"WithRetryMax":  {"--retries", nil},
	"WithRateLimit": {"--rate", say("must be > 0 requests a second (0 = no limit)")},

	// Ids, given as positional arguments.
	"userID":       {"USER_ID", nil},
	"departmentID": {"DEPARTMENT_ID", nil},
	"sessionID":    {"SESSION_ID", nil},
	"leadID":       {"LEAD_ID", nil},
	"caseID":       {"CASE_ID", nil},

	// Lists.
	"ListOptions.PageSize":       {"--page-size", nil},
	"LeadListOptions.PageSize":   {"--page-size", nil},
	"TranscriptOptions.PageSize": {"--page-size", nil},
	"TranscriptOptions.Format":   {"--format", nil},
	"ListOptions.Since":          {"--since", nil},
	"ListOptions.Until":          {"--until", words("Since", "--since")},
	"ListOptions.Status":         {"--status", nil},
	"ListOptions.DepartmentID":   {"--department", nil},
	"ListOptions.AgentUserID":    {"--agent", nil},
	"ListOptions.CustomerID":     {"--customer", nil},
	"ListOptions.Email":          {"--email", nil},
	"ListOptions.AfterMessageID": {"--after", nil},

	// Agents and departments.
	"Agent.LoginName":        {"--login", nil},
	"Agent.Password":         {"--password-stdin or --password-env", nil},
	"Agent.DisplayName":      {"--name", nil},
	"Agent.Email":            {"--email", nil},
	"Department.Name":        {"--name", nil},
	"Department.Description": {"--description", nil},

	// Sessions and messages.
	"Transfer":              {"--agent or --department", say("give at least one")},
	"Transfer.AgentUserID":  {"--agent", nil},
	"Transfer.DepartmentID": {"--department", nil},
	"NewMessage.Text":       {"--text or --html", say("give one of them: both are empty")},
	"NewMessage.HTML":       {"--html", nil},
	"NewMessage.SenderID":   {"--sender-id", nil},
	"NewMessage.Sender":     {"--sender", nil},

	// Leads, cases and notes.
	"LeadInput.Email":       {"--email", plainEmailReason},
	"LeadInput.DisplayName": {"--name", nil},
	"LeadInput.Phone":       {"--phone", nil},
	"LeadInput.Company":     {"--company", nil},
	"LeadInput.CustomerID":  {"--customer", nil},
	"CaseInput.Subject":     {"--subject", nil},
	"CaseInput.Description": {"--description", nil},
	"CaseInput.Priority":    {"--priority", nil},
	"CaseInput.SessionID":   {"--session", nil},
	"NoteInput.Text":        {"--text", nil},
	"NoteInput.CaseID":      {"--case", nil},
	"NoteInput.SessionID":   {"--session", nil},
	"Idempotency-Key":       {"--idempotency-key", nil},
}

// plainEmailReason drops the Go mail parser's own words ("mail: no
// angle-addr") from a reason: the address and "is not a valid address" say
// it.
func plainEmailReason(reason string) string {
	before, _, _ := strings.Cut(reason, ": mail: ")
	return before
}

// debugArg is the flag behind a field of the debug information, named
// "CaseInput.Debug.Logs", "DebugInfo.Attachments[2].FileName" and so on.
func debugArg(name string) (string, bool) {
	for _, prefix := range []string{"CaseInput.Debug.", "NoteInput.Debug.", "DebugInfo."} {
		field, ok := strings.CutPrefix(name, prefix)
		if !ok {
			continue
		}
		switch {
		case strings.HasPrefix(field, "Attachments"):
			return "--attach", true
		case strings.HasPrefix(field, "Logs"):
			return "--log", true
		}
		return "--debug-from-session", true
	}
	return "", false
}

// argMessage says what is wrong with an argument the SDK refused, in the
// command line's words: "--page-size: must be …". ok is false for an error
// that is no *zchat.InvalidArgumentError.
func argMessage(err error) (msg string, ok bool) {
	var invalid *zchat.InvalidArgumentError
	if !errors.As(err, &invalid) {
		return "", false
	}
	arg, known := sdkArgs[invalid.Name]
	if !known {
		if flag, debug := debugArg(invalid.Name); debug {
			arg, known = sdkArg{flag: flag}, true
		}
	}
	if !known {
		return invalid.Name + ": " + invalid.Reason, true
	}
	reason := invalid.Reason
	if arg.reason != nil {
		reason = arg.reason(reason)
	}
	return arg.flag + ": " + reason, true
}
