package store

import (
	"context"
	"strconv"

	"renda"
	"renda/dutyreport"
	"renda/internal/attach"
	"renda/record"
	"renda/vote"
)

// Deputies' reports to voters (代表向选民述职): see dutyreport.Flow. The
// deputy sees their own reports, the standing committee's side every one,
// anyone else (other deputies, the public) only published ones.

const dutyReportColumns = `r.id, r.deputy_id, d.name, r.congress_id, g.level, r.year, r.title, r.body, r.state, COALESCE(r.station_id, ''), COALESCE(s.name, ''), r.day, r.audience,
	COALESCE(r.vote_id, ''), r.ballots, r.satisfied, r.basic, r.dissatisfied, r.grade, r.created_at, r.updated_at, r.published_at`

const dutyReportFrom = ` FROM duty_reports r JOIN deputies d ON d.id = r.deputy_id JOIN congresses g ON g.id = r.congress_id LEFT JOIN stations s ON s.id = r.station_id`

func scanDutyReport(row interface{ Scan(...any) error }) (*dutyreport.Report, error) {
	r := &dutyreport.Report{}
	var level string
	err := row.Scan(&r.ID, &r.DeputyID, &r.DeputyName, &r.CongressID, &level, &r.Year, &r.Title, &r.Body, &r.State, &r.StationID, &r.StationName, dayScan{&r.Day}, &r.Audience,
		&r.VoteID, &r.Ballots, &r.Satisfied, &r.Basic, &r.Dissatisfied, &r.Grade, tsScan{&r.CreatedAt}, tsScan{&r.UpdatedAt}, tsScan{&r.PublishedAt})
	r.Level = renda.Level(level)
	return r, err
}

// dutyReportScope is what viewer may see, as a SQL condition and its args.
func dutyReportScope(viewer *renda.User) (string, []any) {
	switch {
	case viewer != nil && viewer.IsStaffSide():
		return "1 = 1", nil
	case viewer != nil && viewer.Is(renda.RoleDeputy) && viewer.DeputyID != "":
		return "(r.state = 'published' OR r.deputy_id = ?)", []any{viewer.DeputyID}
	}
	return "r.state = 'published'", nil
}

func (tx *Tx) dutyReportFor(viewer *renda.User, id string, lock bool) (*dutyreport.Report, error) {
	if !renda.ValidID(id) {
		return nil, renda.Errorf(renda.ENOTFOUND, "述职报告不存在")
	}
	if lock && tx.db.dialect == Postgres {
		if _, err := tx.exec("SELECT 1 FROM duty_reports WHERE id = ? FOR UPDATE", id); err != nil {
			return nil, err
		}
	}
	cond, args := dutyReportScope(viewer)
	r, err := scanDutyReport(tx.queryRow("SELECT "+dutyReportColumns+dutyReportFrom+" WHERE r.id = ? AND "+cond, append([]any{id}, args...)...))
	return r, notFound(err, "述职报告不存在")
}

// DutyReport returns one report as viewer may see it.
func (db *DB) DutyReport(ctx context.Context, viewer *renda.User, id string) (*dutyreport.Report, error) {
	var r *dutyreport.Report
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		r, err = tx.dutyReportFor(viewer, id, false)
		return err
	})
	return r, err
}

// DutyReports lists reports viewer may see, newest first.
func (db *DB) DutyReports(ctx context.Context, viewer *renda.User, f dutyreport.Filter) ([]*dutyreport.Report, int, error) {
	cond, args := dutyReportScope(viewer)
	cond = " WHERE " + cond
	if f.Public {
		cond += " AND r.state = 'published'"
	}
	if f.DeputyID != "" {
		cond, args = cond+" AND r.deputy_id = ?", append(args, f.DeputyID)
	}
	if f.State != "" {
		cond, args = cond+" AND r.state = ?", append(args, f.State)
	}
	var out []*dutyreport.Report
	var total int
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		if total, err = tx.count("SELECT COUNT(*)"+dutyReportFrom+cond, args...); err != nil {
			return err
		}
		rows, err := tx.query("SELECT "+dutyReportColumns+dutyReportFrom+cond+" ORDER BY r.year DESC, r.updated_at DESC, r.id DESC"+limitOffset(f.Limit, f.Offset), args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			r, err := scanDutyReport(rows)
			if err != nil {
				return err
			}
			out = append(out, r)
		}
		return rows.Err()
	})
	return out, total, err
}

