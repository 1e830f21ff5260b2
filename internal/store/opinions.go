package store

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"renda"
	"renda/internal/attach"
	"renda/opinion"
	"renda/station"
)

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
	o.erased_at, o.created_at, o.updated_at, o.reopened,
	COALESCE(s.name, ''), COALESCE(s.code, ''), COALESCE(dc.name, ''), COALESCE(dh.name, ''), COALESCE(t.name, ''), COALESCE(t.code, ''), COALESCE(rg.name, ''),
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
	*opinion.Opinion
	nameEnc, phoneEnc string
}

func scanOpinion(row interface{ Scan(...any) error }) (*opinionRow, error) {
	o := &opinion.Opinion{}
	r := &opinionRow{Opinion: o}
	err := row.Scan(&o.ID, &o.TrackingCode, &o.Channel, &o.State, &o.StationID, &o.DeputyID, &o.HandlerID,
		&o.TownshipID, &o.RegionID, &o.Category, &o.Content, &o.Address, floatScan{&o.Lat}, floatScan{&o.Lng}, &r.nameEnc, &r.phoneEnc, dayScan{&o.Due},
		&o.Answer, tsScan{&o.AnsweredAt}, &o.ForwardTo, &o.ForwardOrgID, boolScan{&o.Complex}, boolScan{&o.Extended}, tsScan{&o.ForwardedAt}, &o.UnitReply, tsScan{&o.RepliedAt},
		&o.Rating, &o.RatingNote, tsScan{&o.RatedAt}, &o.CloseReason, tsScan{&o.ClosedAt}, &o.SuggestionID, &o.HotlineOrderID, &o.ReceptionID,
		tsScan{&o.ErasedAt}, tsScan{&o.CreatedAt}, tsScan{&o.UpdatedAt}, &o.Reopened,
		&o.StationName, &o.StationCode, &o.DeputyName, &o.HandlerName, &o.TownshipName, &o.TownshipCode, &o.RegionName, &o.ForwardOrgName, &o.HotlineNumber)
	o.HasPhone = r.phoneEnc != ""
	return r, err
}

// CanSeeCitizen reports whether viewer may see a citizen's name and phone
// in full: the deputy handling the opinion, and authorised staff.
func CanSeeCitizen(viewer *renda.User, o *opinion.Opinion) bool {
	if renda.CanSeePersonalData(viewer) {
		return true
	}
	return viewer != nil && viewer.DeputyID != "" && viewer.DeputyID == o.HandlerID
}

// open returns the opinion with its personal data open: what the workflow
// works on (a message to the citizen needs their number).
func (db *DB) open(r *opinionRow) (*opinion.Opinion, error) {
	o := *r.Opinion
	var err error
	if o.Name, err = db.box.Open(r.nameEnc); err != nil {
		return nil, err
	}
	if o.Phone, err = db.box.Open(r.phoneEnc); err != nil {
		return nil, err
	}
	return &o, nil
}

// viewAs returns what viewer may see of an open opinion: the name and phone
// in full if entitled, else masked; the tracking code only to those who may
// act on it for the citizen (the handler and staff), who may need to tell it.
func viewAs(o *opinion.Opinion, viewer *renda.User) *opinion.Opinion {
	v := *o
	if !CanSeeCitizen(viewer, o) {
		v.Name, v.Phone, v.TrackingCode = renda.MaskName(o.Name), renda.MaskPhone(o.Phone), ""
	}
	return &v
}

// reveal opens the personal data for viewer (see viewAs).
func (db *DB) reveal(r *opinionRow, viewer *renda.User) (*opinion.Opinion, error) {
	o, err := db.open(r)
	if err != nil {
		return nil, err
	}
	return viewAs(o, viewer), nil
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
func (db *DB) Opinion(ctx context.Context, viewer *renda.User, id string) (*opinion.Opinion, error) {
	var o *opinion.Opinion
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		o, err = tx.opinionFor(viewer, id, false)
		return err
	})
	return o, err
}

