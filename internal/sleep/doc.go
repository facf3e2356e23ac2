// Package sleep is the one wait that ends with a context, shared by the
// SDK's pacing (zchat.WithRateLimit) and the fake server's deliveries:
//
//	if err := sleep.For(ctx, d); err != nil { return err } // the context's cause
package sleep
