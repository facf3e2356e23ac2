package faults_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/cases"
	"github.com/zchat/zchat-go/zchat"
	"github.com/zchat/zchat-go/zchattest"
)

// A POST whose connection drops after the server acted ends, with retries
// off or exhausted, in ErrOutcomeUnknown; resending with the key the error
// carries creates nothing new: exactly one lead and one case in the end,
// and the resend returns the object the first attempt created.
func TestOutcomeUnknownResendCreatesOnce(t *testing.T) {
	t.Parallel()
	for _, retries := range []int{0, 2} {
		t.Run(map[int]string{0: "no retries", 2: "retries exhausted"}[retries], func(t *testing.T) {
			t.Parallel()
			srv := zchattest.NewServer()
			defer srv.Close()
			// A fresh connection for every request: net/http itself resends a
			// request with an Idempotency-Key once when a reused connection
			// turns out dead, which would hide the drop.
			tr := http.DefaultTransport.(*http.Transport).Clone()
			tr.DisableKeepAlives = true
			c := srv.Client(zchat.WithRetryMax(retries), zchat.WithRetryWait(time.Millisecond, time.Millisecond),
				zchat.WithHTTPClient(&http.Client{Transport: tr}))
			cc := cases.New(c)
			ctx := context.Background()
			drop := zchattest.Fault{Method: "POST", DropConnection: true, After: true, Count: retries + 1}

			in := cases.LeadInput{Email: "unknown@example.com", DisplayName: "Once"}
			srv.InjectFaults(drop)
			_, err := cc.UpsertLead(ctx, in)
			var e *zchat.OutcomeUnknownError
			require.ErrorAs(t, err, &e)
			require.ErrorIs(t, err, zchat.ErrOutcomeUnknown)
			require.NotEmpty(t, e.IdempotencyKey)
			assert.Equal(t, 1, srv.Count(zchattest.KindLeads), "the server acted")
			lead, err := cc.UpsertLead(zchat.WithIdempotencyKey(ctx, e.IdempotencyKey), in)
			require.NoError(t, err)
			assert.Equal(t, 1, srv.Count(zchattest.KindLeads), "exactly one lead")

			srv.InjectFaults(drop)
			_, err = cc.SubmitCase(ctx, lead.LeadID, cases.CaseInput{Subject: "Dropped after acting"})
			require.True(t, errors.As(err, &e), "%v", err)
			kase, err := cc.SubmitCase(zchat.WithIdempotencyKey(ctx, e.IdempotencyKey), lead.LeadID, cases.CaseInput{Subject: "Dropped after acting"})
			require.NoError(t, err)
			assert.Positive(t, kase.CaseID)
			assert.Equal(t, 1, srv.Stats().Created[zchattest.KindCases], "exactly one case")
		})
	}
}
