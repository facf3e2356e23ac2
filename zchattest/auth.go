package zchattest

import (
	"crypto/subtle"
	"net/http"
	"strings"

	"github.com/zchat/zchat-go/zchat"
)

// authorized reports whether r carries "Authorization: Bearer <APIKey>"
// (the scheme matched case-insensitively, the key compared in constant
// time).
func (s *Server) authorized(r *http.Request) bool {
	scheme, key, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(strings.TrimSpace(key)), []byte(s.APIKey)) == 1
}

func errUnauthorized() error {
	e := errorf(http.StatusUnauthorized, zchat.CodeUnauthorized, "the Authorization header is missing or its API key is wrong")
	e.header = http.Header{"Www-Authenticate": {`Bearer realm="ZChat API"`}}
	return e
}
