package zchattest

import (
	"encoding/base64"
	"fmt"
	"regexp"
	"strings"

	"github.com/zchat/zchat-go/cases"
	"github.com/zchat/zchat-go/internal/apispec"
	"github.com/zchat/zchat-go/webhook"
	"github.com/zchat/zchat-go/zchat"
)

var emailPattern = regexp.MustCompile(`^[^@\s]+@[^@\s]+$`)

// leadFilter is the filter of GET /leads; a cursor carries it.
type leadFilter struct {
	Email string `json:",omitempty"`
}

func (f *leadFilter) parse(q *query) int { f.Email = q.get("email"); return 0 }

func (f *leadFilter) keep(l *cases.Lead) bool {
	return f.Email == "" || strings.EqualFold(l.Email, f.Email)
}

func leadID(l *cases.Lead) int { return l.LeadID }
func caseID(c cases.Case) int  { return c.CaseID }
func noteID(n cases.Note) int  { return n.NoteID }

func (s *Server) leadAnswer(l *cases.Lead) leadWire { return s.tf.lead(*l) }

// POST /leads: 201 and a new lead, or 200 and the lead with that Email
// (compared case-insensitively), its fields given non-empty overwritten.
func (s *Server) upsertLead(c *call) (any, error) {
	var in cases.LeadInput
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	var f fieldErrs
	switch {
	case in.Email == "":
		f.add("Email", "is required")
	case !emailPattern.MatchString(in.Email):
		f.add("Email", "%q is not a valid address", in.Email)
	}
	if in.CustomerID != "" && !validChatID(string(in.CustomerID)) {
		f.add("CustomerId", "%q is not a chat id", in.CustomerID)
	}
	if err := f.validation(); err != nil {
		return nil, err
	}
	now := zchat.NewTime(s.now())
	if l := s.st.leadByEmail(in.Email); l != nil {
		setIf(&l.DisplayName, in.DisplayName)
		setIf(&l.Phone, in.Phone)
		setIf(&l.Company, in.Company)
		setIf(&l.CustomerID, in.CustomerID)
		l.UpdatedTime = now
		return s.leadAnswer(l), nil
	}
	l := s.st.addLead(cases.Lead{Email: in.Email, DisplayName: in.DisplayName, Phone: in.Phone,
		Company: in.Company, CustomerID: in.CustomerID, CreatedTime: now, UpdatedTime: now})
	return s.answerCreated(webhook.TypeLeadCreated, s.leadAnswer(&l))
}

func setIf[T ~string](dst *T, v T) {
	if v != "" {
		*dst = v
	}
}

// GET /leads: a page of leads, filtered by email.
func (s *Server) listLeads(c *call) (any, error) {
	f := &leadFilter{}
	return page(s, c, listing{kind: KindLeads, filter: f, parse: f.parse}, s.st.leads, leadID, f.keep, s.leadAnswer)
}

// GET /leads/{leadId}
func (s *Server) getLead(_ *call, l *cases.Lead) (any, error) {
	return s.leadAnswer(l), nil
}

// GET /cases/{caseId}
func (s *Server) getCase(_ *call, cs cases.Case) (any, error) {
	return s.tf.kase(cs), nil
}

// GET /leads/{leadId}/cases: a page of the lead's cases.
func (s *Server) listCases(c *call, l *cases.Lead) (any, error) {
	ofLead := func(cs cases.Case) bool { return cs.LeadID == l.LeadID }
	return page(s, c, listing{kind: KindCases, scope: l.LeadID}, s.st.cases, caseID, ofLead, s.tf.kase)
}

// GET /leads/{leadId}/notes: a page of the lead's notes, its own and its
// cases'.
func (s *Server) listNotes(c *call, l *cases.Lead) (any, error) {
	ofLead := func(n cases.Note) bool { return n.LeadID == l.LeadID }
	return page(s, c, listing{kind: KindNotes, scope: l.LeadID}, s.st.notes, noteID, ofLead, s.tf.note)
}

// caseIn is the body of POST /leads/{leadId}/cases.
type caseIn struct {
	cases.CaseInput
	Debug *debugIn `json:"Debug"`
}

// noteIn is the body of POST /leads/{leadId}/notes.
type noteIn struct {
	cases.NoteInput
	Debug *debugIn `json:"Debug"`
}