func (tx *Tx) opinionFor(viewer *renda.User, id string, lock bool) (*opinion.Opinion, error) {
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

// An opinion's photos are seen by whoever opinionScope lets see the opinion.
func init() {
	registerAttachmentOwner("opinion", func(tx *Tx, viewer *renda.User, id string) (bool, error) {
		_, err := tx.opinionRow(viewer, id, false)
		return seen(err)
	})
}

// Opinions lists the opinions viewer may see: a deputy's inbox, a unit's
// forwarded items, everything for staff. Open items come first, the most
// urgent first.
// opinionWhere is the condition that selects what f asks for among what
// viewer may see: the list and every figure that counts it use it.
func (db *DB) opinionWhere(viewer *renda.User, f opinion.Filter) (string, []any) {
	scope, args := opinionScope(viewer)
	where := []string{scope}
	today := renda.DateOf(db.clock.Now())
	switch f.State {
	case "":
	case "open":
		where = append(where, "o.state IN ("+placeholders(len(opinion.OpenStates))+")")
		for _, s := range opinion.OpenStates {
			args = append(args, s)
		}
	case "overdue":
		where = append(where, "o.state IN ("+placeholders(len(opinion.OpenStates))+") AND o.due < ?")
		for _, s := range opinion.OpenStates {
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
	switch f.Category {
	case "":
	case "-": // the statistics' row of items without a category
		where = append(where, "(o.category IS NULL OR o.category = '')")
	default:
		where, args = append(where, "o.category = ?"), append(args, f.Category)
	}
	if f.StationID != "" {
		where, args = append(where, "o.station_id = ?"), append(args, f.StationID)
	}
	if f.ReceptionID != "" {
		where, args = append(where, "o.reception_id = ?"), append(args, f.ReceptionID)
	}
	switch f.TownshipID {
	case "":
	case "-": // the statistics' row of items without a township
		where = append(where, "o.township_id IS NULL")
	default:
		where, args = append(where, "o.township_id = ?"), append(args, f.TownshipID)
	}
	switch f.UnitID {
	case "":
	case "-": // the topics' row of items not forwarded to a unit
		where = append(where, "(o.forward_to <> 'unit' OR o.forward_org_id IS NULL)")
	default:
		where, args = append(where, "(o.forward_to = 'unit' AND o.forward_org_id = ?)"), append(args, f.UnitID)
	}
	if !f.From.IsZero() {
		where, args = append(where, "o.created_at >= ?"), append(args, ts(f.From.Start()))
	}
	if !f.To.IsZero() {
		where, args = append(where, "o.created_at < ?"), append(args, ts(f.To.End()))
	}
	if q := strings.TrimSpace(f.Q); q != "" {
		c, cargs, ok := db.matchIn("o.id", q, "opinion", "hotline")
		if !ok {
			c = "1 = 0"
		}
		where = append(where, "("+c+" OR o.tracking_code = ? OR ho.number = ?)")
		args = append(append(args, cargs...), strings.ToUpper(q), q)
	}
	if f.Mine {
		if viewer != nil && viewer.DeputyID != "" {
			where, args = append(where, "o.handler_id = ?"), append(args, viewer.DeputyID)
		} else {
			where = append(where, "1 = 0")
		}
	}
	if f.Answered {
		where = append(where, "o.answered_at IS NOT NULL")
	}
	if f.Rating != "" {
		where, args = append(where, "o.rating = ?"), append(args, f.Rating)
	}
	return " WHERE " + strings.Join(where, " AND "), args
}

// opinionCountFrom is what counting the opinions opinionWhere selects for
// f needs: no display joins, only the 12345 order when q may be its number.
func opinionCountFrom(f opinion.Filter) string {
	if strings.TrimSpace(f.Q) != "" {
		return " FROM opinions o LEFT JOIN hotline_orders ho ON ho.opinion_id = o.id"
	}
	return " FROM opinions o"
}

// CountOpinions counts what Opinions would list for f.
func (db *DB) CountOpinions(ctx context.Context, viewer *renda.User, f opinion.Filter) (int, error) {
	cond, args := db.opinionWhere(viewer, f)
	var n int
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		if states, sargs, ok := opinionCountedStates(viewer, f); ok {
			// The staff's figures of all opinions or of a state (the home
			// page's): from opinion_counts, as the list's total.
			n, err = tx.count("SELECT COALESCE(SUM(n), 0) FROM opinion_counts WHERE "+states, sargs...)
			return err
		}
		n, err = tx.count("SELECT COUNT(*)"+opinionCountFrom(f)+cond, args...)
		return err
	})
	return n, err
}

func (db *DB) Opinions(ctx context.Context, viewer *renda.User, f opinion.Filter) ([]*opinion.Opinion, int, error) {
	cond, args := db.opinionWhere(viewer, f)
	// Open items first, soonest due first; then the rest, newest first. Two
	// queries, each in the order of an index (opinions_due, opinions_created_id),
	// instead of one sort of every row by a computed key.
	limit, offset := f.Limit, f.Offset
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	offset = max(offset, 0)
	var out []*opinion.Opinion
	var total int
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		var nOpen int
		if total, nOpen, err = tx.countOpinions(viewer, f, cond, args); err != nil {
			return err
		}
		page := func(q string, limit, offset int) error {
			rows, err := tx.query("SELECT "+opinionColumns+opinionFrom+cond+q+limitOffset(limit, offset), args...)
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
		}
		if offset < nOpen {
			if err := page(" AND "+opinionOpen+" ORDER BY COALESCE(o.due, '9999-12-31'), o.created_at DESC, o.id DESC", limit, offset); err != nil {
				return err
			}
		}
		if rest := limit - len(out); rest > 0 && total > nOpen {
			return page(" AND NOT "+opinionOpen+" ORDER BY o.created_at DESC, o.id DESC", rest, max(0, offset-nOpen))
		}
		return nil
	})
	return out, total, err
}

