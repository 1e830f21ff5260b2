package api_test

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"renda"
	"renda/internal/apptest"
	"renda/internal/password"
	"renda/internal/store"
	"renda/internal/storetest"
	"renda/project"
	"renda/vote"
)

// voters are deputies of the fixture's congress with accounts and API tokens.
type voters struct {
	Deputies []*renda.Deputy
	Users    []*renda.User
	Tokens   []string
}

var (
	hashOnce sync.Once
	hash     string
)

// makeVoters adds n deputies with accounts and tokens in one transaction.
func makeVoters(t testing.TB, db *store.DB, f *storetest.Fix, n int) *voters {
	t.Helper()
	hashOnce.Do(func() { hash, _ = password.Hash("voter-pass-2024") })
	v := &voters{}
	err := db.Seed(context.Background(), f.Admin, func(tx *store.Tx) error {
		for i := range n {
			d := &renda.Deputy{Code: fmt.Sprintf("v%06d", i), Name: fmt.Sprintf("代表%04d", i), Gender: "女", Ethnicity: "汉族",
				CongressID: f.Congress.ID, TermID: f.Term.ID, Status: renda.DeputyActive}
			if err := tx.SaveDeputy(d); err != nil {
				return err
			}
			u, err := tx.CreateUserHashed(store.NewUser{Username: fmt.Sprintf("voter%04d", i), DisplayName: d.Name, Role: renda.RoleDeputy, DeputyID: d.ID}, hash)
			if err != nil {
				return err
			}
			tok, err := tx.CreateAPIToken(u, "test")
			if err != nil {
				return err
			}
			v.Deputies, v.Users, v.Tokens = append(v.Deputies, d), append(v.Users, u), append(v.Tokens, tok)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// setUpVote makes a draft vote with m candidates (choose k) via the API and
// marks every deputy in present present.
func setUpVote(t testing.TB, a *apptest.App, f *storetest.Fix, staffTok string, m, k int, present []*renda.Deputy) (string, []string) {
	t.Helper()
	ctx := context.Background()
	var ids []string
	for i := range m {
		p := &project.Project{CongressID: f.Congress.ID, Year: 2024, Title: fmt.Sprintf("民生项目%02d", i+1), UnitID: f.Unit1.ID, Budget: 100}
		if err := a.DB.SaveProject(ctx, f.Staff, p); err != nil {
			t.Fatal(err)
		}
		if err := a.DB.ScreenProject(ctx, f.Staff, p.ID, "screen_in", ""); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, p.ID)
	}
	resp := a.Call("POST", "/api/v1/votes", staffTok, map[string]any{"congress_id": f.Congress.ID, "kind": "select", "title": "2024年民生实事项目票决", "adopt": k, "candidates": ids})
	if resp.Status != 201 {
		t.Fatalf("create vote: %d %s", resp.Status, resp.Body)
	}
	var v vote.Vote
	resp.JSON(t, &v)
	pres := map[string]bool{}
	for _, d := range present {
		pres[d.ID] = true
	}
	if resp := a.Call("PUT", "/api/v1/votes/"+v.ID+"/attendance", staffTok, map[string]any{"present": pres}); resp.Status != 200 {
		t.Fatalf("attendance: %d %s", resp.Status, resp.Body)
	}
	return v.ID, ids
}

func TestVoteAPIFixedInterface(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		f := storetest.Fixture(t, a.DB)
		staff, dep, dep2, unit := a.Token("staff"), a.Token("deputy"), a.Token("deputy2"), a.Token("unit")
		id, cands := setUpVote(t, a, f, staff, 3, 2, []*renda.Deputy{f.Deputy1})

		// The list shows the draft with its candidates.
		resp := a.Call("GET", "/api/v1/votes", "", nil)
		var list struct {
			Items []struct {
				ID, Title, Status string
				Candidates        []struct{ ID, Title string }
			}
		}
		resp.JSON(t, &list)
		if resp.Status != 200 || len(list.Items) != 1 || list.Items[0].Status != "draft" || len(list.Items[0].Candidates) != 3 || list.Items[0].Candidates[0].Title == "" {
			t.Fatalf("list: %d %s", resp.Status, resp.Body)
		}
		ballot := map[string]any{"choices": map[string]string{cands[0]: "yes", cands[1]: "no", cands[2]: "abstain"}}
		path := "/api/v1/votes/" + id
		for _, tc := range []struct {
			name, method, path, tok string
			body                    any
			want                    int
		}{
			{"not open", "POST", path + "/ballots", dep, ballot, 409},
			{"open by a deputy", "POST", path + "/actions/open", dep, nil, 403},
			{"open by a unit", "POST", path + "/actions/open", unit, nil, 403},
			{"ballot by staff", "POST", path + "/ballots", staff, ballot, 403},
			{"result before close", "GET", path + "/result", "", nil, 409},
			{"ballots before close", "GET", path + "/ballots", "", nil, 409},
			{"unknown action", "POST", path + "/actions/explode", staff, nil, 404},
			{"open", "POST", path + "/actions/open", staff, nil, 200},
			{"open again", "POST", path + "/actions/open", staff, nil, 409},
			{"not eligible (absent)", "POST", path + "/ballots", dep2, ballot, 403},
			{"wrong type", "POST", path + "/ballots", dep, `{"choices":["yes"]}`, 422},
			{"missing choices", "POST", path + "/ballots", dep, `{}`, 422},
			{"unknown field", "POST", path + "/ballots", dep, `{"choices":{},"voter":"x"}`, 422},
			{"bad utf-8", "POST", path + "/ballots", dep, []byte("{\"choices\":{\"\xff\":\"yes\"}}"), 422},
			{"unknown candidate", "POST", path + "/ballots", dep, map[string]any{"choices": map[string]string{"01jzzzzzzzzzzzzzzzzzzzzzzz": "yes"}}, 422},
			{"bad choice", "POST", path + "/ballots", dep, map[string]any{"choices": map[string]string{cands[0]: "maybe"}}, 422},
			{"unknown vote", "POST", "/api/v1/votes/01jzzzzzzzzzzzzzzzzzzzzzzz/ballots", dep, ballot, 404},
			{"ballot", "POST", path + "/ballots", dep, ballot, 201},
			{"second ballot", "POST", path + "/ballots", dep, ballot, 409},
			{"close by a deputy", "POST", path + "/actions/close", dep, nil, 403},
			{"close", "POST", path + "/actions/close", staff, nil, 200},
			{"ballot after close", "POST", path + "/ballots", dep2, ballot, 409},
		} {
			resp := a.Call(tc.method, tc.path, tc.tok, tc.body)
			if resp.Status != tc.want {
				t.Errorf("%s: %d, want %d: %s", tc.name, resp.Status, tc.want, resp.Body)
			}
			if tc.want == 201 && !strings.Contains(string(resp.Body), `"receipt":"`) {
				t.Errorf("%s: no receipt: %s", tc.name, resp.Body)
			}
		}
		resp = a.Call("GET", path+"/result", "", nil)
		var res struct {
			Items []struct {
				ID               string
				Yes, No, Abstain int
				Adopted          bool
			}
		}
		resp.JSON(t, &res)
		if resp.Status != 200 || len(res.Items) != 3 || res.Items[0].Yes != 1 || res.Items[1].No != 1 || res.Items[2].Abstain != 1 || !res.Items[0].Adopted || res.Items[1].Adopted {
			t.Fatalf("result: %d %s", resp.Status, resp.Body)
		}
		resp = a.Call("GET", path+"/ballots", "", nil)
		var pub []struct {
			Receipt string
			Choices map[string]string
		}
		resp.JSON(t, &pub)
		if resp.Status != 200 || len(pub) != 1 || pub[0].Choices[cands[1]] != "no" || len(pub[0].Receipt) != 14 {
			t.Fatalf("published: %d %s", resp.Status, resp.Body)
		}
	})
}

// TestBallotSecrecy casts ballots in a known order and then reads every
// table, the log, the audit trail and a backup: no deputy can be joined to
// a ballot, and nothing stored or published orders ballots by time.
func TestBallotSecrecy(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		f := storetest.Fixture(t, a.DB)
		vs := makeVoters(t, a.DB, f, 30)
		staff := a.Token("staff")
		id, cands := setUpVote(t, a, f, staff, 3, 2, vs.Deputies)
		if resp := a.Call("POST", "/api/v1/votes/"+id+"/actions/open", staff, nil); resp.Status != 200 {
			t.Fatalf("open: %s", resp.Body)
		}
		choices := []string{"yes", "no", "abstain"}
		var receipts, encodings []string
		for i, tok := range vs.Tokens { // in a known order, each ballot different where possible
			b := vote.Ballot{cands[0]: choices[i%3], cands[1]: choices[(i/3)%3], cands[2]: choices[(i/9)%3]}
			resp := a.Call("POST", "/api/v1/votes/"+id+"/ballots", tok, map[string]any{"choices": b})
			if resp.Status != 201 {
				t.Fatalf("ballot %d: %d %s", i, resp.Status, resp.Body)
			}
			var r struct{ Receipt string }
			resp.JSON(t, &r)
			receipts, encodings = append(receipts, r.Receipt), append(encodings, b.Encode())
		}
		if resp := a.Call("POST", "/api/v1/votes/"+id+"/actions/close", staff, nil); resp.Status != 200 {
			t.Fatalf("close: %s", resp.Body)
		}

		// What identifies a voter: their deputy id, user id, username and name.
		var ids []string
		for i := range vs.Deputies {
			ids = append(ids, vs.Deputies[i].ID, vs.Users[i].ID, vs.Users[i].Username, vs.Deputies[i].Name)
		}
		secret := append(slices.Clone(receipts), encodings...)
		identifies := func(row string) bool {
			for _, s := range ids {
				if strings.Contains(row, s) {
					return true
				}
			}
			return false
		}
		carries := func(row string) string {
			for _, s := range secret {
				if strings.Contains(row, s) {
					return s
				}
			}
			return ""
		}

		// 1. Every column of every table.
		schema, err := a.DB.Schema(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if cols := schema["vote_ballots"]; !slices.Equal(cols, []string{"choices", "receipt", "vote_id"}) {
			t.Fatalf("vote_ballots has columns %v: a ballot may carry nothing but its vote, receipt and choices", cols)
		}
		checkTables(t, store.RawDB(a.DB), schema, identifies, carries)

		// 2. Stored order is receipt order, not voting order.
		raw := store.RawDB(a.DB)
		stored := storetest.Column(t, raw, "SELECT receipt FROM vote_ballots")
		sorted := slices.Sorted(slices.Values(receipts))
		if !slices.Equal(stored, sorted) {
			t.Fatalf("ballots are not stored in receipt order:\n%v\n%v", stored, sorted)
		}
		if slices.Equal(stored, receipts) {
			t.Fatal("ballots are stored in the order of voting")
		}
		if a.DB.Dialect() == store.Postgres {
			if byCtid := storetest.Column(t, raw, "SELECT receipt FROM vote_ballots ORDER BY ctid"); !slices.Equal(byCtid, sorted) {
				t.Fatal("PostgreSQL heap order of ballots is not receipt order after sealing")
			}
			// One writing transaction (the seal) for every ballot and roll row; none shared with the trail.
			xb := storetest.Column(t, raw, "SELECT DISTINCT xmin::text FROM vote_ballots")
			xv := storetest.Column(t, raw, "SELECT DISTINCT xmin::text FROM vote_voters")
			xa := storetest.Column(t, raw, "SELECT DISTINCT xmin::text FROM audit_log WHERE action = 'ballot'")
			if len(xb) != 1 || len(xv) != 1 || xb[0] != xv[0] || slices.Contains(xa, xb[0]) || len(xa) != 30 {
				t.Fatalf("xmin: ballots %v voters %v audit %d", xb, xv, len(xa))
			}
		} else if st, err := os.Stat(a.DB.Path() + "-wal"); err == nil && st.Size() != 0 {
			t.Fatalf("the WAL still holds %d bytes after sealing", st.Size())
		}
		// The published list is in receipt order too.
		resp := a.Call("GET", "/api/v1/votes/"+id+"/ballots", "", nil)
		var pub []struct{ Receipt string }
		resp.JSON(t, &pub)
		var published []string
		for _, p := range pub {
			published = append(published, p.Receipt)
		}
		if !slices.Equal(published, sorted) {
			t.Fatal("published ballots are not in receipt order")
		}

		// 3. The log.
		log := a.Log.String()
		if s := carries(log); s != "" {
			t.Fatalf("the log holds ballot content %q", s)
		}
		if !strings.Contains(log, "/api/v1/votes/"+id+"/ballots") {
			t.Fatal("the request log is not being captured (the test would prove nothing)")
		}

		// 4. The audit trail, as the API shows it.
		resp = a.Call("GET", "/api/v1/audit?entity=vote&limit=500", a.Token("admin"), nil)
		if resp.Status != 200 || carries(string(resp.Body)) != "" || strings.Count(string(resp.Body), `"action":"ballot"`) != 30 {
			t.Fatalf("audit trail: %d, carries %q", resp.Status, carries(string(resp.Body)))
		}

		// 5. A backup.
		path := filepath.Join(t.TempDir(), "backup")
		if err := a.DB.Backup(ctx, path); err != nil {
			t.Fatal(err)
		}
		if a.DB.Dialect() == store.SQLite {
			bdb, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
			if err != nil {
				t.Fatal(err)
			}
			defer bdb.Close()
			checkTables(t, bdb, schema, identifies, carries)
			if got := storetest.Column(t, bdb, "SELECT receipt FROM vote_ballots"); !slices.Equal(got, sorted) {
				t.Fatal("backup: ballots not in receipt order")
			}
		} else {
			out, err := exec.Command("pg_restore", "--data-only", "-f", "-", path).Output()
			if err != nil {
				t.Fatalf("pg_restore: %v", err)
			}
			var inBallots bool
			var order []string
			sc := bufio.NewScanner(bytes.NewReader(out))
			sc.Buffer(make([]byte, 1<<20), 64<<20)
			for sc.Scan() {
				line := sc.Text()
				if strings.HasPrefix(line, "COPY ") {
					inBallots = strings.Contains(line, ".vote_ballots ")
					continue
				}
				if line == `\.` {
					inBallots = false
					continue
				}
				s := carries(strings.ReplaceAll(line, `\"`, `"`))
				if s == "" {
					s = carries(line)
				}
				if s != "" && identifies(line) {
					t.Fatalf("backup: a line joins a voter to ballot content: %s", line)
				}
				if inBallots {
					order = append(order, strings.Split(line, "\t")[1])
				} else if s != "" {
					t.Fatalf("backup: ballot content outside vote_ballots: %s", line)
				}
			}
			if !slices.Equal(order, sorted) {
				t.Fatalf("backup: ballots not in receipt order: %v", order)
			}
		}
	})
}

