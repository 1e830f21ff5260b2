package store

import (
	"context"
	"database/sql"
	"strings"

	"renda"
	"renda/internal/attach"
)

const deputyColumns = `d.id, d.code, d.name, d.gender, d.ethnicity, d.birth_year, d.party, d.occupation, d.sector,
	d.congress_id, d.term_id, d.delegation_id, d.district, d.group_id, d.region_id, d.photo_id, d.phone_enc, d.status, d.note,
	d.created_at, d.updated_at, c.level, c.name, t.number, COALESCE(g.name, ''), COALESCE(pg.name, ''), COALESCE(r.name, '')`

const deputyFrom = ` FROM deputies d
	JOIN congresses c ON c.id = d.congress_id
	JOIN terms t ON t.id = d.term_id
	LEFT JOIN delegations g ON g.id = d.delegation_id
	LEFT JOIN deputy_groups pg ON pg.id = d.group_id
	LEFT JOIN regions r ON r.id = d.region_id`

// scanDeputy reads a deputy and shows its phone as viewer may see it.
func (db *DB) scanDeputy(row interface{ Scan(...any) error }, viewer *renda.User) (*renda.Deputy, error) {
	var d renda.Deputy
	var level, status, phoneEnc string
	err := row.Scan(&d.ID, &d.Code, &d.Name, &d.Gender, &d.Ethnicity, intScan{&d.BirthYear}, &d.Party, &d.Occupation, &d.Sector,
		&d.CongressID, &d.TermID, strScan{&d.DelegationID}, &d.District, strScan{&d.GroupID}, strScan{&d.RegionID}, strScan{&d.PhotoID},
		&phoneEnc, &status, &d.Note, tsScan{&d.CreatedAt}, tsScan{&d.UpdatedAt}, &level, &d.CongressName, &d.TermNumber,
		&d.DelegationName, &d.GroupName, &d.RegionName)
	if err != nil {
		return nil, err
	}
	d.Level, d.Status = renda.Level(level), renda.DeputyStatus(status)
	d.Phone, err = db.revealPhone(phoneEnc, viewer, viewer != nil && viewer.DeputyID == d.ID)
	return &d, err
}

// revealPhone decrypts a stored phone and masks it unless the viewer may
// see personal data (or it is their own).
func (db *DB) revealPhone(enc string, viewer *renda.User, own bool) (string, error) {
	phone, err := db.box.Open(enc)
	if err != nil {
		return "", err
	}
	if own || renda.CanSeePersonalData(viewer) {
		return phone, nil
	}
	return renda.MaskPhone(phone), nil
}

// Deputy returns one deputy, as viewer may see them.
func (db *DB) Deputy(ctx context.Context, viewer *renda.User, id string) (*renda.Deputy, error) {
	d, err := db.scanDeputy(db.r.QueryRowContext(ctx, db.rebind("SELECT "+deputyColumns+deputyFrom+" WHERE d.id = ?"), id), viewer)
	return d, notFound(err, "代表不存在")
}

// DeputyByCode returns a deputy by public code (for /d/{code}).
func (db *DB) DeputyByCode(ctx context.Context, viewer *renda.User, code string) (*renda.Deputy, error) {
	d, err := db.scanDeputy(db.r.QueryRowContext(ctx, db.rebind("SELECT "+deputyColumns+deputyFrom+" WHERE d.code = ?"), code), viewer)
	return d, notFound(err, "代表不存在")
}

func (db *DB) deputyWhere(f renda.DeputyFilter) (string, []any) {
	var where []string
	var args []any
	if q := strings.TrimSpace(f.Q); q != "" {
		c, cargs, ok := db.matchIn("d.id", q, "deputy")
		if !ok {
			c = "1 = 0"
		}
		where = append(where, "("+c+" OR d.code = ?)")
		args = append(append(args, cargs...), q)
	}
	if f.Level != "" {
		where, args = append(where, "c.level = ?"), append(args, string(f.Level))
	}
	for col, v := range map[string]string{"d.congress_id": f.CongressID, "d.term_id": f.TermID, "d.delegation_id": f.DelegationID,
		"d.group_id": f.GroupID, "d.region_id": f.RegionID, "d.status": string(f.Status)} {
		if v != "" {
			where, args = append(where, col+" = ?"), append(args, v)
		}
	}
	if len(where) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(where, " AND "), args
}

