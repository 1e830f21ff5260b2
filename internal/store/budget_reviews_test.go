package store_test

import (
	"context"
	"testing"

	"renda"
	"renda/budget"
	"renda/internal/store"
	"renda/internal/storetest"
)

// TestBudgetAuditRectification: the audit report's findings are registered
// item by item with their departments; the committee's opinion starts the
// rectification with its deadline on the calendar (six months by default,
// a setting); each department reports only its own items; the preliminary
// review's draft is due the set number of days before the session.
func TestBudgetAuditRectification(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		fx := storetest.Fixture(t, db)
		r, err := db.CreateBudgetReview(ctx, fx.Staff, renda.V("kind", budget.ReviewAudit, "year", "2024", "title", "关于 2024 年度本级预算执行和其他财政收支的审计工作报告", "received_on", "2025-08-20"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.CreateBudgetReview(ctx, fx.UnitUser, renda.V("kind", budget.ReviewAudit, "year", "2024", "title", "x", "received_on", "2025-08-20")); err == nil {
			t.Error("a unit registers a review")
		}
		r, err = db.ActOnBudgetReview(ctx, fx.Staff, r.ID, "add_items", renda.V("text", "水利局：项目资金闲置 1200 万元\n住建局：超预算支出未履行调整程序\n部分单位公务卡使用不规范"))
		if err != nil || len(r.Items) != 3 || r.Items[0].OrgID != fx.Unit2.ID || r.Items[1].OrgID != fx.Unit1.ID || r.Items[2].OrgID != "" {
			t.Fatalf("items: %v %+v", err, r)
		}
		if _, err := db.ActOnBudgetReview(ctx, fx.UnitUser2, r.ID, "rectify", renda.V("item", "1", "text", "x")); renda.ErrorCode(err) != renda.EFORBIDDEN && renda.ErrorCode(err) != renda.ECONFLICT {
			t.Errorf("rectify before the opinion: %v", err)
		}
		r, err = db.ActOnBudgetReview(ctx, fx.Staff, r.ID, "opinion", renda.V("text", "请逐项整改，6 个月内报告。", "date", "2025-08-28"))
		if err != nil || r.State != budget.Rectifying || r.Due.String() != "2026-02-28" {
			t.Fatalf("opinion: %v, state %s, due %s; want rectifying and 2026-02-28", err, r.State, r.Due)
		}
		if _, err := db.ActOnBudgetReview(ctx, fx.UnitUser2, r.ID, "rectify", renda.V("item", "2", "text", "x")); renda.ErrorCode(err) != renda.EFORBIDDEN {
			t.Errorf("水利局 reports 住建局's item: %v", err)
		}
		r, err = db.ActOnBudgetReview(ctx, fx.UnitUser2, r.ID, "rectify", renda.V("item", "1", "text", "闲置资金已统筹用于防汛工程"))
		if err != nil {
			t.Fatal(err)
		}
		if done, all := r.Progress(); done != 1 || all != 3 {
			t.Errorf("progress %d/%d, want 1/3", done, all)
		}
		if rs, _ := db.BudgetReviews(ctx, fx.UnitUser); len(rs) != 1 {
			t.Errorf("住建局 sees %d reviews, want the one naming it", len(rs))
		}
		if rs, _ := db.BudgetReviews(ctx, fx.DeputyUser); len(rs) != 0 {
			t.Errorf("a deputy sees %d reviews", len(rs))
		}
		p, err := db.CreateBudgetReview(ctx, fx.Staff, renda.V("kind", budget.ReviewPreliminary, "year", "2025", "title", "2025 年预算草案", "received_on", "2024-12-20", "session_on", "2025-01-08"))
		if err != nil || p.Due.String() != "2024-12-09" {
			t.Errorf("preliminary: %v, due %s, want 2024-12-09", err, p.Due)
		}
	})
}

// TestBudgetQuestions: a deputy asks a department about its budget; only
// that department (or staff) answers, in writing; other deputies and
// departments do not see it; a unit cannot ask.
func TestBudgetQuestions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		fx := storetest.Fixture(t, db)
		in := renda.V("organization_id", fx.Unit2.ID, "year", "2024", "text", "宜水河堤防加固工程预算 1.4 亿元，目前执行多少？")
		if _, err := db.AskBudgetQuestion(ctx, fx.UnitUser, in); renda.ErrorCode(err) != renda.EFORBIDDEN {
			t.Errorf("a unit asks: %v", err)
		}
		q, err := db.AskBudgetQuestion(ctx, fx.DeputyUser, in)
		if err != nil || q.State != budget.Asked || q.OrgName != fx.Unit2.Name {
			t.Fatalf("ask: %v %+v", err, q)
		}
		if qs, _ := db.BudgetQuestions(ctx, fx.DeputyUser2); len(qs) != 0 {
			t.Errorf("another deputy sees %d questions", len(qs))
		}
		if _, err := db.ActOnBudgetQuestion(ctx, fx.UnitUser, q.ID, "answer", renda.V("text", "x")); renda.ErrorCode(err) != renda.ENOTFOUND {
			t.Errorf("another department answers: %v", err)
		}
		a, err := db.ActOnBudgetQuestion(ctx, fx.UnitUser2, q.ID, "answer", renda.V("text", "截至 6 月已支付 4,800 万元，主体工程 10 月完工后结算。"))
		if err != nil || a.State != budget.Answered {
			t.Fatalf("answer: %v %+v", err, a)
		}
		if qs, _ := db.BudgetQuestions(ctx, fx.DeputyUser); len(qs) != 1 || qs[0].Answer == "" {
			t.Errorf("the deputy's questions: %+v", qs)
		}
	})
}
