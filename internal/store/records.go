package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"renda"
	"renda/record"
)

// Deputies' duty records (履职档案): the workflows write duty_credits in the
// transaction of each action (tx.credit); this file reads them under the
// points scale, and keeps what staff add by hand and the deputy's notes.

// canReadRecord reports whether viewer may read the duty record of deputyID:
// the deputy, and the standing committee's side.
func canReadRecord(viewer *renda.User, deputyID string) bool {
	return viewer != nil && (viewer.IsStaffSide() || (viewer.Is(renda.RoleDeputy) && viewer.DeputyID == deputyID))
}

// DutyRecord is a deputy's duty record for a year (0: every year), with each
// entry's points under the settings' scale and the deputy's notes.
func (db *DB) DutyRecord(ctx context.Context, viewer *renda.User, deputyID string, year int) (*record.Record, error) {
	if _, err := db.Deputy(ctx, viewer, deputyID); err != nil {
		return nil, err
	}
	if !canReadRecord(viewer, deputyID) {
		return nil, renda.Errorf(renda.EFORBIDDEN, "只有代表本人和人大常委会工作人员可以查看履职档案")
	}
	s, err := db.Settings(ctx)
	if err != nil {
		return nil, err
	}
	q, args := "SELECT kind, title, at, entity, entity_id, evidence FROM duty_credits WHERE deputy_id = ?", []any{deputyID}
	if year != 0 {
		q, args = q+" AND year = ?", append(args, year)
	}
	rows, err := db.r.QueryContext(ctx, db.rebind(q+" ORDER BY at DESC, kind, entity_id"), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var entries []record.Entry
	index := map[string]int{}
	for rows.Next() {
		var e record.Entry
		if err := rows.Scan(&e.Kind, &e.Title, tsScan{&e.At}, &e.Source.Entity, &e.Source.ID, &e.Evidence); err != nil {
			return nil, err
		}
		index[e.Key()] = len(entries)
		entries = append(entries, e)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	nrows, err := db.r.QueryContext(ctx, db.rebind(`SELECT n.kind, n.entity, n.entity_id, n.text, n.correction, COALESCE(u.display_name, ''), n.at
		FROM duty_notes n LEFT JOIN users u ON u.id = n.by_user WHERE n.deputy_id = ? ORDER BY n.at, n.id`), deputyID)
	if err != nil {
		return nil, err
	}
	defer nrows.Close()
	for nrows.Next() {
		var kind, entity, id string
		var n record.Note
		if err := nrows.Scan(&kind, &entity, &id, &n.Text, &n.Correction, &n.By, tsScan{&n.At}); err != nil {
			return nil, err
		}
		if i, ok := index[kind+":"+entity+":"+id]; ok {
			entries[i].Notes = append(entries[i].Notes, n)
		}
	}
	if err := nrows.Err(); err != nil {
		return nil, err
	}
	return record.Read(deputyID, year, entries, s), nil
}

// DutyRanking is one line of the staff's ranking of deputies by points.
type DutyRanking struct {
	DeputyID string `json:"deputy_id"`
	Name     string `json:"name"`
	Region   string `json:"region"`
	Entries  int    `json:"entries"`
	Points   int    `json:"points"`
}

// DutyRankings ranks the active deputies of this deployment's congress by
// their points in a year, highest first; staff side only (rankings are not
// shown to deputies or the public).
func (db *DB) DutyRankings(ctx context.Context, viewer *renda.User, year int) ([]DutyRanking, error) {
	if viewer == nil || !viewer.IsStaffSide() {
		return nil, renda.Errorf(renda.EFORBIDDEN, "只有人大常委会工作人员可以查看履职积分排名")
	}
	s, err := db.Settings(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := db.r.QueryContext(ctx, db.rebind(`SELECT d.id, d.name, COALESCE(r.name, ''), c.kind, COUNT(c.kind)
		FROM deputies d JOIN congresses g ON g.id = d.congress_id
		LEFT JOIN regions r ON r.id = d.region_id
		LEFT JOIN duty_credits c ON c.deputy_id = d.id AND c.year = ?
		WHERE d.status = 'active' AND g.level = 'county'
		GROUP BY d.id, d.name, r.name, c.kind`), year)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	byID := map[string]*DutyRanking{}
	var out []*DutyRanking
	for rows.Next() {
		var id, name, region string
		var kind sql.NullString
		var n int
		if err := rows.Scan(&id, &name, &region, &kind, &n); err != nil {
			return nil, err
		}
		r := byID[id]
		if r == nil {
			r = &DutyRanking{DeputyID: id, Name: name, Region: region}
			byID[id] = r
			out = append(out, r)
		}
		if kind.Valid {
			r.Entries += n
			r.Points += n * record.Points(s, kind.String)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	res := make([]DutyRanking, len(out))
	for i, r := range out {
		res[i] = *r
	}
	sortRankings(res)
	return res, nil
}

func sortRankings(rs []DutyRanking) {
	for i := 1; i < len(rs); i++ { // insertion sort keeps equal points in name order stable
		for j := i; j > 0 && less(rs[j], rs[j-1]); j-- {
			rs[j], rs[j-1] = rs[j-1], rs[j]
		}
	}
}

func less(a, b DutyRanking) bool {
	if a.Points != b.Points {
		return a.Points > b.Points
	}
	return a.Name < b.Name
}

// AddDutyEntry records, by staff, something a deputy did outside renda,
// with its evidence. It returns the new entry's source id.
func (db *DB) AddDutyEntry(ctx context.Context, actor *renda.User, deputyID string, a record.Addition) (string, error) {
	if actor == nil || !actor.Is(renda.RoleAdmin, renda.RoleStaff) {
		return "", renda.Errorf(renda.EFORBIDDEN, "只有工作人员可以补录履职情况")
	}
	if _, err := db.Deputy(ctx, actor, deputyID); err != nil {
		return "", err
	}
	if err := a.Check(renda.DateOf(db.clock.Now())); err != nil {
		return "", err
	}
	var id string
	err := db.write(ctx, actor, func(tx *Tx) error {
		var err error
		id, err = tx.AddDutyEntry(deputyID, a)
		return err
	})
	return id, err
}

// AddDutyEntry is AddDutyEntry in this transaction, by its actor (the demo
// replays it); the addition is checked already.
func (tx *Tx) AddDutyEntry(deputyID string, a record.Addition) (string, error) {
	if a.Kind == "absence" || a.Kind == "leave" {
		if err := tx.checkManualAttendance(deputyID, a.Date); err != nil {
			return "", err
		}
	}
	id := renda.NewID()
	if err := tx.credit([]renda.Credit{{DeputyID: deputyID, Kind: a.Kind, Title: a.Title, At: a.Date.Start().Add(9 * time.Hour),
		Entity: "external", EntityID: id}}, nil); err != nil {
		return "", err
	}
	if _, err := tx.exec("UPDATE duty_credits SET evidence = ? WHERE deputy_id = ? AND entity = 'external' AND entity_id = ?", a.Evidence, deputyID, id); err != nil {
		return "", err
	}
	tx.Record(renda.Change{Action: "record_add", Entity: "deputy", EntityID: deputyID,
		After: map[string]any{"kind": a.Kind, "title": a.Title, "date": a.Date, "evidence": a.Evidence, "entry": id}})
	return id, nil
}

// RemoveDutyEntry takes back, by staff, an entry staff added by hand (a
// correction), giving the reason. Entries the workflows wrote are corrected
// in their workflow, never here.
func (db *DB) RemoveDutyEntry(ctx context.Context, actor *renda.User, deputyID, key, reason string) error {
	if actor == nil || !actor.Is(renda.RoleAdmin, renda.RoleStaff) {
		return renda.Errorf(renda.EFORBIDDEN, "只有工作人员可以更正履职档案")
	}
	var p renda.Problems
	reason = p.Line("reason", "更正理由", reason, true, 200)
	if err := p.Err(); err != nil {
		return err
	}
	kind, entity, id, ok := record.ParseKey(key)
	if !ok || entity != "external" {
		return renda.Errorf(renda.EINVALID, "只有工作人员补录的事项可以在这里更正；其他事项请在原事项中处理")
	}
	return db.write(ctx, actor, func(tx *Tx) error {
		var title string
		err := tx.queryRow("SELECT title FROM duty_credits WHERE deputy_id = ? AND kind = ? AND entity = ? AND entity_id = ?", deputyID, kind, entity, id).Scan(&title)
		if errors.Is(err, sql.ErrNoRows) {
			return renda.Errorf(renda.ENOTFOUND, "履职档案中没有这一项")
		} else if err != nil {
			return err
		}
		if err := tx.credit(nil, []renda.Credit{{DeputyID: deputyID, Kind: kind, Entity: entity, EntityID: id}}); err != nil {
			return err
		}
		tx.Record(renda.Change{Action: "record_remove", Entity: "deputy", EntityID: deputyID,
			Before: map[string]any{"kind": kind, "title": title, "entry": id}, Note: reason})
		return nil
	})
}

// NoteDutyEntry adds the deputy's context to an entry of their own record,
// or (correction) asks staff to correct it; staff are told.
func (db *DB) NoteDutyEntry(ctx context.Context, actor *renda.User, deputyID, key, text string, correction bool) error {
	if actor == nil || !actor.Is(renda.RoleDeputy) || actor.DeputyID != deputyID {
		return renda.Errorf(renda.EFORBIDDEN, "只有代表本人可以对履职档案作说明或申请更正")
	}
	text, err := record.CheckNote(text)
	if err != nil {
		return err
	}
	kind, entity, id, ok := record.ParseKey(key)
	if !ok {
		return renda.Errorf(renda.EINVALID, "履职档案中没有这一项")
	}
	return db.write(ctx, actor, func(tx *Tx) error {
		var title string
		err := tx.queryRow("SELECT title FROM duty_credits WHERE deputy_id = ? AND kind = ? AND entity = ? AND entity_id = ?", deputyID, kind, entity, id).Scan(&title)
		if errors.Is(err, sql.ErrNoRows) {
			return renda.Errorf(renda.ENOTFOUND, "履职档案中没有这一项")
		} else if err != nil {
			return err
		}
		if _, err := tx.exec("INSERT INTO duty_notes (id, deputy_id, kind, entity, entity_id, text, correction, by_user, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
			renda.NewID(), deputyID, kind, entity, id, text, correction, actor.ID, ts(tx.now)); err != nil {
			return err
		}
		action := "record_note"
		if correction {
			action = "record_correction"
		}
		tx.Record(renda.Change{Action: action, Entity: "deputy", EntityID: deputyID,
			After: map[string]any{"entry": key, "title": title}, Note: text})
		if correction {
			return tx.NotifyRoles([]renda.Role{renda.RoleStaff}, "履职档案更正申请", actor.Name()+"申请更正："+title+"。说明："+text, "/deputies/"+deputyID+"/record")
		}
		return nil
	})
}

// PublicDutyTallies is what a deputy did in a year, as counts per kind, for
// their public page (代表法 art. 58: duty information is published): never a
// title, a citizen's words or points.
func (db *DB) PublicDutyTallies(ctx context.Context, deputyID string, year int) ([]record.Tally, error) {
	rows, err := db.r.QueryContext(ctx, db.rebind("SELECT kind, COUNT(*) FROM duty_credits WHERE deputy_id = ? AND year = ? GROUP BY kind"), deputyID, year)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	counts := map[string]int{}
	for rows.Next() {
		var kind string
		var n int
		if err := rows.Scan(&kind, &n); err != nil {
			return nil, err
		}
		counts[kind] = n
	}
	var out []record.Tally
	for _, k := range record.Kinds {
		if n := counts[k.Key]; n > 0 && record.IsPublic(k.Key) {
			out = append(out, record.Tally{Kind: k.Key, Label: k.Label, Count: n})
		}
	}
	return out, rows.Err()
}
