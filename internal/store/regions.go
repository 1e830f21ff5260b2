package store

import (
	"context"
	"strings"

	"renda"
)

const regionColumns = `r.id, r.code, r.name, r.level, r.kind, r.parent_id, r.valid_from, r.valid_to, r.created_at, r.updated_at,
	COALESCE(p.name, ''), (SELECT COUNT(*) FROM regions c WHERE c.parent_id = r.id)`

const regionFrom = ` FROM regions r LEFT JOIN regions p ON p.id = r.parent_id`

func scanRegion(row interface{ Scan(...any) error }) (*renda.Region, error) {
	var r renda.Region
	var level string
	err := row.Scan(&r.ID, &r.Code, &r.Name, &level, &r.Kind, strScan{&r.ParentID}, dayScan{&r.ValidFrom}, dayScan{&r.ValidTo},
		tsScan{&r.CreatedAt}, tsScan{&r.UpdatedAt}, &r.ParentName, &r.Children)
	r.Level = renda.RegionLevel(level)
	return &r, err
}

// Region returns one region.
func (db *DB) Region(ctx context.Context, id string) (*renda.Region, error) {
	r, err := scanRegion(db.r.QueryRowContext(ctx, db.rebind("SELECT "+regionColumns+regionFrom+" WHERE r.id = ?"), id))
	return r, notFound(err, "行政区划不存在")
}

// RegionByCode returns the region with a statistical code that is valid today.
func (db *DB) RegionByCode(ctx context.Context, code string) (*renda.Region, error) {
	r, err := scanRegion(db.r.QueryRowContext(ctx, db.rebind("SELECT "+regionColumns+regionFrom+
		" WHERE r.code = ? AND (r.valid_to IS NULL OR r.valid_to > ?) ORDER BY r.valid_from DESC LIMIT 1"), code, renda.DateOf(db.clock.Now()).String()))
	return r, notFound(err, "区划代码“"+code+"”不存在")
}

// Regions lists regions by code.
func (db *DB) Regions(ctx context.Context, f renda.RegionFilter) ([]*renda.Region, int, error) {
	var where []string
	var args []any
	if f.Q != "" {
		where = append(where, "("+like("r.name")+" OR r.code LIKE ?)")
		args = append(args, likeArg(f.Q), strings.TrimSpace(f.Q)+"%")
	}
	if f.Level != "" {
		where, args = append(where, "r.level = ?"), append(args, string(f.Level))
	}
	if f.ParentID != "" {
		where, args = append(where, "r.parent_id = ?"), append(args, f.ParentID)
	}
	if !f.OnDate.IsZero() {
		where = append(where, "r.valid_from <= ? AND (r.valid_to IS NULL OR r.valid_to > ?)")
		args = append(args, f.OnDate.String(), f.OnDate.String())
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	var out []*renda.Region
	var total int
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		if total, err = tx.count("SELECT COUNT(*)"+regionFrom+cond, args...); err != nil {
			return err
		}
		rows, err := tx.query("SELECT "+regionColumns+regionFrom+cond+" ORDER BY r.code, r.valid_from"+limitOffset(f.Limit, f.Offset), args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			r, err := scanRegion(rows)
			if err != nil {
				return err
			}
			out = append(out, r)
		}
		return rows.Err()
	})
	return out, total, err
}

// RegionPath returns a region and its ancestors, from the top.
func (db *DB) RegionPath(ctx context.Context, id string) ([]*renda.Region, error) {
	var path []*renda.Region
	for id != "" && len(path) < 8 {
		r, err := db.Region(ctx, id)
		if err != nil {
			return nil, err
		}
		path = append([]*renda.Region{r}, path...)
		id = r.ParentID
	}
	return path, nil
}

// SaveRegion creates a region (empty ID) or updates one.
func (db *DB) SaveRegion(ctx context.Context, actor *renda.User, r *renda.Region) error {
	if !renda.CanManageReference(actor) {
		return renda.Errorf(renda.EFORBIDDEN, "只有管理员和工作人员可以维护行政区划")
	}
	if err := r.Validate(); err != nil {
		return err
	}
	return db.write(ctx, actor, func(tx *Tx) error { return tx.saveRegion(r) })
}

func (tx *Tx) saveRegion(r *renda.Region) error {
	if r.ParentID != "" {
		var plevel string
		if err := tx.queryRow("SELECT level FROM regions WHERE id = ?", r.ParentID).Scan(&plevel); err != nil {
			return notFound(err, "上级区划不存在")
		}
		if levelIndex(renda.RegionLevel(plevel)) >= levelIndex(r.Level) {
			return &renda.Error{Code: renda.EINVALID, Message: "上级区划的层级必须高于本区划", Fields: []renda.FieldError{{Field: "parent_id", Message: "层级不对"}}}
		}
		if r.ParentID == r.ID {
			return renda.Errorf(renda.EINVALID, "上级区划不能是自己")
		}
	}
	if r.ID == "" {
		r.ID = renda.NewID()
		if _, err := tx.exec(`INSERT INTO regions (id, code, name, level, kind, parent_id, valid_from, valid_to, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, r.ID, r.Code, r.Name, string(r.Level), r.Kind, nz(r.ParentID),
			day(r.ValidFrom), day(r.ValidTo), ts(tx.now), ts(tx.now)); err != nil {
			return err
		}
		tx.Record(renda.Change{Action: "create", Entity: "region", EntityID: r.ID, After: r})
		return nil
	}
	before, err := scanRegion(tx.queryRow("SELECT "+regionColumns+regionFrom+" WHERE r.id = ?", r.ID))
	if err != nil {
		return notFound(err, "行政区划不存在")
	}
	if _, err := tx.exec(`UPDATE regions SET code = ?, name = ?, level = ?, kind = ?, parent_id = ?, valid_from = ?, valid_to = ?, updated_at = ?
		WHERE id = ?`, r.Code, r.Name, string(r.Level), r.Kind, nz(r.ParentID), day(r.ValidFrom), day(r.ValidTo), ts(tx.now), r.ID); err != nil {
		return err
	}
	tx.Record(renda.Change{Action: "update", Entity: "region", EntityID: r.ID, Before: before, After: r})
	return nil
}

func levelIndex(l renda.RegionLevel) int {
	for i, v := range renda.RegionLevels {
		if v == l {
			return i
		}
	}
	return -1
}
