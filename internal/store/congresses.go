package store

import (
	"context"

	"renda"
)

// Congresses lists every congress with its terms and their sessions.
func (db *DB) Congresses(ctx context.Context) ([]*renda.Congress, error) {
	var out []*renda.Congress
	err := db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(`SELECT c.id, c.name, c.level, c.region_id, c.created_at, r.name FROM congresses c
			JOIN regions r ON r.id = c.region_id
			ORDER BY CASE c.level WHEN 'province' THEN 1 WHEN 'city' THEN 2 WHEN 'county' THEN 3 ELSE 4 END, r.code`)
		if err != nil {
			return err
		}
		byID := map[string]*renda.Congress{}
		for rows.Next() {
			var c renda.Congress
			var level string
			if err := rows.Scan(&c.ID, &c.Name, &level, &c.RegionID, tsScan{&c.CreatedAt}, &c.RegionName); err != nil {
				rows.Close()
				return err
			}
			c.Level = renda.Level(level)
			out = append(out, &c)
			byID[c.ID] = &c
		}
		rows.Close()
		terms, err := tx.terms("")
		if err != nil {
			return err
		}
		for _, t := range terms {
			if c := byID[t.CongressID]; c != nil {
				c.Terms = append(c.Terms, t)
			}
		}
		return nil
	})
	return out, err
}

// Congress returns one congress with its terms and sessions.
func (db *DB) Congress(ctx context.Context, id string) (*renda.Congress, error) {
	var c renda.Congress
	err := db.read(ctx, func(tx *Tx) error {
		var level string
		if err := tx.queryRow(`SELECT c.id, c.name, c.level, c.region_id, c.created_at, r.name FROM congresses c
			JOIN regions r ON r.id = c.region_id WHERE c.id = ?`, id).Scan(&c.ID, &c.Name, &level, &c.RegionID, tsScan{&c.CreatedAt}, &c.RegionName); err != nil {
			return notFound(err, "人大不存在")
		}
		c.Level = renda.Level(level)
		var err error
		c.Terms, err = tx.terms(id)
		return err
	})
	return &c, err
}

// terms lists terms (of one congress, or all) newest first, with sessions.
func (tx *Tx) terms(congressID string) ([]renda.Term, error) {
	q, args := "SELECT id, congress_id, number, start_date, end_date, created_at FROM terms", []any{}
	if congressID != "" {
		q, args = q+" WHERE congress_id = ?", append(args, congressID)
	}
	rows, err := tx.query(q+" ORDER BY congress_id, number DESC", args...)
	if err != nil {
		return nil, err
	}
	var terms []renda.Term
	idx := map[string]int{}
	for rows.Next() {
		var t renda.Term
		if err := rows.Scan(&t.ID, &t.CongressID, &t.Number, dayScan{&t.StartDate}, dayScan{&t.EndDate}, tsScan{&t.CreatedAt}); err != nil {
			rows.Close()
			return nil, err
		}
		idx[t.ID] = len(terms)
		terms = append(terms, t)
	}
	rows.Close()
	sessions, err := tx.sessions("")
	if err != nil {
		return nil, err
	}
	for _, s := range sessions {
		if i, ok := idx[s.TermID]; ok {
			terms[i].Sessions = append(terms[i].Sessions, s)
		}
	}
	return terms, nil
}

const sessionColumns = `s.id, s.term_id, s.number, s.start_date, s.end_date, s.motion_deadline, s.created_at, t.number, t.congress_id, c.name`
const sessionFrom = ` FROM sessions s JOIN terms t ON t.id = s.term_id JOIN congresses c ON c.id = t.congress_id`

func scanSession(row interface{ Scan(...any) error }) (renda.Session, error) {
	var s renda.Session
	err := row.Scan(&s.ID, &s.TermID, &s.Number, dayScan{&s.StartDate}, dayScan{&s.EndDate}, tsScan{&s.MotionDeadline}, tsScan{&s.CreatedAt},
		&s.TermNumber, &s.CongressID, &s.CongressName)
	return s, err
}

