package store

import (
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"

	"renda"
	"renda/budget"
)

// A revised file after approval (预算法 art. 67–69). Once the people's
// congress has the year's budget before it — the session its draft went to
// (the preliminary review's session_on) has opened — the budget is the one
// the congress approves: a revised budget file is refused, and the change
// comes in as adjustment lines with their document (预算调整), which go
// through the committee's approval (budget.AdjustmentFlow). An adjustment
// plan the committee already approved (or found exempt) whose document
// comes in again with other lines is reopened through the same flow
// ("revise": approved → pending, audited with the earlier decision); the
// same lines again change nothing.

// budgetApprovedSince returns the opening day of the session the year's
// draft budget went to, if it has come (zero otherwise).
func (tx *Tx) budgetApprovedSince(year int) (renda.Date, error) {
	var d renda.Date
	err := tx.queryRow(`SELECT MIN(session_on) FROM budget_reviews WHERE kind = ? AND year = ? AND session_on IS NOT NULL AND session_on <> '' AND session_on <= ?`,
		budget.ReviewPreliminary, year, day(renda.DateOf(tx.now))).Scan(dayScan{&d})
	if err != nil && !errNoRows(err) {
		return renda.Date{}, err
	}
	return d, nil
}

// refuseRevisedBudget refuses a budget file for a year whose budget the
// congress has before it or has approved.
func (tx *Tx) refuseRevisedBudget(kind string, year int) error {
	if kind != budget.KindBudget {
		return nil
	}
	since, err := tx.budgetApprovedSince(year)
	if err != nil || since.IsZero() {
		return err
	}
	var n int
	if err := tx.queryRow("SELECT COUNT(*) FROM budget_lines WHERE kind = ? AND year = ? AND replaced_by IS NULL", budget.KindBudget, year).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return nil // the first budget file of the year: nothing approved to revise
	}
	return renda.Errorf(renda.ECONFLICT, "%s 年预算草案已提请 %s 开幕的人民代表大会会议审查批准，不能再导入修改后的预算；批准后的变动属于预算调整或调剂，请按“预算调整和调剂”模板导入（注明文号），须经常委会审查批准的调整方案将提请审查批准",
		itoa(year), since.Chinese())
}

// adjustmentDigests identifies the current lines of each of a year's
// documents among docs: a document whose digest differs after an import
// came in with other lines.
func (tx *Tx) adjustmentDigests(year int, docs map[any]bool) (map[string]string, error) {
	rows, err := budgetQuery(tx, func(r *sql.Rows) (l [9]string, err error) {
		return l, r.Scan(&l[0], &l[1], &l[2], &l[3], &l[4], &l[5], &l[6], &l[7], &l[8])
	}, `SELECT doc, COALESCE(org_id, ''), fund, func_code, econ_code, project, item, note, CAST(amount AS TEXT) FROM budget_lines
		WHERE kind = ? AND year = ? AND replaced_by IS NULL ORDER BY doc, org_id, fund, func_code, econ_code, project, item, note, amount`, budget.KindAdjustment, year)
	if err != nil {
		return nil, err
	}
	hashes := map[string][]string{}
	for _, l := range rows {
		if docs[l[0]] {
			hashes[l[0]] = append(hashes[l[0]], fmt.Sprint(l[1:]))
		}
	}
	out := map[string]string{}
	for doc, ls := range hashes {
		h := sha256.Sum256([]byte(fmt.Sprint(ls)))
		out[doc] = hex.EncodeToString(h[:])
	}
	return out, nil
}

// reviseApprovedAdjustments reopens, through budget.AdjustmentFlow, each
// approved or exempt plan among the documents whose lines changed (before:
// their digests before the import), if its document still needs approval.
func (tx *Tx) reviseApprovedAdjustments(year int, docs map[any]bool, before map[string]string) error {
	after, err := tx.adjustmentDigests(year, docs)
	if err != nil {
		return err
	}
	ds, err := tx.budgetAdjustmentDocs(year, "")
	if err != nil {
		return err
	}
	env, err := tx.env()
	if err != nil {
		return err
	}
	env.Rel = renda.Rel{"system"}
	for _, d := range ds {
		if !docs[d.Doc] || (d.State != budget.Approved && d.State != budget.Exempt) || !d.Approval() || before[d.Doc] == "" || before[d.Doc] == after[d.Doc] {
			continue
		}
		a, err := tx.budgetAdjustment(d.ID)
		if err != nil {
			return err
		}
		if _, _, err := budgetAdjustmentFlow.apply(tx, env, a, "revise", renda.NewInput().Set("text", budget.AdjustmentSummary(d)), nil); err != nil {
			return err
		}
	}
	return nil
}
