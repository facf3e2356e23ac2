// Package sessions reads and steers ZChat chat sessions: one conversation
// between a visitor and the organization's agents, with what the widget
// knew about the visitor (browser, page, product, and the JSON the site put
// in ContextData, SessionData and CustomData).
//
// List pages through the sessions; All follows the cursors for you:
//
//	ss := sessions.New(zc)
//	for s, err := range ss.All(ctx, &sessions.ListOptions{Status: sessions.StatusActive}) {
//		if err != nil {
//			return err
//		}
//		fmt.Println(s.SessionID, s.DisplayName, s.Question)
//	}
//
// Transfer moves a session to another agent or department, Close ends it,
// and DecodeCustomData (and its siblings) decode the site's JSON:
//
//	var cart struct{ Items int }
//	if err := s.DecodeCustomData(&cart); errors.Is(err, sessions.ErrNoData) { … }
package sessions
