package store

import (
	"context"
	"fmt"
	"time"

	"renda"
	"renda/appointment"
	"renda/internal/attach"
	"renda/meeting"
	"renda/station"
	"renda/vote"
)

// Meetings of the 三会 (see package meeting) and their follow-up tasks.
// The staff side sees every meeting; a deputy the meetings they are on the
// roll of and the published ones; the public (and a body's clerk) only
// published meetings. A clerk sees their own body's tasks.

const meetingColumns = `m.id, m.kind, m.number, m.title, m.congress_id, m.starts_at, m.ends_at, m.place, m.chair, m.state, m.noticed_at, m.current_item, m.created_at, m.updated_at, m.session_id, m.current_sitting`

func scanMeeting(row interface{ Scan(...any) error }) (*meeting.Meeting, error) {
	m := &meeting.Meeting{}
	err := row.Scan(&m.ID, &m.Kind, &m.Number, &m.Title, &m.CongressID, tsScan{&m.StartsAt}, tsScan{&m.EndsAt}, &m.Place, &m.Chair, &m.State,
		tsScan{&m.NoticedAt}, &m.Current, tsScan{&m.CreatedAt}, tsScan{&m.UpdatedAt}, &m.SessionID, &m.SittingID)
	return m, err
}

// meetingScope is what viewer may see of meetings, as a condition and its
// arguments.
func meetingScope(viewer *renda.User) (string, []any) {
	switch {
	case viewer.IsStaffSide():
		return "1 = 1", nil
	case viewer != nil && viewer.DeputyID != "":
		return "(m.state = 'published' OR m.id IN (SELECT meeting_id FROM meeting_members WHERE deputy_id = ?))", []any{viewer.DeputyID}
	}
	return "m.state = 'published'", nil
}

func (tx *Tx) meetingFor(viewer *renda.User, id string, lock bool) (*meeting.Meeting, error) {
	if !renda.ValidID(id) {
		return nil, renda.Errorf(renda.ENOTFOUND, "会议不存在")
	}
	if lock && tx.db.dialect == Postgres {
		if _, err := tx.exec("SELECT 1 FROM meetings WHERE id = ? FOR UPDATE", id); err != nil {
			return nil, err
		}
	}
	cond, args := meetingScope(viewer)
	m, err := scanMeeting(tx.queryRow("SELECT "+meetingColumns+" FROM meetings m WHERE m.id = ? AND "+cond, append([]any{id}, args...)...))
	if err != nil {
		return nil, notFound(err, "会议不存在")
	}
	if err := tx.meetingParts(m); err != nil {
		return nil, err
	}
	m.Documents = meeting.Readable(viewer, m) // what the viewer may read, no more
	return m, nil
}

// meetingParts loads a meeting's roll, agenda, resolutions and tasks.
func (tx *Tx) meetingParts(m *meeting.Meeting) error {
	rows, err := tx.query(`SELECT mm.deputy_id, d.name, mm.attends, mm.present, mm.leave, mm.leave_reason, mm.registered_at IS NOT NULL, mm.group_id
		FROM meeting_members mm JOIN deputies d ON d.id = mm.deputy_id
		WHERE mm.meeting_id = ? ORDER BY mm.attends, d.name, d.id`, m.ID)
	if err != nil {
		return err
	}
	m.Members = nil
	for rows.Next() {
		p := &meeting.Member{}
		if err := rows.Scan(&p.DeputyID, &p.Name, &p.Attends, &p.Present, &p.Leave, &p.Reason, &p.Registered, &p.GroupID); err != nil {
			rows.Close()
			return err
		}
		m.Members = append(m.Members, p)
	}
	rows.Close()
	if m.Items, err = tx.meetingItems("i.meeting_id = ?", m.ID); err != nil {
		return err
	}
	items := map[string]*meeting.Item{}
	for _, it := range m.Items {
		items[it.ID] = it
	}
	rows, err = tx.query("SELECT id, meeting_id, item_id, speaker, summary, created_at FROM meeting_speeches WHERE meeting_id = ? ORDER BY created_at, id", m.ID)
	if err != nil {
		return err
	}
	for rows.Next() {
		sp := &meeting.Speech{}
		if err := rows.Scan(&sp.ID, &sp.MeetingID, &sp.ItemID, &sp.Speaker, &sp.Summary, tsScan{&sp.CreatedAt}); err != nil {
			rows.Close()
			return err
		}
		if it := items[sp.ItemID]; it != nil {
			it.Speeches = append(it.Speeches, sp)
		}
	}
	rows.Close()
	rows, err = tx.query("SELECT id, meeting_id, item_id, title, body, created_at FROM meeting_resolutions WHERE meeting_id = ? ORDER BY created_at, id", m.ID)
	if err != nil {
		return err
	}
	m.Resolutions = nil
	byID := map[string]*meeting.Resolution{}
	for rows.Next() {
		r := &meeting.Resolution{Tasks: []*meeting.Task{}}
		if err := rows.Scan(&r.ID, &r.MeetingID, &r.ItemID, &r.Title, &r.Body, tsScan{&r.CreatedAt}); err != nil {
			rows.Close()
			return err
		}
		m.Resolutions = append(m.Resolutions, r)
		byID[r.ID] = r
	}
	rows.Close()
	tasks, err := tx.meetingTasks("t.meeting_id = ?", m.ID)
	if err != nil {
		return err
	}
	for _, t := range tasks {
		if r := byID[t.ResolutionID]; r != nil {
			r.Tasks = append(r.Tasks, t)
		}
	}
	if err := tx.meetingDocuments(m); err != nil {
		return err
	}
	return tx.sessionParts(m)
}

