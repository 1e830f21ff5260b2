package store

import (
	"context"
	"strconv"
	"time"

	"renda"
	"renda/liaison"
)

// The "two contacts" (两个联系): see package liaison. Staff link committee
// members (users of the leader role) to deputies; a member logs contacts
// with the deputies linked to them, each credited to the deputy's duty
// record (kind "liaison") in the same transaction; the sweep reminds a
// member, once a year, of deputies they have contacted too little.

// LinkMember links a committee member to deputies (staff).
func (db *DB) LinkMember(ctx context.Context, actor *renda.User, memberID string, deputyIDs []string) error {
	if !actor.Is(renda.RoleAdmin, renda.RoleStaff) {
		return renda.Errorf(renda.EFORBIDDEN, "只有工作人员可以确定联系代表")
	}
	return db.write(ctx, actor, func(tx *Tx) error { return tx.LinkMember(memberID, deputyIDs) })
}

// LinkMember links a member to deputies in this transaction.
func (tx *Tx) LinkMember(memberID string, deputyIDs []string) error {
	var p renda.Problems
	if ok, err := tx.exists("SELECT 1 FROM users WHERE id = ? AND role = 'leader'", memberID); err != nil {
		return err
	} else if !ok {
		p.Add("member", "请选择常委会组成人员")
	}
	if len(deputyIDs) == 0 {
		p.Add("deputies", "请选择代表")
	}
	for _, id := range deputyIDs {
		if ok, err := tx.exists("SELECT 1 FROM deputies WHERE id = ?", id); err != nil {
			return err
		} else if !ok {
			p.Add("deputies", "所选代表不存在")
			break
		}
	}
	if err := p.Err(); err != nil {
		return err
	}
	for _, id := range deputyIDs {
		if _, err := tx.exec("INSERT INTO member_deputies (user_id, deputy_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING", memberID, id, ts(tx.now)); err != nil {
			return err
		}
	}
	tx.Record(renda.Change{Action: "link_deputies", Entity: "user", EntityID: memberID, After: map[string]any{"deputy_ids": deputyIDs}})
	return nil
}

// LogContact records a committee member's contact with a deputy linked to
// them; the deputy's record gets it in the same transaction.
func (db *DB) LogContact(ctx context.Context, actor *renda.User, c *liaison.Contact) error {
	if !actor.Is(renda.RoleLeader) {
		return renda.Errorf(renda.EFORBIDDEN, "由常委会组成人员本人登记联系代表情况")
	}
	if err := c.Check(renda.DateOf(db.clock.Now())); err != nil {
		return err
	}
	return db.write(ctx, actor, func(tx *Tx) error { return tx.LogContact(c) })
}

// LogContact records a contact in this transaction, for its actor.
func (tx *Tx) LogContact(c *liaison.Contact) error {
	var name string
	err := tx.queryRow("SELECT d.name FROM member_deputies m JOIN deputies d ON d.id = m.deputy_id WHERE m.user_id = ? AND m.deputy_id = ?", tx.actor.ID, c.DeputyID).Scan(&name)
	if errNoRows(err) {
		return &renda.Error{Code: renda.EINVALID, Message: "只能登记与本人联系的代表的联系情况", Fields: []renda.FieldError{{Field: "deputy", Message: "不是您联系的代表"}}}
	}
	if err != nil {
		return err
	}
	c.ID, c.MemberID, c.MemberName, c.DeputyName, c.CreatedAt = renda.NewID(), tx.actor.ID, tx.actor.Name(), name, tx.now
	if _, err := tx.exec("INSERT INTO liaison_contacts (id, user_id, deputy_id, kind, day, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
		c.ID, c.MemberID, c.DeputyID, c.Kind, c.Day.String(), c.Note, ts(tx.now)); err != nil {
		return err
	}
	tx.Record(renda.Change{Action: "contact", Entity: "deputy", EntityID: c.DeputyID, After: c, Note: c.KindLabel() + "：" + c.MemberName})
	return tx.credit([]renda.Credit{{DeputyID: c.DeputyID, Kind: "liaison", Title: c.MemberName + c.KindLabel(),
		At: c.Day.Start().Add(9 * time.Hour), Entity: "liaison_contact", EntityID: c.ID}}, nil)
}