// Deputies lists deputies by level, congress and name.
func (db *DB) Deputies(ctx context.Context, viewer *renda.User, f renda.DeputyFilter) ([]*renda.Deputy, int, error) {
	cond, args := db.deputyWhere(f)
	var out []*renda.Deputy
	var total int
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		if total, err = tx.count("SELECT COUNT(*)"+deputyFrom+cond, args...); err != nil {
			return err
		}
		rows, err := tx.query("SELECT "+deputyColumns+deputyFrom+cond+
			" ORDER BY CASE c.level WHEN 'province' THEN 1 WHEN 'city' THEN 2 WHEN 'county' THEN 3 ELSE 4 END, c.name, g.name, d.name, d.id"+
			limitOffset(f.Limit, f.Offset), args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			d, err := db.scanDeputy(rows, viewer)
			if err != nil {
				return err
			}
			out = append(out, d)
		}
		return rows.Err()
	})
	return out, total, err
}

// SaveDeputy creates (empty ID) or updates a deputy. d.Phone is the full
// number as entered; when updating, a masked value (unchanged form field
// shown to someone who may not see it) keeps the stored number.
func (db *DB) SaveDeputy(ctx context.Context, actor *renda.User, d *renda.Deputy) error {
	if !renda.CanManageReference(actor) {
		return renda.Errorf(renda.EFORBIDDEN, "只有管理员和工作人员可以维护代表信息")
	}
	keepPhone := strings.Contains(d.Phone, "*")
	if keepPhone {
		d.Phone = ""
	}
	if err := d.Validate(); err != nil {
		return err
	}
	return db.write(ctx, actor, func(tx *Tx) error { return tx.saveDeputy(d, keepPhone) })
}