// debugIn is DebugInfo as sent, its attachments' Content still base64 so
// that bad base64 is a 422 naming the attachment.
type debugIn struct {
	cases.DebugInfo
	Attachments []attachmentIn `json:"Attachments"`
}

type attachmentIn struct {
	FileName    string `json:"FileName"`
	ContentType string `json:"ContentType"`
	Content     string `json:"Content"`
}

// check validates debug information against the contract's limits and
// returns it decoded (nil for none).
func (d *debugIn) check(f *fieldErrs) *cases.DebugInfo {
	if d == nil {
		return nil
	}
	f.max("Debug.Properties", len(d.Properties), apispec.MaxProperties, "entries")
	f.max("Debug.Logs", len(d.Logs), apispec.MaxLogs, "entries")
	f.text("Debug.StackTrace", d.StackTrace, false, apispec.MaxStackTrace)
	f.max("Debug.Attachments", len(d.Attachments), apispec.MaxAttachments, "entries")
	out := d.DebugInfo
	out.Attachments = nil
	total := 0
	for i, a := range d.Attachments {
		name := fmt.Sprintf("Debug.Attachments[%d]", i)
		if strings.TrimSpace(a.FileName) == "" {
			f.add(name+".FileName", "is required")
		}
		content, err := base64.StdEncoding.DecodeString(a.Content)
		if err != nil {
			f.add(name+".Content", "is not base64 (standard alphabet, padded)")
		}
		total += len(content)
		out.Attachments = append(out.Attachments, cases.Attachment{FileName: a.FileName, ContentType: a.ContentType, Content: content})
	}
	if total > apispec.MaxAttachmentBytes {
		f.add("Debug.Attachments", "hold %d bytes of content, over the limit of %d", total, apispec.MaxAttachmentBytes)
	}
	return &out
}

// checkSession validates a SessionId reference: 0 is none, else it must
// name a session.
func (s *Server) checkSession(f *fieldErrs, id int) {
	if _, ok := at(s.st.sessions, id); id < 0 || id > 0 && !ok {
		f.add("SessionId", "%d is not a session", id)
	}
}

// POST /leads/{leadId}/cases → 201: a new open case, normal priority
// unless given.
func (s *Server) submitCase(c *call, l *cases.Lead) (any, error) {
	var in caseIn
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	var f fieldErrs
	f.text("Subject", in.Subject, true, apispec.MaxSubject)
	f.text("Description", in.Description, false, apispec.MaxDescription)
	switch in.Priority {
	case "":
		in.Priority = cases.PriorityNormal
	case cases.PriorityLow, cases.PriorityNormal, cases.PriorityHigh, cases.PriorityUrgent:
	default:
		f.add("Priority", "%q is not one of low, normal, high, urgent", in.Priority)
	}
	s.checkSession(&f, in.SessionID)
	debug := in.Debug.check(&f)
	if err := f.validation(); err != nil {
		return nil, err
	}
	cs := s.st.addCase(cases.Case{LeadID: l.LeadID, Subject: in.Subject, Description: in.Description,
		Priority: in.Priority, Status: cases.StatusOpen, SessionID: in.SessionID, Debug: debug,
		CreatedTime: zchat.NewTime(s.now())})
	return s.answerCreated(webhook.TypeCaseCreated, s.tf.kase(cs))
}

// POST /leads/{leadId}/notes → 201. A CaseId must name a case of the same
// lead.
func (s *Server) submitNote(c *call, l *cases.Lead) (any, error) {
	var in noteIn
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	var f fieldErrs
	f.text("Text", in.Text, true, apispec.MaxNoteText)
	if cs, ok := at(s.st.cases, in.CaseID); in.CaseID < 0 || in.CaseID > 0 && (!ok || cs.LeadID != l.LeadID) {
		f.add("CaseId", "%d is not a case of lead %d", in.CaseID, l.LeadID)
	}
	s.checkSession(&f, in.SessionID)
	debug := in.Debug.check(&f)
	if err := f.validation(); err != nil {
		return nil, err
	}
	n := s.st.addNote(cases.Note{LeadID: l.LeadID, CaseID: in.CaseID, SessionID: in.SessionID,
		Text: in.Text, Debug: debug, CreatedTime: zchat.NewTime(s.now())})
	return s.answerCreated(webhook.TypeNoteCreated, s.tf.note(n))
}
