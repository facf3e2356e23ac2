// Package cases is the submission API of the ZChat APP Server, for CRM
// integrations: find or create the Lead for a visitor (by email), then
// submit a Case (a problem report) or a Note for it, carrying detailed
// DebugInfo — the visitor's browser and page, logs, properties, a stack
// trace, attachments and the chat transcript.
//
// The main call, when a chat ends with a problem to follow up:
//
//	cc := cases.New(client) // client is a *zchat.Client
//	debug := cases.DebugFromSession(session)
//	if err := debug.AttachTranscript(messages.New(client).All(ctx, session.SessionID, nil)); err != nil {
//		return err
//	}
//	lead, kase, err := cc.SubmitCaseForEmail(ctx, "chat-"+strconv.Itoa(session.SessionID),
//		cases.LeadInput{Email: session.Email, DisplayName: session.DisplayName, CustomerID: session.CustomerID},
//		cases.CaseInput{Subject: "Checkout fails", Priority: cases.PriorityHigh, SessionID: session.SessionID, Debug: debug})
//
// SubmitCaseForEmail (and SubmitNoteForEmail) upsert the lead and submit
// the case with idempotency keys derived from the caller's key, so calling
// again with the same key never creates a second case. The single steps
// are UpsertLead, SubmitCase and SubmitNote; GetLead, GetCase, ListLeads,
// ListCases and ListNotes read back, and AllLeads, AllCases and AllNotes
// iterate over every page.
//
// Every limit of the contract (MaxSubjectLen, MaxDescriptionBytes,
// MaxTextBytes, MaxProperties, MaxLogEntries, MaxStackTraceBytes,
// MaxAttachments, MaxAttachmentBytes, a valid bare Email) is checked
// before anything is sent: the Validate methods of LeadInput, CaseInput,
// NoteInput and DebugInfo return an error that wraps
// zchat.ErrInvalidArgument and names the field, such as
// "CaseInput.Subject". No request is sent until every check has passed;
// the one-call flows check the lead and the case (or note) before the first.
//
// DebugInfo is built with DebugFromSession and its helpers: AddLog,
// SetProperty, AttachBytes, AttachReader, AttachFile, AttachTranscript,
// SetPanic, and AddRuntime for a Go service reporting its own errors.
//
// Besides zchat, cases imports sessions (DebugFromSession takes a
// sessions.Session) and messages (AttachTranscript takes the
// messages.Message values that messages.Client.All yields and renders them
// with messages.TranscriptWriter); neither imports cases.
package cases
