package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"renda"
	"renda/internal/attach"
	"renda/opinion"
	"renda/supervision"
	"renda/vote"
)

// Supervision (监督): see supervision.Flow and supervision.RectFlow. The
// staff side sees every item; the public, deputies and other units see
// published items only; a unit's clerk also sees (and answers the
// rectifications of) the items about its own body.

const supItemColumns = `s.id, s.year, s.kind, s.title, COALESCE(s.org_id, ''), COALESCE(o.name, ''), s.committee, s.month, s.summary, s.status, s.published,
	s.verdict, s.report, s.created_at, s.updated_at, s.meeting_on, s.report_on, s.members_on, s.opinions, s.opinions_on, s.response_due, s.response, s.response_on,
	s.resolution, s.resolution_on, s.resolution_due, s.resolution_answer, s.resolution_done_on,
	s.joint_with, s.joint_organiser, s.joint_levels, s.form, s.round, s.answer_mode, s.answer_due, s.answered_on, s.report_draft`

const supItemFrom = ` FROM supervision_items s LEFT JOIN organizations o ON o.id = s.org_id`

func scanSupItem(row interface{ Scan(...any) error }) (*supervision.Item, error) {
	it := &supervision.Item{}
	var levels string
	err := row.Scan(&it.ID, &it.Year, &it.Kind, &it.Title, &it.OrgID, &it.Body, &it.Committee, &it.Month, &it.Summary, &it.Status, &it.Published,
		&it.Verdict, &it.Report, tsScan{&it.CreatedAt}, tsScan{&it.UpdatedAt}, dayScan{&it.MeetingOn}, dayScan{&it.ReportOn}, dayScan{&it.MembersOn},
		&it.Opinions, dayScan{&it.OpinionsOn}, dayScan{&it.ResponseDue}, &it.Response, dayScan{&it.ResponseOn},
		&it.Resolution, dayScan{&it.ResolutionOn}, dayScan{&it.ResolutionDue}, &it.ResolutionAnswer, dayScan{&it.ResolutionDoneOn},
		&it.JointWith, &it.JointOrganiser, &levels, &it.Form, &it.Round, &it.AnswerMode, dayScan{&it.AnswerDue}, dayScan{&it.AnsweredOn}, &it.ReportDraft)
	if levels != "" {
		it.JointLevels = strings.Split(levels, ",")
	}
	return it, err
}

// supScope is the condition on s of what viewer may see.
func supScope(viewer *renda.User) (string, []any) {
	switch {
	case viewer.IsStaffSide():
		return "1 = 1", nil
	case viewer != nil && viewer.Role == renda.RoleUnit && viewer.OrgID != "":
		return "(s.published = ? OR s.org_id = ?)", []any{true, viewer.OrgID}
	case viewer != nil && viewer.Role == renda.RoleDeputy && viewer.DeputyID != "":
		// A deputy also sees the items whose team they are on and the 质询案 they signed.
		return `(s.published = ? OR s.id IN (SELECT sp.item_id FROM supervision_participants sp WHERE sp.deputy_id = ? AND sp.recused = ?)
			OR s.id IN (SELECT sg.item_id FROM supervision_signers sg WHERE sg.deputy_id = ?))`, []any{true, viewer.DeputyID, false, viewer.DeputyID}
	}
	return "s.published = ?", []any{true}
}

func (tx *Tx) supItemFor(viewer *renda.User, id string, lock bool) (*supervision.Item, error) {
	if !renda.ValidID(id) {
		return nil, renda.Errorf(renda.ENOTFOUND, "监督事项不存在")
	}
	if lock && tx.db.dialect == Postgres {
		if _, err := tx.exec("SELECT 1 FROM supervision_items WHERE id = ? FOR UPDATE", id); err != nil {
			return nil, err
		}
	}
	cond, args := supScope(viewer)
	it, err := scanSupItem(tx.queryRow("SELECT "+supItemColumns+supItemFrom+" WHERE s.id = ? AND "+cond, append([]any{id}, args...)...))
	return it, notFound(err, "监督事项不存在")
}

// SupervisionItem returns one item as viewer may see it.
func (db *DB) SupervisionItem(ctx context.Context, viewer *renda.User, id string) (*supervision.Item, error) {
	var it *supervision.Item
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		it, err = tx.supItemFor(viewer, id, false)
		return err
	})
	return it, err
}

// SupervisionItems lists the items viewer may see, by year, meeting month
// and kind.
func (db *DB) SupervisionItems(ctx context.Context, viewer *renda.User, f supervision.Filter) ([]*supervision.Item, int, error) {
	scope, args := supScope(viewer)
	cond := " WHERE " + scope
	if f.Public {
		cond, args = cond+" AND s.published = ?", append(args, true)
	}
	if f.Year != 0 {
		cond, args = cond+" AND s.year = ?", append(args, f.Year)
	}
	if f.Kind != "" {
		cond, args = cond+" AND s.kind = ?", append(args, f.Kind)
	}
	if f.Status != "" {
		cond, args = cond+" AND s.status = ?", append(args, f.Status)
	}
	if f.Joint {
		cond += " AND s.joint_with <> ''"
	}
	var out []*supervision.Item
	var total int
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		if total, err = tx.count("SELECT COUNT(*)"+supItemFrom+cond, args...); err != nil {
			return err
		}
		rows, err := tx.query("SELECT "+supItemColumns+supItemFrom+cond+" ORDER BY s.year DESC, s.month, s.kind, s.id"+limitOffset(f.Limit, f.Offset), args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			it, err := scanSupItem(rows)
			if err != nil {
				return err
			}
			out = append(out, it)
		}
		return rows.Err()
	})
	return out, total, err
}