// opinionOpen is the condition of the open items, listed first.
const opinionOpen = "o.state IN ('submitted','received','forwarded','handling','replied','supervised')"

// opinionCountedStates tells whether what f asks for of viewer can be
// counted from opinion_counts (kept in step by triggers) instead of counting
// every row: with no condition but the state, on the staff side; and the
// condition on opinion_counts' state.
func opinionCountedStates(viewer *renda.User, f opinion.Filter) (string, []any, bool) {
	scope, _ := opinionScope(viewer)
	if scope != "1 = 1" || f != (opinion.Filter{State: f.State, Limit: f.Limit, Offset: f.Offset}) {
		return "", nil, false
	}
	switch f.State {
	case "":
		return "1 = 1", nil, true
	case "open":
		var args []any
		for _, st := range opinion.OpenStates {
			args = append(args, st)
		}
		return "state IN (" + placeholders(len(opinion.OpenStates)) + ")", args, true
	case "overdue":
		return "", nil, false
	}
	return "state = ?", []any{f.State}, true
}

// countOpinions counts the items of a list (cond and args from opinionWhere)
// and the open ones among them.
func (tx *Tx) countOpinions(viewer *renda.User, f opinion.Filter, cond string, args []any) (total, nOpen int, err error) {
	countFrom := opinionCountFrom(f)
	if countStates, countArgs, counted := opinionCountedStates(viewer, f); counted {
		// The staff's unfiltered list: totals from opinion_counts.
		if total, err = tx.count("SELECT COALESCE(SUM(n), 0) FROM opinion_counts WHERE "+countStates, countArgs...); err != nil {
			return 0, 0, err
		}
		nOpen, err = tx.count("SELECT COALESCE(SUM(n), 0) FROM opinion_counts o WHERE "+countStates+" AND "+opinionOpen, countArgs...)
		return total, nOpen, err
	}
	if total, err = tx.count("SELECT COUNT(*)"+countFrom+cond, args...); err != nil {
		return 0, 0, err
	}
	nOpen, err = tx.count("SELECT COUNT(*)"+countFrom+cond+" AND "+opinionOpen, args...)
	return total, nOpen, err
}

