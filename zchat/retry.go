package zchat

import "net/http"

// retryableStatus reports whether an answer with this status is worth sending
// again: 429, and every 5xx but 501 (Not Implemented will not change).
func retryableStatus(code int) bool {
	return code == http.StatusTooManyRequests || (code >= 500 && code <= 599 && code != http.StatusNotImplemented)
}
