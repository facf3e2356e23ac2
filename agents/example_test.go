package agents_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/zchat/zchat-go/agents"
	"github.com/zchat/zchat-go/zchat"
	"github.com/zchat/zchat-go/zchattest"
)

// The examples run against zchattest, the SDK's fake APP Server, seeded
// with its demo organization; against a real server, make the client with
// zchat.NewClient(baseURL, zchat.WithAPIKey(key)) instead.

func ExampleClient_List() {
	srv := zchattest.NewServer(zchattest.WithDemoData())
	defer srv.Close()
	zc := srv.Client() // a *zchat.Client for srv

	list, err := agents.New(zc).List(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	for _, a := range list {
		fmt.Println(a.UserID, a.LoginName, a.DisplayName, a.IsAdmin)
	}
	// Output:
	// 1 anna Anna Schmidt true
	// 2 ben Ben Carter false
	// 3 chloe Chloé Martin false
}

func ExampleClient_Create() {
	srv := zchattest.NewServer(zchattest.WithDemoData())
	defer srv.Close()
	ag := agents.New(srv.Client())
	ctx := context.Background()

	a, err := ag.Create(ctx, agents.Agent{
		LoginName:   "carla",
		DisplayName: "Carla Souza",
		Email:       "carla.souza@zchatdemo.com",
		Password:    "correct horse battery staple", // write-only: never returned
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("created %d %s, password returned: %t\n", a.UserID, a.LoginName, a.Password != "")

	// A LoginName is unique: a second "carla" is refused by the server.
	_, err = ag.Create(ctx, agents.Agent{LoginName: "carla", Password: "another one"})
	fmt.Println(errors.Is(err, zchat.ErrConflict))

	// Missing a required field: refused before anything is sent.
	_, err = ag.Create(ctx, agents.Agent{LoginName: "dan"})
	fmt.Println(err)
	// Output:
	// created 4 carla, password returned: false
	// true
	// zchat: invalid argument Agent.Password: is required
}

func ExampleAgent_Format() {
	a := agents.Agent{LoginName: "carla", Password: "correct horse battery staple"}
	fmt.Printf("%+v\n", a)
	// Output: {UserID:0 LoginName:carla DisplayName: Email: IsAdmin:false Disabled:false Password:[REDACTED]}
}
