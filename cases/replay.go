package cases

import (
	"strings"

	"github.com/zchat/zchat-go/internal/apispec"
	"github.com/zchat/zchat-go/zchat"
)

// HeaderIdempotentReplayed is the answer header ("Idempotent-Replayed") a
// server may send, with the value "true", when it answers a repeated
// Idempotency-Key with the stored answer of the first request instead of
// acting again. It is optional in the contract (docs/openapi.yaml);
// zchattest sends it on every replay.
const HeaderIdempotentReplayed = apispec.HeaderIdempotentReplayed

// Replayed reports whether resp, captured with zchat.WithCaptureResponse,
// is the server's stored answer to an earlier request with the same
// Idempotency-Key: the submission was made before and nothing new was
// created. It is false for a nil resp, and when the server does not say
// (the header is optional), so false does not prove a first submission.
//
//	var resp zchat.Response
//	_, kase, err := cc.SubmitCaseForEmail(zchat.WithCaptureResponse(ctx, &resp), key, lead, in)
//	if err == nil && cases.Replayed(&resp) {
//		fmt.Println("already submitted as case", kase.CaseID)
//	}
//
// In a flow such as SubmitCaseForEmail, resp is the answer of its last
// request: the case (or note).
func Replayed(resp *zchat.Response) bool {
	return resp != nil && strings.EqualFold(strings.TrimSpace(resp.Header.Get(HeaderIdempotentReplayed)), "true")
}
