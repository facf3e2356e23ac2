package check_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/internal/check"
	"github.com/zchat/zchat-go/zchat"
)

func TestID(t *testing.T) {
	t.Parallel()
	assert.ErrorIs(t, check.ID("userID", 0), zchat.ErrInvalidArgument)
	assert.Contains(t, check.ID("userID", -3).Error(), "userID")
	assert.NoError(t, check.ID("userID", 1))
	var ia *zchat.InvalidArgumentError
	require.ErrorAs(t, check.ID("sessionID", 0), &ia)
	assert.Equal(t, "sessionID", ia.Name)
	assert.Equal(t, "must be > 0, got 0", ia.Reason)
}

func TestNotNegative(t *testing.T) {
	t.Parallel()
	assert.NoError(t, check.NotNegative("NoteInput.CaseID", 0))
	assert.NoError(t, check.NotNegative("NoteInput.CaseID", 7))
	var ia *zchat.InvalidArgumentError
	require.ErrorAs(t, check.NotNegative("NoteInput.CaseID", -2), &ia)
	assert.Equal(t, "NoteInput.CaseID", ia.Name)
	assert.Equal(t, "must be ≥ 0, got -2", ia.Reason)
}

func TestPageSize(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		size int
		ok   bool
	}{{-1, false}, {0, true}, {1, true}, {zchat.MaxPageSize, true}, {zchat.MaxPageSize + 1, false}} {
		err := check.PageSize("--page-size", tt.size)
		if tt.ok {
			assert.NoError(t, err, fmt.Sprint(tt.size))
			continue
		}
		assert.ErrorIs(t, err, zchat.ErrInvalidArgument, fmt.Sprint(tt.size))
		assert.Contains(t, err.Error(), "--page-size")
	}
}

func TestInvalid(t *testing.T) {
	t.Parallel()
	err := check.Invalid("Agent.LoginName", "is %s", "required")
	assert.EqualError(t, err, "zchat: invalid argument Agent.LoginName: is required")
	var ia *zchat.InvalidArgumentError
	require.ErrorAs(t, err, &ia)
	assert.Equal(t, &zchat.InvalidArgumentError{Name: "Agent.LoginName", Reason: "is required"}, ia)
}

func TestFirst(t *testing.T) {
	t.Parallel()
	assert.NoError(t, check.First())
	assert.NoError(t, check.First(nil, nil))
	first, second := check.ID("a", 0), check.ID("b", 0)
	assert.Same(t, first, check.First(nil, first, second))
	assert.Same(t, second, check.First(second, first))
}
