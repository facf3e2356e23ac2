package departments_test

import (
	"context"
	"fmt"
	"log"
	"strings"

	"github.com/zchat/zchat-go/departments"
	"github.com/zchat/zchat-go/zchattest"
)

// The examples run against zchattest, the SDK's fake APP Server, seeded
// with its demo organization; against a real server, make the client with
// zchat.NewClient(baseURL, zchat.WithAPIKey(key)) instead.

func ExampleClient_List() {
	srv := zchattest.NewServer(zchattest.WithDemoData())
	defer srv.Close()
	zc := srv.Client() // a *zchat.Client for srv

	list, err := departments.New(zc).List(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	for _, d := range list {
		fmt.Printf("%d %s (%s):", d.DepartmentID, d.Name, d.Description)
		for _, a := range d.Agents {
			fmt.Print(" ", a.LoginName)
		}
		fmt.Println()
	}
	// Output:
	// 1 Sales (Pricing, quotes and trials): anna ben
	// 2 Support (Technical help for ZChat Server customers): ben chloe
}

func ExampleClient_AddAgent() {
	srv := zchattest.NewServer(zchattest.WithDemoData())
	defer srv.Close()
	dep := departments.New(srv.Client())
	ctx := context.Background()

	d, err := dep.Create(ctx, departments.Department{Name: "Billing", Description: "Invoices and refunds"})
	if err != nil {
		log.Fatal(err)
	}
	// Membership changes only here: the agents with UserID 1 and 3 join.
	for _, userID := range []int{1, 3} {
		if err := dep.AddAgent(ctx, d.DepartmentID, userID); err != nil {
			log.Fatal(err)
		}
	}
	d, err = dep.Get(ctx, d.DepartmentID)
	if err != nil {
		log.Fatal(err)
	}
	var members []string
	for _, a := range d.Agents {
		members = append(members, a.DisplayName)
	}
	fmt.Printf("%d %s: %s\n", d.DepartmentID, d.Name, strings.Join(members, ", "))
	// Output: 3 Billing: Anna Schmidt, Chloé Martin
}
