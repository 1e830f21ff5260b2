package store

import (
	"context"
	"database/sql"
	"errors"
	"reflect"

	"renda"
	"renda/internal/attach"
	"renda/suggestion"
)

const sugColumns = `s.id, s.kind, s.number, s.seq, s.title, s.grounds, s.body, s.category, s.status,
	s.proposer_id, p.name, s.delegation_id, COALESCE(g.name, ''), s.by_delegation, s.congress_id, c.level,
	s.session_id, COALESCE(t.number, 0), COALESCE(se.number, 0), se.end_date, s.during_session,
	s.lead_unit_id, COALESCE(lu.name, ''), s.handling_mode, s.assigned_on, s.first_due_on, s.due_on, s.round, s.round_started_on,
	s.reply_category, s.replied_on, s.first_replied_on, s.replied_on_time, s.rating, s.rated_on, s.rated_round, s.rehandled,
	s.priority, s.leader_id, COALESCE(ld.display_name, ''), s.inspection_required, s.inspection_passed,
	s.publish_consent, s.published_at, s.public_text, s.procuratorate_id, COALESCE(po.name, ''), s.procuratorate_on,
	s.merged_into, s.converted_from, s.source_entity, s.source_id, s.reject_reason,
	s.created_at, s.submitted_at, s.registered_at, s.closed_at, s.updated_at`

const sugFrom = ` FROM suggestions s
	JOIN deputies p ON p.id = s.proposer_id
	JOIN congresses c ON c.id = s.congress_id
	LEFT JOIN delegations g ON g.id = s.delegation_id
	LEFT JOIN sessions se ON se.id = s.session_id
	LEFT JOIN terms t ON t.id = se.term_id
	LEFT JOIN organizations lu ON lu.id = s.lead_unit_id
	LEFT JOIN users ld ON ld.id = s.leader_id
	LEFT JOIN organizations po ON po.id = s.procuratorate_id`

func scanSuggestion(row interface{ Scan(...any) error }) (*suggestion.Suggestion, error) {
	var s suggestion.Suggestion
	var level string
	var termN, sessN int
	err := row.Scan(&s.ID, &s.Kind, &s.Number, &s.Seq, &s.Title, &s.Grounds, &s.Body, &s.Category, &s.Status,
		&s.ProposerID, &s.ProposerName, strScan{&s.DelegationID}, &s.DelegationName, boolScan{&s.ByDelegation}, &s.CongressID, &level,
		strScan{&s.SessionID}, intScan{&termN}, intScan{&sessN}, dayScan{&s.SessionEnd}, boolScan{&s.DuringSession},
		strScan{&s.LeadUnitID}, &s.LeadUnitName, &s.HandlingMode, dayScan{&s.AssignedOn}, dayScan{&s.FirstDue}, dayScan{&s.Due}, &s.Round, dayScan{&s.RoundStarted},
		&s.ReplyCategory, dayScan{&s.RepliedOn}, dayScan{&s.FirstReplied}, boolScan{&s.OnTime}, &s.Rating, dayScan{&s.RatedOn}, &s.RatedRound, &s.Rehandled,
		boolScan{&s.Priority}, strScan{&s.LeaderID}, &s.LeaderName, boolScan{&s.InspectionRequired}, boolScan{&s.InspectionPassed},
		boolScan{&s.PublishConsent}, tsScan{&s.PublishedAt}, &s.PublicText, strScan{&s.ProcuratorateID}, &s.ProcuratorateName, dayScan{&s.ProcuratorateOn},
		strScan{&s.MergedInto}, strScan{&s.ConvertedFrom}, &s.SourceEntity, &s.SourceID, &s.RejectReason,
		tsScan{&s.CreatedAt}, tsScan{&s.SubmittedAt}, tsScan{&s.RegisteredAt}, tsScan{&s.ClosedAt}, tsScan{&s.UpdatedAt})
	if err != nil {
		return nil, err
	}
	s.CongressLevel = renda.Level(level)
	if sessN > 0 {
		s.SessionName = renda.Session{TermNumber: termN, Number: sessN}.ShortName()
	}
	return &s, nil
}

