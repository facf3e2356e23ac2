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
// Every limit of the contract (MaxSubjectLen, MaxDescriptionLen,
// MaxTextLen, MaxProperties, MaxLogEntries, MaxStackTraceLen,
// MaxAttachments, MaxAttachmentBytes, a valid bare Email) is checked
// before anything is sent: the Validate methods of LeadInput, CaseInput,
// NoteInput and DebugInfo return an error that wraps
// zchat.ErrInvalidArgument and names the field, such as
// "CaseInput.Subject". No request is sent until every check has passed;
// the one-call flows check the lead and the case (or note) before the first.
// Text is counted as the .NET server counts it, in UTF-16 code units: "é"
// is 1, an emoji such as 😀 is 2.
//
// Re-running a submission under the same key with the same inputs creates
// nothing new: the server answers with what it created the first time.
// Build the inputs the same way each time (AddLogAt with times from the
// input, not AddLog or AddRuntime), or the server refuses the repeat with
// zchat.ErrIdempotencyMismatch. To tell a repeat from a first submission,
// capture the answer with zchat.WithCaptureResponse and ask Replayed.
//
// DebugInfo is built with DebugFromSession and its helpers: AddLog, AddLogAt,
// SetProperty, AttachBytes, AttachReader, AttachFile, AttachTranscript,
// SetPanic, and AddRuntime for a Go service reporting its own errors.
//
// Besides zchat, cases imports sessions (DebugFromSession takes a
// sessions.Session) and messages (AttachTranscript takes the
// messages.Message values that messages.Client.All yields and renders them
// with messages.TranscriptWriter); neither imports cases.
package cases
