package store

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"renda"
	"renda/internal/attach"
)

// OpinionEnv is what the opinion workflow reads from the database once per
// transaction: the settings and the working-day calendar.
type OpinionEnv struct {
	set *renda.Settings
	cal *renda.Calendar
}

// OpinionEnv reads the settings and calendar in this transaction.
func (tx *Tx) OpinionEnv() (*OpinionEnv, error) {
	set, err := tx.settings()
	if err != nil {
		return nil, err
	}
	cal, err := tx.calendar()
	if err != nil {
		return nil, err
	}
	return &OpinionEnv{set: set, cal: cal}, nil
}

func (e *OpinionEnv) due(from renda.Date, key string) renda.Date {
	return e.cal.Due(from, e.set.Period(key))
}

// NewTrackingCode returns a citizen's tracking code: 8 characters of
// Crockford's alphabet in capitals (no I, L, O, U to misread), 40 random bits.
func NewTrackingCode() string { return strings.ToUpper(renda.RandomToken(8)) }

// NormalizeTrackingCode turns what a person typed into a tracking code, or "".
func NormalizeTrackingCode(s string) string {
	s = strings.ToUpper(strings.TrimSpace(s))
	s = strings.NewReplacer(" ", "", "-", "", "O", "0", "I", "1", "L", "1").Replace(s)
	if len(s) != 8 {
		return ""
	}
	for _, r := range s {
		if !strings.ContainsRune("0123456789ABCDEFGHJKMNPQRSTVWXYZ", r) {
			return ""
		}
	}
	return s
}

const opinionColumns = `o.id, o.tracking_code, o.channel, o.state, COALESCE(o.station_id, ''), COALESCE(o.deputy_id, ''), COALESCE(o.handler_id, ''),
	COALESCE(o.township_id, ''), COALESCE(o.region_id, ''), o.category, o.content, o.address, o.lat, o.lng, o.name_enc, o.phone_enc, o.due,
	o.answer, o.answered_at, o.forward_to, COALESCE(o.forward_org_id, ''), o.complex, o.extended, o.forwarded_at, o.unit_reply, o.replied_at,
	o.rating, o.rating_note, o.rated_at, o.close_reason, o.closed_at, o.suggestion_id, o.hotline_order_id, COALESCE(o.reception_id, ''),
	o.erased_at, o.created_at, o.updated_at,
	COALESCE(s.name, ''), COALESCE(s.code, ''), COALESCE(dc.name, ''), COALESCE(dh.name, ''), COALESCE(t.name, ''), COALESCE(rg.name, ''),
	COALESCE(fo.name, ''), COALESCE(ho.number, '')`

const opinionFrom = ` FROM opinions o
	LEFT JOIN stations s ON s.id = o.station_id
	LEFT JOIN deputies dc ON dc.id = o.deputy_id
	LEFT JOIN deputies dh ON dh.id = o.handler_id
	LEFT JOIN regions t ON t.id = o.township_id
	LEFT JOIN regions rg ON rg.id = o.region_id
	LEFT JOIN organizations fo ON fo.id = o.forward_org_id
	LEFT JOIN hotline_orders ho ON ho.opinion_id = o.id`

// opinionRow is an opinion as stored, with its personal data still sealed.
type opinionRow struct {
	*renda.Opinion
	nameEnc, phoneEnc string
}

func scanOpinion(row interface{ Scan(...any) error }) (*opinionRow, error) {
	o := &renda.Opinion{}
	r := &opinionRow{Opinion: o}
	err := row.Scan(&o.ID, &o.TrackingCode, &o.Channel, &o.State, &o.StationID, &o.DeputyID, &o.HandlerID,
		&o.TownshipID, &o.RegionID, &o.Category, &o.Content, &o.Address, floatScan{&o.Lat}, floatScan{&o.Lng}, &r.nameEnc, &r.phoneEnc, dayScan{&o.Due},
		&o.Answer, tsScan{&o.AnsweredAt}, &o.ForwardTo, &o.ForwardOrgID, boolScan{&o.Complex}, boolScan{&o.Extended}, tsScan{&o.ForwardedAt}, &o.UnitReply, tsScan{&o.RepliedAt},
		&o.Rating, &o.RatingNote, tsScan{&o.RatedAt}, &o.CloseReason, tsScan{&o.ClosedAt}, &o.SuggestionID, &o.HotlineOrderID, &o.ReceptionID,
		tsScan{&o.ErasedAt}, tsScan{&o.CreatedAt}, tsScan{&o.UpdatedAt},
		&o.StationName, &o.StationCode, &o.DeputyName, &o.HandlerName, &o.TownshipName, &o.RegionName, &o.ForwardOrgName, &o.HotlineNumber)
	o.HasPhone = r.phoneEnc != ""
	return r, err
}

// CanSeeCitizen reports whether viewer may see a citizen's name and phone
// in full: the deputy handling the opinion, and authorised staff.
func CanSeeCitizen(viewer *renda.User, o *renda.Opinion) bool {
	if renda.CanSeePersonalData(viewer) {
		return true
	}
	return viewer != nil && viewer.DeputyID != "" && viewer.DeputyID == o.HandlerID
}

// reveal opens the personal data for viewer: in full if entitled, else
// masked. The tracking code is shown only to those who may act on the
// opinion for the citizen (the handler and staff), who may need to tell it.
func (db *DB) reveal(r *opinionRow, viewer *renda.User) (*renda.Opinion, error) {
	o := r.Opinion
	name, err := db.box.Open(r.nameEnc)
	if err != nil {
		return nil, err
	}
	phone, err := db.box.Open(r.phoneEnc)
	if err != nil {
		return nil, err
	}
	if CanSeeCitizen(viewer, o) {
		o.Name, o.Phone = name, phone
	} else {
		o.Name, o.Phone, o.TrackingCode = renda.MaskName(name), renda.MaskPhone(phone), ""
	}
	return o, nil
}