// --- submission ---

// SubmitOpinion files a citizen's opinion (public, through a QR code or an
// Open311 app), a deputy's own note, or a matter raised at a reception day.
// Photos have been checked by attach.Check. The public are rate-limited per
// address and per phone.
func (db *DB) SubmitOpinion(ctx context.Context, actor *renda.User, in opinion.Submission, photos []*attach.File) (*opinion.Opinion, error) {
	var o *opinion.Opinion
	err := db.write(ctx, actor, func(tx *Tx) error {
		var err error
		o, err = tx.SubmitOpinion(in, photos)
		return err
	})
	return o, err
}

const submitTooOften = "您提交得太频繁了：同一网络一小时内最多提交 %d 条意见，请稍后再试。"

// CheckSubmitRate refuses (ETOOMANY) an address that has used up its public
// submissions for the hour, so that a page can say so before it decodes any
// photo; SubmitOpinion checks again in its transaction.
func (db *DB) CheckSubmitRate(ctx context.Context, ip string) error {
	set, err := db.Settings(ctx)
	if err != nil || ip == "" {
		return err
	}
	max := set.Int("opinion.rate_ip_per_hour")
	var n int
	if err := db.r.QueryRowContext(ctx, db.rebind("SELECT COUNT(*) FROM opinion_throttle WHERE kind = ? AND key_index = ? AND at > ?"),
		"ip", db.box.Index(ip), ts(db.clock.Now().Add(-time.Hour))).Scan(&n); err != nil {
		return err
	}
	if n >= max {
		return renda.Errorf(renda.ETOOMANY, submitTooOften, max)
	}
	return nil
}

