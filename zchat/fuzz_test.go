package zchat_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/zchat/zchat-go/zchat"
)

func FuzzTimeUnmarshal(f *testing.F) {
	for _, s := range []string{
		`"2026-11-24T03:52:27Z"`, `"2026-11-24T05:52:27.1234567+02:00"`, `"2026-11-24T03:52:27"`,
		`"\/Date(1764042747000)\/"`, `"/Date(1764042747000+0200)/"`, `null`, `""`, `"0001-01-01T00:00:00"`,
		`"/Date(-62135596800000)/"`, `"9999-12-31T23:59:59.9999999"`, `"\u002FDate(1)\u002F"`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var tm zchat.Time
		if err := json.Unmarshal(b, &tm); err != nil {
			return
		}
		// Whatever decodes must encode and decode back to the same instant.
		out, err := json.Marshal(tm)
		if err != nil {
			return // outside the years RFC 3339 can write
		}
		var back zchat.Time
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("%s encoded as %s, which does not decode: %v", b, out, err)
		}
		if !back.Equal(tm.Time) {
			t.Fatalf("%s → %s → %v, want %v", b, out, back.Time, tm.Time)
		}
	})
}

func FuzzChatID(f *testing.F) {
	for _, s := range []string{"User:3", "Guest:@cust-8812", "Guest:1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed", "Bot:ollama", "", ":", "User:", "User:99999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id := zchat.ChatID(s)
		kind, value := id.Kind(), id.Value()
		if strings.Contains(s, ":") && kind+":"+value != s {
			t.Fatalf("Kind %q and Value %q do not rebuild %q", kind, value, s)
		}
		if uid, ok := id.UserID(); ok {
			if uid <= 0 || zchat.UserChatID(uid).Kind() != zchat.KindUser {
				t.Fatalf("UserID %d from %q", uid, s)
			}
		}
		if key, ok := id.GuestKey(); ok && zchat.GuestChatID(key) != id {
			t.Fatalf("GuestKey %q does not rebuild %q", key, s)
		}
	})
}
