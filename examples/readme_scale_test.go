package examples_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/sessions"
	"github.com/zchat/zchat-go/webhook"
	"github.com/zchat/zchat-go/zchat"
	"github.com/zchat/zchat-go/zchattest"
)

// The README's sections on scale: their Go snippets, mirrored as in
// readme_test.go (the one of "Running several replicas" needs go-redis: it is
// in webhook/redisstore/example_test.go).

// readmeTenants mirrors README "Serving many APP Servers", the receiver.
func readmeTenants(chatAPIKeys map[string]string, fileInCRM func(context.Context, string, *sessions.Session) error) http.Handler {
	// README:
	lookup := func(r *http.Request) (string, []string, error) {
		tenant := r.PathValue("tenant")
		key, ok := chatAPIKeys[tenant] // your tenants table: the ChatApiKey of each APP Server
		if !ok {
			return "", nil, webhook.ErrUnknownTenant // 404: the APP Server retries later
		}
		return tenant, []string{key}, nil
	}
	var events webhook.Mux
	events.OnSessionEnded(func(ctx context.Context, s *sessions.Session) error {
		return fileInCRM(ctx, webhook.TenantFromContext(ctx), s)
	})
	routes := http.NewServeMux()
	routes.Handle("POST /zchat/notify/{tenant}", webhook.NewTenantHandler(lookup, events.Handle))
	// end README
	return routes
}

// tenantServer is where an APP Server is and its key.
type tenantServer struct{ BaseURL, APIKey string }

// readmeTenantClients mirrors README "Serving many APP Servers", the clients.
func readmeTenantClients(tenants map[string]tenantServer, got func(map[string]*zchat.Client, *http.Client)) error {
	// README:
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConns, tr.MaxIdleConnsPerHost = 512, 8
	shared := &http.Client{Transport: tr}
	clients := make(map[string]*zchat.Client)
	for tenant, t := range tenants { // the base URL and ChatApiKey of each APP Server
		c, err := zchat.NewClient(t.BaseURL, zchat.WithAPIKey(t.APIKey), zchat.WithHTTPClient(shared))
		if err != nil {
			return err
		}
		clients[tenant] = c
	}
	// end README
	got(clients, shared)
	return nil
}

// The scale snippets run against two zchattest servers, two tenants.
func TestReadmeScaleSnippetsRun(t *testing.T) {
	acme := zchattest.NewServer(zchattest.WithDemoData())
	defer acme.Close()
	globex := zchattest.NewServer(zchattest.WithDemoData())
	defer globex.Close()
	keys := map[string]string{"acme": acme.APIKey, "globex": globex.APIKey}

	t.Run("Serving many APP Servers: receiver", func(t *testing.T) {
		filed := make(chan string, 4)
		receiver := httptest.NewServer(readmeTenants(keys, func(_ context.Context, tenant string, s *sessions.Session) error {
			filed <- tenant
			return nil
		}))
		defer receiver.Close()
		for name, srv := range map[string]*zchattest.Server{"acme": acme, "globex": globex} {
			srv.SetNotificationURL(receiver.URL + "/zchat/notify/" + name)
			s, err := srv.StartSession(zchattest.Visitor{DisplayName: "Ann Lee"})
			require.NoError(t, err)
			_, err = srv.End(s.SessionID)
			require.NoError(t, err)
			select {
			case got := <-filed:
				assert.Equal(t, name, got)
			case <-time.After(10 * time.Second):
				t.Fatalf("%s: session.ended did not reach the handler", name)
			}
			srv.SetNotificationURL("")
		}
	})
	t.Run("Serving many APP Servers: clients", func(t *testing.T) {
		var clients map[string]*zchat.Client
		var shared *http.Client
		require.NoError(t, readmeTenantClients(map[string]tenantServer{
			"acme":   {BaseURL: acme.URL, APIKey: acme.APIKey},
			"globex": {BaseURL: globex.URL, APIKey: globex.APIKey},
		}, func(c map[string]*zchat.Client, hc *http.Client) { clients, shared = c, hc }))
		defer shared.CloseIdleConnections()
		require.Len(t, clients, 2)
		for name, c := range clients {
			_, err := c.Ping(t.Context())
			assert.NoError(t, err, name)
		}
	})
}
