package demo_test

import (
	"context"
	"strings"
	"testing"

	"renda"
	"renda/internal/demo"
	"renda/internal/store"
	"renda/internal/storetest"
	"renda/project"
	"renda/vote"
)

// TestDemoVotes checks the demo's votes tell the story the issue asks for.
func TestDemoVotes(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t, store.SQLite, nil)
	if err := db.Init(ctx); err != nil {
		t.Fatal(err)
	}
	w, err := demo.Load(ctx, db, nil)
	if err != nil {
		t.Fatal(err)
	}
	votes, _, err := db.Votes(ctx, vote.Filter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	byTitle := map[string]*vote.Vote{}
	for _, v := range votes {
		byTitle[v.Title] = v
	}
	v24 := byTitle["常宁市2024年民生实事项目代表票决"]
	if v24 == nil || v24.Status != "closed" || len(v24.Candidates) != 15 || v24.Adopt != 10 || !v24.Sealed {
		t.Fatalf("2024 vote: %+v", v24)
	}
	res, err := db.Result(ctx, v24.ID)
	if err != nil {
		t.Fatal(err)
	}
	adopted, titles := 0, ""
	for _, it := range res.Items {
		if it.Adopted {
			adopted++
			titles += it.Title
		}
	}
	if adopted != 10 || !strings.Contains(titles, "慢病一站式门诊") || !strings.Contains(titles, "原纪委家属院老旧小区改造") || !strings.Contains(titles, "7座小型水库除险加固") {
		t.Fatalf("2024 result: %d adopted: %s", adopted, titles)
	}
	// The published ballots add up to the result.
	pub, _ := db.PublishedBallots(ctx, v24.ID)
	yes := 0
	for _, b := range pub {
		if b.Choices[res.Items[0].ID] == "yes" {
			yes++
		}
	}
	if len(pub) != res.Ballots || yes != res.Items[0].Yes {
		t.Fatalf("ballots %d vs %d, yes %d vs %d", len(pub), res.Ballots, yes, res.Items[0].Yes)
	}
	rating := byTitle["2024年民生实事项目满意度测评"]
	if rating == nil || rating.Status != "closed" {
		t.Fatal("no 2025 rating")
	}
	ps, _, _ := db.Projects(ctx, nil, project.Filter{Year: 2024, Status: "rated"})
	if len(ps) != 10 {
		t.Fatalf("%d rated 2024 projects", len(ps))
	}
	if byTitle["白沙镇2024年民生实事项目代表票决"] == nil || byTitle["白沙镇2024年民生实事项目代表票决"].Level != renda.LevelTownship {
		t.Fatal("no township vote")
	}
	d := byTitle["演示投票"]
	if d == nil || d.Status != "draft" || len(d.Candidates) != 5 || d.Adopt != 3 {
		t.Fatalf("演示投票: %+v", d)
	}
	for _, u := range []*renda.User{w.Deputy1, w.Deputy2} {
		st, err := db.MyVoterState(ctx, u, d.ID)
		if err != nil || !st.OnRoll || !st.Present || st.Voted {
			t.Fatalf("%s on 演示投票: %+v %v", u.Username, st, err)
		}
	}
	running, _, _ := db.Projects(ctx, nil, project.Filter{Year: 2026})
	if len(running) != 8 {
		t.Fatalf("%d projects on the 2026 board", len(running))
	}
}
