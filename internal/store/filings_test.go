package store_test

import (
	"context"
	"testing"
	"time"

	"renda"
	"renda/consultation"
	"renda/filing"
	"renda/internal/store"
	"renda/internal/storetest"
)

func at(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 10, 0, 0, 0, renda.CST) }

// TestFilingWorkflow walks a document from filing to correction through the
// store on both databases: scoping to the filer, the late flag, the
// checklist, history, search and the year's figures.
func TestFilingWorkflow(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d.String(), func(t *testing.T) {
			ctx := context.Background()
			clock := renda.NewTestClock(at(2026, 10, 2))
			db := storetest.Open(t, d, clock)
			fx := storetest.Fixture(t, db)
			if err := db.AddFiler(ctx, fx.Staff, fx.Unit1.ID); err != nil {
				t.Fatal(err)
			}
			// A unit that is not a filer may not file.
			in := renda.V("title", "关于印发《城区停车管理办法》的通知", "number", "常住建发〔2026〕9号", "published_on", renda.NewDate(2026, 9, 1),
				"text", "第一条 为了加强停车管理，制定本办法。\n第五条 违反本办法的，处以五百元罚款。")
			if _, err := db.FileDocument(ctx, fx.UnitUser2, in, nil); renda.ErrorCode(err) != renda.EFORBIDDEN {
				t.Fatalf("a non-filer files: %v, want EFORBIDDEN", err)
			}
			f, err := db.FileDocument(ctx, fx.UnitUser, in, nil)
			if err != nil {
				t.Fatal(err)
			}
			if !f.Late || f.State != filing.Filed || f.FilerID != fx.Unit1.ID {
				t.Fatalf("filed on day 31: late %v, state %s, filer %s", f.Late, f.State, f.FilerID)
			}
			if _, err := db.Filing(ctx, fx.UnitUser2, f.ID); renda.ErrorCode(err) != renda.ENOTFOUND {
				t.Errorf("another unit sees the filing: %v", err)
			}
			if _, err := db.ActOnFiling(ctx, fx.UnitUser, f.ID, "register", nil); renda.ErrorCode(err) != renda.EFORBIDDEN {
				t.Errorf("the filer registers its own filing: %v, want EFORBIDDEN", err)
			}
			steps := []struct {
				who    *renda.User
				action string
				in     renda.Values
				want   string
			}{
				{fx.Staff, "register", nil, filing.Registered},
				{fx.Staff, "assign", renda.V("reviewer_id", fx.Staff.ID), filing.Reviewing},
				{fx.Staff, "check", renda.V("authority", "ok", "conflict", "issue", "appropriateness", "ok", "procedure", "ok", "political", "ok"), filing.Reviewing},
				{fx.Staff, "find_issue", renda.V("text", "第五条设定罚款超出上位法"), filing.IssueFound},
				{fx.Staff, "send_opinion", renda.V("text", "请删除第五条"), filing.OpinionSent},
				{fx.Staff, "cite", renda.V("source", "hotline", "ref", "NOPE"), ""},
				{fx.UnitUser, "correct", renda.V("how", "amended", "text", "已修改，删去第五条"), filing.Corrected},
			}
			for _, s := range steps {
				got, err := db.ActOnFiling(ctx, s.who, f.ID, s.action, s.in)
				if s.want == "" {
					if renda.ErrorCode(err) != renda.EINVALID {
						t.Errorf("%s: %v, want EINVALID", s.action, err)
					}
					continue
				}
				if err != nil {
					t.Fatalf("%s: %v", s.action, err)
				}
				if got.State != s.want {
					t.Fatalf("%s: state %s, want %s", s.action, got.State, s.want)
				}
			}
			h, err := db.History(ctx, "filing", f.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(h) != 7 {
				t.Errorf("history has %d records, want 7 (file … correct)", len(h))
			}
			items, total, err := db.Filings(ctx, fx.UnitUser, filing.Filter{State: filing.Corrected})
			if err != nil || total != 1 || len(items) != 1 {
				t.Fatalf("corrected list: %d %v", total, err)
			}
			if _, n, _ := db.Filings(ctx, fx.UnitUser2, filing.Filter{}); n != 0 {
				t.Errorf("another unit lists %d filings", n)
			}
			if _, n, _ := db.Filings(ctx, fx.Staff, filing.Filter{Q: "停车"}); n != 1 {
				t.Errorf("search 停车 finds %d", n)
			}
			// The register flags a published document not filed.
			if err := db.AddRegisterEntry(ctx, fx.UnitUser, &filing.RegisterEntry{Title: "关于某事的通知", Number: "常住建发〔2026〕7号", PublishedOn: renda.NewDate(2026, 8, 1)}); err != nil {
				t.Fatal(err)
			}
			if err := db.AddRegisterEntry(ctx, fx.UnitUser, &filing.RegisterEntry{Title: "城区停车管理办法", Number: "常住建发〔2026〕9号", PublishedOn: renda.NewDate(2026, 9, 1)}); err != nil {
				t.Fatal(err)
			}
			rep, err := db.FilingReport(ctx, fx.Staff, 2026)
			if err != nil {
				t.Fatal(err)
			}
			want := filing.Report{Year: 2026, Filed: 1, Late: 1, Reviewed: 1, Issues: 1, Corrected: 1, Unfiled: 1}
			if *rep != want {
				t.Errorf("report %+v, want %+v", *rep, want)
			}
			// A citizen's request, tracked by code and phone tail.
			r, err := db.SubmitReviewRequest(ctx, nil, filing.RequestSubmission{Document: "常住建发〔2026〕9号", Reason: "罚款过高", Phone: "13800001234"}, "10.0.0.1")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.ActOnReviewRequest(ctx, fx.Staff, r.ID, "accept", renda.V("filing_id", f.ID)); err != nil {
				t.Fatal(err)
			}
			if _, err := db.ActOnReviewRequest(ctx, fx.Staff, r.ID, "notify", renda.V("text", "经审查，已督促修改")); err != nil {
				t.Fatal(err)
			}
			tr, err := db.TrackReviewRequest(ctx, r.TrackingCode, "1234", "10.0.0.1")
			if err != nil {
				t.Fatal(err)
			}
			if tr.State != filing.ReqNotified || tr.Result != "经审查，已督促修改" || len(tr.Steps) != 3 {
				t.Errorf("track: %+v", tr)
			}
			if _, err := db.TrackReviewRequest(ctx, r.TrackingCode, "9999", "10.0.0.1"); renda.ErrorCode(err) != renda.ENOTFOUND {
				t.Errorf("wrong tail: %v", err)
			}
		})
	}
}

