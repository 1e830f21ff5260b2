package store_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"renda"
	"renda/internal/store"
	"renda/internal/storetest"
	"renda/opinion"
)

// TestGroupCommit: many writers at once, some of them failing. Every write
// reported done is there, every failed one left nothing, and the audit
// chain is whole — on SQLite they share commits, on PostgreSQL they do not.
func TestGroupCommit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := storetest.Fixture(t, db)
		s := stationFixture(t, db, f)
		var wg sync.WaitGroup
		var mu sync.Mutex
		var ok []string
		bad := 0
		for i := range 60 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				content := fmt.Sprintf("第 %d 件：村道路面破损，雨天积水严重。", i)
				if i%7 == 0 {
					content = "短" // refused: too short
				}
				o, err := db.SubmitOpinion(ctx, nil, opinion.Submission{Channel: opinion.ChannelQR, StationCode: s.Code, Content: content, Consent: true}, nil)
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					if renda.ErrorCode(err) != renda.EINVALID {
						t.Errorf("%d: %v", i, err)
					}
					bad++
					return
				}
				ok = append(ok, o.ID)
			}()
		}
		wg.Wait()
		if bad != 9 || len(ok) != 51 {
			t.Errorf("%d refused, %d saved", bad, len(ok))
		}
		list, total, err := db.Opinions(ctx, f.Staff, opinion.Filter{Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		if total != len(ok) {
			t.Errorf("%d opinions stored, %d reported saved", total, len(ok))
		}
		for _, o := range list {
			if o.Content == "短" {
				t.Errorf("a refused opinion was stored")
			}
		}
		if _, err := db.VerifyAudit(ctx); err != nil {
			t.Errorf("audit chain: %v", err)
		}
	})
}

