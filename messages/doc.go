// Package messages reads, sends and exports the messages of ZChat chat
// sessions.
//
// All pages through a session's messages; Send speaks into it as an agent or
// a bot:
//
//	ms := messages.New(zc)
//	for m, err := range ms.All(ctx, sessionID, nil) {
//		if err != nil {
//			return err
//		}
//		fmt.Println(m.Sender, m.PlainText())
//	}
//	_, err := ms.Send(ctx, sessionID, messages.NewMessage{Text: "An agent will be with you shortly."})
//
// ExportTranscript streams a whole session to an io.Writer as plain text,
// JSON Lines or a JSON array, page by page:
//
//	n, err := ms.ExportTranscript(ctx, sessionID, os.Stdout, &messages.TranscriptOptions{Format: messages.FormatJSONLines})
package messages
