package zchat

import "context"

type captureResponseCtx struct{}

// WithCaptureResponse returns a context that makes a call made with it fill
// *into with what came back beyond the decoded value: the status, the
// headers, the request id and how many attempts it took. It works for every
// typed call (agents.Get, cases.SubmitCase, …) and for failures as well as
// successes; when no answer came back at all, only Attempts is set.
//
//	var resp zchat.Response
//	a, err := agents.New(c).Get(zchat.WithCaptureResponse(ctx, &resp), 3)
//	log.Println(resp.RequestID, resp.Attempts)
func WithCaptureResponse(ctx context.Context, into *Response) context.Context {
	return context.WithValue(ctx, captureResponseCtx{}, into)
}

// capture copies info into the Response the context asks for, if any.
func capture(ctx context.Context, info Response) {
	if into, ok := ctx.Value(captureResponseCtx{}).(*Response); ok && into != nil {
		*into = info
	}
}
