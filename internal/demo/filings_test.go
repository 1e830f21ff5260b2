package demo_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"renda"
	"renda/consultation"
	"renda/filing"
	"renda/internal/demo"
	"renda/internal/storetest"
)

// TestDemoFilings: someone running the demo sees every state of filing
// review, review requests and consultations without typing anything, and
// the year's report counts the lists.
func TestDemoFilings(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d.String(), func(t *testing.T) {
			clock := renda.NewTestClock(time.Date(2026, 11, 24, 10, 0, 0, 0, renda.CST))
			db := storetest.Open(t, d, clock)
			ctx := context.Background()
			w, err := demo.Load(ctx, db, slog.New(slog.NewTextHandler(io.Discard, nil)))
			if err != nil {
				t.Fatal(err)
			}
			for _, st := range filing.States {
				if _, n, err := db.Filings(ctx, w.Staff, filing.Filter{State: st}); err != nil || n == 0 {
					t.Errorf("no filing %s in the demo (%v)", st, err)
				}
			}
			if _, n, _ := db.Filings(ctx, w.Staff, filing.Filter{State: filing.Corrected}); n < 2 {
				t.Errorf("%d corrected documents, want 2", n)
			}
			if _, n, _ := db.Filings(ctx, w.Staff, filing.Filter{Flag: "late"}); n == 0 {
				t.Error("no late filing in the demo")
			}
			for _, st := range []string{filing.ReqReceived, filing.ReqTransferred, filing.ReqNotified} {
				if rs, _ := db.ReviewRequests(ctx, w.Staff, st, 0); len(rs) == 0 {
					t.Errorf("no review request %s", st)
				}
			}
			entries, err := db.RegisterEntries(ctx, w.Staff, "", 0)
			if err != nil {
				t.Fatal(err)
			}
			unfiled := 0
			for _, e := range entries {
				if e.Unfiled(renda.DateOf(clock.Now())) {
					unfiled++
				}
			}
			if unfiled != 1 {
				t.Errorf("%d documents published and not filed, want 1", unfiled)
			}
			seen := map[string]bool{}
			cs, _, err := db.Consultations(ctx, w.Staff, consultation.Filter{})
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range cs {
				seen[c.State] = true
				if c.State == consultation.Open && c.Comments == 0 {
					t.Error("the open consultation has no comments")
				}
			}
			for _, st := range []string{consultation.Draft, consultation.Open, consultation.Closed, consultation.Published} {
				if !seen[st] {
					t.Errorf("no consultation %s", st)
				}
			}
			rep, err := db.FilingReport(ctx, w.Staff, 2026)
			if err != nil {
				t.Fatal(err)
			}
			_, filed, _ := db.Filings(ctx, w.Staff, filing.Filter{Year: 2026})
			_, annulled, _ := db.Filings(ctx, w.Staff, filing.Filter{Year: 2026, State: filing.Annulled})
			if rep.Filed != filed || rep.Annulled != annulled || rep.Filed == 0 || rep.OnTime+rep.Late != rep.Filed {
				t.Errorf("report %+v does not match the lists (filed %d, annulled %d)", rep, filed, annulled)
			}
		})
	}
}