// checkTables reads every row of every table and fails if a row that
// identifies a voter carries a receipt or a ballot's choices, or if ballot
// content appears anywhere but in vote_ballots.
func checkTables(t *testing.T, db *sql.DB, schema map[string][]string, identifies func(string) bool, carries func(string) string) {
	t.Helper()
	rowsSeen := 0
	for table, cols := range schema {
		rows, err := db.Query("SELECT " + strings.Join(cols, ", ") + " FROM " + table)
		if err != nil {
			t.Fatalf("%s: %v", table, err)
		}
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			for _, v := range vals {
				if bs, ok := v.([]byte); ok {
					b.Write(bs)
				} else {
					fmt.Fprint(&b, v)
				}
				b.WriteByte('\t')
			}
			row := b.String()
			rowsSeen++
			s := carries(row)
			if s == "" {
				continue
			}
			if table != "vote_ballots" {
				t.Errorf("%s holds ballot content %q: %.300s", table, s, row)
			}
			if identifies(row) {
				t.Errorf("%s joins a voter to ballot content: %.300s", table, row)
			}
		}
		rows.Close()
	}
	if rowsSeen < 100 {
		t.Fatalf("only %d rows read", rowsSeen)
	}
}

// TestThousandVotersAtOnce: 1,000 eligible deputies each send their ballot
// twice at the same time; exactly 1,000 are counted.
func TestThousandVotersAtOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		took, counts := thousandVoters(t, a)
		t.Logf("%s: 1,000 deputies × 2 simultaneous ballots: %v until all answered (%v)", a.DB.Dialect(), took.Round(time.Millisecond), counts)
	})
}