// SubmitOpinion files an opinion in this transaction, as the transaction's
// actor: the workflow's "submit" action on a new item.
func (tx *Tx) SubmitOpinion(in opinion.Submission, photos []*attach.File) (*opinion.Opinion, error) {
	actor := tx.actor
	switch in.Channel {
	case opinion.ChannelQR, opinion.ChannelOpen311:
	case opinion.ChannelDeputy:
		if actor == nil || actor.DeputyID == "" {
			return nil, renda.Errorf(renda.EFORBIDDEN, "只有代表可以记录走访中收集的意见")
		}
	case opinion.ChannelReception:
		if !renda.ValidID(in.ReceptionID) {
			return nil, renda.Errorf(renda.EINVALID, "请从接待记录中登记群众反映的事项")
		}
	default:
		return nil, renda.Errorf(renda.EINVALID, "未知的意见来源“%s”", in.Channel)
	}
	env, err := tx.env()
	if err != nil {
		return nil, err
	}
	if err := in.Validate(env.Settings); err != nil {
		return nil, err
	}
	if n := env.Settings.Int("opinion.max_photos"); len(photos) > n {
		return nil, &renda.Error{Code: renda.EINVALID, Message: fmt.Sprintf("最多上传 %d 张照片", n), Fields: []renda.FieldError{{Field: "photos", Message: fmt.Sprintf("最多 %d 张", n)}}}
	}
	if in.IP != "" {
		if err := tx.throttle("ip", in.IP, env.Settings.Int("opinion.rate_ip_per_hour"), time.Hour, submitTooOften); err != nil {
			return nil, err
		}
		if in.Phone != "" {
			if err := tx.throttle("phone", in.Phone, env.Settings.Int("opinion.rate_phone_per_day"), 24*time.Hour,
				"同一手机号 24 小时内最多提交 %d 条意见。如情况紧急，请直接拨打 12345 或联系当地代表联络站。"); err != nil {
				return nil, err
			}
		}
	}
	rt, err := tx.routeOpinion(in)
	if err != nil {
		return nil, err
	}

	env.Rel = renda.RoleRel(actor)
	if actor == nil && in.Channel != opinion.ChannelQR && in.Channel != opinion.ChannelOpen311 {
		env.Rel = renda.Rel{"system"}
	}
	env.Facts = &opinion.Facts{Submission: &in, Route: rt}
	o, _, err := opinionFlow.apply(tx, env, &opinion.Opinion{ID: renda.NewID(), TrackingCode: NewTrackingCode()}, "submit", nil, photos)
	if err != nil {
		return nil, err
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
	return o, nil
}

// routeOpinion decides where an opinion goes: to the deputy the citizen
// chose; else to the station's deputy on duty today, else its head, else its
// first deputy; a deputy's own note to that deputy; with neither station nor
// deputy, to the township's pool (or the staff's, without a township).
func (tx *Tx) routeOpinion(in opinion.Submission) (*opinion.Route, error) {
	o := &opinion.Opinion{Lat: in.Lat, Lng: in.Lng}
	if err := tx.placeOpinion(o, in); err != nil {
		return nil, err
	}
	rt := &opinion.Route{StationID: o.StationID, StationName: o.StationName, StationCode: o.StationCode, TownshipID: o.TownshipID,
		RegionID: o.RegionID, DeputyID: o.DeputyID, HandlerID: o.HandlerID}
	if rt.TownshipID != "" {
		if err := tx.queryRow("SELECT name FROM regions WHERE id = ?", rt.TownshipID).Scan(&rt.TownshipName); err != nil {
			return nil, err
		}
	}
	for _, d := range []struct{ id, name *string }{{&rt.DeputyID, &rt.DeputyName}, {&rt.HandlerID, &rt.HandlerName}} {
		if *d.id != "" {
			if err := tx.queryRow("SELECT name FROM deputies WHERE id = ?", *d.id).Scan(d.name); err != nil {
				return nil, err
			}
		}
	}
	return rt, nil
}

func (tx *Tx) placeOpinion(o *opinion.Opinion, in opinion.Submission) error {
	var st *station.Station
	if in.StationCode != "" {
		s, err := scanStation(tx.queryRow("SELECT "+stationColumns+stationFrom+" WHERE s.code = ? AND s.active = ?", strings.ToLower(in.StationCode), true))
		if err != nil {
			return &renda.Error{Code: renda.EINVALID, Message: "联络站“" + trunc(in.StationCode, 20) + "”不存在或已停用", Fields: []renda.FieldError{{Field: "station", Message: "不存在"}}}
		}
		st = s
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
		st = s
	}
	if in.DeputyCode != "" {
		var id, region string
		if err := tx.queryRow("SELECT id, COALESCE(region_id, '') FROM deputies WHERE code = ? AND status = 'active'", strings.ToLower(in.DeputyCode)).Scan(&id, &region); err != nil {
			return &renda.Error{Code: renda.EINVALID, Message: "所选代表不存在或已不在任", Fields: []renda.FieldError{{Field: "deputy", Message: "不存在"}}}
		}
		if st != nil {
			if ok, err := tx.exists("SELECT 1 FROM station_deputies WHERE station_id = ? AND deputy_id = ?", st.ID, id); err != nil {
				return err
			} else if !ok {
				return &renda.Error{Code: renda.EINVALID, Message: "所选代表不在本联络站", Fields: []renda.FieldError{{Field: "deputy", Message: "不在本站"}}}
			}
		} else {
			// A deputy's own QR code: the deputy's first station, if any, says where.
			var sid string
			if err := tx.queryRow(`SELECT s.id FROM station_deputies sd JOIN stations s ON s.id = sd.station_id
				WHERE sd.deputy_id = ? AND s.active = ? ORDER BY CASE s.kind WHEN 'township' THEN 0 WHEN 'village' THEN 1 ELSE 2 END, s.id LIMIT 1`, id, true).Scan(&sid); err == nil {
				if st, err = scanStation(tx.queryRow("SELECT "+stationColumns+stationFrom+" WHERE s.id = ?", sid)); err != nil {
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
	if st != nil {
		o.StationID, o.StationName, o.StationCode = st.ID, st.Name, st.Code
		o.TownshipID, o.RegionID = st.TownshipID, st.RegionID
	}
	if in.Channel == opinion.ChannelDeputy && tx.actor != nil {
		o.HandlerID = tx.actor.DeputyID
		if o.TownshipID == "" {
			var region string
			if err := tx.queryRow("SELECT COALESCE(region_id, '') FROM deputies WHERE id = ?", o.HandlerID).Scan(&region); err != nil {
				return err
			}
			o.TownshipID, o.RegionID = region, region
		}
	}
	if in.Channel == opinion.ChannelReception && o.HandlerID == "" && tx.actor != nil && tx.actor.DeputyID != "" {
		o.HandlerID = tx.actor.DeputyID
	}
	if o.HandlerID == "" && st != nil {
		id, err := tx.stationDutyDeputy(st.ID, in.ReceptionID)
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
func (tx *Tx) nearestStation(o *opinion.Opinion) error {
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

func (tx *Tx) insertOpinion(o *opinion.Opinion) error {
	box := tx.db.box
	_, err := tx.exec(`INSERT INTO opinions (id, tracking_code, channel, state, station_id, deputy_id, handler_id, township_id, region_id, category,
		content, address, lat, lng, name_enc, phone_enc, phone_index, consent, due, forward_to, hotline_order_id, reception_id, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		o.ID, o.TrackingCode, o.Channel, o.State, nz(o.StationID), nz(o.DeputyID), nz(o.HandlerID), nz(o.TownshipID), nz(o.RegionID), o.Category,
		o.Content, o.Address, nzFloat(o.Lat), nzFloat(o.Lng), box.Seal(o.Name), box.Seal(o.Phone), box.Index(o.Phone), o.Consent, day(o.Due),
		o.ForwardTo, o.HotlineOrderID, nz(o.ReceptionID), ts(o.CreatedAt), ts(o.UpdatedAt))
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

// opinionFlow runs opinion.Flow: the item is loaded with its personal data
// open (messages to the citizen need it), the trail keeps neither name nor
// phone, and the caller gets what its viewer may see.
var opinionFlow = &flow[opinion.Opinion]{
	m:  opinion.Flow,
	id: func(o *opinion.Opinion) string { return o.ID },
	rel: func(tx *Tx, o *opinion.Opinion) (renda.Rel, error) {
		stationed := false
		if a := tx.actor; a != nil && a.DeputyID != "" && o.HandlerID == "" && o.TownshipID != "" {
			towns, err := tx.deputyTownships(a.DeputyID)
			if err != nil {
				return nil, err
			}
			stationed = slices.Contains(towns, o.TownshipID)
		}
		return opinion.Relations(tx.actor, o, stationed), nil
	},
	facts: func(tx *Tx, o *opinion.Opinion, action string, in *renda.Input) (any, error) {
		if action != "escalate" {
			return nil, nil
		}
		recent, err := tx.recentReports(o)
		return &opinion.Facts{Recent: recent}, err
	},
	save: func(tx *Tx, before, o *opinion.Opinion, out *renda.Outcome, files []*attach.File) error {
		o.UpdatedAt = tx.now
		if out.From == "" {
			o.HasPhone = o.Phone != ""
			if err := tx.insertOpinion(o); err != nil {
				return err
			}
		} else if err := tx.updateOpinion(o); err != nil {
			return err
		}
		for _, rec := range out.Records {
			if h, ok := rec.(*opinion.HotlineOrder); ok {
				if err := tx.insertHotlineOrder(h); err != nil {
					return err
				}
			}
		}
		for _, f := range files {
			if _, err := tx.AddAttachment("opinion", o.ID, f); err != nil {
				return err
			}
		}
		return nil
	},
	audit: func(o *opinion.Opinion) any { return o.AuditView() },
	doc:   opinion.Doc,
}

func init() {
	indexers["opinion"] = func(tx *Tx, emit func(*renda.Doc) error) error {
		return eachBatch(tx, "SELECT "+opinionColumns+opinionFrom+" WHERE o.id > ? ORDER BY o.id LIMIT 1000",
			func(rows *sql.Rows) (*opinion.Opinion, string, error) {
				r, err := scanOpinion(rows)
				if err != nil {
					return nil, "", err
				}
				return r.Opinion, r.ID, nil
			},
			func(o *opinion.Opinion) error { return emit(opinion.Doc(o)) })
	}
}

// ActOnOpinion applies a workflow action (answer, forward, escalate, close,
// claim, assign, receive, sign, extend, return, reply, redo) for actor.
func (db *DB) ActOnOpinion(ctx context.Context, actor *renda.User, id, action string, in renda.Values) (*opinion.Opinion, error) {
	var o *opinion.Opinion
	err := db.write(ctx, actor, func(tx *Tx) error {
		var err error
		o, err = tx.ActOnOpinion(id, action, in)
		return err
	})
	return o, err
}

// ActOnOpinion applies an action in this transaction, as its actor, and
// returns the opinion as the actor may see it.
func (tx *Tx) ActOnOpinion(id, action string, in renda.Values) (*opinion.Opinion, error) {
	if r, ok := opinion.Flow.Rule(action); !ok || !r.Offered() {
		return nil, renda.Errorf(renda.ENOTFOUND, "没有“%s”这个操作", trunc(action, 20))
	}
	r, err := tx.opinionRow(tx.actor, id, true)
	if err != nil {
		return nil, err
	}
	o, err := tx.db.open(r)
	if err != nil {
		return nil, err
	}
	next, _, err := opinionFlow.run(tx, o, action, in, nil)
	if err != nil {
		return nil, err
	}
	return viewAs(next, tx.actor), nil
}

// actOnOpinionAs applies an action with input decoded, for callers inside
// renda (the 12345 link, sweeps) with relations of their own.
func (tx *Tx) actOnOpinionAs(r *opinionRow, action string, rel renda.Rel, in *renda.Input) (*opinion.Opinion, error) {
	o, err := tx.db.open(r)
	if err != nil {
		return nil, err
	}
	env, err := tx.env()
	if err != nil {
		return nil, err
	}
	env.Rel = rel
	next, _, err := opinionFlow.apply(tx, env, o, action, in, nil)
	return next, err
}

func (tx *Tx) updateOpinion(o *opinion.Opinion) error {
	_, err := tx.exec(`UPDATE opinions SET state = ?, handler_id = ?, category = ?, due = ?, answer = ?, answered_at = ?, forward_to = ?, forward_org_id = ?,
		complex = ?, extended = ?, forwarded_at = ?, unit_reply = ?, replied_at = ?, rating = ?, rating_note = ?, rated_at = ?, close_reason = ?,
		closed_at = ?, suggestion_id = ?, reopened = ?, updated_at = ? WHERE id = ?`,
		o.State, nz(o.HandlerID), o.Category, day(o.Due), o.Answer, ts(o.AnsweredAt), o.ForwardTo, nz(o.ForwardOrgID),
		o.Complex, o.Extended, ts(o.ForwardedAt), o.UnitReply, ts(o.RepliedAt), o.Rating, o.RatingNote, ts(o.RatedAt), o.CloseReason,
		ts(o.ClosedAt), o.SuggestionID, o.Reopened, ts(o.UpdatedAt), o.ID)
	return err
}

// notifyHandler tells the handling deputy (or, for an unclaimed item, the
// staff) something about an opinion (sweeps' reminders).
func (tx *Tx) notifyHandler(o *opinion.Opinion, title, body string) error {
	if o.HandlerID != "" {
		return tx.notifyDeputy(o.HandlerID, title, body, "/opinions/"+o.ID)
	}
	return tx.NotifyRoles([]renda.Role{renda.RoleStaff}, title, body, "/opinions/"+o.ID)
}

// --- the citizen's side ---

// OpinionTrack is what a citizen sees of their own opinion.
type OpinionTrack struct {
	Opinion      *opinion.Opinion
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
	err := db.citizenTx(ctx, code, tail, ip, func(tx *Tx, r *opinionRow) error {
		var err error
		t, err = tx.track(r)
		return err
	})
	return t, err
}

// RateOpinion records the citizen's satisfaction with the answer.
func (db *DB) RateOpinion(ctx context.Context, code, tail, ip, rating, note string) (*OpinionTrack, error) {
	var t *OpinionTrack
	err := db.citizenTx(ctx, code, tail, ip, func(tx *Tx, r *opinionRow) error {
		if err := tx.rateOpinion(r, rating, note); err != nil {
			if renda.ErrorCode(err) == renda.ECONFLICT {
				if r.Rating != "" {
					return renda.Errorf(renda.ECONFLICT, "您已评价过（%s），谢谢！", renda.RatingLabel(r.Rating))
				}
				return renda.Errorf(renda.ECONFLICT, "代表答复后才能评价")
			}
			return err
		}
		// Write the audit records now, so the history shown includes the rating.
		if err := tx.appendAudit(); err != nil {
			return err
		}
		var err error
		t, err = tx.track(r)
		return err
	})
	return t, err
}

// citizenTx finds an opinion by tracking code and phone tail in a write
// transaction (a wrong guess is recorded), then runs fn.
func (db *DB) citizenTx(ctx context.Context, code, tail, ip string, fn func(*Tx, *opinionRow) error) error {
	code = NormalizeTrackingCode(code)
	tail = strings.TrimSpace(tail)
	miss := false
	err := db.write(ctx, nil, func(tx *Tx) error {
		set, _, err := tx.config()
		if err != nil {
			return err
		}
		if ip != "" {
			mins, max := set.Int("opinion.track_miss_minutes"), set.Int("opinion.track_misses")
			n, err := tx.count("SELECT COUNT(*) FROM opinion_throttle WHERE kind = ? AND key_index = ? AND at > ?",
				"track", tx.db.box.Index(ip), ts(tx.now.Add(-time.Duration(mins)*time.Minute)))
			if err != nil {
				return err
			}
			if n >= max {
				return renda.Errorf(renda.ETOOMANY, "查询码或手机尾号输错次数过多（%d 分钟内 %d 次），请 %d 分钟后再试。", mins, max, mins)
			}
		}
		var r *opinionRow
		if code != "" {
			r, err = scanOpinion(tx.queryRow("SELECT "+opinionColumns+opinionFrom+" WHERE o.tracking_code = ?", code))
			if errNoRows(err) {
				r = nil // no such code: a miss (scanOpinion returns an empty row with the error)
			} else if err != nil {
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
		return fn(tx, r)
	})
	if err != nil {
		return err
	}
	if miss {
		return renda.Errorf(renda.ENOTFOUND, "查询码或手机尾号不正确。请核对短信或提交成功页上的 8 位查询码，以及您留下的手机号码后四位。")
	}
	return nil
}

func (tx *Tx) track(r *opinionRow) (*OpinionTrack, error) {
	set, _, err := tx.config()
	if err != nil {
		return nil, err
	}
	o := *r.Opinion
	o.Name, o.Phone, o.HandlerName = "", "", ""
	t := &OpinionTrack{Opinion: &o, PublicState: opinion.PublicState(o.State), RatingDays: set.Int("opinion.rating_days")}
	if o.State == opinion.Answered {
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
			} else if o.ForwardTo == opinion.ForwardHotline {
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
func (db *DB) OpinionActions(ctx context.Context, viewer *renda.User, o *opinion.Opinion) ([]renda.Rule, error) {
	var out []renda.Rule
	err := db.read(ctx, func(tx *Tx) error {
		tx.actor = viewer
		var err error
		out, err = opinionFlow.actions(tx, o)
		return err
	})
	return out, err
}
