package store_test

import (
	"context"
	"testing"

	"renda"
	"renda/internal/storetest"
	"renda/record"
	"renda/supervision"
)

// TestSupervisionParticipationCredits: recording a finding on an inspection
// credits the team member who found it (themselves, or staff recording on
// their behalf — only a member of the team) and each member who joined in
// (only members of the team), one entry per finding linking to the
// finding, on the day it was found; a finding recorded for someone off the
// team is refused, and one with only a name credits nobody. Signing a 质询案 credits each signer, linking
// to the 质询案. The entries are in each deputy's record and points, and in
// the counts of the deputy's public page.
func TestSupervisionParticipationCredits(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d.String(), func(t *testing.T) {
			ctx := context.Background()
			clock := renda.NewTestClock(at(2024, 7, 10))
			db := storetest.Open(t, d, clock)
			fx := storetest.Fixture(t, db)
			members, other := committee(t, db, fx, 5)
			entries := func(dep string) (*record.Record, map[string][]record.Entry) {
				t.Helper()
				rec, err := db.DutyRecord(ctx, fx.Staff, dep, 2024)
				if err != nil {
					t.Fatal(err)
				}
				by := map[string][]record.Entry{}
				for _, e := range rec.Entries {
					by[e.Kind] = append(by[e.Kind], e)
				}
				return rec, by
			}
			before, _ := entries(fx.Deputy1.ID)

			it, err := db.CreateSupervisionItem(ctx, fx.Staff, renda.V("year", 2024, "kind", "inspection", "title", "安全生产执法检查", "org_id", fx.Unit2.ID))
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range []string{"adopt", "investigate"} {
				if _, err := db.ActOnSupervisionItem(ctx, fx.Staff, it.ID, a, nil); err != nil {
					t.Fatalf("%s: %v", a, err)
				}
			}
			if _, err := db.ActOnSupervisionItem(ctx, fx.Staff, it.ID, "appoint", renda.V("deputy_ids", []string{fx.Deputy1.ID, members[2].ID})); err != nil {
				t.Fatal(err)
			}
			// A member's own finding, dated the day before.
			if _, err := db.ActOnSupervisionItem(ctx, fx.DeputyUser, it.ID, "record_finding", renda.V("topic", "安全隐患", "text", "边坡过陡",
				"found_on", renda.NewDate(2024, 7, 9))); err != nil {
				t.Fatal(err)
			}
			// A member records only their own findings.
			if _, err := db.ActOnSupervisionItem(ctx, fx.DeputyUser, it.ID, "record_finding", renda.V("text", "x", "deputy_id", members[2].ID)); renda.ErrorCode(err) != renda.EINVALID {
				t.Errorf("a member records another's finding: %v", err)
			}
			// Staff record one on a team member's behalf, Deputy1 joining in; not
			// for someone off the team, nor with someone off the team joining in.
			if _, err := db.ActOnSupervisionItem(ctx, fx.Staff, it.ID, "record_finding", renda.V("text", "x", "deputy_id", members[2].ID,
				"with_ids", []string{fx.Deputy1.ID, other.ID})); renda.ErrorCode(err) != renda.EINVALID {
				t.Errorf("someone off the team joining in: %v", err)
			}
			if _, err := db.ActOnSupervisionItem(ctx, fx.Staff, it.ID, "record_finding", renda.V("topic", "主体责任", "text", "台账流于形式", "deputy_id", members[2].ID,
				"with_ids", []string{fx.Deputy1.ID, members[2].ID})); err != nil {
				t.Fatal(err)
			}
			if _, err := db.ActOnSupervisionItem(ctx, fx.Staff, it.ID, "record_finding", renda.V("text", "x", "deputy_id", other.ID)); renda.ErrorCode(err) != renda.EINVALID {
				t.Errorf("a finding for someone off the team: %v", err)
			}
			if _, err := db.ActOnSupervisionItem(ctx, fx.Staff, it.ID, "record_finding", renda.V("text", "装备不足", "by", "检查组工作人员")); err != nil {
				t.Fatal(err)
			}
			fs, err := db.Findings(ctx, fx.Staff, it.ID)
			if err != nil || len(fs) != 3 {
				t.Fatalf("findings %d %v", len(fs), err)
			}
			if fs[1].DeputyID != members[2].ID || fs[1].ByName != members[2].Name || len(fs[1].With) != 1 || fs[1].With[0].DeputyID != fx.Deputy1.ID ||
				fs[1].With[0].Name != fx.Deputy1.Name || len(fs[0].With) != 0 {
				t.Errorf("a finding recorded for a member, Deputy1 joining in: %+v", fs[1])
			}

			sig, err := db.FileInterpellation(ctx, fx.Staff, renda.V("title", "关于老旧小区改造工程质量问题的质询案", "org_id", fx.Unit1.ID, "question", "如何落实？",
				"signer_ids", []string{members[0].ID, members[2].ID, members[3].ID}))
			if err != nil {
				t.Fatal(err)
			}

			rec, by := entries(fx.Deputy1.ID)
			// Deputy1's own finding (dated the day found) and the one they joined in.
			srcs := map[string]record.Entry{}
			for _, e := range by["finding"] {
				srcs[e.Source.Entity+":"+e.Source.ID] = e
			}
			mine, joined := srcs[supervision.EntityFinding+":"+fs[0].ID], srcs[supervision.EntityFinding+":"+fs[1].ID]
			if len(by["finding"]) != 2 || renda.DateOf(mine.At) != renda.NewDate(2024, 7, 9) || mine.Points != 1 || joined.Points != 1 {
				t.Errorf("Deputy1's findings on the record: %+v", by["finding"])
			}
			if s := by["interpellation"]; len(s) != 1 || s[0].Source != (record.Source{Entity: supervision.Entity, ID: sig.ID}) || s[0].Points != 2 {
				t.Errorf("Deputy1's signature on the record: %+v", s)
			}
			if p := by["inspection"]; len(p) != 1 || p[0].Source.ID != it.ID {
				t.Errorf("Deputy1's part in the inspection: %+v", p)
			}
			// Points: the inspection (3), two findings (1 each), the signature (2), on the default scale.
			if rec.Points-before.Points != 3+2+2 {
				t.Errorf("Deputy1's points went from %d to %d, want +7", before.Points, rec.Points)
			}
			_, by = entries(members[2].ID)
			if f := by["finding"]; len(f) != 1 || f[0].Source.ID != fs[1].ID {
				t.Errorf("the member staff recorded for: %+v", f)
			}
			if len(by["interpellation"]) != 1 {
				t.Errorf("a signer's record: %+v", by)
			}
			_, by = entries(members[3].ID)
			if len(by["interpellation"]) != 1 || len(by["finding"]) != 0 {
				t.Errorf("a signer off the team: %+v", by)
			}
			_, by = entries(other.ID)
			if len(by["finding"])+len(by["interpellation"]) != 0 {
				t.Errorf("a deputy who neither found nor signed: %+v", by)
			}
			_, by = entries(fx.Deputy2.ID)
			if len(by["finding"])+len(by["interpellation"]) != 0 {
				t.Errorf("Deputy2 neither found nor signed: %+v", by)
			}
			// The public page's counts per kind.
			tal, err := db.PublicDutyTallies(ctx, fx.Deputy1.ID, 2024)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]int{}
			for _, x := range tal {
				got[x.Kind] = x.Count
			}
			if got["finding"] != 2 || got["interpellation"] != 1 {
				t.Errorf("public counts %v", got)
			}
			// The deputy reads their own record too.
			own, err := db.DutyRecord(ctx, fx.DeputyUser, fx.Deputy1.ID, 2024)
			if err != nil || own.Points != rec.Points {
				t.Errorf("the deputy's own record: %v %v", own, err)
			}
		})
	}
}
