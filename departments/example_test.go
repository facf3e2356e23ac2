package departments_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"

	"github.com/zchat/zchat-go/departments"
	"github.com/zchat/zchat-go/zchat"
)

func ExampleClient_List() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `[{"DepartmentId":1,"Name":"Sales","Agents":[{"UserId":3,"LoginName":"ana"}]},
			{"DepartmentId":2,"Name":"Support","Agents":[]}]`)
	}))
	defer srv.Close()

	zc, err := zchat.NewClient(srv.URL, zchat.WithAPIKey("key"))
	if err != nil {
		log.Fatal(err)
	}
	list, err := departments.New(zc).List(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	for _, d := range list {
		fmt.Printf("%d %s: %d agents\n", d.DepartmentID, d.Name, len(d.Agents))
	}
	// Output:
	// 1 Sales: 1 agents
	// 2 Support: 0 agents
}

func ExampleClient_AddAgent() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Println(r.Method, r.URL.Path)
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()

	zc, err := zchat.NewClient(srv.URL, zchat.WithAPIKey("key"))
	if err != nil {
		log.Fatal(err)
	}
	if err := departments.New(zc).AddAgent(context.Background(), 1, 3); err != nil {
		log.Fatal(err)
	}
	// Output: PUT /api/v1/departments/1/agents/3
}