// sugConfig returns the settings and calendar, read once per transaction.
func (tx *Tx) sugConfig() (*renda.Settings, *renda.Calendar, error) { return tx.config() }

// suggestion loads one item with its signers and units (not its records).
func (tx *Tx) suggestion(id string) (*suggestion.Suggestion, error) {
	if !renda.ValidID(id) {
		return nil, renda.Errorf(renda.ENOTFOUND, "议案建议不存在")
	}
	s, err := scanSuggestion(tx.queryRow("SELECT "+sugColumns+sugFrom+" WHERE s.id = ?", id))
	if err != nil {
		return nil, notFound(err, "议案建议不存在")
	}
	if err := tx.loadSuggestionChildren(s); err != nil {
		return nil, err
	}
	return s, nil
}

// A suggestion's files (its grounds, reply letters, records' documents) are
// seen by whoever may see the suggestion.
func init() {
	registerAttachmentOwner("suggestion", func(tx *Tx, viewer *renda.User, id string) (bool, error) {
		s, err := tx.suggestion(id)
		if err != nil {
			return seen(err)
		}
		return s.CanSee(viewer), nil
	})
}

func (tx *Tx) loadSuggestionChildren(s *suggestion.Suggestion) error {
	rows, err := tx.query(`SELECT ss.deputy_id, d.name, ss.lead, ss.status, ss.invited_at, ss.answered_at
		FROM suggestion_signers ss JOIN deputies d ON d.id = ss.deputy_id WHERE ss.suggestion_id = ? ORDER BY ss.lead DESC, ss.invited_at, d.name`, s.ID)
	if err != nil {
		return err
	}
	s.Signers = nil
	for rows.Next() {
		var g suggestion.Signer
		if err := rows.Scan(&g.DeputyID, &g.Name, boolScan{&g.Lead}, &g.Status, tsScan{&g.InvitedAt}, tsScan{&g.AnsweredAt}); err != nil {
			rows.Close()
			return err
		}
		s.Signers = append(s.Signers, g)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = tx.query(`SELECT su.org_id, o.name, su.role, su.assigned_on, su.opinion, su.opinion_at, su.replied_round
		FROM suggestion_units su JOIN organizations o ON o.id = su.org_id WHERE su.suggestion_id = ?
		ORDER BY CASE su.role WHEN 'lead' THEN 0 WHEN 'split' THEN 1 WHEN 'joint' THEN 2 ELSE 3 END, o.sort, o.code`, s.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	s.Units = nil
	for rows.Next() {
		var u suggestion.Unit
		if err := rows.Scan(&u.OrgID, &u.Name, &u.Role, dayScan{&u.AssignedOn}, &u.Opinion, tsScan{&u.OpinionAt}, &u.RepliedRound); err != nil {
			return err
		}
		s.Units = append(s.Units, u)
	}
	return rows.Err()
}

func (tx *Tx) suggestionRecords(id string) ([]suggestion.Record, error) {
	rows, err := tx.query(`SELECT r.id, r.suggestion_id, r.kind, r.round, r.org_id, COALESCE(o.name, ''), r.user_id, r.user_name, r.on_day,
		r.method, r.category, r.rating, r.body, r.status, r.until_day, r.attachment_id, r.created_at
		FROM suggestion_records r LEFT JOIN organizations o ON o.id = r.org_id WHERE r.suggestion_id = ? ORDER BY r.created_at, r.id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []suggestion.Record
	for rows.Next() {
		var r suggestion.Record
		if err := rows.Scan(&r.ID, &r.SuggestionID, &r.Kind, &r.Round, strScan{&r.OrgID}, &r.OrgName, &r.UserID, &r.UserName, dayScan{&r.On},
			&r.Method, &r.Category, &r.Rating, &r.Text, &r.Status, dayScan{&r.Until}, &r.AttachmentID, tsScan{&r.CreatedAt}); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Suggestion returns one item with its signers, units and records, if
// viewer may see it; otherwise ENOTFOUND (an item a unit may not see does
// not exist for it).
func (db *DB) Suggestion(ctx context.Context, viewer *renda.User, id string) (*suggestion.Suggestion, error) {
	var s *suggestion.Suggestion
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		if s, err = tx.suggestion(id); err != nil {
			return err
		}
		if !s.CanSee(viewer) {
			return renda.Errorf(renda.ENOTFOUND, "议案建议不存在")
		}
		if s.Records, err = tx.suggestionRecords(id); err != nil {
			return err
		}
		return tx.queryRow("SELECT COALESCE(MAX(id), '') FROM suggestions WHERE converted_from = ?", id).Scan(&s.ConvertedTo)
	})
	return s, err
}

// SuggestionDraft is what a new draft holds. Other workflows use it to turn
// their input into a draft suggestion (a citizen's opinion a deputy takes
// up): SourceEntity and SourceID keep the lineage, and the suggestion page
// shows and links the source.
type SuggestionDraft struct {
	ID               string         // the new item's id ("" for a new one)
	ProposerDeputyID string         // the lead deputy
	Kind             string         // "suggestion" (default) or "motion"
	Title            string         // 案由
	Grounds          string         // 案据 (required for a motion)
	Body             string         // 方案 / 内容
	Category         string         // one of the suggestions.categories setting, or ""
	SourceEntity     string         // e.g. "opinion"
	SourceID         string         // the id of the source object
	CoSignerIDs      []string       // deputies invited to co-sign (联名/附议); they confirm in renda
	ByDelegation     bool           // a delegation's motion (代表团议案)
	Files            []*attach.File // attachments (checked by attach.Check), kept with the draft
}

func (d SuggestionDraft) text() *suggestion.DraftText {
	return &suggestion.DraftText{Kind: d.Kind, Title: d.Title, Grounds: d.Grounds, Body: d.Body, Category: d.Category,
		ByDelegation: d.ByDelegation, SourceEntity: d.SourceEntity, SourceID: d.SourceID, CosignerIDs: d.CoSignerIDs}
}

// suggestionFlow runs suggestion.Flow: the item is loaded with its signers,
// units and records; the store adds the facts an action needs (the
// session, the next number, the merge target, the procuratorate).
var suggestionFlow = &flow[suggestion.Suggestion]{
	m:     suggestion.Flow,
	id:    func(s *suggestion.Suggestion) string { return s.ID },
	rel:   func(tx *Tx, s *suggestion.Suggestion) (renda.Rel, error) { return s.Relations(tx.actor), nil },
	facts: (*Tx).suggestionFacts,
	save:  (*Tx).saveSuggestion,
	audit: func(s *suggestion.Suggestion) any { return s.AuditView() },
	doc:   suggestion.Doc,
}

// suggestionFacts loads what an action needs besides the item.
func (tx *Tx) suggestionFacts(s *suggestion.Suggestion, action string, in *renda.Input) (any, error) {
	f := &suggestion.Facts{}
	var err error
	switch action {
	case "submit":
		f.Session, err = tx.sessionFor(s.CongressID, tx.Today())
	case "register", "convert":
		err = tx.queryRow(`INSERT INTO suggestion_counters (series, n) VALUES (?, 1)
			ON CONFLICT (series) DO UPDATE SET n = suggestion_counters.n + 1 RETURNING n`, suggestion.Series(s, action)).Scan(&f.Seq)
	case "merge":
		if id := in.Text("target_id"); id != s.ID {
			if f.Target, err = tx.suggestion(id); renda.ErrorCode(err) == renda.ENOTFOUND {
				f.Target, err = nil, nil
			}
		}
	case "copy_procuratorate":
		err = tx.queryRow("SELECT id, name FROM organizations WHERE kind = 'procuratorate' AND active = ? ORDER BY sort, code LIMIT 1", true).
			Scan(&f.ProcuratorateID, &f.ProcuratorateName)
		if errNoRows(err) {
			err = nil
		}
	}
	return f, err
}

// A merge names its target by id: any item in the workflow (the machine
// checks its state and kind).
func init() {
	resolvers["suggestion"] = func(tx *Tx, filter, id string) (renda.Ref, bool, error) {
		var r renda.Ref
		err := tx.queryRow("SELECT id, title FROM suggestions WHERE id = ?", id).Scan(&r.ID, &r.Name)
		if errNoRows(err) {
			return r, false, nil
		}
		return r, err == nil, err
	}
	indexers["suggestion"] = func(tx *Tx, emit func(*renda.Doc) error) error {
		return eachBatch(tx, "SELECT "+sugColumns+sugFrom+" WHERE s.id > ? ORDER BY s.id LIMIT 500",
			func(rows *sql.Rows) (*suggestion.Suggestion, string, error) {
				s, err := scanSuggestion(rows)
				if err != nil {
					return nil, "", err
				}
				return s, s.ID, nil
			},
			func(s *suggestion.Suggestion) error {
				if err := tx.loadSuggestionChildren(s); err != nil {
					return err
				}
				return emit(suggestion.Doc(s))
			})
	}
}

// cosigners looks up the deputies a draft invites (those that exist).
func (tx *Tx) cosigners(ids []string) ([]suggestion.Deputy, error) {
	var out []suggestion.Deputy
	for _, id := range ids {
		if !renda.ValidID(id) {
			continue
		}
		var d suggestion.Deputy
		var status string
		err := tx.queryRow("SELECT id, name, congress_id, status FROM deputies WHERE id = ?", id).Scan(&d.ID, &d.Name, &d.CongressID, &status)
		if errNoRows(err) {
			continue
		}
		if err != nil {
			return nil, err
		}
		d.Active = status == string(renda.DeputyActive)
		out = append(out, d)
	}
	return out, nil
}

// CreateSuggestionDraft creates a draft motion or suggestion in this
// transaction and returns it: the workflow's "create" action on a new
// item. The actor of the transaction must be the proposing deputy
// themselves, or the standing committee's staff (who may type a paper
// draft in for a deputy). It validates like the page and the API do
// (EINVALID with field errors), records the creation in the audit trail and
// invites the co-signers. Other workflows call it inside their own
// transaction, e.g. to turn a citizen's opinion into a draft with
// SourceEntity "opinion" and SourceID the opinion's id, and may then attach
// the opinion's files as evidence with
// tx.AddAttachment("suggestion", draft.ID, file).
func (tx *Tx) CreateSuggestionDraft(d SuggestionDraft) (*suggestion.Suggestion, error) {
	s := &suggestion.Suggestion{ID: d.ID, ProposerID: d.ProposerDeputyID}
	if s.ID == "" {
		s.ID = renda.NewID()
	}
	env, err := tx.env()
	if err != nil {
		return nil, err
	}
	env.Rel = s.Relations(tx.actor)
	if _, err := suggestion.Flow.Check(s, "create", env); err != nil {
		return nil, renda.Errorf(renda.EFORBIDDEN, "只有代表本人（或代为录入的工作人员）可以起草议案建议")
	}
	p := &suggestion.Deputy{}
	var status string
	err = tx.queryRow("SELECT d.id, d.name, d.congress_id, COALESCE(d.delegation_id, ''), d.status, c.level FROM deputies d JOIN congresses c ON c.id = d.congress_id WHERE d.id = ?",
		d.ProposerDeputyID).Scan(&p.ID, &p.Name, &p.CongressID, &p.DelegationID, &status, (*string)(&p.Level))
	if err != nil {
		return nil, notFound(err, "领衔代表不存在")
	}
	p.Active = status == string(renda.DeputyActive)
	f := &suggestion.Facts{Draft: d.text(), Proposer: p}
	if f.Cosigners, err = tx.cosigners(d.CoSignerIDs); err != nil {
		return nil, err
	}
	env.Facts = f
	next, _, err := suggestionFlow.apply(tx, env, s, "create", nil, d.Files)
	return next, err
}

// CreateSuggestion creates a draft in its own transaction (pages and API).
func (db *DB) CreateSuggestion(ctx context.Context, actor *renda.User, d SuggestionDraft) (*suggestion.Suggestion, error) {
	if actor == nil || !actor.Is(renda.RoleDeputy, renda.RoleStaff, renda.RoleAdmin) {
		return nil, renda.Errorf(renda.EFORBIDDEN, "只有代表可以起草议案建议")
	}
	if actor.Is(renda.RoleDeputy) {
		d.ProposerDeputyID = actor.DeputyID
	}
	var s *suggestion.Suggestion
	err := db.write(ctx, actor, func(tx *Tx) error {
		var err error
		s, err = tx.CreateSuggestionDraft(d)
		return err
	})
	return s, err
}

// UpdateSuggestionDraft changes a draft's text and co-signers (its
// proposer): the workflow's "edit" action.
func (db *DB) UpdateSuggestionDraft(ctx context.Context, actor *renda.User, id string, d SuggestionDraft) (*suggestion.Suggestion, error) {
	var out *suggestion.Suggestion
	err := db.write(ctx, actor, func(tx *Tx) error {
		s, err := tx.suggestionToAct(id)
		if err != nil {
			return err
		}
		env, err := tx.env()
		if err != nil {
			return err
		}
		f := &suggestion.Facts{Draft: d.text()}
		if f.Cosigners, err = tx.cosigners(d.CoSignerIDs); err != nil {
			return err
		}
		env.Facts = f
		out, _, err = suggestionFlow.apply(tx, env, s, "edit", nil, d.Files)
		return err
	})
	return out, err
}

// suggestionToAct loads an item for an action of the transaction's actor,
// with its signers, units and records; ENOTFOUND if they may not see it.
func (tx *Tx) suggestionToAct(id string) (*suggestion.Suggestion, error) {
	s, err := tx.suggestion(id)
	if err != nil {
		return nil, err
	}
	if !s.CanSee(tx.actor) {
		return nil, renda.Errorf(renda.ENOTFOUND, "议案建议不存在")
	}
	if s.Records, err = tx.suggestionRecords(id); err != nil {
		return nil, err
	}
	return s, nil
}

// notifyDeputy writes an in-app message to the accounts of a deputy.
func (tx *Tx) notifyDeputy(deputyID, title, body, link string) error {
	return tx.notifyUsers(title, body, link, "SELECT id FROM users WHERE deputy_id = ? AND disabled = ? ORDER BY id", deputyID, false)
}

// ActOnSuggestion takes a workflow action on an item in its own
// transaction, as actor: the API's POST …/actions/{action} and the pages'
// buttons. in is the action's raw input (decoded by its declared fields);
// files come with it (a signed reply letter, photos of an inspection),
// already checked by attach.Check.
func (db *DB) ActOnSuggestion(ctx context.Context, actor *renda.User, id, action string, in renda.Values, files []*attach.File) (*suggestion.Suggestion, error) {
	var out *suggestion.Suggestion
	err := db.write(ctx, actor, func(tx *Tx) error {
		var err error
		out, err = tx.ActOnSuggestion(id, action, in, files)
		return err
	})
	return out, err
}

// ActOnSuggestion takes an action in this transaction, as the
// transaction's actor: ENOTFOUND if they may not see the item, then the
// machine (table, precondition, input, outcome), persisted and recorded.
// Drafting and editing have their own doors.
func (tx *Tx) ActOnSuggestion(id, action string, in renda.Values, files []*attach.File) (*suggestion.Suggestion, error) {
	s, err := tx.suggestionToAct(id)
	if err != nil {
		return nil, err
	}
	if rule, ok := suggestion.Flow.Rule(action); ok && rule.Hidden {
		return nil, renda.Errorf(renda.ENOTFOUND, "“%s”请使用起草或修改表单", rule.Label)
	}
	next, _, err := suggestionFlow.run(tx, s, action, in, files)
	return next, err
}

// SuggestionActions lists the actions viewer may take on an item now
// (table and preconditions), for its page and the API.
func (db *DB) SuggestionActions(ctx context.Context, viewer *renda.User, s *suggestion.Suggestion) ([]renda.Rule, error) {
	var out []renda.Rule
	err := db.read(ctx, func(tx *Tx) error {
		tx.actor = viewer
		it := *s
		if it.Records == nil {
			var err error
			if it.Records, err = tx.suggestionRecords(s.ID); err != nil {
				return err
			}
		}
		var err error
		out, err = suggestionFlow.actions(tx, &it)
		return err
	})
	return out, err
}

// saveSuggestion writes what an action changed: the item's row, its signers,
// units and records, the action's files, and the items it touched (a merge
// target, the suggestion a motion becomes).
func (tx *Tx) saveSuggestion(before, s *suggestion.Suggestion, out *renda.Outcome, files []*attach.File) error {
	s.UpdatedAt = tx.now
	if out.From == "" {
		if err := tx.insertSuggestion(s); err != nil {
			return err
		}
	} else if err := tx.updateSuggestion(s); err != nil {
		return err
	}
	if out.From == "" || !reflect.DeepEqual(before.Signers, s.Signers) {
		if err := tx.writeSigners(s); err != nil {
			return err
		}
	}
	if !reflect.DeepEqual(before.Units, s.Units) {
		if _, err := tx.exec("DELETE FROM suggestion_units WHERE suggestion_id = ?", s.ID); err != nil {
			return err
		}
		for _, u := range s.Units {
			if _, err := tx.exec("INSERT INTO suggestion_units (suggestion_id, org_id, role, assigned_on, opinion, opinion_at, replied_round) VALUES (?, ?, ?, ?, ?, ?, ?)",
				s.ID, u.OrgID, u.Role, day(u.AssignedOn), u.Opinion, ts(u.OpinionAt), u.RepliedRound); err != nil {
				return err
			}
		}
	}
	var attachmentID string
	for i, f := range files {
		att, err := tx.AddAttachment("suggestion", s.ID, f)
		if err != nil {
			return err
		}
		if i == 0 {
			attachmentID = att.ID
		}
	}
	old := map[string]suggestion.Record{}
	for _, r := range before.Records {
		old[r.ID] = r
	}
	for i := range s.Records {
		r := &s.Records[i]
		prev, ok := old[r.ID]
		switch {
		case !ok:
			if attachmentID != "" {
				r.AttachmentID, attachmentID = attachmentID, ""
			}
			if _, err := tx.exec(`INSERT INTO suggestion_records (id, suggestion_id, kind, round, org_id, user_id, user_name, on_day, method, category, rating, body, status, until_day, attachment_id, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				r.ID, r.SuggestionID, r.Kind, r.Round, nz(r.OrgID), r.UserID, r.UserName, day(r.On), r.Method, r.Category, r.Rating, r.Text, r.Status, day(r.Until), r.AttachmentID, ts(r.CreatedAt)); err != nil {
				return err
			}
		case prev.Status != r.Status || prev.Until != r.Until:
			if _, err := tx.exec("UPDATE suggestion_records SET status = ?, until_day = ? WHERE id = ?", r.Status, day(r.Until), r.ID); err != nil {
				return err
			}
		}
	}
	for _, rec := range out.Records {
		switch rec := rec.(type) {
		case *suggestion.MergeTarget:
			if err := tx.writeSigners(rec.Target); err != nil {
				return err
			}
			if err := tx.index(suggestion.Doc(rec.Target)); err != nil {
				return err
			}
		case *suggestion.Suggestion: // a motion converted to a suggestion
			if err := tx.insertSuggestion(rec); err != nil {
				return err
			}
			if err := tx.writeSigners(rec); err != nil {
				return err
			}
			if err := tx.index(suggestion.Doc(rec)); err != nil {
				return err
			}
		}
	}
	return nil
}

func (tx *Tx) insertSuggestion(s *suggestion.Suggestion) error {
	_, err := tx.exec(`INSERT INTO suggestions (id, kind, number, seq, title, grounds, body, category, status, proposer_id, delegation_id, by_delegation,
		congress_id, session_id, during_session, converted_from, source_entity, source_id, created_at, submitted_at, registered_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		s.ID, s.Kind, s.Number, s.Seq, s.Title, s.Grounds, s.Body, s.Category, s.Status, s.ProposerID, nz(s.DelegationID), s.ByDelegation,
		s.CongressID, nz(s.SessionID), s.DuringSession, nz(s.ConvertedFrom), s.SourceEntity, s.SourceID, ts(s.CreatedAt), ts(s.SubmittedAt), ts(s.RegisteredAt), ts(s.UpdatedAt))
	return err
}

// writeSigners replaces an item's signers with s.Signers.
func (tx *Tx) writeSigners(s *suggestion.Suggestion) error {
	if _, err := tx.exec("DELETE FROM suggestion_signers WHERE suggestion_id = ?", s.ID); err != nil {
		return err
	}
	for _, g := range s.Signers {
		if _, err := tx.exec("INSERT INTO suggestion_signers (suggestion_id, deputy_id, lead, status, invited_at, answered_at) VALUES (?, ?, ?, ?, ?, ?)",
			s.ID, g.DeputyID, g.Lead, g.Status, ts(g.InvitedAt), ts(g.AnsweredAt)); err != nil {
			return err
		}
	}
	return nil
}

// updateSuggestion writes the item's own columns.
func (tx *Tx) updateSuggestion(s *suggestion.Suggestion) error {
	_, err := tx.exec(`UPDATE suggestions SET kind = ?, title = ?, grounds = ?, body = ?, by_delegation = ?, number = ?, seq = ?, category = ?, status = ?, session_id = ?, during_session = ?,
		lead_unit_id = ?, handling_mode = ?, assigned_on = ?, first_due_on = ?, due_on = ?, round = ?, round_started_on = ?,
		reply_category = ?, replied_on = ?, first_replied_on = ?, replied_on_time = ?, rating = ?, rated_on = ?, rated_round = ?, rehandled = ?,
		priority = ?, leader_id = ?, inspection_required = ?, inspection_passed = ?, publish_consent = ?, published_at = ?, public_text = ?,
		procuratorate_id = ?, procuratorate_on = ?, merged_into = ?, reject_reason = ?, submitted_at = ?, registered_at = ?, closed_at = ?, updated_at = ?
		WHERE id = ?`,
		s.Kind, s.Title, s.Grounds, s.Body, s.ByDelegation, s.Number, s.Seq, s.Category, s.Status, nz(s.SessionID), s.DuringSession,
		nz(s.LeadUnitID), s.HandlingMode, day(s.AssignedOn), day(s.FirstDue), day(s.Due), s.Round, day(s.RoundStarted),
		s.ReplyCategory, day(s.RepliedOn), day(s.FirstReplied), s.OnTime, s.Rating, day(s.RatedOn), s.RatedRound, s.Rehandled,
		s.Priority, nz(s.LeaderID), s.InspectionRequired, s.InspectionPassed, s.PublishConsent, ts(s.PublishedAt), s.PublicText,
		nz(s.ProcuratorateID), day(s.ProcuratorateOn), nz(s.MergedInto), s.RejectReason, ts(s.SubmittedAt), ts(s.RegisteredAt), ts(s.ClosedAt), ts(s.UpdatedAt),
		s.ID)
	return err
}

// sessionFor finds the session of the congress that day falls in, or else
// the last one before it (items between sessions count towards it).
func (tx *Tx) sessionFor(congressID string, d renda.Date) (*renda.Session, error) {
	s, err := scanSession(tx.queryRow("SELECT "+sessionColumns+sessionFrom+
		" WHERE t.congress_id = ? AND s.start_date <= ? ORDER BY s.start_date DESC LIMIT 1", congressID, d.String()))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &s, nil
}
