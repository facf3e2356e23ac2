package agents_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"

	"github.com/zchat/zchat-go/agents"
	"github.com/zchat/zchat-go/zchat"
)

// fakeServer stands in for an APP Server: it answers every request with
// status and body.
func fakeServer(status int, body string) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}))
}

func ExampleClient_List() {
	srv := fakeServer(200, `[{"UserId":3,"LoginName":"ana","DisplayName":"Ana Lima","IsAdmin":true},
		{"UserId":7,"LoginName":"bo","DisplayName":"Bo","Disabled":true}]`)
	defer srv.Close()

	zc, err := zchat.NewClient(srv.URL, zchat.WithAPIKey("key"))
	if err != nil {
		log.Fatal(err)
	}
	list, err := agents.New(zc).List(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	for _, a := range list {
		fmt.Println(a.UserID, a.LoginName, a.DisplayName, a.Disabled)
	}
	// Output:
	// 3 ana Ana Lima false
	// 7 bo Bo true
}

func ExampleClient_Create() {
	srv := fakeServer(201, `{"UserId":8,"LoginName":"carla","DisplayName":"Carla"}`)
	defer srv.Close()

	zc, err := zchat.NewClient(srv.URL, zchat.WithAPIKey("key"))
	if err != nil {
		log.Fatal(err)
	}
	a, err := agents.New(zc).Create(context.Background(), agents.Agent{
		LoginName:   "carla",
		DisplayName: "Carla",
		Password:    "correct horse battery staple",
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("created", a.UserID)
	// Output: created 8
}

func ExampleAgent_Format() {
	a := agents.Agent{LoginName: "carla", Password: "correct horse battery staple"}
	fmt.Printf("%+v\n", a)
	// Output: {UserID:0 LoginName:carla DisplayName: Email: IsAdmin:false Disabled:false Password:[REDACTED]}
}