var dutyReportFlow = &flow[dutyreport.Report]{
	m:   dutyreport.Flow,
	id:  func(r *dutyreport.Report) string { return r.ID },
	rel: func(tx *Tx, r *dutyreport.Report) (renda.Rel, error) { return dutyreport.Relations(tx.actor, r), nil },
	facts: func(tx *Tx, r *dutyreport.Report, action string, in *renda.Input) (any, error) {
		if action != "submit" {
			return nil, nil
		}
		n, err := tx.count("SELECT COUNT(*) FROM duty_reports WHERE deputy_id = ? AND id <> ? AND state <> 'draft'", r.DeputyID, r.ID)
		return &dutyreport.Facts{Given: n}, err
	},
	save: func(tx *Tx, before, r *dutyreport.Report, out *renda.Outcome, files []*attach.File) error {
		r.UpdatedAt = tx.now
		if out.From == "" {
			_, err := tx.exec(`INSERT INTO duty_reports (id, deputy_id, congress_id, year, title, body, state, audience, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?)`, r.ID, r.DeputyID, r.CongressID, r.Year, r.Title, r.Body, r.State, ts(r.CreatedAt), ts(r.UpdatedAt))
			return err
		}
		if out.To == dutyreport.Rating && out.From != dutyreport.Rating {
			if err := tx.openReportRating(r); err != nil {
				return err
			}
		}
		if _, err := tx.exec(`UPDATE duty_reports SET title = ?, body = ?, state = ?, station_id = ?, day = ?, audience = ?, vote_id = ?, updated_at = ?, published_at = ? WHERE id = ?`,
			r.Title, r.Body, r.State, nz(r.StationID), day(r.Day), r.Audience, nz(r.VoteID), ts(r.UpdatedAt), ts(r.PublishedAt), r.ID); err != nil {
			return err
		}
		if out.To == dutyreport.Rated && out.From == dutyreport.Rating && r.VoteID != "" {
			// Close the voters' rating; the engine's result comes back
			// through the duty_report ballot items' apply.
			v, err := tx.vote(r.VoteID)
			if err != nil {
				return err
			}
			if v.Status != vote.Closed {
				return tx.VoteAction(r.VoteID, "close", "述职测评结束")
			}
		}
		return nil
	},
}

// openReportRating sets up and opens the voters' rating of a report on the
// ballot engine: one item (the report), rated 满意/基本满意/不满意, cast by
// voters with one-time SMS codes.
func (tx *Tx) openReportRating(r *dutyreport.Report) error {
	v := &vote.Vote{CongressID: r.CongressID, Kind: dutyreport.Kind, Title: r.DeputyName + "向选民述职满意度测评",
		Description: r.Title, Candidates: []vote.Candidate{{ID: r.ID}}}
	if r.ByMembers() {
		v.Kind, v.Title = dutyreport.KindMembers, r.DeputyName+"述职测评（常委会组成人员）"
	}
	if err := tx.SaveVote(v); err != nil {
		return err
	}
	if r.ByMembers() {
		if err := tx.rollMembers(v.ID); err != nil {
			return err
		}
	}
	if err := tx.VoteAction(v.ID, "open", r.StationName); err != nil {
		return err
	}
	r.VoteID = v.ID
	return nil
}

func init() {
	registerBallotItems("duty_report", BallotItems{
		describe: func(tx *Tx, c *vote.Candidate) error {
			return tx.queryRow("SELECT r.title, d.name FROM duty_reports r JOIN deputies d ON d.id = r.deputy_id WHERE r.id = ?", c.ID).Scan(&c.Summary, &c.Title)
		},
		check: func(tx *Tx, v *vote.Vote, c *vote.Candidate, creating bool) error {
			err := tx.queryRow("SELECT d.name, r.title FROM duty_reports r JOIN deputies d ON d.id = r.deputy_id WHERE r.id = ? AND r.state IN ('submitted', 'rating')", c.ID).Scan(&c.Title, &c.Summary)
			if errNoRows(err) {
				return renda.Errorf(renda.EINVALID, "只有已提交的述职报告可以测评")
			}
			return err
		},
		apply: func(tx *Tx, v *vote.Vote, res *vote.Result) error {
			for _, it := range res.Items {
				c := it.Counts
				if _, err := tx.exec("UPDATE duty_reports SET ballots = ?, satisfied = ?, basic = ?, dissatisfied = ?, grade = ? WHERE id = ? AND vote_id = ?",
					c[vote.ChoiceSatisfied]+c[vote.ChoiceBasic]+c[vote.ChoiceDissatisfied], c[vote.ChoiceSatisfied], c[vote.ChoiceBasic], c[vote.ChoiceDissatisfied], it.Grade, it.ID, v.ID); err != nil {
					return err
				}
				// The vote closed on its own page: the report moves on too.
				r, err := scanDutyReport(tx.queryRow("SELECT "+dutyReportColumns+dutyReportFrom+" WHERE r.id = ?", it.ID))
				if err != nil {
					return err
				}
				if r.State == dutyreport.Rating {
					env, err := tx.env()
					if err != nil {
						return err
					}
					e := *env
					e.Rel = renda.Rel{"system"}
					if _, _, err := dutyReportFlow.apply(tx, &e, r, "close_rating", renda.NewInput(), nil); err != nil {
						return err
					}
				}
			}
			return nil
		},
	})
	resolvers["station"] = func(tx *Tx, filter, id string) (renda.Ref, bool, error) {
		var r renda.Ref
		err := tx.queryRow("SELECT id, name FROM stations WHERE id = ?", id).Scan(&r.ID, &r.Name)
		if errNoRows(err) {
			return r, false, nil
		}
		return r, err == nil, err
	}
}