// opinionScope returns the condition limiting opinions to those viewer may
// see: staff see all; a deputy their inbox (items they handle or were
// chosen for), the unclaimed items and 12345 orders of the townships where
// they are stationed; a unit what was forwarded to it.
func opinionScope(viewer *renda.User) (string, []any) {
	switch {
	case viewer == nil:
		return "1 = 0", nil
	case viewer.IsStaffSide():
		return "1 = 1", nil
	case viewer.Role == renda.RoleDeputy && viewer.DeputyID != "":
		d := viewer.DeputyID
		return `(o.handler_id = ? OR o.deputy_id = ? OR ((o.handler_id IS NULL OR o.channel = 'hotline') AND o.township_id IN (
			SELECT st.township_id FROM station_deputies sd JOIN stations st ON st.id = sd.station_id WHERE sd.deputy_id = ?
			UNION SELECT dr.region_id FROM deputies dr WHERE dr.id = ? AND dr.region_id IS NOT NULL)))`, []any{d, d, d, d}
	case viewer.Role == renda.RoleUnit && viewer.OrgID != "":
		return "(o.forward_to = 'unit' AND o.forward_org_id = ?)", []any{viewer.OrgID}
	}
	return "1 = 0", nil
}

// Opinion returns one opinion as viewer may see it (ENOTFOUND if they may not).
func (db *DB) Opinion(ctx context.Context, viewer *renda.User, id string) (*renda.Opinion, error) {
	var o *renda.Opinion
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		o, err = tx.opinionFor(viewer, id, false)
		return err
	})
	return o, err
}

func (tx *Tx) opinionFor(viewer *renda.User, id string, lock bool) (*renda.Opinion, error) {
	r, err := tx.opinionRow(viewer, id, lock)
	if err != nil {
		return nil, err
	}
	return tx.db.reveal(r, viewer)
}

func (tx *Tx) opinionRow(viewer *renda.User, id string, lock bool) (*opinionRow, error) {
	if !renda.ValidID(id) {
		return nil, renda.Errorf(renda.ENOTFOUND, "意见不存在")
	}
	scope, args := opinionScope(viewer)
	q := "SELECT " + opinionColumns + opinionFrom + " WHERE o.id = ? AND " + scope
	if lock && tx.db.dialect == Postgres {
		// Lock the opinion's own row only (the joins are read for display).
		if _, err := tx.exec("SELECT 1 FROM opinions WHERE id = ? FOR UPDATE", id); err != nil {
			return nil, err
		}
	}
	r, err := scanOpinion(tx.queryRow(q, append([]any{id}, args...)...))
	if err != nil {
		return nil, notFound(err, "意见不存在，或您无权查看")
	}
	return r, nil
}

// Opinions lists the opinions viewer may see: a deputy's inbox, a unit's
// forwarded items, everything for staff. Open items come first, the most
// urgent first.
func (db *DB) Opinions(ctx context.Context, viewer *renda.User, f renda.OpinionFilter) ([]*renda.Opinion, int, error) {
	scope, args := opinionScope(viewer)
	where := []string{scope}
	today := renda.DateOf(db.clock.Now())
	switch f.State {
	case "":
	case "open":
		where = append(where, "o.state IN ("+placeholders(len(renda.OpinionOpenStates))+")")
		for _, s := range renda.OpinionOpenStates {
			args = append(args, s)
		}
	case "overdue":
		where = append(where, "o.state IN ("+placeholders(len(renda.OpinionOpenStates))+") AND o.due < ?")
		for _, s := range renda.OpinionOpenStates {
			args = append(args, s)
		}
		args = append(args, today.String())
	default:
		where, args = append(where, "o.state = ?"), append(args, f.State)
	}
	if f.Pool {
		where = append(where, "o.handler_id IS NULL")
	}
	if f.Channel != "" {
		where, args = append(where, "o.channel = ?"), append(args, f.Channel)
	}
	if f.Category != "" {
		where, args = append(where, "o.category = ?"), append(args, f.Category)
	}
	if f.StationID != "" {
		where, args = append(where, "o.station_id = ?"), append(args, f.StationID)
	}
	if f.ReceptionID != "" {
		where, args = append(where, "o.reception_id = ?"), append(args, f.ReceptionID)
	}
	if f.TownshipID != "" {
		where, args = append(where, "o.township_id = ?"), append(args, f.TownshipID)
	}
	if !f.From.IsZero() {
		where, args = append(where, "o.created_at >= ?"), append(args, ts(f.From.Start()))
	}
	if !f.To.IsZero() {
		where, args = append(where, "o.created_at < ?"), append(args, ts(f.To.End()))
	}
	if q := strings.TrimSpace(f.Q); q != "" {
		where = append(where, "("+like("o.content")+" OR o.tracking_code = ? OR ho.number = ?)")
		args = append(args, likeArg(q), strings.ToUpper(q), q)
	}
	cond := " WHERE " + strings.Join(where, " AND ")
	open := "o.state IN ('submitted','received','forwarded','handling','replied')"
	var out []*renda.Opinion
	var total int
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		if total, err = tx.count("SELECT COUNT(*)"+opinionFrom+cond, args...); err != nil {
			return err
		}
		rows, err := tx.query("SELECT "+opinionColumns+opinionFrom+cond+
			" ORDER BY CASE WHEN "+open+" THEN 0 ELSE 1 END, CASE WHEN "+open+" THEN COALESCE(o.due, '9999-12-31') ELSE '' END, o.created_at DESC, o.id DESC"+
			limitOffset(f.Limit, f.Offset), args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			r, err := scanOpinion(rows)
			if err != nil {
				return err
			}
			o, err := db.reveal(r, viewer)
			if err != nil {
				return err
			}
			out = append(out, o)
		}
		return rows.Err()
	})
	return out, total, err
}

// --- submission ---

// SubmitOpinion files a citizen's opinion (public, through a QR code or an
// Open311 app), a deputy's own note, or a matter raised at a reception day.
// Photos have been checked by attach.Check. The public are rate-limited per
// address and per phone.
func (db *DB) SubmitOpinion(ctx context.Context, actor *renda.User, in renda.OpinionInput, photos []*attach.File) (*renda.Opinion, error) {
	var o *renda.Opinion
	err := db.write(ctx, actor, func(tx *Tx) error {
		env, err := tx.OpinionEnv()
		if err != nil {
			return err
		}
		o, err = tx.SubmitOpinion(env, in, photos)
		return err
	})
	return o, err
}