func (tx *Tx) sessions(termID string) ([]renda.Session, error) {
	q, args := "SELECT "+sessionColumns+sessionFrom, []any{}
	if termID != "" {
		q, args = q+" WHERE s.term_id = ?", append(args, termID)
	}
	rows, err := tx.query(q+" ORDER BY s.term_id, s.number", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []renda.Session
	for rows.Next() {
		s, err := scanSession(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// Session returns one congress session.
func (db *DB) Session(ctx context.Context, id string) (renda.Session, error) {
	s, err := scanSession(db.r.QueryRowContext(ctx, db.rebind("SELECT "+sessionColumns+sessionFrom+" WHERE s.id = ?"), id))
	return s, notFound(err, "会议不存在")
}

// Sessions lists the sessions of one congress (all terms), newest first.
func (db *DB) Sessions(ctx context.Context, congressID string) ([]renda.Session, error) {
	rows, err := db.r.QueryContext(ctx, db.rebind("SELECT "+sessionColumns+sessionFrom+" WHERE t.congress_id = ? ORDER BY t.number DESC, s.number DESC"), congressID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []renda.Session
	for rows.Next() {
		s, err := scanSession(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// CongressByRegion returns the congress of a region (e.g. the county's
// own congress).
func (db *DB) CongressByRegion(ctx context.Context, regionID string) (*renda.Congress, error) {
	var id string
	if err := db.r.QueryRowContext(ctx, db.rebind("SELECT id FROM congresses WHERE region_id = ?"), regionID).Scan(&id); err != nil {
		return nil, notFound(err, "该区划没有人大")
	}
	return db.Congress(ctx, id)
}

// SaveCongress creates or updates a congress.
func (db *DB) SaveCongress(ctx context.Context, actor *renda.User, c *renda.Congress) error {
	if !renda.CanManageReference(actor) {
		return renda.Errorf(renda.EFORBIDDEN, "只有管理员和工作人员可以维护人大及届次")
	}
	if err := c.Validate(); err != nil {
		return err
	}
	return db.write(ctx, actor, func(tx *Tx) error { return tx.saveCongress(c) })
}

func (tx *Tx) saveCongress(c *renda.Congress) error {
	if ok, err := tx.exists("SELECT 1 FROM regions WHERE id = ?", c.RegionID); err != nil {
		return err
	} else if !ok {
		return renda.Errorf(renda.EINVALID, "所属行政区划不存在")
	}
	if c.ID == "" {
		c.ID = renda.NewID()
		c.CreatedAt = tx.now
		if _, err := tx.exec("INSERT INTO congresses (id, name, level, region_id, created_at) VALUES (?, ?, ?, ?, ?)",
			c.ID, c.Name, string(c.Level), c.RegionID, ts(tx.now)); err != nil {
			return err
		}
		tx.Record(renda.Change{Action: "create", Entity: "congress", EntityID: c.ID, After: c})
		return nil
	}
	res, err := tx.exec("UPDATE congresses SET name = ?, level = ?, region_id = ? WHERE id = ?", c.Name, string(c.Level), c.RegionID, c.ID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return renda.Errorf(renda.ENOTFOUND, "人大不存在")
	}
	tx.Record(renda.Change{Action: "update", Entity: "congress", EntityID: c.ID, After: c})
	return nil
}

// SaveTerm creates or updates a term.
func (db *DB) SaveTerm(ctx context.Context, actor *renda.User, t *renda.Term) error {
	if !renda.CanManageReference(actor) {
		return renda.Errorf(renda.EFORBIDDEN, "只有管理员和工作人员可以维护人大及届次")
	}
	if err := t.Validate(); err != nil {
		return err
	}
	return db.write(ctx, actor, func(tx *Tx) error { return tx.saveTerm(t) })
}

func (tx *Tx) saveTerm(t *renda.Term) error {
	if ok, err := tx.exists("SELECT 1 FROM congresses WHERE id = ?", t.CongressID); err != nil {
		return err
	} else if !ok {
		return renda.Errorf(renda.EINVALID, "所属人大不存在")
	}
	if t.ID == "" {
		t.ID = renda.NewID()
		if _, err := tx.exec("INSERT INTO terms (id, congress_id, number, start_date, end_date, created_at) VALUES (?, ?, ?, ?, ?, ?)",
			t.ID, t.CongressID, t.Number, day(t.StartDate), day(t.EndDate), ts(tx.now)); err != nil {
			return err
		}
		tx.Record(renda.Change{Action: "create", Entity: "term", EntityID: t.ID, After: t})
		return nil
	}
	res, err := tx.exec("UPDATE terms SET number = ?, start_date = ?, end_date = ? WHERE id = ?", t.Number, day(t.StartDate), day(t.EndDate), t.ID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return renda.Errorf(renda.ENOTFOUND, "届次不存在")
	}
	tx.Record(renda.Change{Action: "update", Entity: "term", EntityID: t.ID, After: t})
	return nil
}

// SaveSession creates or updates a congress session.
func (db *DB) SaveSession(ctx context.Context, actor *renda.User, s *renda.Session) error {
	if !renda.CanManageReference(actor) {
		return renda.Errorf(renda.EFORBIDDEN, "只有管理员和工作人员可以维护会议")
	}
	if err := s.Validate(); err != nil {
		return err
	}
	return db.write(ctx, actor, func(tx *Tx) error { return tx.saveSession(s) })
}

func (tx *Tx) saveSession(s *renda.Session) error {
	if ok, err := tx.exists("SELECT 1 FROM terms WHERE id = ?", s.TermID); err != nil {
		return err
	} else if !ok {
		return renda.Errorf(renda.EINVALID, "所属届次不存在")
	}
	if s.ID == "" {
		s.ID = renda.NewID()
		if _, err := tx.exec("INSERT INTO sessions (id, term_id, number, start_date, end_date, motion_deadline, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
			s.ID, s.TermID, s.Number, day(s.StartDate), day(s.EndDate), ts(s.MotionDeadline), ts(tx.now)); err != nil {
			return err
		}
		tx.Record(renda.Change{Action: "create", Entity: "session", EntityID: s.ID, After: s})
		return nil
	}
	res, err := tx.exec("UPDATE sessions SET number = ?, start_date = ?, end_date = ?, motion_deadline = ? WHERE id = ?",
		s.Number, day(s.StartDate), day(s.EndDate), ts(s.MotionDeadline), s.ID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return renda.Errorf(renda.ENOTFOUND, "会议不存在")
	}
	tx.Record(renda.Change{Action: "update", Entity: "session", EntityID: s.ID, After: s})
	return nil
}

// Delegations lists the delegations of a term (all terms when termID is "").
func (db *DB) Delegations(ctx context.Context, termID string) ([]renda.Delegation, error) {
	q := `SELECT g.id, g.term_id, g.name, g.region_id, (SELECT COUNT(*) FROM deputies d WHERE d.delegation_id = g.id)
		FROM delegations g LEFT JOIN regions r ON r.id = g.region_id`
	args := []any{}
	if termID != "" {
		q, args = q+" WHERE g.term_id = ?", append(args, termID)
	}
	rows, err := db.r.QueryContext(ctx, db.rebind(q+" ORDER BY COALESCE(r.code, g.name)"), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []renda.Delegation
	for rows.Next() {
		var g renda.Delegation
		if err := rows.Scan(&g.ID, &g.TermID, &g.Name, strScan{&g.RegionID}, &g.Members); err != nil {
			return nil, err
		}
		out = append(out, g)
	}
	return out, rows.Err()
}

// SaveDelegation creates a delegation (代表团) of a term.
func (db *DB) SaveDelegation(ctx context.Context, actor *renda.User, g *renda.Delegation) error {
	if !renda.CanManageReference(actor) {
		return renda.Errorf(renda.EFORBIDDEN, "只有管理员和工作人员可以维护代表团")
	}
	var p renda.Problems
	g.Name = p.Line("name", "代表团名称", g.Name, true, 40)
	if !renda.ValidID(g.TermID) {
		p.Add("term_id", "请选择届次")
	}
	if err := p.Err(); err != nil {
		return err
	}
	return db.write(ctx, actor, func(tx *Tx) error { return tx.saveDelegation(g) })
}

func (tx *Tx) saveDelegation(g *renda.Delegation) error {
	if g.ID == "" {
		g.ID = renda.NewID()
		if _, err := tx.exec("INSERT INTO delegations (id, term_id, name, region_id) VALUES (?, ?, ?, ?)", g.ID, g.TermID, g.Name, nz(g.RegionID)); err != nil {
			return err
		}
		tx.Record(renda.Change{Action: "create", Entity: "delegation", EntityID: g.ID, After: g})
		return nil
	}
	if _, err := tx.exec("UPDATE delegations SET name = ?, region_id = ? WHERE id = ?", g.Name, nz(g.RegionID), g.ID); err != nil {
		return err
	}
	tx.Record(renda.Change{Action: "update", Entity: "delegation", EntityID: g.ID, After: g})
	return nil
}

// Groups lists the groups of deputies: professional groups, then practice
// bases, each with its members (its professional members and those added).
func (db *DB) Groups(ctx context.Context) ([]renda.Group, error) {
	return db.groups(ctx, "")
}

// Group returns one group.
func (db *DB) Group(ctx context.Context, id string) (*renda.Group, error) {
	gs, err := db.groups(ctx, " WHERE g.id = ?", id)
	if err != nil {
		return nil, err
	}
	if len(gs) == 0 {
		return nil, renda.Errorf(renda.ENOTFOUND, "小组不存在")
	}
	return &gs[0], nil
}

func (db *DB) groups(ctx context.Context, where string, args ...any) ([]renda.Group, error) {
	rows, err := db.r.QueryContext(ctx, db.rebind(`SELECT g.id, g.name, g.kind, g.description, COALESCE(g.region_id, ''), COALESCE(r.name, ''),
		COALESCE(g.leader_id, ''), COALESCE(l.name, ''), g.goals,
		(SELECT COUNT(*) FROM deputies d WHERE d.group_id = g.id OR EXISTS (SELECT 1 FROM group_members m WHERE m.group_id = g.id AND m.deputy_id = d.id))
		FROM deputy_groups g LEFT JOIN regions r ON r.id = g.region_id LEFT JOIN deputies l ON l.id = g.leader_id`+where+`
		ORDER BY CASE g.kind WHEN 'professional' THEN 0 ELSE 1 END, g.name`), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []renda.Group
	for rows.Next() {
		var g renda.Group
		if err := rows.Scan(&g.ID, &g.Name, &g.Kind, &g.Description, &g.RegionID, &g.RegionName, &g.LeaderID, &g.LeaderName, &g.Goals, &g.Members); err != nil {
			return nil, err
		}
		out = append(out, g)
	}
	return out, rows.Err()
}

// SaveGroup creates or updates a professional group.
func (db *DB) SaveGroup(ctx context.Context, actor *renda.User, g *renda.Group) error {
	if !renda.CanManageReference(actor) {
		return renda.Errorf(renda.EFORBIDDEN, "只有管理员和工作人员可以维护专业小组")
	}
	var p renda.Problems
	g.Name = p.Line("name", "小组名称", g.Name, true, 40)
	g.Description = p.Text("description", "说明", g.Description, false, 500)
	g.Kind = p.OneOf("kind", "类别", g.Kind, false, renda.GroupProfessional, renda.GroupBase)
	g.Goals = p.Text("goals", "目标", g.Goals, false, 1000)
	if g.Kind == renda.GroupBase {
		if !renda.ValidID(g.RegionID) {
			p.Add("region_id", "请选择实践基地所在的村（社区）")
		}
		if !renda.ValidID(g.LeaderID) {
			p.Add("leader_id", "请选择领办的代表")
		}
	}
	if err := p.Err(); err != nil {
		return err
	}
	return db.write(ctx, actor, func(tx *Tx) error { return tx.saveGroup(g) })
}

func (tx *Tx) saveGroup(g *renda.Group) error {
	if g.Kind == "" {
		g.Kind = renda.GroupProfessional
	}
	if g.ID == "" {
		g.ID = renda.NewID()
		if _, err := tx.exec("INSERT INTO deputy_groups (id, name, description, kind, region_id, leader_id, goals) VALUES (?, ?, ?, ?, ?, ?, ?)",
			g.ID, g.Name, g.Description, g.Kind, nz(g.RegionID), nz(g.LeaderID), g.Goals); err != nil {
			return err
		}
		tx.Record(renda.Change{Action: "create", Entity: "group", EntityID: g.ID, After: g})
		return nil
	}
	if _, err := tx.exec("UPDATE deputy_groups SET name = ?, description = ?, kind = ?, region_id = ?, leader_id = ?, goals = ? WHERE id = ?",
		g.Name, g.Description, g.Kind, nz(g.RegionID), nz(g.LeaderID), g.Goals, g.ID); err != nil {
		return err
	}
	tx.Record(renda.Change{Action: "update", Entity: "group", EntityID: g.ID, After: g})
	return nil
}
