package store

import (
	"context"
	"strings"
	"time"

	"renda"
)

// GroupMember is a deputy of a group, as lists show them.
type GroupMember struct {
	DeputyID string `json:"deputy_id"`
	Name     string `json:"name"`
	Region   string `json:"region,omitempty"`
}

// GroupMembers lists a group's deputies: those whose professional group it
// is and those added to it (a base's deputies), the leader first.
func (db *DB) GroupMembers(ctx context.Context, groupID string) ([]GroupMember, error) {
	rows, err := db.r.QueryContext(ctx, db.rebind(`SELECT d.id, d.name, COALESCE(r.name, '') FROM deputies d
		JOIN deputy_groups g ON g.id = ? LEFT JOIN regions r ON r.id = d.region_id
		WHERE d.group_id = g.id OR EXISTS (SELECT 1 FROM group_members m WHERE m.group_id = g.id AND m.deputy_id = d.id)
		ORDER BY CASE WHEN d.id = g.leader_id THEN 0 ELSE 1 END, d.name, d.id`), groupID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []GroupMember
	for rows.Next() {
		var m GroupMember
		if err := rows.Scan(&m.DeputyID, &m.Name, &m.Region); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// AddGroupMembers adds deputies to a group (staff).
func (db *DB) AddGroupMembers(ctx context.Context, actor *renda.User, groupID string, deputyIDs []string) error {
	if !renda.CanManageReference(actor) {
		return renda.Errorf(renda.EFORBIDDEN, "只有管理员和工作人员可以维护小组成员")
	}
	if len(deputyIDs) == 0 {
		return &renda.Error{Code: renda.EINVALID, Message: "请选择代表", Fields: []renda.FieldError{{Field: "deputies", Message: "请选择代表"}}}
	}
	return db.write(ctx, actor, func(tx *Tx) error { return tx.addGroupMembers(groupID, deputyIDs) })
}

func (tx *Tx) addGroupMembers(groupID string, deputyIDs []string) error {
	if ok, err := tx.exists("SELECT 1 FROM deputy_groups WHERE id = ?", groupID); err != nil {
		return err
	} else if !ok {
		return renda.Errorf(renda.ENOTFOUND, "小组不存在")
	}
	for _, id := range deputyIDs {
		if ok, err := tx.exists("SELECT 1 FROM deputies WHERE id = ?", id); err != nil {
			return err
		} else if !ok {
			return &renda.Error{Code: renda.EINVALID, Message: "所选代表不存在", Fields: []renda.FieldError{{Field: "deputies", Message: "所选代表不存在"}}}
		}
		if _, err := tx.exec("INSERT INTO group_members (group_id, deputy_id) VALUES (?, ?) ON CONFLICT DO NOTHING", groupID, id); err != nil {
			return err
		}
	}
	tx.Record(renda.Change{Action: "add_members", Entity: "group", EntityID: groupID, After: map[string]any{"deputy_ids": deputyIDs}})
	return nil
}

// GroupActivities lists what a group did, latest first.
func (db *DB) GroupActivities(ctx context.Context, groupID string) ([]renda.GroupActivity, error) {
	rows, err := db.r.QueryContext(ctx, db.rebind(`SELECT a.id, a.group_id, a.day, a.title, a.summary, COALESCE(d.id, ''), COALESCE(d.name, '')
		FROM group_activities a LEFT JOIN group_activity_deputies ad ON ad.activity_id = a.id LEFT JOIN deputies d ON d.id = ad.deputy_id
		WHERE a.group_id = ? ORDER BY a.day DESC, a.id DESC, d.name`), groupID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []renda.GroupActivity
	for rows.Next() {
		var a renda.GroupActivity
		var did, dname string
		if err := rows.Scan(&a.ID, &a.GroupID, dayScan{&a.Day}, &a.Title, &a.Summary, &did, &dname); err != nil {
			return nil, err
		}
		if n := len(out); n == 0 || out[n-1].ID != a.ID {
			a.DeputyIDs, a.Deputies = []string{}, []string{}
			out = append(out, a)
		}
		if did != "" {
			last := &out[len(out)-1]
			last.DeputyIDs, last.Deputies = append(last.DeputyIDs, did), append(last.Deputies, dname)
		}
	}
	return out, rows.Err()
}

// RecordGroupActivity records what a group did, by staff; each deputy who
// took part is credited in the same transaction (kind "group").
func (db *DB) RecordGroupActivity(ctx context.Context, actor *renda.User, a *renda.GroupActivity) error {
	if !renda.CanManageReference(actor) {
		return renda.Errorf(renda.EFORBIDDEN, "只有管理员和工作人员可以登记小组活动")
	}
	var p renda.Problems
	a.Title = p.Line("title", "活动名称", a.Title, true, 100)
	a.Summary = p.Text("summary", "活动情况", a.Summary, false, 2000)
	if a.Day.IsZero() {
		p.Add("day", "请填写活动日期")
	} else if renda.DateOf(db.clock.Now()).Before(a.Day) {
		p.Add("day", "活动日期不能晚于今天")
	}
	if len(a.DeputyIDs) == 0 {
		p.Add("deputies", "请选择参加活动的代表")
	}
	if err := p.Err(); err != nil {
		return err
	}
	return db.write(ctx, actor, func(tx *Tx) error { return tx.recordGroupActivity(a) })
}

func (tx *Tx) recordGroupActivity(a *renda.GroupActivity) error {
	var name string
	if err := tx.queryRow("SELECT name FROM deputy_groups WHERE id = ?", a.GroupID).Scan(&name); err != nil {
		return notFound(err, "小组不存在")
	}
	if a.ID == "" {
		a.ID = renda.NewID()
	}
	by := ""
	if tx.actor != nil {
		by = tx.actor.ID
	}
	if _, err := tx.exec("INSERT INTO group_activities (id, group_id, day, title, summary, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
		a.ID, a.GroupID, a.Day.String(), a.Title, a.Summary, by, ts(tx.now)); err != nil {
		return err
	}
	var credits []renda.Credit
	for _, id := range a.DeputyIDs {
		member, err := tx.exists(`SELECT 1 FROM deputies d WHERE d.id = ? AND (d.group_id = ? OR EXISTS (SELECT 1 FROM group_members m WHERE m.group_id = ? AND m.deputy_id = d.id))`, id, a.GroupID, a.GroupID)
		if err != nil {
			return err
		}
		if !member {
			return &renda.Error{Code: renda.EINVALID, Message: "参加活动的代表须是本组成员", Fields: []renda.FieldError{{Field: "deputies", Message: "参加活动的代表须是本组成员"}}}
		}
		if _, err := tx.exec("INSERT INTO group_activity_deputies (activity_id, deputy_id) VALUES (?, ?)", a.ID, id); err != nil {
			return err
		}
		credits = append(credits, renda.Credit{DeputyID: id, Kind: "group", Title: strings.TrimSpace(name + "：" + a.Title),
			At: a.Day.Start().Add(9 * time.Hour), Entity: "group_activity", EntityID: a.ID})
	}
	tx.Record(renda.Change{Action: "activity", Entity: "group", EntityID: a.GroupID, After: a})
	return tx.credit(credits, nil)
}

// GroupListItem is a group as GET /api/v1/groups lists it: professional
// groups, special liaison stations and practice bases.
type GroupListItem struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Kind    string `json:"kind"`
	Members int    `json:"members"`
}

// GroupList lists every group of deputies, special stations included.
func (db *DB) GroupList(ctx context.Context) ([]GroupListItem, error) {
	gs, err := db.Groups(ctx)
	if err != nil {
		return nil, err
	}
	out := []GroupListItem{}
	for _, g := range gs {
		out = append(out, GroupListItem{ID: g.ID, Name: g.Name, Kind: g.Kind, Members: g.Members})
	}
	rows, err := db.r.QueryContext(ctx, `SELECT s.id, s.name, (SELECT COUNT(*) FROM station_deputies sd WHERE sd.station_id = s.id)
		FROM stations s WHERE s.kind = 'special' ORDER BY s.name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		it := GroupListItem{Kind: renda.GroupStation}
		if err := rows.Scan(&it.ID, &it.Name, &it.Members); err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

// GroupOfActivity returns the group an activity belongs to.
func (db *DB) GroupOfActivity(ctx context.Context, activityID string) (string, error) {
	var id string
	err := db.r.QueryRowContext(ctx, db.rebind("SELECT group_id FROM group_activities WHERE id = ?"), activityID).Scan(&id)
	return id, notFound(err, "活动不存在")
}