func thousandVoters(t testing.TB, a *apptest.App) (time.Duration, map[int]int) {
	const n = 1000
	f := storetest.Fixture(t, a.DB)
	vs := makeVoters(t, a.DB, f, n)
	staff := a.Token("staff")
	id, cands := setUpVote(t, a, f, staff, 3, 2, vs.Deputies)
	if resp := a.Call("POST", "/api/v1/votes/"+id+"/actions/open", staff, nil); resp.Status != 200 {
		t.Fatalf("open: %s", resp.Body)
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 512, MaxConnsPerHost: 512}, Timeout: 2 * time.Minute}
	body, _ := json.Marshal(map[string]any{"choices": map[string]string{cands[0]: "yes", cands[1]: "no"}})
	var mu sync.Mutex
	counts := map[int]int{}
	receipts := map[string]bool{}
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range 2 * n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest("POST", a.URL+"/api/v1/votes/"+id+"/ballots", bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+vs.Tokens[i%n])
			<-start
			resp, err := client.Do(req)
			if err != nil {
				t.Errorf("request: %v", err)
				return
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			mu.Lock()
			defer mu.Unlock()
			counts[resp.StatusCode]++
			if resp.StatusCode == 201 {
				var r struct{ Receipt string }
				_ = json.Unmarshal(b, &r)
				receipts[r.Receipt] = true
			}
		}()
	}
	began := time.Now()
	close(start)
	wg.Wait()
	took := time.Since(began)
	if counts[201] != n || counts[409] != n || len(receipts) != n {
		t.Fatalf("answers %v, %d distinct receipts; want %d × 201 and %d × 409", counts, len(receipts), n, n)
	}
	tn, err := a.DB.Turnout(context.Background(), id)
	if err != nil || tn.Voted != n {
		t.Fatalf("turnout %+v %v", tn, err)
	}
	if resp := a.Call("POST", "/api/v1/votes/"+id+"/actions/close", staff, nil); resp.Status != 200 {
		t.Fatalf("close: %s", resp.Body)
	}
	resp := a.Call("GET", "/api/v1/votes/"+id+"/result", "", nil)
	var res struct {
		Ballots int
		Items   []struct{ Yes, No, Abstain int }
	}
	resp.JSON(t, &res)
	if res.Ballots != n || res.Items[0].Yes != n || res.Items[1].No != n || res.Items[2].Abstain != n {
		t.Fatalf("result: %s", resp.Body)
	}
	resp = a.Call("GET", "/api/v1/votes/"+id+"/ballots", "", nil)
	var pub []struct{ Receipt string }
	resp.JSON(t, &pub)
	if len(pub) != n {
		t.Fatalf("%d ballots published", len(pub))
	}
	for _, p := range pub {
		if !receipts[p.Receipt] {
			t.Fatalf("published receipt %s was never handed out", p.Receipt)
		}
	}
	return took, counts
}

