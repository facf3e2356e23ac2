package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/zchat/zchat-go/internal/safetext"
	"github.com/zchat/zchat-go/webhook"
)

// eventSummary describes an event's Data on one line, safe to print: the
// data is the sender's.
func eventSummary(ev *webhook.Event) string {
	return safetext.Line(summarize(ev), safetext.MaxMessage)
}

func summarize(ev *webhook.Event) string {
	var (
		s   string
		err error
	)
	switch ev.Type {
	case webhook.TypeSessionStarted, webhook.TypeSessionAccepted, webhook.TypeSessionTransferred,
		webhook.TypeSessionEnded, webhook.TypeSessionRated:
		x, e := ev.Session()
		if err = e; e == nil {
			s = joinSome(", ", "session "+itoa(x.SessionID), x.DisplayName, angle(x.Email),
				prefixed("agent ", string(x.AgentUserID)), prefixed("department ", id(x.DepartmentID)),
				prefixed("rating ", id(x.AgentRating))) + prefixed(": ", clip(x.Question, 60))
		}
	case webhook.TypeMessageCreated:
		x, e := ev.Message()
		if err = e; e == nil {
			s = fmt.Sprintf("session %d, message %d, %s: %s", x.SessionID, x.MessageID, sender(*x), clip(x.PlainText(), 80))
		}
	case webhook.TypeLeadCreated:
		x, e := ev.Lead()
		if err = e; e == nil {
			s = joinSome(", ", "lead "+itoa(x.LeadID), x.Email, x.DisplayName, x.Company)
		}
	case webhook.TypeCaseCreated:
		x, e := ev.Case()
		if err = e; e == nil {
			s = fmt.Sprintf("case %d, lead %d, %s: %s", x.CaseID, x.LeadID, x.Priority, clip(x.Subject, 60))
		}
	case webhook.TypeNoteCreated:
		x, e := ev.Note()
		if err = e; e == nil {
			s = joinSome(", ", "note "+itoa(x.NoteID), "lead "+itoa(x.LeadID), prefixed("case ", id(x.CaseID))) +
				": " + clip(x.Text, 60)
		}
	case webhook.TypeAgentStatusChanged:
		x, e := ev.AgentStatus()
		if err = e; e == nil {
			s = fmt.Sprintf("agent %d is %s", x.UserID, x.Status)
		}
	default:
		err = errors.ErrUnsupported
	}
	if err != nil {
		return clip(string(ev.Data), 100)
	}
	return s
}

// joinSome joins the non-empty parts.
func joinSome(sep string, parts ...string) string {
	var keep []string
	for _, p := range parts {
		if p != "" {
			keep = append(keep, p)
		}
	}
	return strings.Join(keep, sep)
}

// prefixed is prefix+s, or "" when s is "".
func prefixed(prefix, s string) string {
	if s == "" {
		return ""
	}
	return prefix + s
}

// angle is "<s>", or "" when s is "".
func angle(s string) string {
	if s == "" {
		return ""
	}
	return "<" + s + ">"
}
