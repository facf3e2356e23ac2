package apispec_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/zchat/zchat-go/internal/apispec"
	"github.com/zchat/zchat-go/zchat"
)

// TestLimitValues pins every figure to ZCHAT-API.md.
func TestLimitValues(t *testing.T) {
	t.Parallel()
	assert.Equal(t, 200, apispec.MaxSubject)
	assert.Equal(t, 65536, apispec.MaxDescription)
	assert.Equal(t, 65536, apispec.MaxNoteText)
	assert.Equal(t, 262144, apispec.MaxStackTrace)
	assert.Equal(t, 100, apispec.MaxProperties)
	assert.Equal(t, 1000, apispec.MaxLogs)
	assert.Equal(t, 10, apispec.MaxAttachments)
	assert.Equal(t, 8388608, apispec.MaxAttachmentBytes)
	assert.Equal(t, 16777216, apispec.MaxRequestBytes)
	assert.Equal(t, 255, apispec.MaxIdempotencyKeyLen)
	assert.Equal(t, 1000, apispec.MaxPageSize)
	assert.Equal(t, 100, apispec.DefaultPageSize)
}

// TestZchatAgrees: zchat's public constants are this package's values.
func TestZchatAgrees(t *testing.T) {
	t.Parallel()
	assert.Equal(t, apispec.MaxPageSize, zchat.MaxPageSize)
	assert.Equal(t, apispec.MaxRequestBytes, zchat.MaxRequestBytes)
	assert.Equal(t, apispec.MaxIdempotencyKeyLen, zchat.MaxIdempotencyKeyLen)
}
