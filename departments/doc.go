// Package departments manages the departments of a ZChat organization: the
// groups of agents that chats are routed to, and their members.
//
// Wrap a *zchat.Client and call the endpoints:
//
//	dep := departments.New(zc)
//	d, err := dep.Create(ctx, departments.Department{Name: "Sales", Description: "Pre-sales questions"})
//	if err != nil { … }
//	err = dep.AddAgent(ctx, d.DepartmentID, 3) // the agent whose UserID is 3
//
// A Department's Agents list is read-only: Create and Update send only Name
// and Description; membership changes with AddAgent and RemoveAgent.
package departments