// SubmitOpinion files an opinion in this transaction, as the transaction's actor.
func (tx *Tx) SubmitOpinion(env *OpinionEnv, in renda.OpinionInput, photos []*attach.File) (*renda.Opinion, error) {
	actor := tx.actor
	switch in.Channel {
	case renda.ChannelQR, renda.ChannelOpen311:
	case renda.ChannelDeputy:
		if actor == nil || actor.DeputyID == "" {
			return nil, renda.Errorf(renda.EFORBIDDEN, "只有代表可以记录走访中收集的意见")
		}
	case renda.ChannelReception:
		if !renda.ValidID(in.ReceptionID) {
			return nil, renda.Errorf(renda.EINVALID, "请从接待记录中登记群众反映的事项")
		}
	default:
		return nil, renda.Errorf(renda.EINVALID, "未知的意见来源“%s”", in.Channel)
	}
	if err := in.Validate(env.set); err != nil {
		return nil, err
	}
	if n := env.set.Int("opinion.max_photos"); len(photos) > n {
		return nil, &renda.Error{Code: renda.EINVALID, Message: fmt.Sprintf("最多上传 %d 张照片", n), Fields: []renda.FieldError{{Field: "photos", Message: fmt.Sprintf("最多 %d 张", n)}}}
	}
	if in.IP != "" {
		if err := tx.throttle("ip", in.IP, env.set.Int("opinion.rate_ip_per_hour"), time.Hour,
			"您提交得太频繁了：同一网络一小时内最多提交 %d 条意见，请稍后再试。"); err != nil {
			return nil, err
		}
		if in.Phone != "" {
			if err := tx.throttle("phone", in.Phone, env.set.Int("opinion.rate_phone_per_day"), 24*time.Hour,
				"同一手机号 24 小时内最多提交 %d 条意见。如情况紧急，请直接拨打 12345 或联系当地代表联络站。"); err != nil {
				return nil, err
			}
		}
	}
	o := &renda.Opinion{ID: renda.NewID(), TrackingCode: NewTrackingCode(), Channel: in.Channel, State: renda.OpinionSubmitted,
		Category: in.Category, Content: in.Content, Address: in.Address, Lat: in.Lat, Lng: in.Lng, Name: in.Name, Phone: in.Phone,
		ReceptionID: in.ReceptionID, CreatedAt: tx.now, UpdatedAt: tx.now}
	if o.Category == "" {
		o.Category = renda.GuessCategory(o.Content, env.set.Strings("opinion.categories"))
	}
	if err := tx.routeOpinion(o, in); err != nil {
		return nil, err
	}
	o.Due = env.due(tx.Today(), "opinion.deputy_period")
	if err := tx.insertOpinion(o, in.Consent); err != nil {
		return nil, err
	}
	for _, p := range photos {
		if _, err := tx.AddAttachment("opinion", o.ID, p); err != nil {
			return nil, err
		}
	}
	if in.IP != "" {
		if err := tx.throttleHit("ip", in.IP); err != nil {
			return nil, err
		}
		if in.Phone != "" {
			if err := tx.throttleHit("phone", in.Phone); err != nil {
				return nil, err
			}
		}
	}
	note := renda.ChannelLabel(o.Channel)
	if o.StationName != "" {
		note += " · " + o.StationName
	}
	tx.Record(renda.Change{Action: "submit", Entity: "opinion", EntityID: o.ID, To: o.State, After: o, Note: note})
	if o.HandlerID != "" && (actor == nil || actor.DeputyID != o.HandlerID) {
		if err := tx.notifyDeputy(o.HandlerID, "新的群众意见", o.Title(), "/opinions/"+o.ID); err != nil {
			return nil, err
		}
	}
	return o, nil
}

// routeOpinion decides where an opinion goes: to the deputy the citizen
// chose; else to the station's deputy on duty today, else its head, else its
// first deputy; a deputy's own note to that deputy; with neither station nor
// deputy, to the township's pool (or the staff's, without a township).
func (tx *Tx) routeOpinion(o *renda.Opinion, in renda.OpinionInput) error {
	var station *renda.Station
	if in.StationCode != "" {
		s, err := scanStation(tx.queryRow("SELECT "+stationColumns+stationFrom+" WHERE s.code = ? AND s.active = ?", strings.ToLower(in.StationCode), true))
		if err != nil {
			return &renda.Error{Code: renda.EINVALID, Message: "联络站“" + trunc(in.StationCode, 20) + "”不存在或已停用", Fields: []renda.FieldError{{Field: "station", Message: "不存在"}}}
		}
		station = s
	}
	if in.ReceptionID != "" {
		var sid string
		if err := tx.queryRow("SELECT station_id FROM receptions WHERE id = ?", in.ReceptionID).Scan(&sid); err != nil {
			return renda.Errorf(renda.ENOTFOUND, "接待记录不存在")
		}
		s, err := scanStation(tx.queryRow("SELECT "+stationColumns+stationFrom+" WHERE s.id = ?", sid))
		if err != nil {
			return err
		}
		station = s
	}
	if in.DeputyCode != "" {
		var id, region string
		if err := tx.queryRow("SELECT id, COALESCE(region_id, '') FROM deputies WHERE code = ? AND status = 'active'", strings.ToLower(in.DeputyCode)).Scan(&id, &region); err != nil {
			return &renda.Error{Code: renda.EINVALID, Message: "所选代表不存在或已不在任", Fields: []renda.FieldError{{Field: "deputy", Message: "不存在"}}}
		}
		if station != nil {
			if ok, err := tx.exists("SELECT 1 FROM station_deputies WHERE station_id = ? AND deputy_id = ?", station.ID, id); err != nil {
				return err
			} else if !ok {
				return &renda.Error{Code: renda.EINVALID, Message: "所选代表不在本联络站", Fields: []renda.FieldError{{Field: "deputy", Message: "不在本站"}}}
			}
		} else {
			// A deputy's own QR code: the deputy's first station, if any, says where.
			var sid string
			if err := tx.queryRow(`SELECT s.id FROM station_deputies sd JOIN stations s ON s.id = sd.station_id
				WHERE sd.deputy_id = ? AND s.active = ? ORDER BY CASE s.kind WHEN 'township' THEN 0 WHEN 'village' THEN 1 ELSE 2 END, s.id LIMIT 1`, id, true).Scan(&sid); err == nil {
				if station, err = scanStation(tx.queryRow("SELECT "+stationColumns+stationFrom+" WHERE s.id = ?", sid)); err != nil {
					return err
				}
			} else if !errNoRows(err) {
				return err
			} else if region != "" {
				o.TownshipID, o.RegionID = region, region
			}
		}
		o.DeputyID, o.HandlerID = id, id
	}
	if station != nil {
		o.StationID, o.StationName, o.StationCode = station.ID, station.Name, station.Code
		o.TownshipID, o.RegionID = station.TownshipID, station.RegionID
	}
	if in.Channel == renda.ChannelDeputy && tx.actor != nil {
		o.HandlerID = tx.actor.DeputyID
		if o.TownshipID == "" {
			var region string
			if err := tx.queryRow("SELECT COALESCE(region_id, '') FROM deputies WHERE id = ?", o.HandlerID).Scan(&region); err != nil {
				return err
			}
			o.TownshipID, o.RegionID = region, region
		}
	}
	if in.Channel == renda.ChannelReception && o.HandlerID == "" && tx.actor != nil && tx.actor.DeputyID != "" {
		o.HandlerID = tx.actor.DeputyID
	}
	if o.HandlerID == "" && station != nil {
		id, err := tx.stationDutyDeputy(station.ID, in.ReceptionID)
		if err != nil {
			return err
		}
		o.HandlerID = id
	}
	if o.TownshipID == "" && in.Lat != 0 {
		if err := tx.nearestStation(o); err != nil {
			return err
		}
	}
	return nil
}

