package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"time"

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
func (tx *Tx) sugConfig() (*renda.Settings, *renda.Calendar, error) {
	if tx.memo == nil {
		tx.memo = map[string]any{}
	}
	if set, ok := tx.memo["settings"].(*renda.Settings); ok {
		return set, tx.memo["calendar"].(*renda.Calendar), nil
	}
	set, err := tx.settings()
	if err != nil {
		return nil, nil, err
	}
	cal, err := tx.calendar()
	if err != nil {
		return nil, nil, err
	}
	tx.memo["settings"], tx.memo["calendar"] = set, cal
	return set, cal, nil
}

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

// CreateSuggestionDraft creates a draft motion or suggestion in this
// transaction and returns it. The actor of the transaction must be the
// proposing deputy themselves, or the standing committee's staff (who may
// type a paper draft in for a deputy). It validates like the page and the
// API do (EINVALID with field errors), records the creation in the audit
// trail and invites the co-signers. Other workflows call it inside their
// own transaction, e.g. to turn a citizen's opinion into a draft with
// SourceEntity "opinion" and SourceID the opinion's id, and may then attach
// the opinion's files as evidence with
// tx.AddAttachment("suggestion", draft.ID, file).
func (tx *Tx) CreateSuggestionDraft(d SuggestionDraft) (*suggestion.Suggestion, error) {
	actor := tx.actor
	if actor == nil || !(actor.DeputyID == d.ProposerDeputyID && actor.Is(renda.RoleDeputy) || actor.Is(renda.RoleStaff, renda.RoleAdmin)) {
		return nil, renda.Errorf(renda.EFORBIDDEN, "只有代表本人（或代为录入的工作人员）可以起草议案建议")
	}
	set, _, err := tx.sugConfig()
	if err != nil {
		return nil, err
	}
	if d.Kind == "" {
		d.Kind = suggestion.KindSuggestion
	}
	s := &suggestion.Suggestion{Kind: d.Kind, Title: d.Title, Grounds: d.Grounds, Body: d.Body, Category: d.Category, Status: suggestion.Draft,
		ProposerID: d.ProposerDeputyID, ByDelegation: d.ByDelegation, SourceEntity: d.SourceEntity, SourceID: d.SourceID}
	if err := s.ValidateDraft(set); err != nil {
		return nil, err
	}
	var p renda.Problems
	s.SourceEntity = p.Line("source_entity", "来源", s.SourceEntity, false, 40)
	if s.SourceID != "" && !renda.ValidID(s.SourceID) {
		p.Add("source_id", "来源编号无效")
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	var status string
	err = tx.queryRow("SELECT d.congress_id, COALESCE(d.delegation_id, ''), d.status, c.level, d.name FROM deputies d JOIN congresses c ON c.id = d.congress_id WHERE d.id = ?",
		d.ProposerDeputyID).Scan(&s.CongressID, &s.DelegationID, &status, (*string)(&s.CongressLevel), &s.ProposerName)
	if err != nil {
		return nil, notFound(err, "领衔代表不存在")
	}
	if status != string(renda.DeputyActive) {
		return nil, renda.Errorf(renda.ECONFLICT, "%s目前不在任，不能提出议案建议", s.ProposerName)
	}
	if s.ByDelegation && s.DelegationID == "" {
		return nil, &renda.Error{Code: renda.EINVALID, Message: "领衔代表不属于任何代表团，不能以代表团名义提出", Fields: []renda.FieldError{{Field: "by_delegation", Message: "无代表团"}}}
	}
	s.ID = d.ID
	if s.ID == "" {
		s.ID = renda.NewID()
	}
	s.CreatedAt, s.UpdatedAt = tx.now, tx.now
	if _, err := tx.exec(`INSERT INTO suggestions (id, kind, title, grounds, body, category, status, proposer_id, delegation_id, by_delegation,
		congress_id, source_entity, source_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		s.ID, s.Kind, s.Title, s.Grounds, s.Body, s.Category, s.Status, s.ProposerID, nz(s.DelegationID), s.ByDelegation,
		s.CongressID, s.SourceEntity, s.SourceID, ts(tx.now), ts(tx.now)); err != nil {
		return nil, err
	}
	if _, err := tx.exec("INSERT INTO suggestion_signers (suggestion_id, deputy_id, lead, status, invited_at, answered_at) VALUES (?, ?, ?, 'confirmed', ?, ?)",
		s.ID, s.ProposerID, true, ts(tx.now), ts(tx.now)); err != nil {
		return nil, err
	}
	note := ""
	if s.SourceEntity != "" {
		note = "来源：" + renda.EntityLabel(s.SourceEntity) + " " + s.SourceID
	}
	tx.Record(renda.Change{Action: "create", Entity: "suggestion", EntityID: s.ID, To: suggestion.Draft, After: s, Note: note})
	if err := tx.inviteCosigners(s, d.CoSignerIDs); err != nil {
		return nil, err
	}
	for _, f := range d.Files {
		if _, err := tx.AddAttachment("suggestion", s.ID, f); err != nil {
			return nil, err
		}
	}
	return s, tx.loadSuggestionChildren(s)
}

// inviteCosigners makes the signer list of a draft the lead plus ids:
// new names are invited (pending), names no longer listed are removed
// unless they already confirmed.
func (tx *Tx) inviteCosigners(s *suggestion.Suggestion, ids []string) error {
	want := map[string]bool{}
	for _, id := range ids {
		if id == "" || id == s.ProposerID {
			continue
		}
		if !renda.ValidID(id) {
			return &renda.Error{Code: renda.EINVALID, Message: "所选联名代表不存在", Fields: []renda.FieldError{{Field: "cosigners", Message: "不存在"}}}
		}
		want[id] = true
	}
	if len(want) > 200 {
		return &renda.Error{Code: renda.EINVALID, Message: "联名代表最多 200 人", Fields: []renda.FieldError{{Field: "cosigners", Message: "太多"}}}
	}
	rows, err := tx.query("SELECT deputy_id, status FROM suggestion_signers WHERE suggestion_id = ? AND lead = ?", s.ID, false)
	if err != nil {
		return err
	}
	have := map[string]string{}
	for rows.Next() {
		var id, st string
		if err := rows.Scan(&id, &st); err != nil {
			rows.Close()
			return err
		}
		have[id] = st
	}
	rows.Close()
	for id, st := range have {
		if !want[id] && st != suggestion.SignerConfirmed {
			if _, err := tx.exec("DELETE FROM suggestion_signers WHERE suggestion_id = ? AND deputy_id = ?", s.ID, id); err != nil {
				return err
			}
		}
	}
	var added []string
	for id := range want {
		if _, ok := have[id]; ok {
			continue
		}
		var name, congress, status string
		if err := tx.queryRow("SELECT name, congress_id, status FROM deputies WHERE id = ?", id).Scan(&name, &congress, &status); err != nil {
			return &renda.Error{Code: renda.EINVALID, Message: "所选联名代表不存在", Fields: []renda.FieldError{{Field: "cosigners", Message: "不存在"}}}
		}
		if congress != s.CongressID || status != string(renda.DeputyActive) {
			return &renda.Error{Code: renda.EINVALID, Message: name + "不是本级人大的在任代表，不能联名", Fields: []renda.FieldError{{Field: "cosigners", Message: name + "不能联名"}}}
		}
		if _, err := tx.exec("INSERT INTO suggestion_signers (suggestion_id, deputy_id, lead, status, invited_at) VALUES (?, ?, ?, 'pending', ?)",
			s.ID, id, false, ts(tx.now)); err != nil {
			return err
		}
		added = append(added, name)
		if err := tx.notifyDeputy(id, "请确认联名："+s.Title, s.ProposerName+"代表邀请您联名提出"+suggestion.KindLabel(s.Kind)+"，确认后您的姓名才计入联名代表。", "/suggestions/"+s.ID); err != nil {
			return err
		}
	}
	if len(added) > 0 {
		slices.Sort(added)
		tx.Record(renda.Change{Action: "invite", Entity: "suggestion", EntityID: s.ID, Note: "邀请联名：" + strings.Join(added, "、")})
	}
	return nil
}

// notifyDeputy writes an in-app message to the accounts of a deputy.
func (tx *Tx) notifyDeputy(deputyID, title, body, link string) error {
	return tx.notifyUsers(title, body, link, "SELECT id FROM users WHERE deputy_id = ? AND disabled = ? ORDER BY id", deputyID, false)
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

// UpdateSuggestionDraft changes a draft's text and co-signers (its proposer).
func (db *DB) UpdateSuggestionDraft(ctx context.Context, actor *renda.User, id string, d SuggestionDraft) (*suggestion.Suggestion, error) {
	var out *suggestion.Suggestion
	err := db.write(ctx, actor, func(tx *Tx) error {
		s, err := tx.suggestion(id)
		if err != nil {
			return err
		}
		if !s.CanSee(actor) {
			return renda.Errorf(renda.ENOTFOUND, "议案建议不存在")
		}
		if _, err := suggestion.Workflow.Step(s.Status, "edit", s.Relations(actor)); err != nil {
			return err
		}
		set, _, err := tx.sugConfig()
		if err != nil {
			return err
		}
		before := *s
		if d.Kind == "" {
			d.Kind = s.Kind
		}
		s.Kind, s.Title, s.Grounds, s.Body, s.Category, s.ByDelegation = d.Kind, d.Title, d.Grounds, d.Body, d.Category, d.ByDelegation
		if err := s.ValidateDraft(set); err != nil {
			return err
		}
		if s.ByDelegation && s.DelegationID == "" {
			return &renda.Error{Code: renda.EINVALID, Message: "领衔代表不属于任何代表团，不能以代表团名义提出", Fields: []renda.FieldError{{Field: "by_delegation", Message: "无代表团"}}}
		}
		if _, err := tx.exec("UPDATE suggestions SET kind = ?, title = ?, grounds = ?, body = ?, category = ?, by_delegation = ?, updated_at = ? WHERE id = ?",
			s.Kind, s.Title, s.Grounds, s.Body, s.Category, s.ByDelegation, ts(tx.now), s.ID); err != nil {
			return err
		}
		tx.Record(renda.Change{Action: "edit", Entity: "suggestion", EntityID: s.ID, Before: &before, After: s})
		if err := tx.inviteCosigners(s, d.CoSignerIDs); err != nil {
			return err
		}
		for _, f := range d.Files {
			if _, err := tx.AddAttachment("suggestion", s.ID, f); err != nil {
				return err
			}
		}
		out = s
		return tx.loadSuggestionChildren(s)
	})
	return out, err
}

// ActOnSuggestion applies a workflow action to an item in its own
// transaction, as actor: the API's POST …/actions/{action} and the pages'
// buttons. files are attachments that come with the action (a signed
// reply letter, photos of an inspection), already checked by attach.Check.
func (db *DB) ActOnSuggestion(ctx context.Context, actor *renda.User, id, action string, in suggestion.Input, files []*attach.File) (*suggestion.Suggestion, error) {
	var out *suggestion.Suggestion
	err := db.write(ctx, actor, func(tx *Tx) error {
		var err error
		out, err = tx.ActOnSuggestion(id, action, in, files)
		return err
	})
	return out, err
}

// actionsWithFiles are the actions that may carry attachments.
var actionsWithFiles = []string{"reply", "follow_up", "opinion", "supervise", "inspect", "procuratorate", "contact"}

// ActOnSuggestion applies an action in this transaction, as the
// transaction's actor. It is the one place an item's state changes: it
// checks that the actor may see the item (ENOTFOUND), the transition table
// (EFORBIDDEN, ECONFLICT), the action's own rules (renda.Suggestion.Check),
// writes, notifies, and records the change for the audit trail.
func (tx *Tx) ActOnSuggestion(id, action string, in suggestion.Input, files []*attach.File) (*suggestion.Suggestion, error) {
	actor := tx.actor
	s, err := tx.suggestion(id)
	if err != nil {
		return nil, err
	}
	if !s.CanSee(actor) {
		return nil, renda.Errorf(renda.ENOTFOUND, "议案建议不存在")
	}
	if action == "edit" {
		return nil, renda.Errorf(renda.ENOTFOUND, "修改草稿请使用修改表单")
	}
	to, err := suggestion.Workflow.Step(s.Status, action, s.Relations(actor))
	if err != nil {
		return nil, err
	}
	if len(files) > 0 && !slices.Contains(actionsWithFiles, action) {
		return nil, renda.Errorf(renda.EINVALID, "“%s”不能附带文件", suggestion.Workflow.ActionLabel(action))
	}
	set, cal, err := tx.sugConfig()
	if err != nil {
		return nil, err
	}
	today := tx.Today()
	var session *renda.Session
	if action == "submit" {
		if session, err = tx.sessionFor(s.CongressID, today); err != nil {
			return nil, err
		}
		s.SessionID, s.DuringSession = "", false
		if session != nil {
			s.SessionID, s.SessionName, s.SessionEnd = session.ID, session.ShortName(), session.EndDate
			s.DuringSession = session.InSession(today)
		}
	}
	contacted := false
	if action == "reply" {
		org := ""
		if actor != nil {
			org = actor.OrgID
		}
		if contacted, err = tx.exists("SELECT 1 FROM suggestion_records WHERE suggestion_id = ? AND kind = 'contact' AND round = ? AND org_id = ?", s.ID, s.Round, org); err != nil {
			return nil, err
		}
	}
	if err := s.Check(action, &in, tx.now, set, cal, contacted, session); err != nil {
		return nil, err
	}
	before := *s
	before.Signers, before.Units = nil, nil
	from := s.Status
	note := in.Note
	a := &sugAction{tx: tx, s: s, in: &in, set: set, cal: cal, today: today, files: files}
	if err := a.apply(action, &to, &note); err != nil {
		return nil, err
	}
	s.Status = to
	s.UpdatedAt = tx.now
	if err := tx.saveSuggestion(s); err != nil {
		return nil, err
	}
	after := *s
	after.Signers, after.Units = nil, nil
	tx.Record(renda.Change{Action: action, Entity: "suggestion", EntityID: s.ID, From: from, To: to, Before: &before, After: &after, Note: note})
	// s.Signers and s.Units are as loaded before the action (assign reloads
	// them); callers that show them read the item again.
	return s, nil
}

// saveSuggestion writes the item's own columns.
func (tx *Tx) saveSuggestion(s *suggestion.Suggestion) error {
	_, err := tx.exec(`UPDATE suggestions SET number = ?, seq = ?, category = ?, status = ?, session_id = ?, during_session = ?,
		lead_unit_id = ?, handling_mode = ?, assigned_on = ?, first_due_on = ?, due_on = ?, round = ?, round_started_on = ?,
		reply_category = ?, replied_on = ?, first_replied_on = ?, replied_on_time = ?, rating = ?, rated_on = ?, rated_round = ?, rehandled = ?,
		priority = ?, leader_id = ?, inspection_required = ?, inspection_passed = ?, publish_consent = ?, published_at = ?, public_text = ?,
		procuratorate_id = ?, procuratorate_on = ?, merged_into = ?, reject_reason = ?, submitted_at = ?, registered_at = ?, closed_at = ?, updated_at = ?
		WHERE id = ?`,
		s.Number, s.Seq, s.Category, s.Status, nz(s.SessionID), s.DuringSession,
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

// sugAction applies one action's effects.
type sugAction struct {
	tx    *Tx
	s     *suggestion.Suggestion
	in    *suggestion.Input
	set   *renda.Settings
	cal   *renda.Calendar
	today renda.Date
	files []*attach.File
}

func (a *sugAction) link() string { return "/suggestions/" + a.s.ID }

// record adds a handling record, with the action's files.
func (a *sugAction) record(r suggestion.Record) (*suggestion.Record, error) {
	tx := a.tx
	r.ID, r.SuggestionID, r.CreatedAt = renda.NewID(), a.s.ID, tx.now
	if r.Round == 0 {
		r.Round = a.s.Round
	}
	if tx.actor != nil {
		r.UserID, r.UserName = tx.actor.ID, tx.actor.Name()
		if r.OrgID == "" && tx.actor.Role == renda.RoleUnit {
			r.OrgID = tx.actor.OrgID
		}
	}
	for i, f := range a.files {
		att, err := tx.AddAttachment("suggestion", a.s.ID, f)
		if err != nil {
			return nil, err
		}
		if i == 0 {
			r.AttachmentID = att.ID
		}
	}
	a.files = nil
	_, err := tx.exec(`INSERT INTO suggestion_records (id, suggestion_id, kind, round, org_id, user_id, user_name, on_day, method, category, rating, body, status, until_day, attachment_id, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.ID, r.SuggestionID, r.Kind, r.Round, nz(r.OrgID), r.UserID, r.UserName, day(r.On), r.Method, r.Category, r.Rating, r.Text, r.Status, day(r.Until), r.AttachmentID, ts(r.CreatedAt))
	return &r, err
}

// pending returns the pending request of a kind (return or extension), if any.
func (a *sugAction) pending(kind string) (*suggestion.Record, error) {
	var r suggestion.Record
	err := a.tx.queryRow("SELECT id, org_id, until_day FROM suggestion_records WHERE suggestion_id = ? AND kind = ? AND status = 'pending'",
		a.s.ID, kind).Scan(&r.ID, strScan{&r.OrgID}, dayScan{&r.Until})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return &r, err
}

func (a *sugAction) decide(id, status, note string) error {
	_, err := a.tx.exec("UPDATE suggestion_records SET status = ? WHERE id = ?", status, id)
	return err
}

// notifyUnits tells every unit handling the item.
func (a *sugAction) notifyUnits(title, body string) error {
	for _, u := range a.s.Units {
		if err := a.tx.NotifyOrg(u.OrgID, title, body, a.link()); err != nil {
			return err
		}
	}
	return nil
}

// notifySigners tells the lead deputy and every confirmed co-signer.
func (a *sugAction) notifySigners(title, body string) error {
	for _, g := range a.s.Signers {
		if g.Lead || g.Status == suggestion.SignerConfirmed {
			if err := a.tx.notifyDeputy(g.DeputyID, title, body, a.link()); err != nil {
				return err
			}
		}
	}
	return nil
}

func (a *sugAction) staff(title, body string) error {
	return a.tx.NotifyRoles([]renda.Role{renda.RoleStaff}, title, body, a.link())
}

func (a *sugAction) label() string {
	if a.s.Number != "" {
		return a.s.Number + " " + a.s.Title
	}
	return a.s.Title
}

func (a *sugAction) apply(action string, to, note *string) error {
	tx, s, in := a.tx, a.s, a.in
	actorOrg := ""
	if tx.actor != nil {
		actorOrg = tx.actor.OrgID
	}
	switch action {
	case "cosign", "decline":
		st := suggestion.SignerConfirmed
		if action == "decline" {
			st = suggestion.SignerDeclined
		}
		if _, err := tx.exec("UPDATE suggestion_signers SET status = ?, answered_at = ? WHERE suggestion_id = ? AND deputy_id = ?",
			st, ts(tx.now), s.ID, tx.actor.DeputyID); err != nil {
			return err
		}
		*note = tx.actor.Name()
		return tx.notifyDeputy(s.ProposerID, tx.actor.Name()+suggestion.SignerStatusLabel(st)+"联名", s.Title, a.link())
	case "submit":
		s.SubmittedAt = tx.now
		return a.staff("新的代表"+s.KindLabel()+"待登记", s.ProposerName+"："+s.Title)
	case "withdraw":
		return nil
	case "register":
		if in.Category != "" {
			s.Category = in.Category
		}
		key, prefix := suggestion.SeriesOf(s, s.SubmittedAt)
		var n int
		if err := tx.queryRow(`INSERT INTO suggestion_counters (series, n) VALUES (?, 1)
			ON CONFLICT (series) DO UPDATE SET n = suggestion_counters.n + 1 RETURNING n`, key).Scan(&n); err != nil {
			return err
		}
		s.Seq, s.Number, s.RegisteredAt = n, suggestion.NumberOf(prefix, n), tx.now
		*note = s.Number
		return a.notifySigners("您的"+s.KindLabel()+"已登记："+s.Number, s.Title)
	case "reject":
		s.RejectReason = in.Note
		return a.notifySigners("您的"+s.KindLabel()+"未予立案", s.Title+"。理由："+in.Note)
	case "merge":
		target, err := tx.suggestion(in.TargetID)
		if err != nil {
			return &renda.Error{Code: renda.EINVALID, Message: "并入的议案建议不存在", Fields: []renda.FieldError{{Field: "target_id", Message: "不存在"}}}
		}
		if !slices.Contains([]string{suggestion.Submitted, suggestion.Registered, suggestion.Assigned, suggestion.Rehandling}, target.Status) || target.Kind != s.Kind {
			return renda.Errorf(renda.ECONFLICT, "只能并入同类型、尚未答复的议案建议（%s 目前为“%s”）", target.Title, target.StatusLabel())
		}
		var added []string
		for _, g := range s.Signers {
			if !g.Lead && g.Status != suggestion.SignerConfirmed {
				continue
			}
			if tg, ok := target.Signer(g.DeputyID); ok {
				if tg.Status != suggestion.SignerConfirmed {
					if _, err := tx.exec("UPDATE suggestion_signers SET status = 'confirmed', answered_at = ? WHERE suggestion_id = ? AND deputy_id = ?", ts(tx.now), target.ID, g.DeputyID); err != nil {
						return err
					}
				}
				continue
			}
			if _, err := tx.exec("INSERT INTO suggestion_signers (suggestion_id, deputy_id, lead, status, invited_at, answered_at) VALUES (?, ?, ?, 'confirmed', ?, ?)",
				target.ID, g.DeputyID, false, ts(tx.now), ts(tx.now)); err != nil {
				return err
			}
			added = append(added, g.Name)
		}
		s.MergedInto = target.ID
		*note = "并入：" + target.Title
		if in.Note != "" {
			*note += "。" + in.Note
		}
		tx.Record(renda.Change{Action: "merge_in", Entity: "suggestion", EntityID: target.ID, Note: "并入 " + s.Title + "（提出人：" + strings.Join(added, "、") + "）"})
		return a.notifySigners("您的"+s.KindLabel()+"已并案办理", s.Title+" 并入《"+target.Title+"》")
	case "list", "refer":
		return a.notifySigners("您领衔的议案："+suggestion.Workflow.StateLabel(*to), s.Title)
	case "convert":
		key, prefix := suggestion.SeriesOf(&suggestion.Suggestion{Kind: suggestion.KindSuggestion, DuringSession: s.DuringSession, SessionID: s.SessionID, SessionName: s.SessionName}, s.SubmittedAt)
		var n int
		if err := tx.queryRow(`INSERT INTO suggestion_counters (series, n) VALUES (?, 1)
			ON CONFLICT (series) DO UPDATE SET n = suggestion_counters.n + 1 RETURNING n`, key).Scan(&n); err != nil {
			return err
		}
		c := &suggestion.Suggestion{ID: renda.NewID(), Kind: suggestion.KindSuggestion, Number: suggestion.NumberOf(prefix, n), Seq: n, Title: s.Title,
			Grounds: s.Grounds, Body: s.Body, Category: s.Category, Status: suggestion.Registered, ProposerID: s.ProposerID,
			DelegationID: s.DelegationID, CongressID: s.CongressID, SessionID: s.SessionID, DuringSession: s.DuringSession, ConvertedFrom: s.ID,
			SourceEntity: s.SourceEntity, SourceID: s.SourceID, CreatedAt: tx.now, SubmittedAt: s.SubmittedAt, RegisteredAt: tx.now, UpdatedAt: tx.now}
		if _, err := tx.exec(`INSERT INTO suggestions (id, kind, number, seq, title, grounds, body, category, status, proposer_id, delegation_id,
			congress_id, session_id, during_session, converted_from, source_entity, source_id, created_at, submitted_at, registered_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			c.ID, c.Kind, c.Number, c.Seq, c.Title, c.Grounds, c.Body, c.Category, c.Status, c.ProposerID, nz(c.DelegationID),
			c.CongressID, nz(c.SessionID), c.DuringSession, c.ConvertedFrom, c.SourceEntity, c.SourceID, ts(tx.now), ts(c.SubmittedAt), ts(tx.now), ts(tx.now)); err != nil {
			return err
		}
		for _, g := range s.Signers {
			if g.Lead || g.Status == suggestion.SignerConfirmed {
				if _, err := tx.exec("INSERT INTO suggestion_signers (suggestion_id, deputy_id, lead, status, invited_at, answered_at) VALUES (?, ?, ?, 'confirmed', ?, ?)",
					c.ID, g.DeputyID, g.Lead, ts(g.InvitedAt), ts(tx.now)); err != nil {
					return err
				}
			}
		}
		s.ConvertedTo = c.ID
		*note = "转为建议 " + c.Number + "。" + in.Note
		tx.Record(renda.Change{Action: "create", Entity: "suggestion", EntityID: c.ID, To: suggestion.Registered, After: c, Note: "由议案《" + s.Title + "》转为建议"})
		return a.notifySigners("您领衔的议案已转为建议："+c.Number, s.Title+"。"+in.Note)
	case "assign":
		return a.assign(note)
	case "request_return":
		if p, err := a.pending(suggestion.RecReturn); err != nil || p != nil {
			if err == nil {
				err = renda.Errorf(renda.ECONFLICT, "已有一项退办申请等待审批")
			}
			return err
		}
		if _, err := a.record(suggestion.Record{Kind: suggestion.RecReturn, Text: in.Note, Status: "pending", On: a.today}); err != nil {
			return err
		}
		return a.staff("退办申请待审批："+a.label(), tx.actor.Name()+"："+in.Note)
	case "approve_return", "reject_return":
		p, err := a.pending(suggestion.RecReturn)
		if err != nil {
			return err
		}
		if p == nil {
			return renda.Errorf(renda.ECONFLICT, "没有待审批的退办申请")
		}
		if action == "reject_return" {
			if err := a.decide(p.ID, "rejected", in.Note); err != nil {
				return err
			}
			return tx.NotifyOrg(p.OrgID, "退办申请未获同意："+a.label(), in.Note, a.link())
		}
		if err := a.decide(p.ID, "approved", in.Note); err != nil {
			return err
		}
		if err := a.notifyUnits("退办申请已同意："+a.label(), "本件已退回，将重新交办。"+in.Note); err != nil {
			return err
		}
		if _, err := tx.exec("DELETE FROM suggestion_units WHERE suggestion_id = ?", s.ID); err != nil {
			return err
		}
		s.LeadUnitID, s.LeadUnitName, s.HandlingMode = "", "", ""
		s.AssignedOn, s.Due, s.FirstDue, s.Round, s.RoundStarted = renda.Date{}, renda.Date{}, renda.Date{}, 0, renda.Date{}
		return nil
	case "request_extension":
		if p, err := a.pending(suggestion.RecExtension); err != nil || p != nil {
			if err == nil {
				err = renda.Errorf(renda.ECONFLICT, "已有一项延期申请等待审批")
			}
			return err
		}
		if _, err := a.record(suggestion.Record{Kind: suggestion.RecExtension, Text: in.Note, Status: "pending", Until: in.Until, On: a.today}); err != nil {
			return err
		}
		*note = "申请延至 " + in.Until.String() + "：" + in.Note
		return a.staff("延期申请待审批："+a.label(), tx.actor.Name()+"申请延至 "+in.Until.String()+"："+in.Note)
	case "approve_extension", "reject_extension":
		p, err := a.pending(suggestion.RecExtension)
		if err != nil {
			return err
		}
		if p == nil {
			return renda.Errorf(renda.ECONFLICT, "没有待审批的延期申请")
		}
		if action == "reject_extension" {
			if err := a.decide(p.ID, "rejected", in.Note); err != nil {
				return err
			}
			return a.notifyUnits("延期申请未获同意："+a.label(), in.Note)
		}
		until := p.Until
		if !in.Until.IsZero() {
			until = in.Until
		}
		if max := suggestion.DeadlinesOf(s, a.set, a.cal).ReplyMax; until.After(max) {
			until = max
		}
		if !until.After(s.Due) {
			return &renda.Error{Code: renda.EINVALID, Message: "批准的期限应晚于现在的答复期限 " + s.Due.String(), Fields: []renda.FieldError{{Field: "until", Message: "应晚于 " + s.Due.String()}}}
		}
		if _, err := tx.exec("UPDATE suggestion_records SET status = 'approved', until_day = ? WHERE id = ?", day(until), p.ID); err != nil {
			return err
		}
		*note = "答复期限由 " + s.Due.String() + " 延至 " + until.String() + "。" + in.Note
		s.Due = until
		return a.notifyUnits("延期申请已同意："+a.label(), "答复期限延至 "+until.String())
	case "contact":
		_, err := a.record(suggestion.Record{Kind: suggestion.RecContact, Method: in.Method, On: in.On, Text: in.Note})
		*note = suggestion.ContactMethodLabel(in.Method) + "：" + in.Note
		return err
	case "opinion":
		if _, err := tx.exec("UPDATE suggestion_units SET opinion = ?, opinion_at = ? WHERE suggestion_id = ? AND org_id = ?", in.Text, ts(tx.now), s.ID, actorOrg); err != nil {
			return err
		}
		if _, err := a.record(suggestion.Record{Kind: suggestion.RecOpinion, Text: in.Text, On: a.today}); err != nil {
			return err
		}
		*note = in.Text
		if s.LeadUnitID != "" {
			return tx.NotifyOrg(s.LeadUnitID, "协办单位已提出办理意见："+a.label(), tx.actor.Name(), a.link())
		}
		return nil
	case "reply":
		return a.reply(to, note)
	case "feedback":
		if _, err := a.record(suggestion.Record{Kind: suggestion.RecFeedback, Rating: in.Rating, Text: in.Note, On: a.today}); err != nil {
			return err
		}
		s.Rating, s.RatedOn, s.RatedRound = in.Rating, a.today, s.Round
		if in.Consent {
			s.PublishConsent = true
		}
		*note = renda.RatingLabel(in.Rating)
		if in.Note != "" {
			*note += "：" + in.Note
		}
		*to = suggestion.FeedbackOutcome(in.Rating)
		if *to == suggestion.Rehandling {
			s.Round++
			s.Rehandled++
			s.RoundStarted = a.today
			s.Due = a.cal.Due(a.today, a.set.Period("suggestions.rehandle_period"))
			if err := a.notifyUnits("代表对答复不满意，请重新办理："+a.label(), "请于 "+s.Due.String()+" 前重新办理并再次答复。代表意见："+in.Note); err != nil {
				return err
			}
			return a.staff("代表对答复不满意："+a.label(), in.Note)
		}
		return a.notifyUnits("代表已反馈："+renda.RatingLabel(in.Rating), a.label())
	case "follow_up":
		if _, err := a.record(suggestion.Record{Kind: suggestion.RecFollowUp, Text: in.Text, Category: s.ReplyCategory, On: a.today}); err != nil {
			return err
		}
		*note = in.Text
		return a.notifySigners("承办单位跟踪答复："+a.label(), in.Text)
	case "consent":
		s.PublishConsent = in.Consent
		*note = map[bool]string{true: "同意公开答复", false: "不同意公开答复"}[in.Consent]
		return nil
	case "close":
		s.ClosedAt = tx.now
		return a.notifySigners("您的"+s.KindLabel()+"已办结："+s.Number, s.Title)
	case "publish":
		text := in.PublicText
		if text == "" {
			if err := tx.queryRow("SELECT body FROM suggestion_records WHERE suggestion_id = ? AND kind = 'reply' ORDER BY created_at DESC, id DESC LIMIT 1", s.ID).Scan(&text); err != nil && !errors.Is(err, sql.ErrNoRows) {
				return err
			}
		}
		s.PublicText = suggestion.RedactPersonalData(text)
		s.PublishedAt = tx.now
		return nil
	case "unpublish":
		s.PublishedAt, s.PublicText = time.Time{}, ""
		return nil
	case "prioritize":
		s.Priority, s.LeaderID, s.LeaderName, s.InspectionRequired = true, tx.actor.ID, tx.actor.Name(), in.Inspection
		*note = tx.actor.Name() + "领办"
		if in.Inspection {
			*note += "，办结前须检查验收"
		}
		if err := a.notifyUnits("重点建议（"+tx.actor.Name()+"领办）："+a.label(), "本件已确定为重点建议，请加强办理。"); err != nil {
			return err
		}
		return a.staff("新确定重点建议："+a.label(), *note)
	case "supervise":
		if _, err := a.record(suggestion.Record{Kind: suggestion.RecSupervision, On: in.On, Text: in.Text}); err != nil {
			return err
		}
		*note = in.On.String() + " " + in.Text
		return a.notifyUnits("督办："+a.label(), in.Text)
	case "inspect":
		status := "failed"
		if in.Passed {
			status = "passed"
		}
		if _, err := a.record(suggestion.Record{Kind: suggestion.RecInspection, Text: in.Text, Status: status, On: a.today}); err != nil {
			return err
		}
		s.InspectionPassed = in.Passed
		*note = map[bool]string{true: "验收通过：", false: "验收未通过："}[in.Passed] + in.Text
		return a.notifyUnits("检查验收"+map[bool]string{true: "通过", false: "未通过"}[in.Passed]+"："+a.label(), in.Text)
	case "copy_procuratorate":
		var orgID string
		err := tx.queryRow("SELECT id FROM organizations WHERE kind = 'procuratorate' AND active = ? ORDER BY sort, code LIMIT 1", true).Scan(&orgID)
		if errors.Is(err, sql.ErrNoRows) {
			return renda.Errorf(renda.ECONFLICT, "尚未登记检察机关（单位类别为“人民检察院”）")
		} else if err != nil {
			return err
		}
		s.ProcuratorateID, s.ProcuratorateOn = orgID, a.today
		return tx.NotifyOrg(orgID, "人大转来代表建议："+a.label(), "请登记并研究是否立案，立案的请在"+a.set.Period("suggestions.procuratorate_period").Label()+"内抄送立案决定书和检察建议书。", a.link())
	case "procuratorate":
		if _, err := a.record(suggestion.Record{Kind: suggestion.RecProcuratorate, Method: in.Method, On: in.On, Text: in.Text, OrgID: s.ProcuratorateID}); err != nil {
			return err
		}
		*note = suggestion.ProcuratorateStepLabel(in.Method) + "（" + in.On.String() + "）" + in.Text
		return a.staff("检察机关反馈："+a.label(), *note)
	}
	return nil
}

func (a *sugAction) assign(note *string) error {
	tx, s, in := a.tx, a.s, a.in
	ids := append([]string{in.LeadUnitID}, in.CoUnitIDs...)
	names := map[string]string{}
	for i, id := range ids {
		var name string
		var handling, active bool
		err := tx.queryRow("SELECT name, handling_unit, active FROM organizations WHERE id = ?", id).Scan(&name, boolScan{&handling}, boolScan{&active})
		field := "co_unit_ids"
		if i == 0 {
			field = "lead_unit_id"
		}
		if err != nil {
			return &renda.Error{Code: renda.EINVALID, Message: "所选承办单位不存在", Fields: []renda.FieldError{{Field: field, Message: "不存在"}}}
		}
		if !handling || !active {
			return &renda.Error{Code: renda.EINVALID, Message: name + "不是在用的承办单位", Fields: []renda.FieldError{{Field: field, Message: name + "不是承办单位"}}}
		}
		names[id] = name
	}
	if _, err := tx.exec("DELETE FROM suggestion_units WHERE suggestion_id = ?", s.ID); err != nil {
		return err
	}
	s.HandlingMode = "lead"
	leadRole, coRole := suggestion.UnitLead, in.CoRole
	if in.CoRole == suggestion.UnitSplit {
		s.HandlingMode, leadRole = "split", suggestion.UnitSplit
	}
	var parts []string
	for i, id := range ids {
		role := coRole
		if i == 0 {
			role = leadRole
		}
		if _, err := tx.exec("INSERT INTO suggestion_units (suggestion_id, org_id, role, assigned_on) VALUES (?, ?, ?, ?)", s.ID, id, role, a.today.String()); err != nil {
			return err
		}
		parts = append(parts, suggestion.UnitRoleLabel(role)+"："+names[id])
	}
	s.LeadUnitID, s.LeadUnitName = in.LeadUnitID, names[in.LeadUnitID]
	s.AssignedOn, s.Round, s.RoundStarted = a.today, 1, a.today
	s.Due = suggestion.ReplyDue(s, a.today, a.set, a.cal)
	s.FirstDue = s.Due
	s.Rating, s.RatedOn, s.RatedRound, s.RepliedOn, s.ReplyCategory = "", renda.Date{}, 0, renda.Date{}, ""
	*note = strings.Join(parts, "；") + "。答复期限 " + s.Due.String()
	if in.Note != "" {
		*note += "。" + in.Note
	}
	if err := tx.loadSuggestionChildren(s); err != nil {
		return err
	}
	if err := a.notifyUnits("新交办"+s.KindLabel()+"："+a.label(), "请于 "+s.Due.String()+" 前答复；如不属本单位职责，请在 "+suggestion.DeadlinesOf(s, a.set, a.cal).Return.String()+" 前申请退办。"); err != nil {
		return err
	}
	return a.notifySigners("您的"+s.KindLabel()+"已交办", s.Title+"："+strings.Join(parts, "；"))
}

func (a *sugAction) reply(to, note *string) error {
	tx, s, in := a.tx, a.s, a.in
	if _, err := a.record(suggestion.Record{Kind: suggestion.RecReply, Category: in.Category, Text: in.Text, On: a.today}); err != nil {
		return err
	}
	if s.HandlingMode == "split" {
		org := tx.actor.OrgID
		if _, err := tx.exec("UPDATE suggestion_units SET replied_round = ? WHERE suggestion_id = ? AND org_id = ?", s.Round, s.ID, org); err != nil {
			return err
		}
		waiting, err := tx.count("SELECT COUNT(*) FROM suggestion_units WHERE suggestion_id = ? AND role = 'split' AND replied_round < ?", s.ID, s.Round)
		if err != nil {
			return err
		}
		if waiting > 0 {
			*to = s.Status
			*note = suggestion.ReplyCategoryLabel(a.set, in.Category) + "（分办单位答复，尚有 " + itoa(waiting) + " 个单位未答复）"
			return nil
		}
	}
	s.ReplyCategory, s.RepliedOn = in.Category, a.today
	if s.FirstReplied.IsZero() {
		s.FirstReplied = a.today
		s.OnTime = !a.today.After(s.Due)
	}
	*note = suggestion.ReplyCategoryLabel(a.set, in.Category)
	if err := a.notifySigners("收到答复："+a.label(), suggestion.ReplyCategoryLabel(a.set, in.Category)); err != nil {
		return err
	}
	fb := suggestion.DeadlinesOf(s, a.set, a.cal).Feedback
	return tx.notifyDeputy(s.ProposerID, "请对答复提出反馈意见", "请在 "+fb.String()+" 前填写征询意见表："+a.label(), a.link())
}
