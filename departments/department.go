package departments

import "github.com/zchat/zchat-go/agents"

// Department is a group of agents that chats are routed to (the server's
// ChatApiDepartment). Agents is read-only: change membership with
// Client.AddAgent and Client.RemoveAgent.
type Department struct {
	DepartmentID int            `json:"DepartmentId,omitempty"`
	Name         string         `json:"Name"`
	Description  string         `json:"Description"`
	Agents       []agents.Agent `json:"Agents,omitempty"`
}
