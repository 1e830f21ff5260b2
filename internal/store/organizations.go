package store

import (
	"context"
	"strings"

	"renda"
)

const orgColumns = `o.id, o.code, o.name, o.short_name, o.kind, o.parent_id, o.region_id, o.handling_unit, o.contact_person,
	o.contact_phone_enc, o.address, o.active, o.sort, o.created_at, o.updated_at, COALESCE(p.name, ''), COALESCE(r.name, '')`

const orgFrom = ` FROM organizations o LEFT JOIN organizations p ON p.id = o.parent_id LEFT JOIN regions r ON r.id = o.region_id`

func (db *DB) scanOrg(row interface{ Scan(...any) error }, viewer *renda.User) (*renda.Organization, error) {
	var o renda.Organization
	var kind, phoneEnc string
	err := row.Scan(&o.ID, &o.Code, &o.Name, &o.ShortName, &kind, strScan{&o.ParentID}, strScan{&o.RegionID}, boolScan{&o.HandlingUnit},
		&o.ContactPerson, &phoneEnc, &o.Address, boolScan{&o.Active}, &o.Sort, tsScan{&o.CreatedAt}, tsScan{&o.UpdatedAt},
		&o.ParentName, &o.RegionName)
	if err != nil {
		return nil, err
	}
	o.Kind = renda.OrgKind(kind)
	// A unit's own users and the staff side see the contact number in full.
	own := viewer != nil && viewer.OrgID == o.ID
	o.ContactPhone, err = db.revealPhone(phoneEnc, viewer, own || viewer.IsStaffSide())
	return &o, err
}

// Organization returns one organisation.
func (db *DB) Organization(ctx context.Context, viewer *renda.User, id string) (*renda.Organization, error) {
	o, err := db.scanOrg(db.r.QueryRowContext(ctx, db.rebind("SELECT "+orgColumns+orgFrom+" WHERE o.id = ?"), id), viewer)
	return o, notFound(err, "单位不存在")
}

// OrganizationByCode returns one organisation by its code.
func (db *DB) OrganizationByCode(ctx context.Context, viewer *renda.User, code string) (*renda.Organization, error) {
	o, err := db.scanOrg(db.r.QueryRowContext(ctx, db.rebind("SELECT "+orgColumns+orgFrom+" WHERE o.code = ?"), code), viewer)
	return o, notFound(err, "单位代码“"+code+"”不存在")
}

// Organizations lists organisations in their display order.
func (db *DB) Organizations(ctx context.Context, viewer *renda.User, f renda.OrgFilter) ([]*renda.Organization, int, error) {
	var where []string
	var args []any
	if q := strings.TrimSpace(f.Q); q != "" {
		where = append(where, "("+like("o.name")+" OR "+like("o.short_name")+" OR o.code = ?)")
		args = append(args, likeArg(q), likeArg(q), q)
	}
	if f.Kind != "" {
		where, args = append(where, "o.kind = ?"), append(args, string(f.Kind))
	}
	if f.HandlingOnly {
		where, args = append(where, "o.handling_unit = ?"), append(args, true)
	}
	if f.ActiveOnly {
		where, args = append(where, "o.active = ?"), append(args, true)
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	var out []*renda.Organization
	var total int
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		if total, err = tx.count("SELECT COUNT(*)"+orgFrom+cond, args...); err != nil {
			return err
		}
		rows, err := tx.query("SELECT "+orgColumns+orgFrom+cond+" ORDER BY o.sort, o.code"+limitOffset(f.Limit, f.Offset), args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			o, err := db.scanOrg(rows, viewer)
			if err != nil {
				return err
			}
			out = append(out, o)
		}
		return rows.Err()
	})
	return out, total, err
}

// SaveOrganization creates (empty ID) or updates an organisation.
func (db *DB) SaveOrganization(ctx context.Context, actor *renda.User, o *renda.Organization) error {
	if !renda.CanManageReference(actor) {
		return renda.Errorf(renda.EFORBIDDEN, "只有管理员和工作人员可以维护单位信息")
	}
	keepPhone := strings.Contains(o.ContactPhone, "*")
	if keepPhone {
		o.ContactPhone = ""
	}
	if err := o.Validate(); err != nil {
		return err
	}
	return db.write(ctx, actor, func(tx *Tx) error { return tx.saveOrganization(o, keepPhone) })
}

func (tx *Tx) saveOrganization(o *renda.Organization, keepPhone bool) error {
	if o.ParentID != "" {
		if o.ParentID == o.ID {
			return renda.Errorf(renda.EINVALID, "上级单位不能是自己")
		}
		if ok, err := tx.exists("SELECT 1 FROM organizations WHERE id = ?", o.ParentID); err != nil {
			return err
		} else if !ok {
			return &renda.Error{Code: renda.EINVALID, Message: "上级单位不存在", Fields: []renda.FieldError{{Field: "parent_id", Message: "不存在"}}}
		}
	}
	if o.RegionID != "" {
		if ok, err := tx.exists("SELECT 1 FROM regions WHERE id = ?", o.RegionID); err != nil {
			return err
		} else if !ok {
			return &renda.Error{Code: renda.EINVALID, Message: "所属区划不存在", Fields: []renda.FieldError{{Field: "region_id", Message: "不存在"}}}
		}
	}
	if o.ID == "" {
		o.ID = renda.NewID()
		o.Active = true
		if _, err := tx.exec(`INSERT INTO organizations (id, code, name, short_name, kind, parent_id, region_id, handling_unit, contact_person,
			contact_phone_enc, address, active, sort, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			o.ID, o.Code, o.Name, o.ShortName, string(o.Kind), nz(o.ParentID), nz(o.RegionID), o.HandlingUnit, o.ContactPerson,
			tx.db.box.Seal(o.ContactPhone), o.Address, o.Active, o.Sort, ts(tx.now), ts(tx.now)); err != nil {
			return err
		}
		o.CreatedAt, o.UpdatedAt = tx.now, tx.now
		tx.Record(renda.Change{Action: "create", Entity: "organization", EntityID: o.ID, After: o})
		return nil
	}
	before, err := tx.db.scanOrg(tx.queryRow("SELECT "+orgColumns+orgFrom+" WHERE o.id = ?", o.ID), &renda.User{Role: renda.RoleAdmin})
	if err != nil {
		return notFound(err, "单位不存在")
	}
	if keepPhone {
		o.ContactPhone = before.ContactPhone
	}
	if _, err := tx.exec(`UPDATE organizations SET code = ?, name = ?, short_name = ?, kind = ?, parent_id = ?, region_id = ?, handling_unit = ?,
		contact_person = ?, contact_phone_enc = ?, address = ?, active = ?, sort = ?, updated_at = ? WHERE id = ?`,
		o.Code, o.Name, o.ShortName, string(o.Kind), nz(o.ParentID), nz(o.RegionID), o.HandlingUnit, o.ContactPerson,
		tx.db.box.Seal(o.ContactPhone), o.Address, o.Active, o.Sort, ts(tx.now), o.ID); err != nil {
		return err
	}
	o.CreatedAt, o.UpdatedAt = before.CreatedAt, tx.now
	tx.Record(renda.Change{Action: "update", Entity: "organization", EntityID: o.ID, Before: before, After: o})
	return nil
}
