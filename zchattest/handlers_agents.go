package zchattest

import (
	"github.com/zchat/zchat-go/agents"
)

// GET /agents: every agent, in UserId order.
func (s *Server) listAgents(*call) (any, error) {
	return mapSlice(sortedValues(s.st.agents), func(a *agentRec) agents.Agent { return a.Agent }), nil
}

// GET /agents/{userId}
func (s *Server) getAgent(_ *call, a *agentRec) (any, error) {
	return a.Agent, nil
}

// checkAgent validates an agent body: LoginName is required, and the
// Password too on create; a LoginName another agent has → 409.
func (s *Server) checkAgent(in agents.Agent, self int) error {
	var f fieldErrs
	f.text("LoginName", in.LoginName, true, 0)
	if self == 0 && in.Password == "" {
		f.add("Password", "is required")
	}
	if err := f.validation(); err != nil {
		return err
	}
	if s.st.loginTaken(in.LoginName, self) {
		return conflict("the LoginName %q is taken", in.LoginName)
	}
	return nil
}

// POST /agents → 201. UserId in the body is ignored.
func (s *Server) createAgent(c *call) (any, error) {
	var in agents.Agent
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	if err := s.checkAgent(in, 0); err != nil {
		return nil, err
	}
	return created{s.st.addAgent(in, in.Password).Agent}, nil
}

// PUT /agents/{userId}: replaces the writable fields; an empty Password
// leaves the password unchanged.
func (s *Server) updateAgent(c *call, a *agentRec) (any, error) {
	var in agents.Agent
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	if err := s.checkAgent(in, a.UserID); err != nil {
		return nil, err
	}
	if in.Password != "" {
		a.password = in.Password
	}
	in.UserID, in.Password = a.UserID, ""
	a.Agent = in
	return a.Agent, nil
}

// DELETE /agents/{userId} → 204; also takes the agent out of its
// departments. Sessions keep its chat id.
func (s *Server) deleteAgent(_ *call, a *agentRec) (any, error) {
	delete(s.st.agents, a.UserID)
	for _, d := range s.st.depts {
		delete(d.members, a.UserID)
	}
	return nil, nil
}
