package cli_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"renda"
	"renda/internal/store"
	"renda/internal/storetest"
	"renda/project"
	"renda/vote"
)

// TestVoteTally recounts a closed vote's published ballots (with paper
// totals) and agrees with renda's result; a changed ballot is caught.
func TestVoteTally(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t, store.SQLite, nil)
	f := storetest.Fixture(t, db)
	var deputies []*renda.User
	hash := "x"
	err := db.Seed(ctx, f.Admin, func(tx *store.Tx) error {
		for i := range 7 {
			d := &renda.Deputy{Name: "代表" + string(rune('甲'+i)), Gender: "男", Ethnicity: "汉族", CongressID: f.Congress.ID, TermID: f.Term.ID}
			if err := tx.SaveDeputy(d); err != nil {
				return err
			}
			u, err := tx.CreateUserHashed(store.NewUser{Username: "tally" + string(rune('a'+i)), DisplayName: d.Name, Role: renda.RoleDeputy, DeputyID: d.ID}, hash)
			if err != nil {
				return err
			}
			deputies = append(deputies, u)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var cands []vote.Candidate
	for i := range 4 {
		p := &project.Project{CongressID: f.Congress.ID, Year: 2024, Title: "项目" + string(rune('A'+i))}
		_ = db.SaveProject(ctx, f.Staff, p)
		_ = db.ScreenProject(ctx, f.Staff, p.ID, "screen_in", "")
		cands = append(cands, vote.Candidate{ID: p.ID})
	}
	v := &vote.Vote{CongressID: f.Congress.ID, Kind: vote.Livelihood, Title: "票决", Adopt: 2, Candidates: cands}
	if err := db.SaveVote(ctx, f.Staff, v); err != nil {
		t.Fatal(err)
	}
	present := map[string]bool{}
	for _, u := range deputies {
		present[u.DeputyID] = true
	}
	if err := db.SetAttendance(ctx, f.Staff, v.ID, present, map[string]bool{f.Deputy1.ID: true}); err != nil {
		t.Fatal(err)
	}
	_ = db.VoteAction(ctx, f.Staff, v.ID, "open", "")
	choice := []string{"yes", "no", "abstain"}
	for i, u := range deputies {
		b := vote.Ballot{cands[0].ID: "yes", cands[1].ID: choice[i%3], cands[2].ID: choice[(i+1)%3], cands[3].ID: "no"}
		if _, err := db.CastBallot(ctx, u, v.ID, b); err != nil {
			t.Fatal(err)
		}
	}
	paper := &vote.PaperTotals{Ballots: 1, Counts: map[string]map[string]int{cands[0].ID: {"yes": 1}, cands[1].ID: {"yes": 1}, cands[2].ID: {"no": 1}, cands[3].ID: {"yes": 1}}}
	if err := db.EnterPaper(ctx, f.Staff, v.ID, paper); err != nil {
		t.Fatal(err)
	}
	if err := db.ConfirmPaper(ctx, f.Admin, v.ID); err != nil {
		t.Fatal(err)
	}
	if err := db.VoteAction(ctx, f.Staff, v.ID, "close", ""); err != nil {
		t.Fatal(err)
	}
	ballots, _ := db.PublishedBallots(ctx, v.ID)
	result, _ := db.Result(ctx, v.ID)
	dir := t.TempDir()
	write := func(name string, v any) string {
		b, _ := json.Marshal(v)
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	bf, rf := write("ballots.json", ballots), write("result.json", result)

	code, out, errOut := run(t, nil, "", "vote", "tally", "--result", rf, bf)
	if code != 0 || !strings.Contains(out, "一致") || strings.Contains(out, "不一致") {
		t.Fatalf("tally: %d\n%s\n%s", code, out, errOut)
	}
	if !strings.Contains(out, "选票 8 张（电子 7，纸质 1）") || strings.Count(out, "当选")-strings.Count(out, "未当选") != 1 || !strings.Contains(out, "主席团") {
		t.Fatalf("tally output:\n%s", out)
	}
	// Without renda's result, from flags: the same counts.
	code, out2, _ := run(t, nil, "", "vote", "tally", "--adopt", "2", "--base", "8", bf)
	if code != 0 || !strings.Contains(out2, "选票 7 张") {
		t.Fatalf("tally from flags: %d\n%s", code, out2)
	}
	// One ballot changed: caught.
	ballots[0].Choices[cands[3].ID] = "yes"
	bad := write("bad.json", ballots)
	code, out, _ = run(t, nil, "", "vote", "tally", "--result", rf, bad)
	if code != 1 || !strings.Contains(out, "不一致") {
		t.Fatalf("a changed ballot was not caught: %d\n%s", code, out)
	}
	// A duplicated ballot is refused.
	dup := write("dup.json", append(ballots, ballots[0]))
	if code, _, errOut := run(t, nil, "", "vote", "tally", "--result", rf, dup); code != 1 || !strings.Contains(errOut, "twice") {
		t.Fatalf("duplicate receipt: %d %s", code, errOut)
	}
	if code, _, _ := run(t, nil, "", "vote", "count"); code != 2 {
		t.Fatalf("unknown subcommand: %d", code)
	}
}
