// Package contract loads docs/openapi.yaml, the OpenAPI 3.1 encoding of the ZChat
// APP Server wire contract (ZCHAT-API.md), for tests.
//
// It exists so that the SDK and the fake server in zchattest are checked against one
// and the same contract: this nested module's own tests (e2e_test.go,
// operations_test.go, schedule_test.go) run the SDK's clients against zchattest and
// validate every request, response and notification with it. Nothing else imports
// it, and it is a module of its own, so kin-openapi never reaches SDK users.
//
// A typical contract check of an HTTP exchange:
//
//	doc, err := contract.Load()
//	router, err := contract.Router(doc) // any host, base path /api/v1
//	route, pathParams, err := router.FindRoute(req)
//	opts := &openapi3filter.Options{
//		AuthenticationFunc:    contract.BearerAuth(apiKey), // the bearerAuth scheme
//		IncludeResponseStatus: true,                        // an undocumented status is an error
//		SkipSettingDefaults:   true,                        // do not rewrite the request with defaults
//	}
//	in := &openapi3filter.RequestValidationInput{
//		Request: req, PathParams: pathParams, Route: route, Options: opts,
//	}
//	err = openapi3filter.ValidateRequest(ctx, in)
//	err = openapi3filter.ValidateResponse(ctx, &openapi3filter.ResponseValidationInput{
//		RequestValidationInput: in, Status: resp.StatusCode, Header: resp.Header,
//		Body: io.NopCloser(bytes.NewReader(body)), Options: opts,
//	})
//
// CheckOperations compares the document's operations with the SDK's table
// (internal/apispec), the operations the SDK's methods name when run, and the
// operations zchattest serves, and names every one on which they differ.
//
// ValidateRequest reads the request body and puts it back, so the request can still be
// sent or served afterwards. openapi3filter switches to JSON Schema 2020-12 validation
// by itself for this OpenAPI 3.1 document; when validating a schema directly (a
// notification body, say), use ValidateJSON or pass openapi3.EnableJSONSchema2020()
// to Schema.VisitJSON.
package contract

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

// DefaultBasePath is where the API lives below the APP Server's root unless an
// installation mounts it elsewhere.
const DefaultBasePath = "/api/v1"

// SecuritySchemeName is the name of the bearer security scheme in the document, as
// openapi3filter.AuthenticationInput.SecuritySchemeName reports it.
const SecuritySchemeName = "bearerAuth"

// SpecPath is the absolute path of docs/openapi.yaml, found relative to this source
// file so that tests in any package (and any working directory) find it.
func SpecPath() (string, error) {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return "", errors.New("contract: cannot locate the source of package contract")
	}
	// file is <root>/internal/contract/contract.go.
	root := filepath.Dir(filepath.Dir(filepath.Dir(file)))
	return filepath.Join(root, "docs", "openapi.yaml"), nil
}

// Load reads and resolves docs/openapi.yaml. External $refs are not allowed (the
// document has none). Every call returns a fresh document, which the caller may change.
// Load does not validate the document against the OpenAPI specification; the test of
// this package does, with doc.Validate.
func Load() (*openapi3.T, error) {
	path, err := SpecPath()
	if err != nil {
		return nil, err
	}
	return LoadFile(path)
}

// LoadFile is Load for the document at path: a copy of docs/openapi.yaml that
// a test has edited, say.
func LoadFile(path string) (*openapi3.T, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("contract: %w", err)
	}
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = false
	doc, err := loader.LoadFromData(data)
	if err != nil {
		return nil, fmt.Errorf("contract: loading %s: %w", path, err)
	}
	return doc, nil
}

// Router is RouterFor(doc, DefaultBasePath): it matches requests for any scheme and
// host (an httptest server's 127.0.0.1:port included) under /api/v1.
func Router(doc *openapi3.T) (routers.Router, error) {
	return RouterFor(doc, DefaultBasePath)
}

// RouterFor builds a gorilla/mux based router for doc that matches requests for any
// scheme and host under the base path of base, which is either a base path
// ("/zchat/api/v1") or a whole base URL ("http://127.0.0.1:8080/zchat/api/v1"), of
// which only the path counts. An empty base means the root.
//
// doc itself is not changed: the routes point to a shallow copy whose Servers is the
// single server base path, so the Route.Spec given to openapi3filter is that copy.
func RouterFor(doc *openapi3.T, base string) (routers.Router, error) {
	if doc == nil {
		return nil, errors.New("contract: nil document")
	}
	basePath := base
	if strings.Contains(base, "://") {
		u, err := url.Parse(base)
		if err != nil {
			return nil, fmt.Errorf("contract: base URL: %w", err)
		}
		basePath = u.Path
	}
	basePath = "/" + strings.Trim(basePath, "/")
	cp := *doc
	cp.Servers = openapi3.Servers{{URL: basePath}}
	r, err := gorillamux.NewRouter(&cp)
	if err != nil {
		return nil, fmt.Errorf("contract: router: %w", err)
	}
	return r, nil
}

// BearerAuth is an openapi3filter.AuthenticationFunc that accepts a request only when
// it carries "Authorization: Bearer <apiKey>", the document's only security scheme.
// An empty apiKey accepts any non-empty bearer token.
func BearerAuth(apiKey string) openapi3filter.AuthenticationFunc {
	return func(_ context.Context, in *openapi3filter.AuthenticationInput) error {
		if in.SecuritySchemeName != SecuritySchemeName {
			return in.NewError(fmt.Errorf("unexpected security scheme %q", in.SecuritySchemeName))
		}
		token, ok := strings.CutPrefix(in.RequestValidationInput.Request.Header.Get("Authorization"), "Bearer ")
		switch {
		case !ok || token == "":
			return in.NewError(errors.New("no bearer token in the Authorization header"))
		case apiKey != "" && token != apiKey:
			return in.NewError(errors.New("wrong bearer token"))
		}
		return nil
	}
}

// Schema returns the schema components/schemas/<name> of doc.
func Schema(doc *openapi3.T, name string) (*openapi3.Schema, error) {
	if doc.Components == nil || doc.Components.Schemas[name] == nil || doc.Components.Schemas[name].Value == nil {
		return nil, fmt.Errorf("contract: no schema %q", name)
	}
	return doc.Components.Schemas[name].Value, nil
}

// ValidateJSON checks the JSON document data against components/schemas/<name> of doc
// with JSON Schema 2020-12 semantics (type arrays, const, …), as OpenAPI 3.1 requires.
// Extra options, such as openapi3.VisitAsRequest(), are passed on to VisitJSON.
func ValidateJSON(doc *openapi3.T, name string, data []byte, opts ...openapi3.SchemaValidationOption) error {
	schema, err := Schema(doc, name)
	if err != nil {
		return err
	}
	var value any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&value); err != nil {
		return fmt.Errorf("contract: decoding JSON for %s: %w", name, err)
	}
	if dec.More() {
		return fmt.Errorf("contract: decoding JSON for %s: trailing data", name)
	}
	opts = append([]openapi3.SchemaValidationOption{openapi3.EnableJSONSchema2020()}, opts...)
	return schema.VisitJSON(value, opts...)
}

// Webhook returns the POST operation of the notification type eventType (a key of the
// document's webhooks, e.g. "session.started").
func Webhook(doc *openapi3.T, eventType string) (*openapi3.Operation, error) {
	item := doc.Webhooks[eventType]
	if item == nil || item.Post == nil {
		return nil, fmt.Errorf("contract: no webhook %q", eventType)
	}
	return item.Post, nil
}