// stationDutyDeputy picks the deputy who receives a station's opinions: at
// a reception, its first deputy; else the deputy on duty today, else the
// head of the station, else its first deputy ("" if it has none).
func (tx *Tx) stationDutyDeputy(stationID, receptionID string) (string, error) {
	queries := []struct {
		q    string
		args []any
	}{
		{`SELECT rd.deputy_id FROM reception_deputies rd JOIN deputies d ON d.id = rd.deputy_id WHERE rd.reception_id = ? AND d.status = 'active' ORDER BY d.name, d.id LIMIT 1`, []any{receptionID}},
		{`SELECT dd.deputy_id FROM duties y JOIN duty_deputies dd ON dd.duty_id = y.id JOIN deputies d ON d.id = dd.deputy_id
			LEFT JOIN station_deputies sd ON sd.station_id = y.station_id AND sd.deputy_id = dd.deputy_id
			WHERE y.station_id = ? AND y.day = ? AND y.status <> 'cancelled' AND d.status = 'active'
			ORDER BY y.start_time, CASE WHEN sd.head THEN 0 ELSE 1 END, d.name, d.id LIMIT 1`, []any{stationID, tx.Today().String()}},
		{`SELECT sd.deputy_id FROM station_deputies sd JOIN deputies d ON d.id = sd.deputy_id JOIN congresses c ON c.id = d.congress_id
			WHERE sd.station_id = ? AND d.status = 'active'
			ORDER BY CASE WHEN sd.head THEN 0 ELSE 1 END, CASE c.level WHEN 'county' THEN 0 WHEN 'township' THEN 1 ELSE 2 END, d.name, d.id LIMIT 1`, []any{stationID}},
	}
	for i, q := range queries {
		if i == 0 && receptionID == "" {
			continue
		}
		var id string
		err := tx.queryRow(q.q, q.args...).Scan(&id)
		if err == nil {
			return id, nil
		}
		if !errNoRows(err) {
			return "", err
		}
	}
	return "", nil
}

