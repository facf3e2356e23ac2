package zchattest_test

import (
	"context"
	"fmt"

	"github.com/zchat/zchat-go/agents"
	"github.com/zchat/zchat-go/zchattest"
)

// A fake APP Server with the demo organization, used through the SDK.
func Example() {
	srv := zchattest.NewServer(zchattest.WithDemoData())
	defer srv.Close()

	list, err := agents.New(srv.Client()).List(context.Background())
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	for _, a := range list {
		fmt.Println(a.DisplayName)
	}
	// Output:
	// Anna Schmidt
	// Ben Carter
	// Chloé Martin
}
