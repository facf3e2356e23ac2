package zchatotel_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/zchat/zchat-go/agents"
	"github.com/zchat/zchat-go/sessions"
	"github.com/zchat/zchat-go/zchat"
	"github.com/zchat/zchat-go/zchatotel"
	"github.com/zchat/zchat-go/zchattest"
)

// Against the fake APP Server, with retries, a validation error and a query
// holding an e-mail address: the API key, the new agent's password and the
// e-mail appear in no span name, status, event or attribute, and in no
// metric attribute.
func TestNoSecretInTelemetry(t *testing.T) {
	t.Parallel()
	tel := newTelemetry(t)
	srv := zchattest.NewServer(zchattest.WithDemoData())
	t.Cleanup(srv.Close)
	c := srv.Client(zchatotel.Tracing(tel.options()...), zchatotel.Metrics(tel.options()...))
	ctx := context.Background()
	const password, email = "Sup3r-Secret-Pa55word", "private.person@example.com"

	srv.InjectFaults(zchattest.Fault{Method: http.MethodPost, Path: "/agents", Status: http.StatusServiceUnavailable})
	a, err := agents.New(c).Create(ctx, agents.Agent{LoginName: "dora", DisplayName: "Dora", Email: email, Password: password})
	require.NoError(t, err)
	_, err = agents.New(c).Create(ctx, agents.Agent{LoginName: "dora", Password: password}) // taken: 409
	require.ErrorIs(t, err, zchat.ErrConflict)
	_, err = agents.New(c).Update(ctx, a.UserID, agents.Agent{LoginName: "dora", Password: password + "2"})
	require.NoError(t, err)
	_, err = sessions.New(c).List(ctx, &sessions.ListOptions{Email: email})
	require.NoError(t, err)

	secrets := []string{srv.APIKey, password, email, "private.person"}
	var seen int
	check := func(where string, kvs []attribute.KeyValue) {
		for _, kv := range kvs {
			seen++
			v := kv.Value.String()
			for _, s := range secrets {
				assert.NotContains(t, v, s, "%s: attribute %s", where, kv.Key)
			}
		}
	}
	spans := tel.spans.Ended()
	require.GreaterOrEqual(t, len(spans), 9, "4 calls, 5 requests")
	for _, s := range spans {
		for _, secret := range secrets {
			assert.NotContains(t, s.Name(), secret)
			assert.NotContains(t, s.Status().Description, secret)
		}
		check("span "+s.Name(), s.Attributes())
		for _, e := range s.Events() {
			check("event "+e.Name, e.Attributes)
		}
		check("resource", s.Resource().Attributes())
	}
	var rm metricdata.ResourceMetrics
	require.NoError(t, tel.reader.Collect(ctx, &rm))
	var points int
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			h, ok := m.Data.(metricdata.Histogram[float64])
			require.True(t, ok)
			for _, p := range h.DataPoints {
				points++
				check("metric "+m.Name, p.Attributes.ToSlice())
			}
		}
	}
	assert.Positive(t, points)
	assert.Greater(t, seen, 50, "the scan looked at the attributes")

	var retried, listed bool
	for _, s := range spans {
		a := attrs(s.Attributes())
		retried = retried || a["http.request.resend_count"] == int64(1)
		u, _ := a["url.full"].(string)
		listed = listed || strings.HasSuffix(u, "/sessions")
	}
	assert.True(t, retried, "the injected 503 was retried and traced")
	assert.True(t, listed, "the list's URL was traced, without its query")
}
