package zchat_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/zchat"
)

// The debug record of an attempt names the call by its operation and path
// template, so a log of many agents holds one value, not one per id; a call
// through Do that names no template logs its path.
func TestLogNamesTheTemplateNotThePath(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c, mt := setupMock(t, zchat.WithLogger(logger))
	mt.RegisterResponder("GET", mockBase+"/api/v1/agents/4711", httpmock.NewStringResponder(200, `{}`))
	mt.RegisterResponder("GET", mockBase+"/api/v1/reports/4711", httpmock.NewStringResponder(200, `{}`))

	_, err := c.Do(context.Background(), &zchat.Request{
		Method: http.MethodGet, Path: zchat.Path("agents", 4711), Operation: "getAgent", Pattern: "/agents/{userId}",
	}, nil)
	require.NoError(t, err)
	require.NoError(t, c.Get(context.Background(), zchat.Path("reports", 4711), nil, nil))

	var recs []map[string]any
	for _, line := range bytes.Split(bytes.TrimSpace(logs.Bytes()), []byte("\n")) {
		var rec map[string]any
		require.NoError(t, jsonUnmarshal(line, &rec))
		recs = append(recs, rec)
	}
	require.Len(t, recs, 2)
	assert.Equal(t, "getAgent", recs[0]["operation"])
	assert.Equal(t, "/agents/{userId}", recs[0]["pattern"])
	assert.NotContains(t, recs[0], "path")
	// The record's time and duration are digits that may contain the id by
	// chance; every other field must not.
	delete(recs[0], "time")
	delete(recs[0], "duration")
	for key, value := range recs[0] {
		assert.NotContains(t, fmt.Sprint(value), "4711", "no id in a named call's record (field %s)", key)
	}

	assert.Equal(t, "/api/v1/reports/4711", recs[1]["path"])
	assert.NotContains(t, recs[1], "operation")
	assert.NotContains(t, recs[1], "pattern")
}