func (tx *Tx) saveDeputy(d *renda.Deputy, keepPhone bool) error {
	var congressTerm string
	if err := tx.queryRow("SELECT congress_id FROM terms WHERE id = ?", d.TermID).Scan(&congressTerm); err != nil {
		return &renda.Error{Code: renda.EINVALID, Message: "所选届次不存在", Fields: []renda.FieldError{{Field: "term_id", Message: "不存在"}}}
	}
	if congressTerm != d.CongressID {
		return &renda.Error{Code: renda.EINVALID, Message: "所选届次不属于所选人大", Fields: []renda.FieldError{{Field: "term_id", Message: "与人大不符"}}}
	}
	for _, ref := range []struct{ id, table, field, msg string }{
		{d.DelegationID, "delegations", "delegation_id", "所选代表团不存在"},
		{d.GroupID, "deputy_groups", "group_id", "所选专业小组不存在"},
		{d.RegionID, "regions", "region_id", "所选区划不存在"},
	} {
		if ref.id == "" {
			continue
		}
		if ok, err := tx.exists("SELECT 1 FROM "+ref.table+" WHERE id = ?", ref.id); err != nil {
			return err
		} else if !ok {
			return &renda.Error{Code: renda.EINVALID, Message: ref.msg, Fields: []renda.FieldError{{Field: ref.field, Message: "不存在"}}}
		}
	}
	if d.ID == "" {
		d.ID = renda.NewID()
		if d.Code == "" {
			d.Code = "d" + renda.RandomToken(7)
		}
		if _, err := tx.exec(`INSERT INTO deputies (id, code, name, gender, ethnicity, birth_year, party, occupation, sector, congress_id, term_id,
			delegation_id, district, group_id, region_id, photo_id, phone_enc, phone_index, status, note, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			d.ID, d.Code, d.Name, d.Gender, d.Ethnicity, nzInt(d.BirthYear), d.Party, d.Occupation, d.Sector, d.CongressID, d.TermID,
			nz(d.DelegationID), d.District, nz(d.GroupID), nz(d.RegionID), nz(d.PhotoID), tx.db.box.Seal(d.Phone), tx.db.box.Index(d.Phone),
			string(d.Status), d.Note, ts(tx.now), ts(tx.now)); err != nil {
			return err
		}
		d.CreatedAt, d.UpdatedAt = tx.now, tx.now
		tx.Record(renda.Change{Action: "create", Entity: "deputy", EntityID: d.ID, After: d})
		return tx.indexDeputy(d.ID)
	}
	before, err := tx.db.scanDeputy(tx.queryRow("SELECT "+deputyColumns+deputyFrom+" WHERE d.id = ?", d.ID), &renda.User{Role: renda.RoleAdmin})
	if err != nil {
		return notFound(err, "代表不存在")
	}
	if keepPhone {
		d.Phone = before.Phone
	}
	if d.Code == "" {
		d.Code = before.Code
	}
	if _, err := tx.exec(`UPDATE deputies SET code = ?, name = ?, gender = ?, ethnicity = ?, birth_year = ?, party = ?, occupation = ?, sector = ?,
		congress_id = ?, term_id = ?, delegation_id = ?, district = ?, group_id = ?, region_id = ?, photo_id = ?, phone_enc = ?, phone_index = ?,
		status = ?, note = ?, updated_at = ? WHERE id = ?`,
		d.Code, d.Name, d.Gender, d.Ethnicity, nzInt(d.BirthYear), d.Party, d.Occupation, d.Sector, d.CongressID, d.TermID,
		nz(d.DelegationID), d.District, nz(d.GroupID), nz(d.RegionID), nz(d.PhotoID), tx.db.box.Seal(d.Phone), tx.db.box.Index(d.Phone),
		string(d.Status), d.Note, ts(tx.now), d.ID); err != nil {
		return err
	}
	d.CreatedAt, d.UpdatedAt = before.CreatedAt, tx.now
	tx.Record(renda.Change{Action: "update", Entity: "deputy", EntityID: d.ID, Before: before, After: d})
	return tx.indexDeputy(d.ID)
}

// indexDeputy writes a deputy's entry in the search index.
func (tx *Tx) indexDeputy(id string) error {
	d, err := tx.db.scanDeputy(tx.queryRow("SELECT "+deputyColumns+deputyFrom+" WHERE d.id = ?", id), nil)
	if err != nil {
		return err
	}
	return tx.index(d.Doc())
}

func init() {
	indexers["deputy"] = func(tx *Tx, emit func(*renda.Doc) error) error {
		return eachBatch(tx, "SELECT "+deputyColumns+deputyFrom+" WHERE d.id > ? ORDER BY d.id LIMIT 1000",
			func(rows *sql.Rows) (*renda.Deputy, string, error) {
				d, err := tx.db.scanDeputy(rows, nil)
				if err != nil {
					return nil, "", err
				}
				return d, d.ID, nil
			},
			func(d *renda.Deputy) error { return emit(d.Doc()) })
	}
}

func nzInt(n int) any {
	if n == 0 {
		return nil
	}
	return n
}

// DeputyCounts returns how many active deputies each level has, for the home page.
func (db *DB) DeputyCounts(ctx context.Context) (map[renda.Level]int, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT c.level, COUNT(*) FROM deputies d JOIN congresses c ON c.id = d.congress_id
		WHERE d.status = 'active' GROUP BY c.level`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[renda.Level]int{}
	for rows.Next() {
		var l string
		var n int
		if err := rows.Scan(&l, &n); err != nil {
			return nil, err
		}
		out[renda.Level(l)] = n
	}
	return out, rows.Err()
}

// A deputy's photo is public: it is shown at stations and on the deputy's
// public page (which serves only the current one, deputies.photo_id).
func init() {
	registerAttachmentOwner("deputy", func(tx *Tx, viewer *renda.User, id string) (bool, error) {
		return tx.exists("SELECT 1 FROM deputies WHERE id = ?", id)
	})
}

// SetDeputyPhoto stores a (checked) photo and makes it the deputy's.
func (db *DB) SetDeputyPhoto(ctx context.Context, actor *renda.User, id string, f *attach.File) error {
	if !renda.CanManageReference(actor) {
		return renda.Errorf(renda.EFORBIDDEN, "只有管理员和工作人员可以更换代表照片")
	}
	return db.write(ctx, actor, func(tx *Tx) error {
		if ok, err := tx.exists("SELECT 1 FROM deputies WHERE id = ?", id); err != nil {
			return err
		} else if !ok {
			return renda.Errorf(renda.ENOTFOUND, "代表不存在")
		}
		a, err := tx.AddAttachment("deputy", id, f)
		if err != nil {
			return err
		}
		_, err = tx.exec("UPDATE deputies SET photo_id = ?, updated_at = ? WHERE id = ?", a.ID, ts(tx.now), id)
		return err
	})
}