// TestNothingAcknowledgedIsLost kills a process with -9 in the middle of a
// burst of submissions; every submission it reported done is in the
// database afterwards (SQLite, synchronous=FULL, group commit).
func TestNothingAcknowledgedIsLost(t *testing.T) {
	if os.Getenv("RENDA_BURST_DB") != "" {
		burst(os.Getenv("RENDA_BURST_DB"), os.Getenv("RENDA_BURST_STATION"))
		return
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "burst.db")
	db, err := store.Open(context.Background(), "sqlite:"+path, store.Options{Box: storetest.Box(), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	f := storetest.Fixture(t, db)
	s := stationFixture(t, db, f)
	db.Close()

	cmd := exec.Command(os.Args[0], "-test.run", "^TestNothingAcknowledgedIsLost$")
	cmd.Env = append(os.Environ(), "RENDA_BURST_DB="+path, "RENDA_BURST_STATION="+s.Code)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var acked []string
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		if id, ok := strings.CutPrefix(sc.Text(), "acked "); ok {
			acked = append(acked, id)
			if len(acked) == 300 {
				_ = cmd.Process.Signal(syscall.SIGKILL)
				break
			}
		}
	}
	_ = cmd.Wait()
	if len(acked) < 300 {
		t.Fatalf("the burst acknowledged only %d submissions", len(acked))
	}
	db, err = store.Open(context.Background(), "sqlite:"+path, store.Options{Box: storetest.Box(), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	lost := 0
	for _, id := range acked {
		if _, err := db.Opinion(context.Background(), f.Staff, id); err != nil {
			lost++
		}
	}
	if lost > 0 {
		t.Errorf("%d of %d acknowledged submissions lost after kill -9", lost, len(acked))
	}
}

// burst submits opinions from 8 goroutines until killed, printing each id
// once its commit returned.
func burst(path, code string) {
	db, err := store.Open(context.Background(), "sqlite:"+path, store.Options{Box: storetest.Box(), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		panic(err)
	}
	var mu sync.Mutex
	for w := range 8 {
		go func() {
			for i := 0; ; i++ {
				o, err := db.SubmitOpinion(context.Background(), nil, opinion.Submission{Channel: opinion.ChannelQR, StationCode: code,
					Content: fmt.Sprintf("第 %d-%d 件：村道路面破损，雨天积水严重。", w, i), Consent: true}, nil)
				if err != nil {
					panic(err)
				}
				mu.Lock()
				fmt.Println("acked", o.ID)
				mu.Unlock()
			}
		}()
	}
	time.Sleep(time.Minute)
}

// TestGroupCommitSearchIndex: search entries written in transactions
// committed together (on SQLite they wait for the group's commit) are
// searchable once acknowledged, those of a transaction that failed are
// not, an item indexed by several transactions keeps the last entry of
// one that succeeded, and a transaction finds its own entries (and those of
// its group) before it commits.
func TestGroupCommitSearchIndex(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		doc := func(id, word string) *renda.Doc {
			return &renda.Doc{Kind: "opinion", ID: id, Title: "排队测试 " + word, Body: "路灯 " + word, Readers: []string{renda.ReadPublic}}
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		kept, dropped := map[string]bool{}, map[string]bool{}
		for i := range 80 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				word := fmt.Sprintf("qz%03d", i)
				look, fail := i%3 == 1, i%4 == 0
				found, err := store.WriteDocs(ctx, db, []*renda.Doc{doc(renda.NewID(), word), doc("shared", word)}, look, fail)
				mu.Lock()
				defer mu.Unlock()
				if fail != (err != nil) {
					t.Errorf("%s: failed %v, error %v", word, fail, err)
				}
				if found != look {
					t.Errorf("%s: its own entries not found in the transaction", word)
				}
				if fail {
					dropped[word] = true
				} else {
					kept[word] = true
				}
			}()
		}
		wg.Wait()
		sharedBy := 0 // the kept transactions whose entry of the shared item is the one left
		for word := range kept {
			ids, _ := found(t, db, nil, word)
			if slices.Contains(ids, "opinion:shared") {
				sharedBy++
				ids = slices.DeleteFunc(ids, func(id string) bool { return id == "opinion:shared" })
			}
			if len(ids) != 1 {
				t.Errorf("%s: found %v, want its own item", word, ids)
			}
		}
		if sharedBy != 1 {
			t.Errorf("the shared item is found by the words of %d transactions, want 1", sharedBy)
		}
		for word := range dropped {
			if ids, total := found(t, db, nil, word); total != 0 {
				t.Errorf("%s failed but is found: %v", word, ids)
			}
		}
		ids, total := found(t, db, nil, "排队测试")
		if total != len(kept)+1 || !slices.Contains(ids, "opinion:shared") {
			t.Errorf("%d entries found for %d kept and the shared one: %v", total, len(kept), ids)
		}
	})
}

// TestAcknowledgedAfterSync: a write is acknowledged only after the sync of
// the write-ahead log that follows its commit (the writer commits groups
// without waiting for the disk and a syncer syncs behind it): while the
// sync is held, no submission returns, though the writer goes on
// committing; once released, each returns, after a sync, and is there.
func TestAcknowledgedAfterSync(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t, store.SQLite, nil)
	f := storetest.Fixture(t, db)
	s := stationFixture(t, db, f)
	release, synced := store.HoldSyncs(db)
	defer release()
	type result struct {
		id    string
		syncs int
		err   error
	}
	results := make(chan result, 6)
	for i := range 6 {
		go func() {
			o, err := db.SubmitOpinion(ctx, nil, opinion.Submission{Channel: opinion.ChannelQR, StationCode: s.Code,
				Content: fmt.Sprintf("第%d条：路灯不亮，请尽快修好。", i), Consent: true}, nil)
			r := result{err: err, syncs: synced()}
			if o != nil {
				r.id = o.ID
			}
			results <- r
		}()
	}
	// The commits go on while the syncs wait: the submissions are visible
	// to a reader (committed), yet none is acknowledged.
	deadline := time.Now().Add(10 * time.Second)
	for {
		n, err := store.RawDB(db).Query("SELECT 1 FROM opinions WHERE content LIKE '第%条：路灯不亮%'")
		if err != nil {
			t.Fatal(err)
		}
		count := 0
		for n.Next() {
			count++
		}
		n.Close()
		if count == 6 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("only %d of 6 submissions committed while the sync was held", count)
		}
		time.Sleep(10 * time.Millisecond)
	}
	select {
	case r := <-results:
		t.Fatalf("a submission was acknowledged before its commit was synced: %+v", r)
	case <-time.After(200 * time.Millisecond):
	}
	release()
	for range 6 {
		r := <-results
		if r.err != nil {
			t.Fatal(r.err)
		}
		if r.syncs == 0 {
			t.Errorf("submission %s acknowledged before any sync", r.id)
		}
		if _, err := db.Opinion(ctx, f.Staff, r.id); err != nil {
			t.Errorf("acknowledged submission %s not found: %v", r.id, err)
		}
	}
}

// TestGroupSubJournalInMemory: on SQLite each job of a group runs in a
// savepoint, whose sub-journal would go to a temporary file on disk; after
// the first group the writer's connection keeps temporary files in memory
// (temp_store MEMORY), and a job that fails after writing is still undone
// alone (TestGroupCommitSearchIndex fails some of its jobs that way).
func TestGroupSubJournalInMemory(t *testing.T) {
	db := storetest.Open(t, store.SQLite, nil)
	ctx := context.Background()
	f := storetest.Fixture(t, db)
	s := stationFixture(t, db, f)
	if _, err := db.SubmitOpinion(ctx, nil, opinion.Submission{Channel: opinion.ChannelQR, StationCode: s.Code, Content: "村道路面破损，雨天积水严重。", Consent: true}, nil); err != nil {
		t.Fatal(err)
	}
	var mode int
	if err := store.RawDB(db).QueryRowContext(ctx, "PRAGMA temp_store").Scan(&mode); err != nil {
		t.Fatal(err)
	}
	if mode != 2 {
		t.Errorf("the writer's temp_store is %d, want 2 (memory)", mode)
	}
}
