package zchattest

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// Every handler is routed: one for an operation missing from the table's
// Operations would never run.
func TestEveryHandlerIsRouted(t *testing.T) {
	t.Parallel()
	s := NewServer()
	defer s.Close()
	routed := map[string]bool{}
	for _, rt := range s.routes() {
		routed[rt.op] = true
	}
	for op := range s.handlers() {
		assert.True(t, routed[op.ID], "no route for %s", op)
	}
}
