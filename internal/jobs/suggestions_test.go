package jobs_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"renda"
	"renda/internal/apptest"
	"renda/internal/jobs"
	"renda/internal/notify"
	"renda/internal/store"
	"renda/internal/storetest"
)

// assignedItem makes a suggestion assigned on the clock's day to unit 1
// (whose contact phone is 13900001111), and returns its id.
func assignedItem(t *testing.T, db *store.DB, f *storetest.Fix) string {
	t.Helper()
	ctx := context.Background()
	s, err := db.CreateSuggestion(ctx, f.DeputyUser, store.SuggestionDraft{Title: "关于加快城区背街小巷改造的建议", Body: "路面破损"})
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range []struct {
		u      *renda.User
		action string
		in     renda.Values
	}{{f.DeputyUser, "submit", renda.V()}, {f.Staff, "register", renda.V("category", "城乡建设")},
		{f.Staff, "assign", renda.V("lead_unit_id", f.Unit1.ID, "co_unit_ids", []string{f.Unit2.ID})}} {
		if _, err := db.ActOnSuggestion(ctx, st.u, s.ID, st.action, st.in, nil); err != nil {
			t.Fatalf("%s: %v", st.action, err)
		}
	}
	return s.ID
}

// count runs a COUNT query whose ? placeholders take args (test values
// without quotes, inlined).
func count(t *testing.T, db *store.DB, q string, args ...any) int {
	t.Helper()
	for _, a := range args {
		q = strings.Replace(q, "?", "'"+fmt.Sprint(a)+"'", 1)
	}
	var n int
	if err := store.RawDB(db).QueryRow(q).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestSuggestionRemindersFireOncePerOffset moves the clock through the
// reply period: the unit is reminded 30, 15, 7 and 1 days before the
// deadline, each once, and the overdue item escalates to staff and leaders
// once.
func TestSuggestionRemindersFireOncePerOffset(t *testing.T) {
	start := time.Date(2024, 1, 10, 9, 0, 0, 0, renda.CST) // due 2024-04-10
	apptest.Each(t, apptest.Options{Start: start}, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		f := storetest.Fixture(t, a.DB)
		id := assignedItem(t, a.DB, f)
		sweep := func(day renda.Date) {
			t.Helper()
			a.Clock.Set(day.Start().Add(10 * time.Hour))
			for range 2 { // a second sweep the same day sends nothing more
				if err := a.Jobs.SweepAll(ctx); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := a.Jobs.Deliver(ctx); err != nil {
				t.Fatal(err)
			}
		}
		sms := func() []renda.Message {
			var out []renda.Message
			for _, m := range a.Sent.Messages() {
				if m.Channel == "sms" {
					out = append(out, m)
				}
			}
			return out
		}
		due := renda.NewDate(2024, 4, 10)
		sweep(due.AddDays(-31))
		if n := len(sms()); n != 0 {
			t.Fatalf("%d reminders 31 days ahead", n)
		}
		for i, off := range []int{30, 15, 7, 1} {
			sweep(due.AddDays(-off))
			got := sms()
			if len(got) != i+1 {
				t.Fatalf("%d days ahead: %d SMS in all, want %d", off, len(got), i+1)
			}
			last := got[len(got)-1]
			if last.Recipient != "13900001111" || !strings.Contains(last.Body, "还有 "+itoa(off)+" 天") {
				t.Errorf("%d days ahead: %+v", off, last)
			}
			sweep(due.AddDays(-off + 1)) // the next day: nothing new
			if len(sms()) != i+1 {
				t.Fatalf("a reminder repeated the day after offset %d", off)
			}
		}
		staffBefore := count(t, a.DB, "SELECT COUNT(*) FROM notifications WHERE user_id = ? AND title LIKE ?", f.Staff.ID, "逾期未答复%")
		sweep(due.AddDays(1))
		sweep(due.AddDays(2))
		got := sms()
		if len(got) != 5 || !strings.Contains(got[4].Body, "已过") {
			t.Fatalf("overdue: %d SMS, last %+v", len(got), got[len(got)-1])
		}
		for _, u := range []*renda.User{f.Staff, f.Leader} {
			if n := count(t, a.DB, "SELECT COUNT(*) FROM notifications WHERE user_id = ? AND title LIKE ?", u.ID, "逾期未答复%"); n != staffBefore+1 {
				t.Errorf("%s got %d escalations", u.Username, n)
			}
		}
		// The assisting unit did not send its opinion within a month.
		if n := count(t, a.DB, "SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.org_id = ? AND n.title LIKE ?", f.Unit2.ID, "协办意见已逾期%"); n != 1 {
			t.Errorf("assisting unit reminded %d times", n)
		}
		// An extension re-arms the reminders for the new deadline.
		if _, err := a.DB.ActOnSuggestion(ctx, f.UnitUser, id, "request_extension", renda.V("note", "需要立项", "until", renda.NewDate(2024, 6, 1)), nil); err != nil {
			t.Fatal(err)
		}
		if _, err := a.DB.ActOnSuggestion(ctx, f.Staff, id, "approve_extension", renda.V(), nil); err != nil {
			t.Fatal(err)
		}
		sweep(renda.NewDate(2024, 5, 31))
		if got := sms(); len(got) != 6 || !strings.Contains(got[5].Body, "2024-06-01") {
			t.Errorf("after the extension: %d SMS", len(got))
		}
	})
}

// TestSuggestionReminderBetweenOffsets: a sweep that first runs 10 days
// ahead sends the 15-day reminder only, then the 7-day one.
func TestSuggestionReminderBetweenOffsets(t *testing.T) {
	apptest.Each(t, apptest.Options{Start: time.Date(2024, 1, 10, 9, 0, 0, 0, renda.CST)}, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		f := storetest.Fixture(t, a.DB)
		assignedItem(t, a.DB, f)
		keys := func() int {
			return count(t, a.DB, "SELECT COUNT(*) FROM once_keys WHERE key LIKE ?", "suggestion:%:due:%")
		}
		a.Clock.Set(renda.NewDate(2024, 3, 31).Start().Add(9 * time.Hour)) // 10 days ahead
		if err := a.Jobs.SweepAll(ctx); err != nil {
			t.Fatal(err)
		}
		if n := keys(); n != 1 {
			t.Fatalf("%d reminders", n)
		}
		if n := count(t, a.DB, "SELECT COUNT(*) FROM once_keys WHERE key LIKE ?", "%:due:2024-04-10:15"); n != 1 {
			t.Errorf("the 15-day reminder was not the one sent")
		}
		a.Clock.Set(renda.NewDate(2024, 4, 3).Start().Add(9 * time.Hour))
		if err := a.Jobs.SweepAll(ctx); err != nil {
			t.Fatal(err)
		}
		if n := keys(); n != 2 {
			t.Errorf("%d reminders after the 7-day mark", n)
		}
	})
}

