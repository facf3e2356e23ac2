package zchattest_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/zchat/zchat-go/internal/apispec"
	"github.com/zchat/zchat-go/zchattest"
)

// The server serves every operation of the contract's table, in its order.
func TestOperationsAreTheTable(t *testing.T) {
	t.Parallel()
	srv := zchattest.NewServer()
	defer srv.Close()
	var want []string
	for _, op := range apispec.Operations() {
		want = append(want, op.ID)
	}
	assert.Equal(t, want, srv.Operations())
}
