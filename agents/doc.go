// Package agents manages the agents of a ZChat organization: the people who
// answer chats, with their login, display name, e-mail, administrator flag
// and disabled flag.
//
// Wrap a *zchat.Client and call the endpoints:
//
//	zc, err := zchat.NewClient("https://zchatdemo.com", zchat.WithAPIKey(key))
//	if err != nil { … }
//	ag := agents.New(zc)
//	a, err := ag.Create(ctx, agents.Agent{LoginName: "ana", DisplayName: "Ana", Password: pw})
//	all, err := ag.List(ctx)
//
// An Agent's Password is write-only: the server never returns it, and the
// SDK never prints, logs or JSON-encodes it outside the Create and Update
// requests.
package agents