// TestConsultationComments: comments are taken while a draft is open and
// refused (ECONFLICT) after it closes; the report groups them.
func TestConsultationComments(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		fx := storetest.Fixture(t, db)
		today := renda.DateOf(time.Now())
		c, err := db.CreateConsultation(ctx, fx.Staff, renda.V("title", "某某条例（草案）", "kind", "decision", "body", "第一条 目的\n第二条 范围",
			"opens_on", today, "closes_on", today.AddDays(15)))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.CommentOn(ctx, nil, c.ID, renda.V("text", "好"), "10.0.0.2"); renda.ErrorCode(err) != renda.ENOTFOUND {
			t.Errorf("comment on a draft the public cannot see: %v", err)
		}
		if _, err := db.ActOnConsultation(ctx, fx.Staff, c.ID, "open", nil); err != nil {
			t.Fatal(err)
		}
		m, err := db.CommentOn(ctx, nil, c.ID, renda.V("article", "第二条", "text", "范围应包括农村"), "10.0.0.2")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.CommentOn(ctx, fx.DeputyUser, c.ID, renda.V("text", "建议明确责任单位"), ""); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ActOnConsultation(ctx, fx.Staff, c.ID, "close", nil); err != nil {
			t.Fatal(err)
		}
		if _, err := db.CommentOn(ctx, nil, c.ID, renda.V("text", "晚了"), "10.0.0.2"); renda.ErrorCode(err) != renda.ECONFLICT {
			t.Errorf("comment after closing: %v, want ECONFLICT", err)
		}
		if _, err := db.ActOnConsultation(ctx, fx.Staff, c.ID, "publish", nil); renda.ErrorCode(err) != renda.ECONFLICT {
			t.Errorf("publish with undecided comments: %v, want ECONFLICT", err)
		}
		cs, err := db.Comments(ctx, fx.Staff, c.ID)
		if err != nil || len(cs) != 2 {
			t.Fatalf("comments %d %v", len(cs), err)
		}
		if _, err := db.ActOnComment(ctx, fx.Staff, m.ID, "adopt", renda.V("reason", "已在第二条增加")); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ActOnComment(ctx, fx.Staff, cs[1].ID, "decline", renda.V("reason", "已有规定")); err != nil {
			t.Fatal(err)
		}
		got, err := db.ActOnConsultation(ctx, fx.Staff, c.ID, "publish", renda.V("text", "感谢参与"))
		if err != nil {
			t.Fatal(err)
		}
		if got.State != consultation.Published || got.Comments != 2 {
			t.Errorf("published: %s with %d comments", got.State, got.Comments)
		}
		list, total, err := db.Consultations(ctx, nil, consultation.Filter{})
		if err != nil || total != 1 || list[0].Report == "" {
			t.Errorf("public list: %d %v", total, err)
		}
	})
}