// TestSuggestionRemindersTwoServers runs two renda servers (two store.DB,
// two job runners) on one PostgreSQL schema, sweeping and delivering at the
// same time: every reminder is sent once.
func TestSuggestionRemindersTwoServers(t *testing.T) {
	dsn := storetest.DSN(t, store.Postgres)
	ctx := context.Background()
	clock := renda.NewTestClock(time.Date(2024, 1, 10, 9, 0, 0, 0, renda.CST))
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	open := func() *store.DB {
		db, err := store.Open(ctx, dsn, store.Options{Clock: clock, Box: storetest.Box(), Logger: quiet})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		if err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		if err := db.Init(ctx); err != nil {
			t.Fatal(err)
		}
		return db
	}
	db1, db2 := open(), open()
	f := storetest.Fixture(t, db1)
	const items = 12
	for range items {
		assignedItem(t, db1, f)
	}
	rec1, rec2 := &apptest.Recorder{}, &apptest.Recorder{}
	r1 := jobs.New(db1, notify.Senders{"sms": rec1, "log": rec1}, quiet)
	r2 := jobs.New(db2, notify.Senders{"sms": rec2, "log": rec2}, quiet)
	due := renda.NewDate(2024, 4, 10)
	days := []renda.Date{due.AddDays(-30), due.AddDays(-15), due.AddDays(-7), due.AddDays(-1), due.AddDays(1)}
	for _, d := range days {
		clock.Set(d.Start().Add(10 * time.Hour))
		var wg sync.WaitGroup
		errs := make(chan error, 8)
		for _, r := range []*jobs.Runner{r1, r2, r1, r2} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := r.SweepAll(ctx); err != nil {
					errs <- err
					return
				}
				if _, err := r.Deliver(ctx); err != nil {
					errs <- err
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
	}
	sent := append(rec1.Messages(), rec2.Messages()...)
	seen := map[string]int{}
	for _, m := range sent {
		if m.Channel == "sms" {
			seen[m.Key]++
		}
	}
	if want := items * len(days); len(seen) != want {
		t.Errorf("%d distinct reminders, want %d", len(seen), want)
	}
	for k, n := range seen {
		if n != 1 {
			t.Errorf("reminder %s sent %d times", k, n)
		}
	}
	if n := count(t, db1, "SELECT COUNT(*) FROM notifications WHERE user_id = ? AND title LIKE ?", f.Staff.ID, "逾期未答复%"); n != items {
		t.Errorf("staff got %d escalations for %d items", n, items)
	}
	if len(rec1.Messages()) == 0 || len(rec2.Messages()) == 0 {
		t.Logf("one server delivered everything (%d / %d)", len(rec1.Messages()), len(rec2.Messages()))
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