func (tx *Tx) meetingItems(cond string, args ...any) ([]*meeting.Item, error) {
	rows, err := tx.query("SELECT i.id, i.meeting_id, i.parent_id, i.position, i.title, i.kind, i.reporter, i.appointment_id, i.vote_id, i.result, i.summary FROM meeting_items i WHERE "+
		cond+" ORDER BY i.position, i.id", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*meeting.Item
	for rows.Next() {
		it := &meeting.Item{}
		if err := rows.Scan(&it.ID, &it.MeetingID, &it.ParentID, &it.Position, &it.Title, &it.Kind, &it.Reporter, &it.AppointmentID, &it.VoteID, &it.Result, &it.Summary); err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

const taskColumns = `t.id, t.resolution_id, t.meeting_id, t.org_id, o.name, t.body, t.due, t.state, t.report, t.updated_at, r.title`

func (tx *Tx) meetingTasks(cond string, args ...any) ([]*meeting.Task, error) {
	rows, err := tx.query("SELECT "+taskColumns+` FROM meeting_tasks t JOIN organizations o ON o.id = t.org_id JOIN meeting_resolutions r ON r.id = t.resolution_id
		WHERE `+cond+" ORDER BY t.due, t.id", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*meeting.Task
	for rows.Next() {
		t := &meeting.Task{}
		if err := rows.Scan(&t.ID, &t.ResolutionID, &t.MeetingID, &t.OrgID, &t.OrgName, &t.Body, dayScan{&t.Due}, &t.State, &t.Report, tsScan{&t.UpdatedAt}, &t.Resolution); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// Meeting returns one meeting, with its roll, agenda and resolutions, as
// viewer may see it.
func (db *DB) Meeting(ctx context.Context, viewer *renda.User, id string) (*meeting.Meeting, error) {
	return readResult(ctx, db, func(tx *Tx) (*meeting.Meeting, error) { return tx.meetingFor(viewer, id, false) })
}

// Meetings lists meetings viewer may see, newest first.
func (db *DB) Meetings(ctx context.Context, viewer *renda.User, f meeting.Filter) ([]*meeting.Meeting, int, error) {
	scope, args := meetingScope(viewer)
	cond := " WHERE " + scope
	if f.Public {
		cond += " AND m.state = 'published'"
	}
	if f.Kind != "" {
		cond, args = cond+" AND m.kind = ?", append(args, f.Kind)
	}
	var out []*meeting.Meeting
	var total int
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		if total, err = tx.count("SELECT COUNT(*) FROM meetings m"+cond, args...); err != nil {
			return err
		}
		out, err = tx.meetingList(cond+" ORDER BY m.starts_at DESC, m.id DESC"+limitOffset(f.Limit, f.Offset), args...)
		return err
	})
	return out, total, err
}

// meetingList runs a query over meetings (alias m) without their parts.
func (tx *Tx) meetingList(cond string, args ...any) ([]*meeting.Meeting, error) {
	rows, err := tx.query("SELECT "+meetingColumns+" FROM meetings m"+cond, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*meeting.Meeting
	for rows.Next() {
		m, err := scanMeeting(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// readResult runs fn in a read transaction and returns what it found.
func readResult[T any](ctx context.Context, db *DB, fn func(tx *Tx) (T, error)) (T, error) {
	var out T
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		out, err = fn(tx)
		return err
	})
	return out, err
}

// writeResult runs fn in a write transaction as actor and returns its result.
func writeResult[T any](ctx context.Context, db *DB, actor *renda.User, fn func(tx *Tx) (T, error)) (T, error) {
	var out T
	err := db.write(ctx, actor, func(tx *Tx) error {
		var err error
		out, err = fn(tx)
		return err
	})
	return out, err
}

// actionsFor lists the actions viewer may take on it now under f.
func actionsFor[T any](ctx context.Context, db *DB, f *flow[T], viewer *renda.User, it *T) ([]renda.Rule, error) {
	return readResult(ctx, db, func(tx *Tx) ([]renda.Rule, error) {
		tx.actor = viewer
		return f.actions(tx, it)
	})
}

// offeredAction refuses an action a workflow does not offer at its
// endpoint (hidden or unknown), before anything is loaded.
func offeredAction(w *renda.Workflow, action string) error {
	if r, ok := w.Rule(action); !ok || !r.Offered() {
		return renda.Errorf(renda.ENOTFOUND, "没有“%s”这个操作", trunc(action, 20))
	}
	return nil
}

// MeetingQuorum is the quorum of m under the current settings.
func (db *DB) MeetingQuorum(ctx context.Context, m *meeting.Meeting) (meeting.Quorum, error) {
	set, err := db.Settings(ctx)
	if err != nil {
		return meeting.Quorum{}, err
	}
	return meeting.QuorumOf(m, set), nil
}

var meetingFlow = &flow[meeting.Meeting]{
	m:  meeting.Flow,
	id: func(m *meeting.Meeting) string { return m.ID },
	rel: func(tx *Tx, m *meeting.Meeting) (renda.Rel, error) {
		return meeting.Relations(tx.actor, m), nil
	},
	save: func(tx *Tx, before, m *meeting.Meeting, out *renda.Outcome, files []*attach.File) error {
		m.UpdatedAt = tx.now
		if out.From == "" {
			if _, err := tx.exec(`INSERT INTO meetings (id, kind, number, title, congress_id, starts_at, place, chair, state, created_at, updated_at, session_id)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, m.ID, m.Kind, m.Number, m.Title, m.CongressID, ts(m.StartsAt), m.Place, m.Chair, m.State, ts(m.CreatedAt), ts(m.UpdatedAt), m.SessionID); err != nil {
				return err
			}
			for _, p := range m.Members {
				if _, err := tx.exec("INSERT INTO meeting_members (meeting_id, deputy_id, attends, present) VALUES (?, ?, ?, FALSE) ON CONFLICT (meeting_id, deputy_id) DO NOTHING",
					m.ID, p.DeputyID, p.Attends); err != nil {
					return err
				}
			}
		} else if _, err := tx.exec("UPDATE meetings SET state = ?, noticed_at = ?, current_item = ?, current_sitting = ?, updated_at = ? WHERE id = ?", m.State, ts(m.NoticedAt), m.Current, m.SittingID, ts(m.UpdatedAt), m.ID); err != nil {
			return err
		}
		if err := tx.saveMeetingRecords(out.Records); err != nil {
			return err
		}
		return tx.attachVersionFiles(out.Records, files)
	},
}

// saveMeetingRecords writes the child records of a meeting's (or an
// appointment's) action.
func (tx *Tx) saveMeetingRecords(recs []any) error {
	for _, rec := range recs {
		var err error
		switch r := rec.(type) {
		case *meeting.Item:
			if r.Position == 0 {
				if err := tx.queryRow("SELECT COALESCE(MAX(position), 0) + 1 FROM meeting_items WHERE meeting_id = ?", r.MeetingID).Scan(&r.Position); err != nil {
					return err
				}
			}
			_, err = tx.exec(`INSERT INTO meeting_items (id, meeting_id, parent_id, position, title, kind, reporter, appointment_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
				r.ID, r.MeetingID, r.ParentID, r.Position, r.Title, r.Kind, r.Reporter, r.AppointmentID)
		case *meeting.Attendance:
			_, err = tx.exec("UPDATE meeting_members SET present = TRUE WHERE meeting_id = ? AND deputy_id = ?", r.MeetingID, r.DeputyID)
		case *meeting.Leave:
			_, err = tx.exec("UPDATE meeting_members SET leave = ?, leave_reason = ? WHERE meeting_id = ? AND deputy_id = ?", r.State, r.Reason, r.MeetingID, r.DeputyID)
		case *meeting.Speech:
			_, err = tx.exec("INSERT INTO meeting_speeches (id, meeting_id, item_id, speaker, summary, created_at) VALUES (?, ?, ?, ?, ?, ?)",
				r.ID, r.MeetingID, r.ItemID, r.Speaker, r.Summary, ts(r.CreatedAt))
		case *meeting.Resolution:
			_, err = tx.exec("INSERT INTO meeting_resolutions (id, meeting_id, item_id, title, body, created_at) VALUES (?, ?, ?, ?, ?, ?)",
				r.ID, r.MeetingID, r.ItemID, r.Title, r.Body, ts(r.CreatedAt))
		case *meeting.Task:
			_, err = tx.exec("INSERT INTO meeting_tasks (id, resolution_id, meeting_id, org_id, body, due, state, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
				r.ID, r.ResolutionID, r.MeetingID, r.OrgID, r.Body, day(r.Due), r.State, ts(r.UpdatedAt))
		default:
			var ok bool
			if ok, err = tx.saveMeetingDocumentRecord(rec); !ok && err == nil {
				err = tx.saveSessionRecord(rec)
			}
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func init() {
	resolvers["meeting_item"] = titleResolver("SELECT id, title FROM meeting_items WHERE id = ?")
	resolvers["meeting_resolution"] = titleResolver("SELECT id, title FROM meeting_resolutions WHERE id = ?")
	anyMeeting := titleResolver("SELECT id, title FROM meetings WHERE id = ?")
	openMeeting := titleResolver("SELECT id, title FROM meetings WHERE id = ? AND kind IN ('standing', 'chair') AND state IN ('planned', 'noticed', 'in_session')")
	resolvers["meeting"] = func(tx *Tx, filter, id string) (renda.Ref, bool, error) {
		if filter == "open" {
			return openMeeting(tx, filter, id)
		}
		return anyMeeting(tx, filter, id)
	}
	voteScopes[meeting.VoteKind] = func(viewer *renda.User) (string, []any) {
		if viewer.IsStaffSide() {
			return "1 = 1", nil
		}
		c, a := meetingScope(viewer)
		return "v.id IN (SELECT i.vote_id FROM meeting_items i JOIN meetings m ON m.id = i.meeting_id WHERE " + c + ")", a
	}
	registerBallotItems("meeting_item", BallotItems{
		describe: func(tx *Tx, c *vote.Candidate) error {
			return tx.queryRow("SELECT title FROM meeting_items WHERE id = ?", c.ID).Scan(&c.Title)
		},
		check: func(tx *Tx, v *vote.Vote, c *vote.Candidate, creating bool) error {
			err := tx.queryRow("SELECT title FROM meeting_items WHERE id = ?", c.ID).Scan(&c.Title)
			return notFound(err, "表决事项不存在")
		},
		apply: applyMeetingResult,
	})
}

// CreateMeeting makes a planned meeting of congress congressID (staff).
func (db *DB) CreateMeeting(ctx context.Context, actor *renda.User, congressID string, in renda.Values) (*meeting.Meeting, error) {
	return writeResult(ctx, db, actor, func(tx *Tx) (*meeting.Meeting, error) { return tx.CreateMeeting(congressID, in) })
}

// CreateMeeting is CreateMeeting in this transaction.
func (tx *Tx) CreateMeeting(congressID string, in renda.Values) (*meeting.Meeting, error) {
	if c, err := tx.sessionRoll(in); err != nil {
		return nil, err
	} else if c != "" {
		congressID = c
	}
	if congressID == "" && len(in["members"]) > 0 { // the members' congress
		if err := tx.queryRow("SELECT congress_id FROM deputies WHERE id = ?", in["members"][0]).Scan(&congressID); errNoRows(err) {
			congressID = ""
		} else if err != nil {
			return nil, err
		}
	}
	var n int
	if err := tx.queryRow("SELECT COUNT(*) FROM congresses WHERE id = ?", congressID).Scan(&n); err != nil || n == 0 {
		return nil, &renda.Error{Code: renda.EINVALID, Message: "输入有误：请选择组成人员", Fields: []renda.FieldError{{Field: "members", Message: "请选择组成人员"}}}
	}
	m, _, err := meetingFlow.runAs(tx, renda.RoleRel(tx.actor), &meeting.Meeting{ID: renda.NewID(), CongressID: congressID}, "create", in, nil)
	if err != nil || m.SessionID == "" {
		return m, err
	}
	if err := tx.groupDelegations(m); err != nil {
		return nil, err
	}
	return tx.meetingFor(tx.actor, m.ID, false)
}

// ActOnMeeting applies an action for actor, with the files a document's
// version carries (checked by attach.Check).
func (db *DB) ActOnMeeting(ctx context.Context, actor *renda.User, id, action string, in renda.Values, files ...*attach.File) (*meeting.Meeting, error) {
	return writeResult(ctx, db, actor, func(tx *Tx) (*meeting.Meeting, error) { return tx.ActOnMeeting(id, action, in, files...) })
}

// ActOnMeeting applies an action in this transaction, as its actor.
func (tx *Tx) ActOnMeeting(id, action string, in renda.Values, files ...*attach.File) (*meeting.Meeting, error) {
	if err := offeredAction(meeting.Flow.Table(), action); err != nil {
		return nil, err
	}
	m, err := tx.meetingFor(tx.actor, id, true)
	if err != nil {
		return nil, err
	}
	next, out, err := meetingFlow.run(tx, m, action, in, files)
	if err != nil {
		return nil, err
	}
	if len(out.Effects) == 0 && !touchesDocuments(out.Records) { // the outcome is the meeting as stored now
		return next, nil
	}
	// A vote was opened (read its id back), or a document changed (the store
	// worked out its windows and versions): read the meeting back.
	return tx.meetingFor(tx.actor, id, false)
}

// MeetingActions lists the actions viewer may take on m now.
func (db *DB) MeetingActions(ctx context.Context, viewer *renda.User, m *meeting.Meeting) ([]renda.Rule, error) {
	return actionsFor(ctx, db, meetingFlow, viewer, m)
}

// openMeetingVote puts an agenda item to the vote: a vote of the meeting
// kind whose roll is the meeting's members, present as checked in, opened
// at once (the meeting's machine has checked the quorum).
func (tx *Tx) openMeetingVote(e *meeting.OpenVote) error {
	m, it := e.Meeting, e.Item
	v := &vote.Vote{CongressID: m.CongressID, Kind: meeting.VoteKind, Title: it.Title, Description: m.Title, Named: e.Named,
		Candidates: []vote.Candidate{{ID: it.ID}}}
	present := map[string]bool{}
	for _, p := range m.Members {
		if p.Attends {
			continue
		}
		v.Roll = append(v.Roll, p.DeputyID)
		if p.Present {
			present[p.DeputyID] = true
		}
	}
	if err := tx.SaveVote(v); err != nil {
		return err
	}
	if err := tx.SetAttendance(v.ID, present, nil); err != nil {
		return err
	}
	if err := tx.VoteAction(v.ID, "open", m.Title); err != nil {
		return err
	}
	_, err := tx.exec("UPDATE meeting_items SET vote_id = ? WHERE id = ?", v.ID, it.ID)
	return err
}

// applyMeetingResult records each item's result when its vote closes and
// moves an appointment on through its own machine.
func applyMeetingResult(tx *Tx, v *vote.Vote, res *vote.Result) error {
	for _, t := range res.Items {
		result := meeting.ItemRejected
		if t.Passed {
			result = meeting.ItemAdopted
		}
		if _, err := tx.exec("UPDATE meeting_items SET result = ? WHERE id = ?", result, t.ID); err != nil {
			return err
		}
		var appID string
		if err := tx.queryRow("SELECT appointment_id FROM meeting_items WHERE id = ?", t.ID).Scan(&appID); err != nil {
			return err
		}
		if appID == "" {
			continue
		}
		a, err := tx.appointment(appID)
		if err != nil {
			return err
		}
		env, err := tx.env()
		if err != nil {
			return err
		}
		e := *env
		e.Rel = renda.Rel{"system"}
		action := "reject"
		if t.Passed {
			action = "appoint"
		}
		note := fmt.Sprintf("赞成 %d 票，反对 %d 票，弃权 %d 票（全体组成人员 %d 人，通过需 %d 票）", t.Yes, t.No, t.Abstain, res.Members, res.Needed)
		if _, _, err := appointmentFlow.apply(tx, &e, a, action, renda.NewInput().Set("note", note), nil); err != nil {
			return err
		}
	}
	return nil
}

// --- follow-up tasks ---

func taskScope(viewer *renda.User) (string, []any) {
	switch {
	case viewer.IsStaffSide():
		return "1 = 1", nil
	case viewer != nil && viewer.Role == renda.RoleUnit && viewer.OrgID != "":
		return "t.org_id = ?", []any{viewer.OrgID}
	}
	return "t.meeting_id IN (SELECT id FROM meetings WHERE state = 'published')", nil
}

// MeetingTask returns one follow-up task as viewer may see it.
func (db *DB) MeetingTask(ctx context.Context, viewer *renda.User, id string) (*meeting.Task, error) {
	return readResult(ctx, db, func(tx *Tx) (*meeting.Task, error) { return tx.meetingTaskFor(viewer, id) })
}

func (tx *Tx) meetingTaskFor(viewer *renda.User, id string) (*meeting.Task, error) {
	cond, args := taskScope(viewer)
	ts, err := tx.meetingTasks("t.id = ? AND "+cond, append([]any{id}, args...)...)
	if err != nil {
		return nil, err
	}
	if len(ts) == 0 {
		return nil, renda.Errorf(renda.ENOTFOUND, "督办事项不存在")
	}
	return ts[0], nil
}

// MeetingTasks lists the follow-up tasks viewer may see (a clerk: their
// body's), open ones first when openOnly.
func (db *DB) MeetingTasks(ctx context.Context, viewer *renda.User, openOnly bool) ([]*meeting.Task, error) {
	cond, args := taskScope(viewer)
	if openOnly {
		cond += " AND t.state <> 'accepted'"
	}
	return readResult(ctx, db, func(tx *Tx) ([]*meeting.Task, error) { return tx.meetingTasks(cond, args...) })
}

var meetingTaskFlow = &flow[meeting.Task]{
	m:   meeting.TaskFlow,
	id:  func(t *meeting.Task) string { return t.ID },
	rel: func(tx *Tx, t *meeting.Task) (renda.Rel, error) { return meeting.TaskRelations(tx.actor, t), nil },
	save: func(tx *Tx, before, t *meeting.Task, out *renda.Outcome, files []*attach.File) error {
		_, err := tx.exec("UPDATE meeting_tasks SET state = ?, report = ?, updated_at = ? WHERE id = ?", t.State, t.Report, ts(tx.now), t.ID)
		return err
	},
}

// ActOnMeetingTask applies an action on a follow-up task for actor.
func (db *DB) ActOnMeetingTask(ctx context.Context, actor *renda.User, id, action string, in renda.Values) (*meeting.Task, error) {
	return writeResult(ctx, db, actor, func(tx *Tx) (*meeting.Task, error) { return tx.ActOnMeetingTask(id, action, in) })
}

// ActOnMeetingTask is ActOnMeetingTask in this transaction, as its actor.
func (tx *Tx) ActOnMeetingTask(id, action string, in renda.Values) (*meeting.Task, error) {
	if err := offeredAction(meeting.TaskFlow.Table(), action); err != nil {
		return nil, err
	}
	cur, err := tx.meetingTaskFor(tx.actor, id)
	if err != nil {
		return nil, err
	}
	t, _, err := meetingTaskFlow.run(tx, cur, action, in, nil)
	return t, err
}

// MeetingTaskActions lists the actions viewer may take on t now.
func (db *DB) MeetingTaskActions(ctx context.Context, viewer *renda.User, t *meeting.Task) ([]renda.Rule, error) {
	return actionsFor(ctx, db, meetingTaskFlow, viewer, t)
}

// RemindMeetingTasks reminds each body once, meeting.task_remind_days
// working days before a task's deadline (and once when it has passed).
func (db *DB) RemindMeetingTasks(ctx context.Context) (int, error) {
	sent := 0
	err := db.Sweep(ctx, func(tx *Tx) error {
		set, cal, err := tx.config()
		if err != nil {
			return err
		}
		limit := cal.AddWorkingDays(tx.Today(), set.Int("meeting.task_remind_days"))
		tasks, err := tx.meetingTasks("t.state = 'open' AND t.due <= ?", limit.String())
		if err != nil {
			return err
		}
		for _, t := range tasks {
			kind, title := "soon", "督办事项即将到期："
			if t.Due.Before(tx.Today()) {
				kind, title = "overdue", "督办事项已逾期："
			}
			ok, err := tx.Once("meeting_task:" + t.ID + ":" + t.Due.String() + ":" + kind)
			if err != nil {
				return err
			}
			if !ok {
				continue
			}
			if err := tx.NotifyOrg(t.OrgID, title+t.Resolution, t.Body+"（期限 "+t.Due.Chinese()+"）", "/meeting-tasks/"+t.ID); err != nil {
				return err
			}
			sent++
		}
		return nil
	})
	return sent, err
}

// --- appointments ---

const appointmentColumns = `a.id, a.name, a.post, a.kind, a.nominator, a.resume, a.statement, a.exam_score, a.meeting_id, a.state, a.oath_at, a.oath_form, a.witnesses,
	a.created_at, a.updated_at, COALESCE((SELECT title FROM meetings m WHERE m.id = a.meeting_id), '')`

func scanAppointment(row interface{ Scan(...any) error }) (*appointment.Appointment, error) {
	a := &appointment.Appointment{}
	var at time.Time
	err := row.Scan(&a.ID, &a.Name, &a.Post, &a.Kind, &a.Nominator, &a.Resume, &a.Statement, &a.ExamScore, &a.MeetingID, &a.State, tsScan{&at}, &a.OathForm, &a.Witnesses,
		tsScan{&a.CreatedAt}, tsScan{&a.UpdatedAt}, &a.MeetingTitle)
	if !at.IsZero() {
		a.OathAt = &at
	}
	return a, err
}

func appointmentScope(viewer *renda.User) string {
	if viewer.IsStaffSide() {
		return "1 = 1"
	}
	return "a.state = 'published'"
}

func (tx *Tx) appointment(id string) (*appointment.Appointment, error) {
	a, err := scanAppointment(tx.queryRow("SELECT "+appointmentColumns+" FROM appointments a WHERE a.id = ?", id))
	return a, notFound(err, "任免事项不存在")
}

// Appointment returns one appointment as viewer may see it.
func (db *DB) Appointment(ctx context.Context, viewer *renda.User, id string) (*appointment.Appointment, error) {
	return readResult(ctx, db, func(tx *Tx) (*appointment.Appointment, error) {
		a, err := scanAppointment(tx.queryRow("SELECT "+appointmentColumns+" FROM appointments a WHERE a.id = ? AND "+appointmentScope(viewer), id))
		return a, notFound(err, "任免事项不存在")
	})
}

// Appointments lists appointments viewer may see, newest first.
func (db *DB) Appointments(ctx context.Context, viewer *renda.User, f appointment.Filter) ([]*appointment.Appointment, int, error) {
	cond, args := " WHERE "+appointmentScope(viewer), []any{}
	if f.Public {
		cond += " AND a.state = 'published'"
	}
	if f.State != "" {
		cond, args = cond+" AND a.state = ?", append(args, f.State)
	}
	var out []*appointment.Appointment
	var total int
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		if total, err = tx.count("SELECT COUNT(*) FROM appointments a"+cond, args...); err != nil {
			return err
		}
		rows, err := tx.query("SELECT "+appointmentColumns+" FROM appointments a"+cond+" ORDER BY a.created_at DESC, a.id DESC"+limitOffset(f.Limit, f.Offset), args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			a, err := scanAppointment(rows)
			if err != nil {
				return err
			}
			out = append(out, a)
		}
		return rows.Err()
	})
	return out, total, err
}

var appointmentFlow = &flow[appointment.Appointment]{
	m:   appointment.Flow,
	id:  func(a *appointment.Appointment) string { return a.ID },
	rel: func(tx *Tx, a *appointment.Appointment) (renda.Rel, error) { return renda.RoleRel(tx.actor), nil },
	save: func(tx *Tx, before, a *appointment.Appointment, out *renda.Outcome, files []*attach.File) error {
		a.UpdatedAt = tx.now
		var oath any
		if a.OathAt != nil {
			oath = ts(*a.OathAt)
		}
		var err error
		if out.From == "" {
			_, err = tx.exec(`INSERT INTO appointments (id, name, post, kind, nominator, resume, statement, exam_score, state, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, a.ID, a.Name, a.Post, a.Kind, a.Nominator, a.Resume, a.Statement, a.ExamScore, a.State, ts(a.CreatedAt), ts(a.UpdatedAt))
		} else {
			_, err = tx.exec("UPDATE appointments SET meeting_id = ?, state = ?, oath_at = ?, oath_form = ?, witnesses = ?, updated_at = ? WHERE id = ?",
				a.MeetingID, a.State, oath, a.OathForm, a.Witnesses, ts(a.UpdatedAt), a.ID)
		}
		if err != nil {
			return err
		}
		return tx.saveMeetingRecords(out.Records)
	},
}

// CreateAppointment registers a nomination (staff).
func (db *DB) CreateAppointment(ctx context.Context, actor *renda.User, in renda.Values) (*appointment.Appointment, error) {
	return writeResult(ctx, db, actor, func(tx *Tx) (*appointment.Appointment, error) { return tx.CreateAppointment(in) })
}

// CreateAppointment is CreateAppointment in this transaction.
func (tx *Tx) CreateAppointment(in renda.Values) (*appointment.Appointment, error) {
	a, _, err := appointmentFlow.runAs(tx, renda.RoleRel(tx.actor), &appointment.Appointment{ID: renda.NewID()}, "create", in, nil)
	return a, err
}

// ActOnAppointment applies an action for actor.
func (db *DB) ActOnAppointment(ctx context.Context, actor *renda.User, id, action string, in renda.Values) (*appointment.Appointment, error) {
	return writeResult(ctx, db, actor, func(tx *Tx) (*appointment.Appointment, error) { return tx.ActOnAppointment(id, action, in) })
}

// ActOnAppointment is ActOnAppointment in this transaction, as its actor.
func (tx *Tx) ActOnAppointment(id, action string, in renda.Values) (*appointment.Appointment, error) {
	if err := offeredAction(appointment.Flow.Table(), action); err != nil {
		return nil, err
	}
	if !tx.actor.IsStaffSide() {
		return nil, renda.Errorf(renda.ENOTFOUND, "任免事项不存在")
	}
	cur, err := tx.appointment(id)
	if err != nil {
		return nil, err
	}
	a, _, err := appointmentFlow.run(tx, cur, action, in, nil)
	return a, err
}

// AppointmentActions lists the actions viewer may take on a now.
func (db *DB) AppointmentActions(ctx context.Context, viewer *renda.User, a *appointment.Appointment) ([]renda.Rule, error) {
	return actionsFor(ctx, db, appointmentFlow, viewer, a)
}

// CalendarFeed lists what a calendar feed holds for viewer: the meetings
// they may see (the published ones for the public; a deputy's own too;
// every one for the staff side) and reception days (接待日) — for the public
// every station's (or one station's, stationID) from a month ago on, for a
// deputy the days they receive at from three months ago on.
func (db *DB) CalendarFeed(ctx context.Context, viewer *renda.User, stationID string) ([]*meeting.Meeting, []*station.Duty, error) {
	scope, args := meetingScope(viewer)
	var ms []*meeting.Meeting
	var ds []*station.Duty
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		if ms, err = tx.meetingList(" WHERE "+scope+" ORDER BY m.starts_at LIMIT 500", args...); err != nil {
			return err
		}
		switch {
		case viewer == nil && stationID != "":
			ds, err = tx.duties(" WHERE y.station_id = ? AND y.day >= ? ORDER BY y.day, y.start_time LIMIT 500", stationID, tx.Today().AddDays(-30).String())
		case viewer == nil:
			ds, err = tx.duties(" WHERE y.day >= ? ORDER BY y.day, y.start_time LIMIT 500", tx.Today().AddDays(-30).String())
		case viewer.DeputyID != "":
			ds, err = tx.duties(" WHERE y.id IN (SELECT duty_id FROM duty_deputies WHERE deputy_id = ?) AND y.day >= ? ORDER BY y.day, y.start_time LIMIT 500",
				viewer.DeputyID, tx.Today().AddDays(-90).String())
		}
		return err
	})
	return ms, ds, err
}

// touchesDocuments reports whether an outcome's records change documents.
func touchesDocuments(recs []any) bool {
	for _, r := range recs {
		switch r.(type) {
		case *meeting.Document, *meeting.Version, *meeting.Distribution:
			return true
		}
	}
	return false
}