// TestFilingSweeps: a passed deadline is announced once (a new deadline
// re-arms it), a document published and not filed is flagged once, and a
// consultation closes the day after its last day, not on it.
func TestFilingSweeps(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d.String(), func(t *testing.T) {
			ctx := context.Background()
			clock := renda.NewTestClock(at(2026, 9, 30))
			db := storetest.Open(t, d, clock)
			fx := storetest.Fixture(t, db)
			if err := db.AddFiler(ctx, fx.Staff, fx.Unit1.ID); err != nil {
				t.Fatal(err)
			}
			f, err := db.FileDocument(ctx, fx.UnitUser, renda.V("title", "关于某事的通知", "number", "常住建发〔2026〕1号", "published_on", renda.NewDate(2026, 9, 20), "text", "一、内容"), nil)
			if err != nil {
				t.Fatal(err)
			}
			if err := db.AddRegisterEntry(ctx, fx.UnitUser, &filing.RegisterEntry{Title: "未报备的通知", Number: "常住建发〔2026〕2号", PublishedOn: renda.NewDate(2026, 9, 1)}); err != nil {
				t.Fatal(err)
			}
			unread := func(u *renda.User) int {
				n, err := db.UnreadCount(ctx, u.ID)
				if err != nil {
					t.Fatal(err)
				}
				return n
			}
			staff0, unit0 := unread(fx.Staff), unread(fx.UnitUser)
			// The registry check is due 2026-10-13 (5 working days across 国庆节): nothing on its last day.
			clock.Set(at(2026, 10, 13))
			if err := db.RemindFilings(ctx); err != nil {
				t.Fatal(err)
			}
			if got := unread(fx.Staff); got != staff0+1 { // only the unfiled document (due 2026-10-01)
				t.Errorf("staff notices on the registry's last day: %d, want %d", got, staff0+1)
			}
			if got := unread(fx.UnitUser); got != unit0+1 {
				t.Errorf("filer notices: %d, want %d (the unfiled document)", got, unit0+1)
			}
			clock.Set(at(2026, 10, 14))
			for i := 0; i < 2; i++ {
				if err := db.RemindFilings(ctx); err != nil {
					t.Fatal(err)
				}
			}
			if got := unread(fx.Staff); got != staff0+2 {
				t.Errorf("staff notices the day after: %d, want %d (once)", got, staff0+2)
			}
			if _, err := db.ActOnFiling(ctx, fx.Staff, f.ID, "register", nil); err != nil {
				t.Fatal(err)
			}

			c, err := db.CreateConsultation(ctx, fx.Staff, renda.V("title", "决定（草案）", "kind", "decision", "body", "第一条 目的",
				"opens_on", renda.NewDate(2026, 10, 14), "closes_on", renda.NewDate(2026, 10, 29)))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.ActOnConsultation(ctx, fx.Staff, c.ID, "open", nil); err != nil {
				t.Fatal(err)
			}
			clock.Set(at(2026, 10, 29))
			if err := db.CloseConsultations(ctx); err != nil {
				t.Fatal(err)
			}
			if c, _ = db.Consultation(ctx, fx.Staff, c.ID); c.State != consultation.Open {
				t.Errorf("closed on its last day: %s", c.State)
			}
			clock.Set(at(2026, 10, 30))
			if err := db.CloseConsultations(ctx); err != nil {
				t.Fatal(err)
			}
			if c, _ = db.Consultation(ctx, fx.Staff, c.ID); c.State != consultation.Closed {
				t.Errorf("the day after its last day: %s", c.State)
			}
		})
	}
}