var supFlow = &flow[supervision.Item]{
	m:  supervision.Flow,
	id: func(it *supervision.Item) string { return it.ID },
	rel: func(tx *Tx, it *supervision.Item) (renda.Rel, error) {
		return tx.supRelations(it)
	},
	facts: func(tx *Tx, it *supervision.Item, action string, in *renda.Input) (any, error) {
		switch action {
		case "file", "answer_interpellation", "assess", "conclude":
			return tx.interpellationFacts(it, action == "file")
		case "draft_report":
			fs, err := tx.findings(it.ID)
			return &supervision.FindingFacts{Findings: fs}, err
		case "record_finding":
			return tx.findingTeam(it.ID)
		}
		if action == "appoint" {
			rows, err := tx.query("SELECT deputy_id, reason FROM supervision_participants WHERE item_id = ? AND recused = ?", it.ID, true)
			if err != nil {
				return nil, err
			}
			defer rows.Close()
			f := &supervision.ParticipantFacts{Recused: map[string]string{}}
			for rows.Next() {
				var id, why string
				if err := rows.Scan(&id, &why); err != nil {
					return nil, err
				}
				f.Recused[id] = why
			}
			return f, rows.Err()
		}
		if action == "draw" {
			n, err := tx.count("SELECT COUNT(*) FROM supervision_subjects WHERE item_id = ?", it.ID)
			return &supervision.DrawFacts{Subjects: n}, err
		}
		if action != "follow_up" {
			return nil, nil
		}
		n, err := tx.count("SELECT COUNT(*) FROM supervision_rectifications WHERE item_id = ? AND status <> ?", it.ID, supervision.RectClosed)
		return &supervision.Facts{OpenRectifications: n}, err
	},
	save: func(tx *Tx, before, it *supervision.Item, out *renda.Outcome, files []*attach.File) error {
		it.UpdatedAt = tx.now
		var err error
		if out.From == "" {
			_, err = tx.exec(`INSERT INTO supervision_items (id, year, kind, title, org_id, committee, month, summary, status, published, verdict, report, created_at, updated_at, form)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, it.ID, it.Year, it.Kind, it.Title, nz(it.OrgID), it.Committee, it.Month, it.Summary, it.Status,
				it.Published, it.Verdict, it.Report, ts(it.CreatedAt), ts(it.UpdatedAt), it.Form)
		} else {
			_, err = tx.exec(`UPDATE supervision_items SET year = ?, kind = ?, title = ?, org_id = ?, committee = ?, month = ?, summary = ?, status = ?, published = ?,
				verdict = ?, report = ?, updated_at = ?, meeting_on = ?, report_on = ?, members_on = ?, opinions = ?, opinions_on = ?, response_due = ?,
				response = ?, response_on = ?, resolution = ?, resolution_on = ?, resolution_due = ?, resolution_answer = ?, resolution_done_on = ?,
				joint_with = ?, joint_organiser = ?, joint_levels = ?, round = ?, answer_mode = ?, answer_due = ?, answered_on = ?, report_draft = ? WHERE id = ?`,
				it.Year, it.Kind, it.Title, nz(it.OrgID), it.Committee, it.Month, it.Summary, it.Status,
				it.Published, it.Verdict, it.Report, ts(it.UpdatedAt), day(it.MeetingOn), day(it.ReportOn), day(it.MembersOn), it.Opinions, day(it.OpinionsOn),
				day(it.ResponseDue), it.Response, day(it.ResponseOn), it.Resolution, day(it.ResolutionOn), day(it.ResolutionDue), it.ResolutionAnswer,
				day(it.ResolutionDoneOn), it.JointWith, it.JointOrganiser, strings.Join(it.JointLevels, ","), it.Round, it.AnswerMode, day(it.AnswerDue),
				day(it.AnsweredOn), it.ReportDraft, it.ID)
		}
		if err != nil {
			return err
		}
		for _, rec := range out.Records {
			switch r := rec.(type) {
			case *supervision.Subject:
				if _, err := tx.exec("INSERT INTO supervision_subjects (id, item_id, name, position, grade, passed) VALUES (?, ?, ?, ?, '', FALSE)",
					r.ID, r.ItemID, r.Name, r.Position); err != nil {
					return err
				}
			case *supervision.Participant:
				if _, err := tx.exec(`INSERT INTO supervision_participants (item_id, deputy_id, recused, reason, added_at) VALUES (?, ?, ?, ?, ?)
					ON CONFLICT (item_id, deputy_id) DO UPDATE SET recused = excluded.recused, reason = excluded.reason`,
					r.ItemID, r.DeputyID, r.Recused, r.Reason, ts(tx.now)); err != nil {
					return err
				}
			case *supervision.Question:
				if _, err := tx.exec("INSERT INTO supervision_questions (id, item_id, asker, question, official, answer, asked_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
					r.ID, r.ItemID, r.Asker, r.Question, r.Official, r.Answer, ts(tx.now)); err != nil {
					return err
				}
			case *supervision.DrawRecord:
				if _, err := tx.saveDraw(r.Pool, r.Count, r.Seed); err != nil {
					return err
				}
			case *supervision.Signer, *supervision.Answer, *supervision.Stance:
				if err := tx.saveInterpellationRecord(r); err != nil {
					return err
				}
			case *supervision.Finding:
				if err := tx.saveFinding(r, files); err != nil {
					return err
				}
			}
		}
		if out.Action != "start_rating" {
			return nil
		}
		return tx.startEvaluationVote(it)
	},
}

// startEvaluationVote sets up the secret ballot of an evaluation's rating
// on the ballot engine: kind "evaluation", the item as its one item, the
// rule the setting names, the county congress's roll. Staff open and close
// it on the vote pages; its result moves the item on (see init below).
func (tx *Tx) startEvaluationVote(it *supervision.Item) error {
	var congressID string
	if err := tx.queryRow("SELECT id FROM congresses WHERE level = ? ORDER BY id LIMIT 1", string(renda.LevelCounty)).Scan(&congressID); err != nil {
		return notFound(err, "没有本级人大，不能建立测评表决")
	}
	set, err := tx.settings()
	if err != nil {
		return err
	}
	var roll []string
	if name := set.String("supervision.members_group"); name != "" {
		rows, err := tx.query(`SELECT d.id FROM deputies d JOIN deputy_groups g ON g.name = ?
			WHERE d.congress_id = ? AND (d.group_id = g.id OR EXISTS (SELECT 1 FROM group_members m WHERE m.group_id = g.id AND m.deputy_id = d.id)) ORDER BY d.id`, name, congressID)
		if err != nil {
			return err
		}
		if roll, err = collectStrings(rows); err != nil {
			return err
		}
	}
	v := &vote.Vote{CongressID: congressID, Roll: roll, Kind: supervision.VoteEvaluation, Scheme: vote.SchemeRating, Rule: supervision.EvaluationRule(set),
		Title: trunc(it.Title, 80) + "满意度测评", Description: it.Body, Candidates: []vote.Candidate{{ID: it.ID}}}
	subjects, err := tx.subjects(it.ID)
	if err != nil {
		return err
	}
	if len(subjects) > 0 { // 两官评议: each drawn subject is rated
		v.Kind, v.Rule, v.Candidates = supervision.VoteOfficialRating, supervision.OfficialRule(set), nil
		for _, sj := range subjects {
			v.Candidates = append(v.Candidates, vote.Candidate{ID: sj.ID})
		}
	}
	return tx.SaveVote(v)
}

// CreateSupervisionItem adds an item to a year's plan (staff).
func (db *DB) CreateSupervisionItem(ctx context.Context, actor *renda.User, in renda.Values) (*supervision.Item, error) {
	var it *supervision.Item
	err := db.write(ctx, actor, func(tx *Tx) error {
		var err error
		it, err = tx.CreateSupervisionItem(in)
		return err
	})
	return it, err
}

// CreateSupervisionItem adds an item in this transaction.
func (tx *Tx) CreateSupervisionItem(in renda.Values) (*supervision.Item, error) {
	it, _, err := supFlow.runAs(tx, supervision.Relations(tx.actor, ""), &supervision.Item{ID: renda.NewID()}, "create", in, nil)
	return it, err
}

// ActOnSupervisionItemFiles applies an action that takes files (a
// finding's photos, checked by attach.Check) for actor.
func (db *DB) ActOnSupervisionItemFiles(ctx context.Context, actor *renda.User, id, action string, in renda.Values, files []*attach.File) (*supervision.Item, error) {
	var it *supervision.Item
	err := db.write(ctx, actor, func(tx *Tx) error {
		var err error
		it, err = tx.actOnSupervisionItem(id, action, in, files)
		return err
	})
	return it, err
}

// ActOnSupervisionItem applies an action for actor.
func (db *DB) ActOnSupervisionItem(ctx context.Context, actor *renda.User, id, action string, in renda.Values) (*supervision.Item, error) {
	var it *supervision.Item
	err := db.write(ctx, actor, func(tx *Tx) error {
		var err error
		it, err = tx.ActOnSupervisionItem(id, action, in)
		return err
	})
	return it, err
}

// ActOnSupervisionItem applies an action in this transaction, as its actor.
func (tx *Tx) ActOnSupervisionItem(id, action string, in renda.Values) (*supervision.Item, error) {
	return tx.actOnSupervisionItem(id, action, in, nil)
}

// ActOnSupervisionItemFiles applies an action with files in this transaction.
func (tx *Tx) ActOnSupervisionItemFiles(id, action string, in renda.Values, files []*attach.File) (*supervision.Item, error) {
	return tx.actOnSupervisionItem(id, action, in, files)
}

func (tx *Tx) actOnSupervisionItem(id, action string, in renda.Values, files []*attach.File) (*supervision.Item, error) {
	if r, ok := supervision.Flow.Rule(action); !ok || !r.Offered() {
		return nil, renda.Errorf(renda.ENOTFOUND, "没有“%s”这个操作", trunc(action, 20))
	}
	it, err := tx.supItemFor(tx.actor, id, true)
	if err != nil {
		return nil, err
	}
	next, _, err := supFlow.run(tx, it, action, in, files)
	return next, err
}

// supRelations are the actor's ties to an item: the roles and "clerk"
// (supervision.Relations); for a deputy also "participant" (on the team,
// not recused) and, on a 质询案, "signer" and "stated".
func (tx *Tx) supRelations(it *supervision.Item) (renda.Rel, error) {
	rel := supervision.Relations(tx.actor, it.OrgID)
	u := tx.actor
	if u == nil || u.Role != renda.RoleDeputy || u.DeputyID == "" || it.ID == "" {
		return rel, nil
	}
	n, err := tx.count("SELECT COUNT(*) FROM supervision_participants WHERE item_id = ? AND deputy_id = ? AND recused = ?", it.ID, u.DeputyID, false)
	if err != nil {
		return nil, err
	}
	if n > 0 {
		rel = append(rel, "participant")
	}
	if !it.Interpellation() {
		return rel, nil
	}
	signed, err := tx.count("SELECT COUNT(*) FROM supervision_signers WHERE item_id = ? AND deputy_id = ?", it.ID, u.DeputyID)
	if err != nil || signed == 0 {
		return rel, err
	}
	stated, err := tx.count("SELECT COUNT(*) FROM supervision_stances WHERE item_id = ? AND round = ? AND deputy_id = ?", it.ID, it.Round, u.DeputyID)
	if err != nil {
		return nil, err
	}
	return supervision.InterpellationRelations(rel, u, []string{u.DeputyID}, map[string]bool{u.DeputyID: stated > 0}), nil
}

// SupervisionActions lists the actions viewer may take on an item now.
func (db *DB) SupervisionActions(ctx context.Context, viewer *renda.User, it *supervision.Item) ([]renda.Rule, error) {
	var out []renda.Rule
	err := db.read(ctx, func(tx *Tx) error {
		tx.actor = viewer
		var err error
		out, err = supFlow.actions(tx, it)
		return err
	})
	return out, err
}

func (tx *Tx) subjects(itemID string) ([]*supervision.Subject, error) {
	rows, err := tx.query("SELECT id, item_id, name, position, grade, passed FROM supervision_subjects WHERE item_id = ? ORDER BY position", itemID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*supervision.Subject{}
	for rows.Next() {
		sj := &supervision.Subject{}
		if err := rows.Scan(&sj.ID, &sj.ItemID, &sj.Name, &sj.Position, &sj.Grade, &sj.Passed); err != nil {
			return nil, err
		}
		out = append(out, sj)
	}
	return out, rows.Err()
}

// Subjects lists the drawn subjects of a 两官评议 with their ratings, as
// viewer may see the item.
func (db *DB) Subjects(ctx context.Context, viewer *renda.User, itemID string) ([]*supervision.Subject, error) {
	var out []*supervision.Subject
	err := db.read(ctx, func(tx *Tx) error {
		if _, err := tx.supItemFor(viewer, itemID, false); err != nil {
			return err
		}
		var err error
		out, err = tx.subjects(itemID)
		return err
	})
	return out, err
}

// SupervisionVoteIDs returns the ids of the votes about an item (or its
// drawn subjects) in this transaction.
func (tx *Tx) SupervisionVoteIDs(itemID string) ([]string, error) {
	rows, err := tx.query(`SELECT DISTINCT v.id, v.created_at FROM vote_items i JOIN votes v ON v.id = i.vote_id
		WHERE (i.entity = ? AND i.item_id = ?) OR (i.entity = ? AND i.item_id IN (SELECT id FROM supervision_subjects WHERE item_id = ?))
		ORDER BY v.created_at, v.id`, supervision.Entity, itemID, supervision.EntitySubject, itemID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id, at string
		if err := rows.Scan(&id, &at); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// SupervisionVotes returns the ids of the votes about an item (kinds
// evaluation, official_rating), oldest first.
func (db *DB) SupervisionVotes(ctx context.Context, itemID string) ([]string, error) {
	out := []string{}
	err := db.read(ctx, func(tx *Tx) error {
		ids, err := tx.SupervisionVoteIDs(itemID)
		out = append(out, ids...)
		return err
	})
	return out, err
}

// An evaluation's rating is a ballot about the item; the result rates it
// through its machine, as the system.
func init() {
	registerBallotItems(supervision.Entity, BallotItems{
		describe: func(tx *Tx, c *vote.Candidate) error {
			c.Href = "/supervision/" + c.ID
			return tx.queryRow(`SELECT s.title, COALESCE(o.name, ''), s.summary FROM supervision_items s LEFT JOIN organizations o ON o.id = s.org_id WHERE s.id = ?`, c.ID).
				Scan(&c.Title, &c.UnitName, &c.Summary)
		},
		check: func(tx *Tx, v *vote.Vote, c *vote.Candidate, creating bool) error {
			var kind, status, title string
			if err := tx.queryRow("SELECT kind, status, title FROM supervision_items WHERE id = ?", c.ID).Scan(&kind, &status, &title); err != nil {
				return &renda.Error{Code: renda.EINVALID, Message: "监督事项不存在", Fields: []renda.FieldError{{Field: "candidates", Message: "监督事项不存在"}}}
			}
			if v.Kind == supervision.VoteEvaluation && (kind != supervision.KindEvaluation || status != supervision.Rating) {
				msg := "“" + title + "”不是待测评的专项工作评议"
				return &renda.Error{Code: renda.EINVALID, Message: msg, Fields: []renda.FieldError{{Field: "candidates", Message: msg}}}
			}
			c.Title = title
			return nil
		},
		apply: applySupervisionResult,
	})
}

// A 两官评议's rating is a ballot about its drawn subjects: the result
// grades each; the item is rated 满意 when every subject passes, else 不满意.
func init() {
	registerBallotItems(supervision.EntitySubject, BallotItems{
		describe: func(tx *Tx, c *vote.Candidate) error {
			var item string
			err := tx.queryRow(`SELECT j.name, s.title, s.id FROM supervision_subjects j JOIN supervision_items s ON s.id = j.item_id WHERE j.id = ?`, c.ID).
				Scan(&c.Title, &c.Summary, &item)
			c.Href = "/supervision/" + item
			return err
		},
		check: func(tx *Tx, v *vote.Vote, c *vote.Candidate, creating bool) error {
			var name, status string
			if err := tx.queryRow("SELECT j.name, s.status FROM supervision_subjects j JOIN supervision_items s ON s.id = j.item_id WHERE j.id = ?", c.ID).Scan(&name, &status); err != nil {
				return &renda.Error{Code: renda.EINVALID, Message: "评议对象不存在", Fields: []renda.FieldError{{Field: "candidates", Message: "评议对象不存在"}}}
			}
			if status != supervision.Rating {
				msg := "“" + name + "”所在的评议不在测评阶段"
				return &renda.Error{Code: renda.EINVALID, Message: msg, Fields: []renda.FieldError{{Field: "candidates", Message: msg}}}
			}
			c.Title = name
			return nil
		},
		apply: applySubjectResult,
	})
}

func applySubjectResult(tx *Tx, v *vote.Vote, res *vote.Result) error {
	if wait, err := tx.paperPending(v); err != nil || wait {
		return err
	}
	itemID, all, passed := "", 0, 0
	for _, t := range res.Items {
		if t.Grade == "" {
			return nil
		}
		ok := t.Grade != supervision.Dissatisfied
		if _, err := tx.exec("UPDATE supervision_subjects SET grade = ?, passed = ? WHERE id = ?", t.Grade, ok, t.ID); err != nil {
			return err
		}
		if err := tx.queryRow("SELECT item_id FROM supervision_subjects WHERE id = ?", t.ID).Scan(&itemID); err != nil {
			return err
		}
		all++
		if ok {
			passed++
		}
	}
	if itemID == "" {
		return nil
	}
	it, err := scanSupItem(tx.queryRow("SELECT "+supItemColumns+supItemFrom+" WHERE s.id = ?", itemID))
	if err != nil || it.Status != supervision.Rating {
		return err
	}
	env, err := tx.env()
	if err != nil {
		return err
	}
	env.Rel = renda.Rel{"system"}
	verdict := supervision.Satisfied
	if passed < all {
		verdict = supervision.Dissatisfied
	}
	in := renda.NewInput().Set("verdict", verdict).Set("note", fmt.Sprintf("%d 人中 %d 人通过（%s）", all, passed, v.Rule.Label()))
	_, _, err = supFlow.apply(tx, env, it, "rate", in, nil)
	return err
}

// paperPending reports whether a vote has paper voters whose totals are
// not yet confirmed: a rating waits for them (the confirmation recomputes
// the result and rates the item then), so paper ballots and their invalid
// marks count in the verdict.
func (tx *Tx) paperPending(v *vote.Vote) (bool, error) {
	t, err := tx.turnout(v.ID)
	if err != nil || t.Paper == 0 {
		return false, err
	}
	p, err := tx.paper(v.ID)
	return !p.Confirmed(), err
}

func applySupervisionResult(tx *Tx, v *vote.Vote, res *vote.Result) error {
	if v.Kind != supervision.VoteEvaluation {
		return nil
	}
	if wait, err := tx.paperPending(v); err != nil || wait {
		return err
	}
	env, err := tx.env()
	if err != nil {
		return err
	}
	env.Rel = renda.Rel{"system"}
	for _, t := range res.Items {
		if t.Grade == "" {
			continue
		}
		it, err := tx.supItemFor(nil, t.ID, false)
		if renda.ErrorCode(err) == renda.ENOTFOUND {
			it, err = scanSupItem(tx.queryRow("SELECT "+supItemColumns+supItemFrom+" WHERE s.id = ?", t.ID))
		}
		if err != nil {
			return err
		}
		if it.Status != supervision.Rating {
			continue
		}
		e := *env
		in := renda.NewInput().Set("verdict", t.Grade).Set("note", fmt.Sprintf("满意 %d，基本满意 %d，不满意 %d；%s %d 票", t.Counts[vote.ChoiceSatisfied],
			t.Counts[vote.ChoiceBasic], t.Counts[vote.ChoiceDissatisfied], v.Rule.Label(), res.Needed))
		if _, _, err := supFlow.apply(tx, &e, it, "rate", in, nil); err != nil {
			return err
		}
	}
	return nil
}

// --- rectifications ---

const rectColumns = `r.id, r.item_id, COALESCE(r.org_id, ''), r.text, r.measure, r.owner, r.due, r.evidence, r.status, r.created_at, r.updated_at, s.title`

const rectFrom = ` FROM supervision_rectifications r JOIN supervision_items s ON s.id = r.item_id`

func scanRect(row interface{ Scan(...any) error }) (*supervision.Rectification, error) {
	r := &supervision.Rectification{}
	err := row.Scan(&r.ID, &r.ItemID, &r.OrgID, &r.Text, &r.Measure, &r.Owner, dayScan{&r.Due}, &r.Evidence, &r.Status, tsScan{&r.CreatedAt}, tsScan{&r.UpdatedAt}, &r.ItemTitle)
	return r, err
}

func (tx *Tx) rects(cond string, args ...any) ([]*supervision.Rectification, error) {
	rows, err := tx.query("SELECT "+rectColumns+rectFrom+" WHERE "+cond+" ORDER BY r.due, r.id", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*supervision.Rectification{}
	for rows.Next() {
		r, err := scanRect(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Rectifications lists an item's rectification list, as viewer may see it
// (whoever may see the item).
func (db *DB) Rectifications(ctx context.Context, viewer *renda.User, itemID string) ([]*supervision.Rectification, error) {
	var out []*supervision.Rectification
	err := db.read(ctx, func(tx *Tx) error {
		if _, err := tx.supItemFor(viewer, itemID, false); err != nil {
			return err
		}
		var err error
		out, err = tx.rects("r.item_id = ?", itemID)
		return err
	})
	return out, err
}

var rectFlow = &flow[supervision.Rectification]{
	m:  supervision.RectFlow,
	id: func(r *supervision.Rectification) string { return r.ID },
	rel: func(tx *Tx, r *supervision.Rectification) (renda.Rel, error) {
		return supervision.Relations(tx.actor, r.OrgID), nil
	},
	facts: func(tx *Tx, r *supervision.Rectification, action string, in *renda.Input) (any, error) {
		it, err := scanSupItem(tx.queryRow("SELECT "+supItemColumns+supItemFrom+" WHERE s.id = ?", r.ItemID))
		return &supervision.RectFacts{Item: it}, notFound(err, "监督事项不存在")
	},
	save: func(tx *Tx, before, r *supervision.Rectification, out *renda.Outcome, files []*attach.File) error {
		r.UpdatedAt = tx.now
		var err error
		if out.From == "" {
			_, err = tx.exec(`INSERT INTO supervision_rectifications (id, item_id, org_id, text, measure, owner, due, evidence, status, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, r.ID, r.ItemID, nz(r.OrgID), r.Text, r.Measure, r.Owner, day(r.Due), r.Evidence, r.Status, ts(r.CreatedAt), ts(r.UpdatedAt))
		} else {
			_, err = tx.exec("UPDATE supervision_rectifications SET measure = ?, evidence = ?, status = ?, updated_at = ? WHERE id = ?",
				r.Measure, r.Evidence, r.Status, ts(r.UpdatedAt), r.ID)
		}
		if err == nil {
			// Shown in the item's history.
			out.Also = append(out.Also, renda.Change{Action: "rectification_" + out.Action, Entity: supervision.Entity, EntityID: r.ItemID, Note: r.Text})
		}
		return err
	},
}

// AddRectification puts a line on an item's rectification list (staff).
func (db *DB) AddRectification(ctx context.Context, actor *renda.User, itemID string, in renda.Values) (*supervision.Rectification, error) {
	var r *supervision.Rectification
	err := db.write(ctx, actor, func(tx *Tx) error {
		var err error
		r, err = tx.AddRectification(itemID, in)
		return err
	})
	return r, err
}

// AddRectification puts a line on the list in this transaction.
func (tx *Tx) AddRectification(itemID string, in renda.Values) (*supervision.Rectification, error) {
	it, err := tx.supItemFor(tx.actor, itemID, true)
	if err != nil {
		return nil, err
	}
	r, _, err := rectFlow.runAs(tx, supervision.Relations(tx.actor, ""), &supervision.Rectification{ID: renda.NewID(), ItemID: it.ID, OrgID: it.OrgID}, "create", in, nil)
	return r, err
}

// rectFor loads a rectification viewer may act on: the staff side any, a
// unit's clerk only its own body's.
func (tx *Tx) rectFor(viewer *renda.User, id string) (*supervision.Rectification, error) {
	if !renda.ValidID(id) {
		return nil, renda.Errorf(renda.ENOTFOUND, "整改事项不存在")
	}
	if tx.db.dialect == Postgres {
		if _, err := tx.exec("SELECT 1 FROM supervision_rectifications WHERE id = ? FOR UPDATE", id); err != nil {
			return nil, err
		}
	}
	r, err := scanRect(tx.queryRow("SELECT "+rectColumns+rectFrom+" WHERE r.id = ?", id))
	if err != nil {
		return nil, notFound(err, "整改事项不存在")
	}
	if _, err := tx.supItemFor(viewer, r.ItemID, false); err != nil {
		return nil, renda.Errorf(renda.ENOTFOUND, "整改事项不存在")
	}
	return r, nil
}

// ActOnRectification applies an action on a rectification for actor.
func (db *DB) ActOnRectification(ctx context.Context, actor *renda.User, id, action string, in renda.Values) (*supervision.Rectification, error) {
	var r *supervision.Rectification
	err := db.write(ctx, actor, func(tx *Tx) error {
		var err error
		r, err = tx.ActOnRectification(id, action, in)
		return err
	})
	return r, err
}

// ActOnRectification applies an action in this transaction, as its actor.
func (tx *Tx) ActOnRectification(id, action string, in renda.Values) (*supervision.Rectification, error) {
	if r, ok := supervision.RectFlow.Rule(action); !ok || !r.Offered() {
		return nil, renda.Errorf(renda.ENOTFOUND, "没有“%s”这个操作", trunc(action, 20))
	}
	r, err := tx.rectFor(tx.actor, id)
	if err != nil {
		return nil, err
	}
	next, _, err := rectFlow.run(tx, r, action, in, nil)
	return next, err
}

// RectificationActions lists, per rectification, the actions viewer may take now.
func (db *DB) RectificationActions(ctx context.Context, viewer *renda.User, rs []*supervision.Rectification) (map[string][]renda.Rule, error) {
	out := map[string][]renda.Rule{}
	err := db.read(ctx, func(tx *Tx) error {
		tx.actor = viewer
		for _, r := range rs {
			rules, err := rectFlow.actions(tx, r)
			if err != nil {
				return err
			}
			out[r.ID] = rules
		}
		return nil
	})
	return out, err
}

// RemindOverdueRectifications tells the body (its unit accounts) and the
// staff, once per rectification and deadline, that a rectification is
// still open after its due day (the sweep).
func (db *DB) RemindOverdueRectifications(ctx context.Context) error {
	return db.Sweep(ctx, func(tx *Tx) error {
		due, err := tx.rects("r.status = ? AND r.due < ?", supervision.RectOpen, tx.Today().String())
		if err != nil {
			return err
		}
		_, cal, err := tx.config()
		if err != nil {
			return err
		}
		for _, r := range due {
			if !r.Overdue(tx.Today(), cal) {
				continue
			}
			first, err := tx.Once("supervision-overdue:" + r.ID + ":" + r.Due.String())
			if err != nil {
				return err
			}
			if !first {
				continue
			}
			title := "整改逾期：" + trunc(r.Text, 40)
			body := fmt.Sprintf("“%s”的整改事项已过期限（%s），请尽快整改并报告。", r.ItemTitle, r.Due.Chinese())
			if r.OrgID != "" {
				if err := tx.NotifyOrg(r.OrgID, title, body, "/supervision/"+r.ItemID); err != nil {
					return err
				}
			}
			if err := tx.NotifyRoles([]renda.Role{renda.RoleStaff}, title, body, "/supervision/"+r.ItemID); err != nil {
				return err
			}
			tx.Record(renda.Change{Action: "remind", Entity: supervision.Entity, EntityID: r.ItemID, Note: title})
		}
		return nil
	})
}

// RemindSupervisionDeadlines reminds, once per item, deadline and day, the
// party that must act (the body's unit accounts, or the staff) that a
// deadline of the report and opinions loop is near (supervision.remind_days
// working days before it) and not yet met (the sweep).
func (db *DB) RemindSupervisionDeadlines(ctx context.Context) error {
	return db.Sweep(ctx, func(tx *Tx) error {
		rows, err := tx.query("SELECT " + supItemColumns + supItemFrom + ` WHERE s.status <> 'draft' AND
			((s.meeting_on IS NOT NULL AND (s.report_on IS NULL OR s.members_on IS NULL)) OR (s.opinions_on IS NOT NULL AND s.response_on IS NULL) OR
			(s.resolution_on IS NOT NULL AND s.resolution_done_on IS NULL) OR (s.status = 'awaiting_answer' AND s.answer_due IS NOT NULL))`)
		if err != nil {
			return err
		}
		var items []*supervision.Item
		for rows.Next() {
			it, err := scanSupItem(rows)
			if err != nil {
				rows.Close()
				return err
			}
			items = append(items, it)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		set, cal, err := tx.config()
		if err != nil {
			return err
		}
		today := tx.Today()
		for _, it := range items {
			for _, d := range it.Deadlines(set, cal) {
				if !d.Done.IsZero() || today.Before(supervision.RemindOn(set, cal, d.Due)) {
					continue
				}
				first, err := tx.Once("supervision-deadline:" + it.ID + ":" + d.Key + ":" + d.Due.String())
				if err != nil {
					return err
				}
				if !first {
					continue
				}
				title := "监督期限提醒：" + d.Label
				body := fmt.Sprintf("“%s”：%s的期限为 %s。", it.Title, d.Label, d.Due.Chinese())
				if d.Body && it.OrgID != "" {
					err = tx.NotifyOrg(it.OrgID, title, body, "/supervision/"+it.ID)
				} else {
					err = tx.NotifyRoles([]renda.Role{renda.RoleStaff}, title, body, "/supervision/"+it.ID)
				}
				if err != nil {
					return err
				}
				tx.Record(renda.Change{Action: "remind", Entity: supervision.Entity, EntityID: it.ID, Note: title})
			}
		}
		return nil
	})
}

// --- draws (两官评议) ---

// Draw is a recorded random draw.
type Draw struct {
	ID    string   `json:"id"`
	Seed  string   `json:"seed"`
	Count int      `json:"count"`
	Pool  []string `json:"pool"`
	Drawn []string `json:"drawn"`
}

// SaveDraw draws count names from pool with seed (supervision.Draw) and
// keeps the draw with its audit record, so it can be published and re-drawn.
func (db *DB) SaveDraw(ctx context.Context, actor *renda.User, pool []string, count int, seed string) (*Draw, error) {
	if !actor.Is(renda.RoleAdmin, renda.RoleStaff) {
		return nil, renda.Errorf(renda.EFORBIDDEN, "只有工作人员可以抽取")
	}
	var p renda.Problems
	if len(pool) == 0 || len(pool) > 2000 {
		p.Add("pool", "名单应有 1 到 2000 人")
	}
	for _, n := range pool {
		if n == "" || len([]rune(n)) > 60 {
			p.Add("pool", "名单中的姓名不能为空，也不能超过 60 字")
			break
		}
	}
	if count < 1 || count > len(pool) {
		p.Add("count", "抽取人数应在 1 到名单人数之间")
	}
	if seed == "" || len([]rune(seed)) > 200 {
		p.Add("seed", "请填写随机种子（不超过 200 字）")
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	var d *Draw
	err := db.write(ctx, actor, func(tx *Tx) error {
		var err error
		d, err = tx.saveDraw(pool, count, seed)
		return err
	})
	return d, err
}

// saveDraw draws and keeps the draw with its audit record.
func (tx *Tx) saveDraw(pool []string, count int, seed string) (*Draw, error) {
	d := &Draw{ID: renda.NewID(), Seed: seed, Count: count, Pool: pool, Drawn: supervision.Draw(pool, count, seed)}
	pj, _ := json.Marshal(d.Pool)
	dj, _ := json.Marshal(d.Drawn)
	by := ""
	if tx.actor != nil {
		by = tx.actor.ID
	}
	if _, err := tx.exec("INSERT INTO supervision_draws (id, seed, count, pool, drawn, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
		d.ID, d.Seed, d.Count, string(pj), string(dj), nz(by), ts(tx.now)); err != nil {
		return nil, err
	}
	tx.Record(renda.Change{Action: "draw", Entity: "supervision_draw", EntityID: d.ID, After: d})
	return d, nil
}

// VoteByID returns a vote with its candidates in this transaction (for the
// demo loader).
func (tx *Tx) VoteByID(id string) (*vote.Vote, error) { return tx.vote(id) }

// Participants lists who takes part in an item and who is recused, as
// viewer may see the item.
func (db *DB) Participants(ctx context.Context, viewer *renda.User, itemID string) ([]*supervision.Participant, error) {
	out := []*supervision.Participant{}
	err := db.read(ctx, func(tx *Tx) error {
		if _, err := tx.supItemFor(viewer, itemID, false); err != nil {
			return err
		}
		rows, err := tx.query(`SELECT p.item_id, p.deputy_id, d.name, p.recused, p.reason FROM supervision_participants p JOIN deputies d ON d.id = p.deputy_id
			WHERE p.item_id = ? ORDER BY p.recused, p.added_at, d.name`, itemID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			p := &supervision.Participant{}
			if err := rows.Scan(&p.ItemID, &p.DeputyID, &p.Name, &p.Recused, &p.Reason); err != nil {
				return err
			}
			out = append(out, p)
		}
		return rows.Err()
	})
	return out, err
}

// Topic is one row of the topic suggestions for next year's plan: a
// category or township, how many citizens' opinions and 12345 orders of
// the year raise it, and one example.
type Topic struct {
	Key     string // the category ("-" for none) or the township's id ("-" for none)
	Name    string
	Count   int
	Hotline int // of Count, 12345 orders
	Example string
}

// SupervisionTopics groups the year's opinions and 12345 orders (as viewer
// may see them: the staff side sees all) by category and by township, the
// most raised first, for the 主任会议 choosing next year's items (监督法
// art. 12). Each count is the count of the opinions list filtered the same
// way (category or township, and the year's dates).
func (db *DB) SupervisionTopics(ctx context.Context, viewer *renda.User, year int) (byCategory, byTownship []Topic, err error) {
	from, to := renda.NewDate(year, 1, 1), renda.NewDate(year, 12, 31)
	cond, args := db.opinionWhere(viewer, opinion.Filter{From: from, To: to})
	group := func(tx *Tx, col, nameSQL string) ([]Topic, error) {
		rows, err := tx.query(`SELECT COALESCE(`+col+`, ''), `+nameSQL+`, COUNT(*), SUM(CASE WHEN o.channel = 'hotline' THEN 1 ELSE 0 END), MAX(o.id)
			FROM opinions o LEFT JOIN regions rg ON rg.id = o.township_id`+cond+` GROUP BY COALESCE(`+col+`, ''), `+nameSQL+` ORDER BY COUNT(*) DESC, 2 LIMIT 30`, args...)
		if err != nil {
			return nil, err
		}
		var out []Topic
		var last []string
		for rows.Next() {
			var t Topic
			var id string
			if err := rows.Scan(&t.Key, &t.Name, &t.Count, &t.Hotline, &id); err != nil {
				rows.Close()
				return nil, err
			}
			if t.Key == "" {
				t.Key = "-"
			}
			out = append(out, t)
			last = append(last, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		for i, id := range last {
			if err := tx.queryRow("SELECT content FROM opinions WHERE id = ?", id).Scan(&out[i].Example); err != nil {
				return nil, err
			}
			out[i].Example = trunc(out[i].Example, 60)
		}
		return out, nil
	}
	err = db.read(ctx, func(tx *Tx) error {
		var err error
		if byCategory, err = group(tx, "o.category", "COALESCE(o.category, '')"); err != nil {
			return err
		}
		byTownship, err = group(tx, "o.township_id", "COALESCE(rg.name, '')")
		return err
	})
	return byCategory, byTownship, err
}

// Questions lists a 专题询问's questions and answers, as viewer may see the item.
func (db *DB) Questions(ctx context.Context, viewer *renda.User, itemID string) ([]*supervision.Question, error) {
	out := []*supervision.Question{}
	err := db.read(ctx, func(tx *Tx) error {
		if _, err := tx.supItemFor(viewer, itemID, false); err != nil {
			return err
		}
		rows, err := tx.query("SELECT id, item_id, asker, question, official, answer FROM supervision_questions WHERE item_id = ? ORDER BY asked_at, id", itemID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			q := &supervision.Question{}
			if err := rows.Scan(&q.ID, &q.ItemID, &q.Asker, &q.Question, &q.Official, &q.Answer); err != nil {
				return err
			}
			out = append(out, q)
		}
		return rows.Err()
	})
	return out, err
}