// nearestStation places an opinion with coordinates at the nearest active
// station (an Open311 report with a location but no station), within 30 km.
func (tx *Tx) nearestStation(o *renda.Opinion) error {
	rows, err := tx.query("SELECT id, code, name, region_id, township_id, lat, lng FROM stations WHERE active = ? AND lat IS NOT NULL AND kind <> 'special'", true)
	if err != nil {
		return err
	}
	defer rows.Close()
	best := 30.0 * 30.0 / (111.0 * 111.0)     // (30 km in degrees)²
	shrink := math.Cos(o.Lat * math.Pi / 180) // a degree of longitude is this much shorter than one of latitude here
	var found bool
	var id, code, name, region, town string
	for rows.Next() {
		var sid, scode, sname, sregion, stown string
		var lat, lng float64
		if err := rows.Scan(&sid, &scode, &sname, &sregion, &stown, floatScan{&lat}, floatScan{&lng}); err != nil {
			return err
		}
		dy, dx := lat-o.Lat, (lng-o.Lng)*shrink
		if d := dx*dx + dy*dy; d < best {
			best, found = d, true
			id, code, name, region, town = sid, scode, sname, sregion, stown
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	rows.Close()
	if !found {
		return nil
	}
	o.StationID, o.StationCode, o.StationName, o.RegionID, o.TownshipID = id, code, name, region, town
	h, err := tx.stationDutyDeputy(id, "")
	o.HandlerID = h
	return err
}

func (tx *Tx) insertOpinion(o *renda.Opinion, consent bool) error {
	box := tx.db.box
	_, err := tx.exec(`INSERT INTO opinions (id, tracking_code, channel, state, station_id, deputy_id, handler_id, township_id, region_id, category,
		content, address, lat, lng, name_enc, phone_enc, phone_index, consent, due, forward_to, hotline_order_id, reception_id, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		o.ID, o.TrackingCode, o.Channel, o.State, nz(o.StationID), nz(o.DeputyID), nz(o.HandlerID), nz(o.TownshipID), nz(o.RegionID), o.Category,
		o.Content, o.Address, nzFloat(o.Lat), nzFloat(o.Lng), box.Seal(o.Name), box.Seal(o.Phone), box.Index(o.Phone), consent, day(o.Due),
		o.ForwardTo, o.HotlineOrderID, nz(o.ReceptionID), ts(tx.now), ts(tx.now))
	o.HasPhone = o.Phone != ""
	return err
}

// --- throttling of the public ---

// throttle refuses with ETOOMANY when key has max or more hits of kind in
// the last window. Keys are stored as keyed hashes, never in clear.
func (tx *Tx) throttle(kind, key string, max int, window time.Duration, msg string) error {
	n, err := tx.count("SELECT COUNT(*) FROM opinion_throttle WHERE kind = ? AND key_index = ? AND at > ?", kind, tx.db.box.Index(key), ts(tx.now.Add(-window)))
	if err != nil {
		return err
	}
	if n >= max {
		return renda.Errorf(renda.ETOOMANY, msg, max)
	}
	return nil
}

func (tx *Tx) throttleHit(kind, key string) error {
	_, err := tx.exec("INSERT INTO opinion_throttle (id, kind, key_index, at) VALUES (?, ?, ?, ?)", renda.NewID(), kind, tx.db.box.Index(key), ts(tx.now))
	return err
}

// PurgeThrottle forgets throttle hits older than two days.
func (db *DB) PurgeThrottle(ctx context.Context) error {
	return db.Sweep(ctx, func(tx *Tx) error {
		_, err := tx.exec("DELETE FROM opinion_throttle WHERE at < ?", ts(tx.now.Add(-48*time.Hour)))
		return err
	})
}

// --- the workflow ---

// ActOnOpinion applies a workflow action (answer, forward, escalate, close,
// claim, assign, receive, sign, extend, return, reply, redo) for actor.
func (db *DB) ActOnOpinion(ctx context.Context, actor *renda.User, id, action string, in renda.ActionInput) (*renda.Opinion, error) {
	var o *renda.Opinion
	err := db.write(ctx, actor, func(tx *Tx) error {
		env, err := tx.OpinionEnv()
		if err != nil {
			return err
		}
		o, err = tx.ActOnOpinion(env, id, action, in)
		return err
	})
	return o, err
}

// ActOnOpinion applies an action in this transaction, as its actor.
func (tx *Tx) ActOnOpinion(env *OpinionEnv, id, action string, in renda.ActionInput) (*renda.Opinion, error) {
	if _, ok := renda.OpinionWorkflow.Rule(action); !ok || action == "submit" || action == "rate" || action == "archive" {
		return nil, renda.Errorf(renda.ENOTFOUND, "没有“%s”这个操作", trunc(action, 20))
	}
	r, err := tx.opinionRow(tx.actor, id, true)
	if err != nil {
		return nil, err
	}
	stationed := false
	if tx.actor != nil && tx.actor.DeputyID != "" && r.HandlerID == "" && r.TownshipID != "" {
		towns, err := tx.deputyTownships(tx.actor.DeputyID)
		if err != nil {
			return nil, err
		}
		stationed = slices.Contains(towns, r.TownshipID)
	}
	rel := renda.OpinionRel(tx.actor, r.Opinion, stationed)
	return tx.applyOpinion(env, r, action, rel, in)
}

// applyOpinion runs one transition: Step, the action's effects, the update,
// the audit record, and the messages it causes.
func (tx *Tx) applyOpinion(env *OpinionEnv, r *opinionRow, action string, rel renda.Rel, in renda.ActionInput) (*renda.Opinion, error) {
	o := r.Opinion
	before := *o
	to, err := renda.OpinionWorkflow.Step(o.State, action, rel)
	if err != nil {
		return nil, err
	}
	var p renda.Problems
	today := tx.Today()
	note := ""
	var after func() error // messages sent once the row is written
	switch action {
	case "claim":
		o.HandlerID = tx.actor.DeputyID
		note = "由 " + tx.actor.Name() + " 认领"
	case "assign":
		if !renda.ValidID(in.DeputyID) {
			p.Add("deputy_id", "请选择要分派的代表")
			break
		}
		var name string
		if err := tx.queryRow("SELECT name FROM deputies WHERE id = ? AND status = 'active'", in.DeputyID).Scan(&name); err != nil {
			p.Add("deputy_id", "所选代表不存在或已不在任")
			break
		}
		o.HandlerID, o.HandlerName = in.DeputyID, name
		o.Due = env.due(today, "opinion.deputy_period")
		note = "分派给 " + name
		after = func() error {
			return tx.notifyDeputy(o.HandlerID, "分派给您的群众意见", o.Title(), "/opinions/"+o.ID)
		}
	case "receive":
		note = strings.TrimSpace(in.Text)
	case "answer":
		text := in.Text
		if strings.TrimSpace(text) == "" && o.State == renda.OpinionReplied {
			text = o.UnitReply
		}
		o.Answer = p.Text("text", "答复内容", text, true, 2000)
		o.AnsweredAt, o.Due = tx.now, renda.Date{}
		note = o.Answer
		after = func() error { return tx.tellCitizen(r, "answered", "代表已答复您反映的问题") }
	case "forward":
		switch in.To {
		case renda.ForwardUnit:
			if !renda.ValidID(in.OrgID) {
				p.Add("org_id", "请选择承办单位")
				break
			}
			var name string
			if err := tx.queryRow("SELECT name FROM organizations WHERE id = ? AND handling_unit = ? AND active = ?", in.OrgID, true, true).Scan(&name); err != nil {
				p.Add("org_id", "所选单位不存在，或不是承办单位")
				break
			}
			o.ForwardOrgID, o.ForwardOrgName = in.OrgID, name
		case renda.ForwardHotline:
			o.ForwardOrgID, o.ForwardOrgName = "", ""
		default:
			p.Add("to", "请选择转给承办单位还是 12345 热线")
		}
		o.ForwardTo, o.Complex, o.Extended, o.ForwardedAt = in.To, in.Complex, false, tx.now
		o.UnitReply, o.RepliedAt = "", time.Time{}
		o.Due = tx.forwardDue(env, &p, in, today)
		note = strings.TrimSpace(in.Text)
		after = func() error { return tx.announceForward(o, note) }
	case "sign":
		if d := env.due(today, forwardPeriodKey(o.Complex)); o.Due.Before(d) && !o.Extended {
			o.Due = d
		}
		note = strings.TrimSpace(in.Text)
	case "extend":
		if o.Extended {
			return nil, renda.Errorf(renda.ECONFLICT, "该事项已延期一次，不能再次延期")
		}
		note = p.Text("text", "延期理由", in.Text, true, 500)
		o.Extended = true
		o.Due = env.cal.Due(o.Due, env.set.Period("opinion.extension_period"))
		after = func() error {
			return tx.notifyHandler(o, "承办方申请延期", o.Title()+"：延期至 "+o.Due.Chinese()+"。理由："+note)
		}
	case "return":
		note = p.Text("text", "退回理由", in.Text, true, 500)
		if o.ForwardTo == renda.ForwardUnit && !rel.Has("desk") {
			if limit := env.due(renda.DateOf(o.ForwardedAt), "opinion.return_period"); today.After(limit) {
				return nil, renda.Errorf(renda.ECONFLICT, "已超过退回时限（%s 前）；如确不属本单位职责，请联系联工委协调", limit.Chinese())
			}
		}
		o.ForwardTo, o.ForwardOrgID, o.ForwardOrgName = "", "", ""
		o.Due = env.due(today, "opinion.deputy_period")
		after = func() error { return tx.notifyHandler(o, "转办事项被退回", o.Title()+"。理由："+note) }
	case "reply":
		o.UnitReply = p.Text("text", "办理结果", in.Text, true, 4000)
		o.RepliedAt = tx.now
		o.Due = env.due(today, "opinion.deputy_period")
		note = o.UnitReply
		after = func() error {
			return tx.notifyHandler(o, "转办事项已有办理结果", o.Title()+"：请核实后答复群众。")
		}
	case "redo":
		note = p.Text("text", "重新办理的要求", in.Text, true, 500)
		o.Due = env.due(today, forwardPeriodKey(o.Complex))
		o.RepliedAt = time.Time{}
		after = func() error { return tx.announceForward(o, "要求重新办理："+note) }
	case "escalate":
		id, err := tx.escalate(env, o, in, &p)
		if err != nil {
			return nil, err
		}
		o.SuggestionID, o.Due = id, renda.Date{}
		note = "转为代表建议草稿"
		after = func() error {
			return tx.tellCitizen(r, "escalated", "您反映的问题已由代表转为人大代表建议")
		}
	case "archive":
		o.ClosedAt = tx.now
		note = "答复后逾期未评价"
	case "close":
		reasons := env.set.Strings("opinion.close_reasons")
		o.CloseReason = p.OneOf("reason", "不予受理理由", in.Reason, true, reasons...)
		o.Answer = p.Text("text", "向群众的说明", in.Text, true, 2000)
		o.ClosedAt, o.Due = tx.now, renda.Date{}
		note = o.CloseReason + "：" + o.Answer
		after = func() error { return tx.tellCitizen(r, "closed", "您反映的问题已有处理说明") }
	default:
		return nil, renda.Errorf(renda.ENOTFOUND, "没有“%s”这个操作", action)
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	o.State, o.UpdatedAt = to, tx.now
	if err := tx.updateOpinion(o); err != nil {
		return nil, err
	}
	tx.Record(renda.Change{Action: action, Entity: "opinion", EntityID: o.ID, From: before.State, To: o.State, Before: &before, After: o, Note: note})
	if after != nil {
		if err := after(); err != nil {
			return nil, err
		}
	}
	return tx.db.reveal(r, tx.actor)
}

func forwardPeriodKey(complex bool) string {
	if complex {
		return "opinion.forward_period_complex"
	}
	return "opinion.forward_period"
}

// forwardDue is the deadline of a forwarded item: the one given (from
// tomorrow to six months ahead), else the settings' period.
func (tx *Tx) forwardDue(env *OpinionEnv, p *renda.Problems, in renda.ActionInput, today renda.Date) renda.Date {
	if in.Due.IsZero() {
		return env.due(today, forwardPeriodKey(in.Complex))
	}
	if !in.Due.After(today) {
		p.Add("due", "办理期限应晚于今天")
	} else if in.Due.After(today.AddMonths(6)) {
		p.Add("due", "办理期限最长六个月")
	}
	return in.Due
}

func (tx *Tx) updateOpinion(o *renda.Opinion) error {
	_, err := tx.exec(`UPDATE opinions SET state = ?, handler_id = ?, category = ?, due = ?, answer = ?, answered_at = ?, forward_to = ?, forward_org_id = ?,
		complex = ?, extended = ?, forwarded_at = ?, unit_reply = ?, replied_at = ?, rating = ?, rating_note = ?, rated_at = ?, close_reason = ?,
		closed_at = ?, suggestion_id = ?, updated_at = ? WHERE id = ?`,
		o.State, nz(o.HandlerID), o.Category, day(o.Due), o.Answer, ts(o.AnsweredAt), o.ForwardTo, nz(o.ForwardOrgID),
		o.Complex, o.Extended, ts(o.ForwardedAt), o.UnitReply, ts(o.RepliedAt), o.Rating, o.RatingNote, ts(o.RatedAt), o.CloseReason,
		ts(o.ClosedAt), o.SuggestionID, ts(tx.now), o.ID)
	return err
}

// notifyHandler tells the handling deputy (or, for an unclaimed item, the
// staff) something about an opinion.
func (tx *Tx) notifyHandler(o *renda.Opinion, title, body string) error {
	if o.HandlerID != "" {
		return tx.notifyDeputy(o.HandlerID, title, body, "/opinions/"+o.ID)
	}
	return tx.NotifyRoles([]renda.Role{renda.RoleStaff}, title, body, "/opinions/"+o.ID)
}

// hotlineMessage is what renda sends to the 12345 platform through the
// outbox: an opinion forwarded to its deputy desk, or the result of an
// order it passed to the deputies.
type hotlineMessage struct {
	Kind       string `json:"kind"` // forward or result
	Ref        string `json:"ref"`  // the opinion's id; the platform's replies name it
	Number     string `json:"number,omitempty"`
	RegionCode string `json:"region_code,omitempty"`
	Category   string `json:"category,omitempty"`
	Content    string `json:"content,omitempty"`
	Due        string `json:"due,omitempty"`
	Complex    bool   `json:"complex,omitempty"`
	Result     string `json:"result,omitempty"`
	Deputy     string `json:"deputy,omitempty"`
	Note       string `json:"note,omitempty"`
	At         string `json:"at"`
}

// announceForward tells whoever now has a forwarded item: the unit's users
// in renda, or the 12345 platform through the outbox.
func (tx *Tx) announceForward(o *renda.Opinion, note string) error {
	if o.ForwardTo == renda.ForwardUnit {
		return tx.NotifyOrg(o.ForwardOrgID, "代表转办的群众意见", o.Title()+"（办理期限 "+o.Due.Chinese()+"）", "/opinions/"+o.ID)
	}
	var code string
	if o.TownshipID != "" {
		if err := tx.queryRow("SELECT code FROM regions WHERE id = ?", o.TownshipID).Scan(&code); err != nil {
			return err
		}
	}
	m := hotlineMessage{Kind: "forward", Ref: o.ID, RegionCode: code, Category: o.Category, Content: o.Content, Due: o.Due.String(),
		Complex: o.Complex, Deputy: o.HandlerName, Note: note, At: tx.now.Format(time.RFC3339)}
	return tx.enqueueHotline(m, "hotline:forward:"+o.ID+":"+ts(tx.now).(string))
}

func (tx *Tx) enqueueHotline(m hotlineMessage, key string) error {
	b, err := json.Marshal(m)
	if err != nil {
		return err
	}
	subject := "代表转办"
	if m.Kind == "result" {
		subject = "工单办理结果"
	}
	return tx.Enqueue(renda.Message{Channel: "hotline", Recipient: "12345", Subject: subject, Body: string(b), Key: key})
}

// tellCitizen lets the citizen know there is news: by SMS when they left a
// phone, and back to the 12345 platform for an order that came from it.
func (tx *Tx) tellCitizen(r *opinionRow, event, text string) error {
	o := r.Opinion
	if o.Channel == renda.ChannelHotline && o.HotlineNumber != "" {
		m := hotlineMessage{Kind: "result", Ref: o.ID, Number: o.HotlineNumber, Result: o.Answer, Deputy: o.HandlerName,
			Note: renda.OpinionWorkflow.StateLabel(o.State), At: tx.now.Format(time.RFC3339)}
		if o.CloseReason != "" {
			m.Note = o.CloseReason
		}
		if err := tx.enqueueHotline(m, "hotline:result:"+o.ID+":"+event); err != nil {
			return err
		}
	}
	phone, err := tx.db.box.Open(r.phoneEnc)
	if err != nil || phone == "" || !strings.HasPrefix(phone, "1") {
		return err
	}
	d, err := tx.Deployment()
	if err != nil {
		return err
	}
	body := text + "，查询码 " + r.TrackingCode + "。请凭查询码和手机尾号查看并评价。"
	return tx.Enqueue(renda.Message{Channel: "sms", Recipient: phone, Subject: d.ShortName, Body: body, Key: "opinion:" + o.ID + ":" + event})
}

// --- the citizen's side ---

// OpinionTrack is what a citizen sees of their own opinion.
type OpinionTrack struct {
	Opinion      *renda.Opinion
	PublicState  string
	Steps        []TrackStep
	CanRate      bool
	Suggestion   *SuggestionPublic
	RatingDays   int
	RatingBefore renda.Date
}

// TrackStep is one step of an opinion's public history.
type TrackStep struct {
	At    time.Time `json:"at"`
	Label string    `json:"label"`
	Text  string    `json:"text,omitempty"`
}

// publicSteps are the actions a citizen's tracking page shows, with their
// public wording.
var publicSteps = map[string]string{
	"submit": "意见已提交", "claim": "代表已受理", "receive": "代表已受理", "assign": "已分派代表",
	"forward": "已转有关单位办理", "sign": "承办单位已签收", "extend": "承办单位申请延期", "return": "承办单位退回，代表另行处理",
	"reply": "承办单位已回复办理结果", "redo": "代表要求重新办理", "answer": "代表已答复", "close": "已作说明",
	"escalate": "已转为人大代表建议", "rate": "您已评价", "archive": "已办结", "erase": "个人信息已按期删除",
}

// TrackOpinion returns the citizen's view of an opinion, given its tracking
// code and the last four digits of the phone left with it (none if no phone
// was left). Wrong guesses are counted per address and refused beyond the
// settings' limit; a wrong code or tail is "not found", nothing more.
func (db *DB) TrackOpinion(ctx context.Context, code, tail, ip string) (*OpinionTrack, error) {
	var t *OpinionTrack
	err := db.citizenTx(ctx, code, tail, ip, func(tx *Tx, env *OpinionEnv, r *opinionRow) error {
		var err error
		t, err = tx.track(env, r)
		return err
	})
	return t, err
}

// RateOpinion records the citizen's satisfaction with the answer.
func (db *DB) RateOpinion(ctx context.Context, code, tail, ip, rating, note string) (*OpinionTrack, error) {
	var t *OpinionTrack
	err := db.citizenTx(ctx, code, tail, ip, func(tx *Tx, env *OpinionEnv, r *opinionRow) error {
		o := r.Opinion
		before := *o
		to, err := renda.OpinionWorkflow.Step(o.State, "rate", renda.Rel{"citizen"})
		if err != nil {
			if renda.ErrorCode(err) == renda.ECONFLICT {
				if o.Rating != "" {
					return renda.Errorf(renda.ECONFLICT, "您已评价过（%s），谢谢！", renda.RatingLabel(o.Rating))
				}
				return renda.Errorf(renda.ECONFLICT, "代表答复后才能评价")
			}
			return err
		}
		var p renda.Problems
		o.Rating = p.OneOf("rating", "满意度", rating, true, renda.Ratings...)
		o.RatingNote = p.Text("note", "评价意见", note, false, 500)
		if err := p.Err(); err != nil {
			return err
		}
		o.State, o.RatedAt, o.ClosedAt, o.UpdatedAt = to, tx.now, tx.now, tx.now
		if err := tx.updateOpinion(o); err != nil {
			return err
		}
		tx.Record(renda.Change{Action: "rate", Entity: "opinion", EntityID: o.ID, From: before.State, To: o.State, Before: &before, After: o,
			Note: joinNote(renda.RatingLabel(o.Rating), o.RatingNote)})
		if o.Rating == renda.RatingUnsatisfied {
			body := o.Title() + "：群众评价“不满意”。" + o.RatingNote
			if err := tx.notifyHandler(o, "群众对答复不满意", body); err != nil {
				return err
			}
			if err := tx.NotifyRoles([]renda.Role{renda.RoleStaff}, "群众对答复不满意", body, "/opinions/"+o.ID); err != nil {
				return err
			}
		}
		// Write the audit records now, so the history shown includes the rating.
		if err := tx.appendAudit(); err != nil {
			return err
		}
		t, err = tx.track(env, r)
		return err
	})
	return t, err
}

// citizenTx finds an opinion by tracking code and phone tail in a write
// transaction (a wrong guess is recorded), then runs fn.
func (db *DB) citizenTx(ctx context.Context, code, tail, ip string, fn func(*Tx, *OpinionEnv, *opinionRow) error) error {
	code = NormalizeTrackingCode(code)
	tail = strings.TrimSpace(tail)
	miss := false
	err := db.write(ctx, nil, func(tx *Tx) error {
		env, err := tx.OpinionEnv()
		if err != nil {
			return err
		}
		if ip != "" {
			if err := tx.throttle("track", ip, env.set.Int("opinion.track_failures_per_hour"), time.Hour,
				"查询码或手机尾号输错次数过多（一小时内 %d 次），请一小时后再试。"); err != nil {
				return err
			}
		}
		var r *opinionRow
		if code != "" {
			r, err = scanOpinion(tx.queryRow("SELECT "+opinionColumns+opinionFrom+" WHERE o.tracking_code = ?", code))
			if err != nil && !errNoRows(err) {
				return err
			}
		}
		if r != nil {
			phone, err := db.box.Open(r.phoneEnc)
			if err != nil {
				return err
			}
			if phone == "" && tail != "" || phone != "" && (len(tail) != 4 || !strings.HasSuffix(phone, tail)) {
				r = nil
			}
		}
		if r == nil {
			miss = true
			if ip != "" {
				return tx.throttleHit("track", ip)
			}
			return nil
		}
		return fn(tx, env, r)
	})
	if err != nil {
		return err
	}
	if miss {
		return renda.Errorf(renda.ENOTFOUND, "查询码或手机尾号不正确。请核对短信或提交成功页上的 8 位查询码，以及您留下的手机号码后四位。")
	}
	return nil
}

func (tx *Tx) track(env *OpinionEnv, r *opinionRow) (*OpinionTrack, error) {
	o := *r.Opinion
	o.Name, o.Phone, o.HandlerName = "", "", ""
	t := &OpinionTrack{Opinion: &o, PublicState: renda.OpinionPublicState(o.State), RatingDays: env.set.Int("opinion.rating_days")}
	if o.State == renda.OpinionAnswered {
		t.CanRate = true
		t.RatingBefore = renda.DateOf(o.AnsweredAt).AddDays(t.RatingDays)
	}
	recs, err := tx.query("SELECT action, at, note FROM audit_log WHERE entity = 'opinion' AND entity_id = ? ORDER BY seq", o.ID)
	if err != nil {
		return nil, err
	}
	defer recs.Close()
	for recs.Next() {
		var action, note string
		var at time.Time
		if err := recs.Scan(&action, tsScan{&at}, &note); err != nil {
			return nil, err
		}
		label, ok := publicSteps[action]
		if !ok {
			continue
		}
		step := TrackStep{At: at, Label: label}
		switch action {
		case "answer", "close":
			step.Text = note
		case "forward":
			if o.ForwardOrgName != "" {
				step.Label = "已转" + o.ForwardOrgName + "办理"
			} else if o.ForwardTo == renda.ForwardHotline {
				step.Label = "已转 12345 热线办理"
			}
		case "rate":
			step.Text = note
		}
		t.Steps = append(t.Steps, step)
	}
	if err := recs.Err(); err != nil {
		return nil, err
	}
	recs.Close()
	if o.SuggestionID != "" {
		st, err := tx.suggestionPublicStatus(o.SuggestionID)
		if err != nil {
			return nil, err
		}
		t.Suggestion = st
	}
	if o.CloseReason != "" {
		o.Answer = o.CloseReason + "。" + o.Answer
	}
	return t, nil
}

// --- statistics helpers used by several pages ---

// OpinionCounts are the figures of a home page.
type OpinionCounts struct {
	Open, New, Overdue, Pool, Total, Replied int
}

// OpinionCounts counts what viewer may see.
func (db *DB) OpinionCounts(ctx context.Context, viewer *renda.User) (OpinionCounts, error) {
	var c OpinionCounts
	scope, args := opinionScope(viewer)
	today := renda.DateOf(db.clock.Now()).String()
	mine := "1 = 1"
	var mineArgs []any
	if viewer != nil && viewer.DeputyID != "" {
		mine, mineArgs = "o.handler_id = ?", []any{viewer.DeputyID}
	}
	q := `SELECT COUNT(*),
		COALESCE(SUM(CASE WHEN o.state IN ('submitted','received','forwarded','handling','replied') AND ` + mine + ` THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN o.state = 'submitted' AND ` + mine + ` THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN o.state IN ('submitted','received','forwarded','handling','replied') AND o.due < ? AND ` + mine + ` THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN o.state = 'submitted' AND o.handler_id IS NULL THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN o.state = 'replied' AND ` + mine + ` THEN 1 ELSE 0 END), 0)
		FROM opinions o WHERE ` + scope
	all := slices.Concat(mineArgs, mineArgs, []any{today}, mineArgs, mineArgs, args)
	err := db.r.QueryRowContext(ctx, db.rebind(q), all...).Scan(&c.Total, &c.Open, &c.New, &c.Overdue, &c.Pool, &c.Replied)
	return c, err
}

func trunc(s string, n int) string {
	s = strings.ToValidUTF8(s, "")
	if utf8.RuneCountInString(s) > n {
		return string([]rune(s)[:n]) + "…"
	}
	return s
}

func joinNote(a, b string) string {
	if b == "" {
		return a
	}
	return a + "：" + b
}

// OpinionActions lists the actions viewer may take on an opinion now, for
// buttons (the workflow decides again when one is taken).
func (db *DB) OpinionActions(ctx context.Context, viewer *renda.User, o *renda.Opinion) ([]renda.Rule, error) {
	stationed := false
	if viewer != nil && viewer.DeputyID != "" && o.HandlerID == "" && o.TownshipID != "" {
		err := db.read(ctx, func(tx *Tx) error {
			towns, err := tx.deputyTownships(viewer.DeputyID)
			stationed = slices.Contains(towns, o.TownshipID)
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	var out []renda.Rule
	for _, r := range renda.OpinionWorkflow.Available(o.State, renda.OpinionRel(viewer, o, stationed)) {
		switch r.Action {
		case "submit", "rate", "archive":
			continue
		case "sign", "extend", "return", "reply":
			// The desk (staff) records these for 12345 and for units; a
			// deputy handling the item does not.
		}
		out = append(out, r)
	}
	return out, nil
}
