package zchattest

import (
	"github.com/zchat/zchat-go/departments"
)

// GET /departments: every department with its agents, in DepartmentId order.
func (s *Server) listDepartments(*call) (any, error) {
	return mapSlice(sortedValues(s.st.depts), s.st.deptAnswer), nil
}

// GET /departments/{departmentId}
func (s *Server) getDepartment(_ *call, d *deptRec) (any, error) {
	return s.st.deptAnswer(d), nil
}

// decodeDepartment reads a department body: Name is required (422) and must
// be free (409). Other properties (DepartmentId, Agents) are ignored.
func (s *Server) decodeDepartment(c *call, self int) (departments.Department, error) {
	var in departments.Department
	if err := c.decode(&in); err != nil {
		return in, err
	}
	var f fieldErrs
	f.text("Name", in.Name, true, 0)
	if err := f.validation(); err != nil {
		return in, err
	}
	if s.st.deptNameTaken(in.Name, self) {
		return in, conflict("the department Name %q is taken", in.Name)
	}
	return departments.Department{Name: in.Name, Description: in.Description}, nil
}

// POST /departments → 201, with no agents.
func (s *Server) createDepartment(c *call) (any, error) {
	in, err := s.decodeDepartment(c, 0)
	if err != nil {
		return nil, err
	}
	return created{s.st.deptAnswer(s.st.addDept(in))}, nil
}

// PUT /departments/{departmentId}: replaces Name and Description.
func (s *Server) updateDepartment(c *call, d *deptRec) (any, error) {
	in, err := s.decodeDepartment(c, d.DepartmentID)
	if err != nil {
		return nil, err
	}
	d.Name, d.Description = in.Name, in.Description
	return s.st.deptAnswer(d), nil
}

// DELETE /departments/{departmentId} → 204. Its agents stay; sessions keep
// the DepartmentId.
func (s *Server) deleteDepartment(_ *call, d *deptRec) (any, error) {
	delete(s.st.depts, d.DepartmentID)
	return nil, nil
}

// member finds the department and the agent of a membership path.
func (s *Server) member(c *call) (*deptRec, int, error) {
	d, err := s.st.dept(c.ids[0])
	if err != nil {
		return nil, 0, err
	}
	a, err := s.st.agent(c.ids[1])
	if err != nil {
		return nil, 0, err
	}
	return d, a.UserID, nil
}

// PUT /departments/{departmentId}/agents/{userId} → 204, a member already
// or not.
func (s *Server) addMember(c *call) (any, error) {
	d, id, err := s.member(c)
	if err == nil {
		d.members[id] = true
	}
	return nil, err
}

// DELETE /departments/{departmentId}/agents/{userId} → 204, a member or
// not.
func (s *Server) removeMember(c *call) (any, error) {
	d, id, err := s.member(c)
	if err == nil {
		delete(d.members, id)
	}
	return nil, err
}