// CreateDutyReport drafts a report to voters for a deputy and year from
// the deputy's duty record (the deputy themself, or staff for them).
func (db *DB) CreateDutyReport(ctx context.Context, actor *renda.User, deputyID string, year int) (*dutyreport.Report, error) {
	d, err := db.Deputy(ctx, actor, deputyID)
	if err != nil {
		return nil, err
	}
	if !canReadRecord(actor, deputyID) || actor.Is(renda.RoleLeader) {
		return nil, renda.Errorf(renda.EFORBIDDEN, "只有代表本人和工作人员可以起草述职报告")
	}
	var out *dutyreport.Report
	err = db.write(ctx, actor, func(tx *Tx) error {
		var err error
		out, err = tx.CreateDutyReport(d, year)
		return err
	})
	return out, err
}

// CreateDutyReport drafts a report in this transaction, as its actor (the
// deputy, or staff), from the duty record as it stands in the transaction.
func (tx *Tx) CreateDutyReport(d *renda.Deputy, year int) (*dutyreport.Report, error) {
	set, err := tx.settings()
	if err != nil {
		return nil, err
	}
	rows, err := tx.query("SELECT kind, title, at, entity, entity_id FROM duty_credits WHERE deputy_id = ? AND year = ? ORDER BY at DESC, kind, entity_id", d.ID, year)
	if err != nil {
		return nil, err
	}
	var entries []record.Entry
	for rows.Next() {
		var e record.Entry
		if err := rows.Scan(&e.Kind, &e.Title, tsScan{&e.At}, &e.Source.Entity, &e.Source.ID); err != nil {
			rows.Close()
			return nil, err
		}
		entries = append(entries, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rec := record.Read(d.ID, year, entries, set)
	r := &dutyreport.Report{ID: renda.NewID(), DeputyID: d.ID, DeputyName: d.Name, CongressID: d.CongressID, Level: d.Level, Year: year}
	env, err := tx.env()
	if err != nil {
		return nil, err
	}
	env.Rel = dutyreport.Relations(tx.actor, r)
	env.Facts = &dutyreport.Facts{Title: d.Name + strconv.Itoa(year) + "年度向选民述职报告", Draft: dutyreport.DraftFrom(d.Name, rec)}
	out, _, err := dutyReportFlow.apply(tx, env, r, "create", renda.NewInput(), nil)
	return out, err
}

// ActOnDutyReport applies an action for actor.
func (db *DB) ActOnDutyReport(ctx context.Context, actor *renda.User, id, action string, in renda.Values) (*dutyreport.Report, error) {
	var r *dutyreport.Report
	err := db.write(ctx, actor, func(tx *Tx) error {
		var err error
		r, err = tx.ActOnDutyReport(id, action, in)
		return err
	})
	return r, err
}

// ActOnDutyReport applies an action in this transaction, as its actor.
func (tx *Tx) ActOnDutyReport(id, action string, in renda.Values) (*dutyreport.Report, error) {
	if r, ok := dutyreport.Flow.Rule(action); !ok || !r.Offered() {
		return nil, renda.Errorf(renda.ENOTFOUND, "没有“%s”这个操作", trunc(action, 20))
	}
	r, err := tx.dutyReportFor(tx.actor, id, true)
	if err != nil {
		return nil, err
	}
	next, _, err := dutyReportFlow.run(tx, r, action, in, nil)
	if err != nil {
		return nil, err
	}
	return tx.dutyReportFor(tx.actor, next.ID, false)
}

// DutyReportActions lists the actions viewer may take on a report now.
func (db *DB) DutyReportActions(ctx context.Context, viewer *renda.User, r *dutyreport.Report) ([]renda.Rule, error) {
	var out []renda.Rule
	err := db.read(ctx, func(tx *Tx) error {
		tx.actor = viewer
		var err error
		out, err = dutyReportFlow.actions(tx, r)
		return err
	})
	return out, err
}