// BenchmarkThousandVoters measures the time from 1,000 deputies sending
// their ballots at once (each twice) until every request is answered.
// Run: go test ./internal/api -run '^$' -bench ThousandVoters -benchtime 3x
// (with RENDA_BENCH_POSTGRES set to a PostgreSQL URL to measure PostgreSQL).
func BenchmarkThousandVoters(b *testing.B) {
	d := store.SQLite
	if os.Getenv("RENDA_BENCH_POSTGRES") != "" {
		d = store.Postgres
		b.Setenv("RENDA_TEST_POSTGRES", os.Getenv("RENDA_BENCH_POSTGRES"))
	}
	var total time.Duration
	for range b.N {
		b.StopTimer()
		a := apptest.New(b, apptest.Options{Dialect: d})
		b.StartTimer()
		took, _ := thousandVoters(b, a)
		total += took
	}
	b.ReportMetric(total.Seconds()/float64(b.N), "s/1000-voters")
}

// TestVoteWindow: a vote with a window opens and closes by itself (the
// sweep), and a ballot inside the window counts even before the sweep ran.
func TestVoteWindow(t *testing.T) {
	start := time.Date(2024, 1, 23, 8, 0, 0, 0, renda.CST)
	apptest.Each(t, apptest.Options{Start: start}, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		f := storetest.Fixture(t, a.DB)
		staff, dep := a.Token("staff"), a.Token("deputy")
		var ids []string
		for i := range 3 {
			p := &project.Project{CongressID: f.Congress.ID, Year: 2024, Title: fmt.Sprintf("项目%d", i)}
			_ = a.DB.SaveProject(ctx, f.Staff, p)
			_ = a.DB.ScreenProject(ctx, f.Staff, p.ID, "screen_in", "")
			ids = append(ids, p.ID)
		}
		resp := a.Call("POST", "/api/v1/votes", staff, map[string]any{"congress_id": f.Congress.ID, "kind": "select", "title": "限时票决", "adopt": 2,
			"candidates": ids, "opens_at": start.Add(time.Hour), "closes_at": start.Add(2 * time.Hour)})
		if resp.Status != 201 {
			t.Fatalf("create: %s", resp.Body)
		}
		var v vote.Vote
		resp.JSON(t, &v)
		_ = a.DB.SetAttendance(ctx, f.Staff, v.ID, map[string]bool{f.Deputy1.ID: true}, nil)
		ballot := map[string]any{"choices": map[string]string{ids[0]: "yes"}}
		if resp := a.Call("POST", "/api/v1/votes/"+v.ID+"/ballots", dep, ballot); resp.Status != 409 {
			t.Fatalf("before the window: %d", resp.Status)
		}
		a.Clock.Advance(61 * time.Minute)
		if resp := a.Call("POST", "/api/v1/votes/"+v.ID+"/ballots", dep, ballot); resp.Status != 201 {
			t.Fatalf("in the window, before the sweep: %d %s", resp.Status, resp.Body)
		}
		if err := a.Jobs.SweepAll(ctx); err != nil {
			t.Fatal(err)
		}
		if got, _ := a.DB.Vote(ctx, v.ID); got.Status != "open" {
			t.Fatalf("after the sweep: %s", got.Status)
		}
		a.Clock.Advance(time.Hour)
		if err := a.Jobs.SweepAll(ctx); err != nil {
			t.Fatal(err)
		}
		got, _ := a.DB.Vote(ctx, v.ID)
		if got.Status != "closed" || !got.Sealed {
			t.Fatalf("after the window: %s sealed=%v", got.Status, got.Sealed)
		}
		if resp := a.Call("GET", "/api/v1/votes/"+v.ID+"/result", "", nil); resp.Status != 200 || !strings.Contains(string(resp.Body), `"yes":1`) {
			t.Fatalf("result: %s", resp.Body)
		}
	})
}