// LiaisonLinks lists the links of a member ("" for every member: staff
// side), with this year's contacts and the deputies' contacts with voters.
func (db *DB) LiaisonLinks(ctx context.Context, viewer *renda.User, memberID string, year int) ([]liaison.Link, error) {
	switch {
	case viewer.Is(renda.RoleAdmin, renda.RoleStaff):
	case viewer.Is(renda.RoleLeader) && (memberID == viewer.ID || memberID == ""):
		memberID = viewer.ID
	default:
		return nil, renda.Errorf(renda.EFORBIDDEN, "只有常委会组成人员和工作人员可以查看联系代表情况")
	}
	set, err := db.Settings(ctx)
	if err != nil {
		return nil, err
	}
	y := strconv.Itoa(year)
	q := `SELECT m.user_id, u.display_name, d.id, d.name, COALESCE(r.name, ''),
		(SELECT COUNT(*) FROM liaison_contacts c WHERE c.user_id = m.user_id AND c.deputy_id = m.deputy_id AND c.day >= ? AND c.day <= ?),
		(SELECT COUNT(*) FROM duty_credits k WHERE k.deputy_id = d.id AND k.year = ? AND k.kind = 'reception'),
		(SELECT COUNT(*) FROM duty_credits k WHERE k.deputy_id = d.id AND k.year = ? AND k.kind = 'opinion')
		FROM member_deputies m JOIN users u ON u.id = m.user_id JOIN deputies d ON d.id = m.deputy_id LEFT JOIN regions r ON r.id = d.region_id`
	args := []any{y + "-01-01", y + "-12-31", year, year}
	if memberID != "" {
		q, args = q+" WHERE m.user_id = ?", append(args, memberID)
	}
	rows, err := db.r.QueryContext(ctx, db.rebind(q+" ORDER BY u.display_name, m.user_id, d.name, d.id"), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []liaison.Link{}
	for rows.Next() {
		l := liaison.Link{Min: set.Int("liaison.yearly_min")}
		if err := rows.Scan(&l.MemberID, &l.MemberName, &l.DeputyID, &l.DeputyName, &l.Region, &l.Contacts, &l.Receptions, &l.Opinions); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// LiaisonContacts lists a member's contacts in a year ("" : every member's; staff side).
func (db *DB) LiaisonContacts(ctx context.Context, viewer *renda.User, memberID string, year int) ([]liaison.Contact, error) {
	if !viewer.Is(renda.RoleAdmin, renda.RoleStaff) {
		if !viewer.Is(renda.RoleLeader) {
			return nil, renda.Errorf(renda.EFORBIDDEN, "只有常委会组成人员和工作人员可以查看联系代表情况")
		}
		memberID = viewer.ID
	}
	y := strconv.Itoa(year)
	q := `SELECT c.id, c.user_id, u.display_name, c.deputy_id, d.name, c.kind, c.day, c.note, c.created_at
		FROM liaison_contacts c JOIN users u ON u.id = c.user_id JOIN deputies d ON d.id = c.deputy_id WHERE c.day >= ? AND c.day <= ?`
	args := []any{y + "-01-01", y + "-12-31"}
	if memberID != "" {
		q, args = q+" AND c.user_id = ?", append(args, memberID)
	}
	rows, err := db.r.QueryContext(ctx, db.rebind(q+" ORDER BY c.day DESC, c.id DESC LIMIT 500"), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []liaison.Contact{}
	for rows.Next() {
		var c liaison.Contact
		if err := rows.Scan(&c.ID, &c.MemberID, &c.MemberName, &c.DeputyID, &c.DeputyName, &c.Kind, dayScan{&c.Day}, &c.Note, tsScan{&c.CreatedAt}); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// RemindLiaison reminds each committee member, once a year from the
// reminder month, of the deputies they have contacted fewer times than the
// yearly minimum (the sweep).
func (db *DB) RemindLiaison(ctx context.Context) error {
	return db.Sweep(ctx, func(tx *Tx) error {
		set, err := tx.settings()
		if err != nil {
			return err
		}
		today := tx.Today()
		if int(today.Month) < set.Int("liaison.remind_month") {
			return nil
		}
		y := strconv.Itoa(today.Year)
		rows, err := tx.query(`SELECT m.user_id, COUNT(*) FROM member_deputies m
			WHERE (SELECT COUNT(*) FROM liaison_contacts c WHERE c.user_id = m.user_id AND c.deputy_id = m.deputy_id AND c.day >= ? AND c.day <= ?) < ?
			GROUP BY m.user_id ORDER BY m.user_id`, y+"-01-01", y+"-12-31", set.Int("liaison.yearly_min"))
		if err != nil {
			return err
		}
		type short struct {
			user string
			n    int
		}
		var due []short
		for rows.Next() {
			var s short
			if err := rows.Scan(&s.user, &s.n); err != nil {
				rows.Close()
				return err
			}
			due = append(due, s)
		}
		rows.Close()
		for _, s := range due {
			ok, err := tx.Once("liaison-remind:" + y + ":" + s.user)
			if err != nil {
				return err
			}
			if ok {
				if err := tx.Notify(s.user, "联系代表次数不足", "您联系的代表中有 "+strconv.Itoa(s.n)+" 名今年联系次数少于 "+strconv.Itoa(set.Int("liaison.yearly_min"))+" 次。", "/liaison"); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// CommitteeMembers lists the accounts of committee members (the leader
// role), for staff to link deputies to.
func (db *DB) CommitteeMembers(ctx context.Context) ([]renda.Option, error) {
	rows, err := db.r.QueryContext(ctx, db.rebind("SELECT id, display_name FROM users WHERE role = 'leader' AND disabled = ? ORDER BY display_name, id"), false)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []renda.Option
	for rows.Next() {
		var o renda.Option
		if err := rows.Scan(&o.Value, &o.Label); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}
