package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"renda/internal/attach"
	"renda/station"
	"slices"
	"strconv"
	"strings"
	"time"

	"renda"
)

// floatScan scans a REAL / DOUBLE PRECISION or NULL into a float64 (0 for NULL).
type floatScan struct{ f *float64 }

func (s floatScan) Scan(v any) error {
	switch v := v.(type) {
	case nil:
		*s.f = 0
	case float64:
		*s.f = v
	case float32:
		*s.f = float64(v)
	case int64:
		*s.f = float64(v)
	case []byte:
		f, err := strconv.ParseFloat(string(v), 64)
		*s.f = f
		return err
	case string:
		f, err := strconv.ParseFloat(v, 64)
		*s.f = f
		return err
	default:
		return fmt.Errorf("store: cannot scan %T as a number", v)
	}
	return nil
}

// nzFloat turns 0 into NULL (no coordinates).
func nzFloat(f float64) any {
	if f == 0 {
		return nil
	}
	return f
}

const stationColumns = `s.id, s.code, s.name, s.kind, s.sector, s.region_id, s.township_id, s.address, s.lat, s.lng, s.hours, s.phone,
	s.intro, s.model, s.active, s.created_at, s.updated_at, r.name, t.name`

const stationFrom = ` FROM stations s JOIN regions r ON r.id = s.region_id JOIN regions t ON t.id = s.township_id`

func scanStation(row interface{ Scan(...any) error }) (*station.Station, error) {
	var s station.Station
	var kind string
	err := row.Scan(&s.ID, &s.Code, &s.Name, &kind, &s.Sector, &s.RegionID, &s.TownshipID, &s.Address, floatScan{&s.Lat}, floatScan{&s.Lng},
		&s.Hours, &s.Phone, &s.Intro, boolScan{&s.Model}, boolScan{&s.Active}, tsScan{&s.CreatedAt}, tsScan{&s.UpdatedAt}, &s.RegionName, &s.TownshipName)
	s.Kind = station.Kind(kind)
	return &s, err
}

func (db *DB) stationWhere(f station.Filter) (string, []any) {
	var where []string
	var args []any
	if q := strings.TrimSpace(f.Q); q != "" {
		c, cargs, ok := db.matchIn("s.id", q, "station")
		if !ok {
			c = "1 = 0"
		}
		where = append(where, "("+c+" OR s.code = ?)")
		args = append(append(args, cargs...), q)
	}
	if f.Kind != "" {
		where, args = append(where, "s.kind = ?"), append(args, string(f.Kind))
	}
	if f.TownshipID != "" {
		where, args = append(where, "s.township_id = ?"), append(args, f.TownshipID)
	}
	if f.DeputyID != "" {
		where, args = append(where, "s.id IN (SELECT station_id FROM station_deputies WHERE deputy_id = ?)"), append(args, f.DeputyID)
	}
	if f.ActiveOnly {
		where, args = append(where, "s.active = ?"), append(args, true)
	}
	if len(where) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(where, " AND "), args
}

// stationOrder lists township stations by the township's code, each followed
// by its village points; special stations come last.
const stationOrder = ` ORDER BY CASE s.kind WHEN 'special' THEN 1 ELSE 0 END, t.code, CASE s.kind WHEN 'township' THEN 0 ELSE 1 END, r.code, s.name, s.id`

// Stations lists stations with their deputies. Station data is public.
func (db *DB) Stations(ctx context.Context, f station.Filter) ([]*station.Station, int, error) {
	cond, args := db.stationWhere(f)
	var out []*station.Station
	var total int
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		if total, err = tx.count("SELECT COUNT(*)"+stationFrom+cond, args...); err != nil {
			return err
		}
		limit := f.Limit
		if limit <= 0 {
			limit = 500
		}
		rows, err := tx.query("SELECT "+stationColumns+stationFrom+cond+stationOrder+limitOffset(limit, f.Offset), args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			s, err := scanStation(rows)
			if err != nil {
				return err
			}
			out = append(out, s)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		return tx.loadMembers(out)
	})
	return out, total, err
}

// loadMembers fills the stations' deputies, the head first, then by level.
func (tx *Tx) loadMembers(stations []*station.Station) error {
	if len(stations) == 0 {
		return nil
	}
	byID := map[string]*station.Station{}
	var args []any
	for _, s := range stations {
		byID[s.ID] = s
		args = append(args, s.ID)
	}
	rows, err := tx.query(`SELECT sd.station_id, d.id, d.code, d.name, c.level, c.name, d.sector, d.occupation, COALESCE(d.photo_id, ''), sd.head
		FROM station_deputies sd JOIN deputies d ON d.id = sd.deputy_id JOIN congresses c ON c.id = d.congress_id
		WHERE d.status = 'active' AND sd.station_id IN (`+placeholders(len(args))+`)
		ORDER BY sd.station_id, CASE WHEN sd.head THEN 0 ELSE 1 END,
		CASE c.level WHEN 'province' THEN 1 WHEN 'city' THEN 2 WHEN 'county' THEN 3 ELSE 4 END, d.name, d.id`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var sid, level, congress string
		var m station.Member
		if err := rows.Scan(&sid, &m.DeputyID, &m.DeputyCode, &m.Name, &level, &congress, &m.Sector, &m.Occupation, &m.PhotoID, boolScan{&m.Head}); err != nil {
			return err
		}
		m.Level = renda.Level(level)
		m.Title = (&renda.Deputy{CongressName: congress, Level: m.Level}).Title()
		if s := byID[sid]; s != nil {
			s.Members = append(s.Members, m)
		}
	}
	return rows.Err()
}

// Station returns one station with its deputies and its announced reception days.
func (db *DB) Station(ctx context.Context, id string) (*station.Station, error) {
	return db.station(ctx, "s.id = ?", id)
}

// StationByCode returns a station by its public code (for /s/{code}), with
// its deputies and its next reception days. It is kept in memory while the
// version 'stations' in cache_versions stays the same (triggers on every
// table it is read from raise it, migration 01744), so each call costs one
// primary-key read unless something changed. The caller gets its own copy
// of the station, but its Members and Upcoming are shared with other
// requests and must not be changed.
func (db *DB) StationByCode(ctx context.Context, code string) (*station.Station, error) {
	if !station.ValidPublicCode(code) {
		return nil, renda.Errorf(renda.ENOTFOUND, "联络站不存在")
	}
	ver, err := db.cacheVersion(ctx, "stations")
	if err != nil {
		return nil, db.wrap(err)
	}
	// The next reception days are those from today on: a new day reads again.
	key := stationKey{code: code, day: renda.DateOf(db.clock.Now().UTC())}
	db.cacheMu.Lock()
	s, ok := db.stations[key]
	ok = ok && db.stationsVer == ver
	db.cacheMu.Unlock()
	if ok {
		c := *s
		return &c, nil
	}
	// Read after the version: what is read is of that version or newer, so
	// keeping it under that version never serves an older station.
	if s, err = db.station(ctx, "s.code = ?", code); err != nil {
		return nil, err
	}
	db.cacheMu.Lock()
	defer db.cacheMu.Unlock()
	if ver > db.stationsVer || db.stations == nil || len(db.stations) >= maxKeptStations {
		if ver < db.stationsVer {
			return s, nil // another request keeps a newer version already
		}
		db.stations, db.stationsVer = map[stationKey]*station.Station{}, ver
	}
	if ver == db.stationsVer {
		c := *s
		db.stations[key] = &c
	}
	return s, nil
}

// stationKey is a station kept by StationByCode: its code and the day.
type stationKey struct {
	code string
	day  renda.Date
}

// maxKeptStations bounds how many stations StationByCode keeps (a
// province's tens of thousands would otherwise all stay in memory); past
// it they are read again.
const maxKeptStations = 2000

func (db *DB) station(ctx context.Context, cond string, arg any) (*station.Station, error) {
	var s *station.Station
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		s, err = scanStation(tx.queryRow("SELECT "+stationColumns+stationFrom+" WHERE "+cond, arg))
		if err != nil {
			return notFound(err, "联络站不存在")
		}
		if err := tx.loadMembers([]*station.Station{s}); err != nil {
			return err
		}
		if s.Upcoming, err = tx.upcomingDuties(s.ID); err != nil {
			return err
		}
		for i := range s.Members {
			for _, d := range s.Upcoming {
				if slices.Contains(d.DeputyIDs, s.Members[i].DeputyID) {
					s.Members[i].NextDuty = d.Day
					break
				}
			}
		}
		return nil
	})
	return s, err
}

// SaveStation creates (empty ID) or updates a station (staff).
func (db *DB) SaveStation(ctx context.Context, actor *renda.User, s *station.Station) error {
	if !station.CanManage(actor) {
		return renda.Errorf(renda.EFORBIDDEN, "只有管理员和工作人员可以维护联络站")
	}
	if err := s.Validate(); err != nil {
		return err
	}
	return db.write(ctx, actor, func(tx *Tx) error { return tx.saveStation(s) })
}

// SaveStation validates and saves a station in this transaction (seeding).
func (tx *Tx) SaveStation(s *station.Station) error {
	if err := s.Validate(); err != nil {
		return err
	}
	return tx.saveStation(s)
}

func (tx *Tx) saveStation(s *station.Station) error {
	var level, parent string
	if err := tx.queryRow("SELECT level, COALESCE(parent_id, '') FROM regions WHERE id = ?", s.RegionID).Scan(&level, &parent); err != nil {
		return &renda.Error{Code: renda.EINVALID, Message: "所选区划不存在", Fields: []renda.FieldError{{Field: "region_id", Message: "不存在"}}}
	}
	switch renda.RegionLevel(level) {
	case renda.RegionTownship:
		s.TownshipID = s.RegionID
	case renda.RegionVillage:
		s.TownshipID = parent
	default:
		return &renda.Error{Code: renda.EINVALID, Message: "联络站应设在乡镇（街道）或村（社区）", Fields: []renda.FieldError{{Field: "region_id", Message: "请选择乡镇或村（社区）"}}}
	}
	if s.Code != "" {
		var other string
		err := tx.queryRow("SELECT id FROM stations WHERE code = ?", s.Code).Scan(&other)
		if err == nil && other != s.ID {
			return &renda.Error{Code: renda.ECONFLICT, Message: "站点代码“" + s.Code + "”已被使用", Fields: []renda.FieldError{{Field: "code", Message: "已被使用"}}}
		}
	}
	if s.ID == "" {
		s.ID = renda.NewID()
		if s.Code == "" {
			s.Code = "s" + strings.ToLower(renda.RandomToken(6))
		}
		s.CreatedAt, s.UpdatedAt = tx.now, tx.now
		if _, err := tx.exec(`INSERT INTO stations (id, code, name, kind, sector, region_id, township_id, address, lat, lng, hours, phone, intro,
			model, active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			s.ID, s.Code, s.Name, string(s.Kind), s.Sector, s.RegionID, s.TownshipID, s.Address, nzFloat(s.Lat), nzFloat(s.Lng), s.Hours, s.Phone,
			s.Intro, s.Model, s.Active, ts(tx.now), ts(tx.now)); err != nil {
			return err
		}
		tx.Record(renda.Change{Action: "create", Entity: "station", EntityID: s.ID, After: s})
		return tx.indexStation(s.ID)
	}
	before, err := scanStation(tx.queryRow("SELECT "+stationColumns+stationFrom+" WHERE s.id = ?", s.ID))
	if err != nil {
		return notFound(err, "联络站不存在")
	}
	if s.Code == "" {
		s.Code = before.Code
	}
	s.CreatedAt, s.UpdatedAt = before.CreatedAt, tx.now
	if _, err := tx.exec(`UPDATE stations SET code = ?, name = ?, kind = ?, sector = ?, region_id = ?, township_id = ?, address = ?, lat = ?, lng = ?,
		hours = ?, phone = ?, intro = ?, model = ?, active = ?, updated_at = ? WHERE id = ?`,
		s.Code, s.Name, string(s.Kind), s.Sector, s.RegionID, s.TownshipID, s.Address, nzFloat(s.Lat), nzFloat(s.Lng),
		s.Hours, s.Phone, s.Intro, s.Model, s.Active, ts(tx.now), s.ID); err != nil {
		return err
	}
	before.Members, s.Members = nil, nil
	tx.Record(renda.Change{Action: "update", Entity: "station", EntityID: s.ID, Before: before, After: s})
	return tx.indexStation(s.ID)
}

// indexStation writes a station's entry in the search index.
func (tx *Tx) indexStation(id string) error {
	s, err := scanStation(tx.queryRow("SELECT "+stationColumns+stationFrom+" WHERE s.id = ?", id))
	if err != nil {
		return err
	}
	return tx.index(s.Doc())
}

func init() {
	indexers["station"] = func(tx *Tx, emit func(*renda.Doc) error) error {
		return eachBatch(tx, "SELECT "+stationColumns+stationFrom+" WHERE s.id > ? ORDER BY s.id LIMIT 1000",
			func(rows *sql.Rows) (*station.Station, string, error) {
				s, err := scanStation(rows)
				if err != nil {
					return nil, "", err
				}
				return s, s.ID, nil
			},
			func(s *station.Station) error { return emit(s.Doc()) })
	}
}

// SetStationDeputies replaces the deputies stationed at a station (staff);
// head is the deputy who leads it (站长), or "".
func (db *DB) SetStationDeputies(ctx context.Context, actor *renda.User, stationID string, deputyIDs []string, head string) error {
	if !station.CanManage(actor) {
		return renda.Errorf(renda.EFORBIDDEN, "只有管理员和工作人员可以安排进站代表")
	}
	return db.write(ctx, actor, func(tx *Tx) error { return tx.SetStationDeputies(stationID, deputyIDs, head) })
}

// SetStationDeputies replaces a station's deputies in this transaction.
func (tx *Tx) SetStationDeputies(stationID string, deputyIDs []string, head string) error {
	if ok, err := tx.exists("SELECT 1 FROM stations WHERE id = ?", stationID); err != nil {
		return err
	} else if !ok {
		return renda.Errorf(renda.ENOTFOUND, "联络站不存在")
	}
	slices.Sort(deputyIDs)
	deputyIDs = slices.Compact(deputyIDs)
	if len(deputyIDs) > 300 {
		return renda.Errorf(renda.EINVALID, "一个联络站最多安排 300 名代表")
	}
	for _, id := range deputyIDs {
		if !renda.ValidID(id) {
			return &renda.Error{Code: renda.EINVALID, Message: "所选代表不存在", Fields: []renda.FieldError{{Field: "deputy_ids", Message: "不存在"}}}
		}
	}
	if head != "" && !slices.Contains(deputyIDs, head) {
		return &renda.Error{Code: renda.EINVALID, Message: "站长须是本站的进站代表", Fields: []renda.FieldError{{Field: "head", Message: "不是本站代表"}}}
	}
	before, err := tx.stationDeputyIDs(stationID)
	if err != nil {
		return err
	}
	if _, err := tx.exec("DELETE FROM station_deputies WHERE station_id = ?", stationID); err != nil {
		return err
	}
	for _, id := range deputyIDs {
		if _, err := tx.exec("INSERT INTO station_deputies (station_id, deputy_id, head, created_at) VALUES (?, ?, ?, ?)", stationID, id, id == head, ts(tx.now)); err != nil {
			if isForeignKey(err) {
				return &renda.Error{Code: renda.EINVALID, Message: "所选代表不存在", Fields: []renda.FieldError{{Field: "deputy_ids", Message: "不存在"}}}
			}
			return err
		}
	}
	type members struct {
		Deputies []string `json:"deputies"`
		Head     string   `json:"head,omitempty"`
	}
	tx.Record(renda.Change{Action: "members", Entity: "station", EntityID: stationID, Before: members{Deputies: before},
		After: members{Deputies: deputyIDs, Head: head}, Note: fmt.Sprintf("进站代表 %d 名", len(deputyIDs))})
	return nil
}

func (tx *Tx) stationDeputyIDs(stationID string) ([]string, error) {
	rows, err := tx.query("SELECT deputy_id FROM station_deputies WHERE station_id = ? ORDER BY deputy_id", stationID)
	if err != nil {
		return nil, err
	}
	return collectStrings(rows)
}

// StationCodesOf lists the codes of the stations a deputy serves.
func (db *DB) StationCodesOf(ctx context.Context, deputyID string) ([]string, error) {
	rows, err := db.r.QueryContext(ctx, db.rebind(`SELECT s.code FROM station_deputies sd JOIN stations s ON s.id = sd.station_id
		WHERE sd.deputy_id = ? AND s.active = ? ORDER BY s.code`), deputyID, true)
	if err != nil {
		return nil, err
	}
	return collectStrings(rows)
}

// deputyTownships lists the townships where a deputy is stationed (through a
// station, or the township of their own record).
func (tx *Tx) deputyTownships(deputyID string) ([]string, error) {
	rows, err := tx.query(`SELECT s.township_id FROM station_deputies sd JOIN stations s ON s.id = sd.station_id WHERE sd.deputy_id = ?
		UNION SELECT region_id FROM deputies WHERE id = ? AND region_id IS NOT NULL`, deputyID, deputyID)
	if err != nil {
		return nil, err
	}
	return collectStrings(rows)
}

// --- reception days ---

const dutyColumns = `y.id, y.station_id, y.day, y.start_time, y.end_time, y.topic, y.status, y.note, y.created_at, s.name, s.code`

// duties runs a query over reception days (alias y, station s) and fills
// each day's deputies.
func (tx *Tx) duties(cond string, args ...any) ([]*station.Duty, error) {
	rows, err := tx.query("SELECT "+dutyColumns+" FROM duties y JOIN stations s ON s.id = y.station_id"+cond, args...)
	if err != nil {
		return nil, err
	}
	var out []*station.Duty
	byID := map[string]*station.Duty{}
	for rows.Next() {
		var d station.Duty
		var status string
		if err := rows.Scan(&d.ID, &d.StationID, dayScan{&d.Day}, &d.Start, &d.End, &d.Topic, &status, &d.Note, tsScan{&d.CreatedAt}, &d.StationName, &d.StationCode); err != nil {
			rows.Close()
			return nil, err
		}
		d.Status = station.DutyStatus(status)
		out = append(out, &d)
		byID[d.ID] = &d
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	var ids []any
	for _, d := range out {
		ids = append(ids, d.ID)
	}
	rows, err = tx.query(`SELECT dd.duty_id, d.id, d.name FROM duty_deputies dd JOIN deputies d ON d.id = dd.deputy_id
		WHERE dd.duty_id IN (`+placeholders(len(ids))+") ORDER BY d.name, d.id", ids...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var did, id, name string
		if err := rows.Scan(&did, &id, &name); err != nil {
			return nil, err
		}
		d := byID[did]
		d.DeputyIDs = append(d.DeputyIDs, id)
		d.Deputies = append(d.Deputies, name)
	}
	return out, rows.Err()
}

// upcomingDuties returns a station's next ten planned reception days with
// their deputies, in one query (the public station page's).
func (tx *Tx) upcomingDuties(stationID string) ([]*station.Duty, error) {
	rows, err := tx.query(`SELECT `+dutyColumns+`, COALESCE(d.id, ''), COALESCE(d.name, '')
		FROM (SELECT * FROM duties WHERE station_id = ? AND day >= ? AND status = 'planned' ORDER BY day, start_time, id LIMIT 10) y
		JOIN stations s ON s.id = y.station_id
		LEFT JOIN duty_deputies dd ON dd.duty_id = y.id LEFT JOIN deputies d ON d.id = dd.deputy_id
		ORDER BY y.day, y.start_time, y.id, d.name, d.id`, stationID, tx.Today().String())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*station.Duty
	for rows.Next() {
		var d station.Duty
		var status, depID, depName string
		if err := rows.Scan(&d.ID, &d.StationID, dayScan{&d.Day}, &d.Start, &d.End, &d.Topic, &status, &d.Note, tsScan{&d.CreatedAt}, &d.StationName, &d.StationCode,
			&depID, &depName); err != nil {
			return nil, err
		}
		if n := len(out); n == 0 || out[n-1].ID != d.ID {
			d.Status = station.DutyStatus(status)
			out = append(out, &d)
		}
		if depID != "" {
			last := out[len(out)-1]
			last.DeputyIDs = append(last.DeputyIDs, depID)
			last.Deputies = append(last.Deputies, depName)
		}
	}
	return out, rows.Err()
}

// DutyFilter selects reception days.
type DutyFilter struct {
	StationID string
	DeputyID  string
	From, To  renda.Date
	Status    station.DutyStatus
	Limit     int
	Offset    int
}

// Duties lists reception days, latest first (public: the rota is announced).
func (db *DB) Duties(ctx context.Context, f DutyFilter) ([]*station.Duty, int, error) {
	var where []string
	var args []any
	if f.StationID != "" {
		where, args = append(where, "y.station_id = ?"), append(args, f.StationID)
	}
	if f.DeputyID != "" {
		where, args = append(where, "y.id IN (SELECT duty_id FROM duty_deputies WHERE deputy_id = ?)"), append(args, f.DeputyID)
	}
	if !f.From.IsZero() {
		where, args = append(where, "y.day >= ?"), append(args, f.From.String())
	}
	if !f.To.IsZero() {
		where, args = append(where, "y.day <= ?"), append(args, f.To.String())
	}
	if f.Status != "" {
		where, args = append(where, "y.status = ?"), append(args, string(f.Status))
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	var out []*station.Duty
	var total int
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		if total, err = tx.count("SELECT COUNT(*) FROM duties y"+cond, args...); err != nil {
			return err
		}
		out, err = tx.duties(cond+" ORDER BY y.day DESC, y.start_time DESC, y.id"+limitOffset(f.Limit, f.Offset), args...)
		return err
	})
	return out, total, err
}

// dutyFlow runs station.DutyFlow.
var dutyFlow = &flow[station.Duty]{
	m:  station.DutyFlow,
	id: func(d *station.Duty) string { return d.ID },
	rel: func(tx *Tx, d *station.Duty) (renda.Rel, error) {
		if tx.actor == nil {
			return renda.Rel{"system"}, nil
		}
		rel := renda.RoleRel(tx.actor)
		if tx.actor.DeputyID != "" {
			ok, err := tx.exists("SELECT 1 FROM station_deputies WHERE station_id = ? AND deputy_id = ?", d.StationID, tx.actor.DeputyID)
			if err != nil {
				return nil, err
			}
			if ok {
				rel = append(rel, "stationed")
			}
		}
		return rel, nil
	},
	save: func(tx *Tx, before, d *station.Duty, out *renda.Outcome, _ []*attach.File) error {
		if out.From != "" {
			_, err := tx.exec("UPDATE duties SET status = ?, note = ?, updated_at = ? WHERE id = ?", string(d.Status), d.Note, ts(tx.now), d.ID)
			return err
		}
		if _, err := tx.exec(`INSERT INTO duties (id, station_id, day, start_time, end_time, topic, status, note, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, d.ID, d.StationID, d.Day.String(), d.Start, d.End, d.Topic, string(d.Status), d.Note, ts(tx.now), ts(tx.now)); err != nil {
			return err
		}
		for _, id := range d.DeputyIDs {
			if _, err := tx.exec("INSERT INTO duty_deputies (duty_id, deputy_id) VALUES (?, ?)", d.ID, id); err != nil {
				return err
			}
		}
		return nil
	},
}

// ScheduleDuty announces a reception day (staff). It must be announced at
// least the settings' notice days ahead, and its deputies must serve there.
func (db *DB) ScheduleDuty(ctx context.Context, actor *renda.User, d *station.Duty) error {
	if !station.CanManage(actor) {
		return renda.Errorf(renda.EFORBIDDEN, "只有管理员和工作人员可以安排接待日")
	}
	return db.write(ctx, actor, func(tx *Tx) error { return tx.scheduleDuty(d, true) })
}

// ScheduleDuty saves a reception day in this transaction (seeding loads past
// days too, so the notice period is not applied).
func (tx *Tx) ScheduleDuty(d *station.Duty) error { return tx.scheduleDuty(d, false) }

func (tx *Tx) scheduleDuty(d *station.Duty, notice bool) error {
	if err := d.Validate(); err != nil {
		return err
	}
	members, err := tx.stationDeputyIDs(d.StationID)
	if err != nil {
		return err
	}
	if len(members) == 0 {
		if ok, err := tx.exists("SELECT 1 FROM stations WHERE id = ?", d.StationID); err != nil {
			return err
		} else if !ok {
			return renda.Errorf(renda.ENOTFOUND, "联络站不存在")
		}
	}
	env, err := tx.env()
	if err != nil {
		return err
	}
	env.Facts = &station.DutyFacts{Duty: d, Members: members, Notice: notice}
	next, _, err := dutyFlow.apply(tx, env, &station.Duty{ID: renda.NewID(), StationID: d.StationID}, "schedule", nil, nil)
	if err != nil {
		return err
	}
	*d = *next
	return nil
}

// CancelDuty cancels an announced reception day with a reason (staff).
func (db *DB) CancelDuty(ctx context.Context, actor *renda.User, id, reason string) error {
	return db.write(ctx, actor, func(tx *Tx) error {
		ds, err := tx.duties(" WHERE y.id = ?", id)
		if err != nil {
			return err
		}
		if len(ds) == 0 {
			return renda.Errorf(renda.ENOTFOUND, "接待日不存在")
		}
		_, _, err = dutyFlow.run(tx, ds[0], "cancel", renda.V("reason", reason), nil)
		return err
	})
}

// --- reception log ---

// CanRecordReception: staff, and the deputies stationed at the station.
func (tx *Tx) canRecordReception(actor *renda.User, stationID string) (bool, error) {
	if station.CanManage(actor) {
		return true, nil
	}
	if actor == nil || actor.DeputyID == "" {
		return false, nil
	}
	return tx.exists("SELECT 1 FROM station_deputies WHERE station_id = ? AND deputy_id = ?", stationID, actor.DeputyID)
}

// RecordReception adds an entry to a station's reception log (staff, or a
// deputy stationed there). If it is the record of an announced reception
// day, that day is marked held.
func (db *DB) RecordReception(ctx context.Context, actor *renda.User, r *station.Reception) error {
	return db.write(ctx, actor, func(tx *Tx) error {
		ok, err := tx.canRecordReception(actor, r.StationID)
		if err != nil {
			return err
		}
		if !ok {
			return renda.Errorf(renda.EFORBIDDEN, "只有本站的进站代表和工作人员可以填写接待记录")
		}
		return tx.RecordReception(r)
	})
}

// RecordReception saves a reception record in this transaction.
func (tx *Tx) RecordReception(r *station.Reception) error {
	if err := r.Validate(tx.Today()); err != nil {
		return err
	}
	members, err := tx.stationDeputyIDs(r.StationID)
	if err != nil {
		return err
	}
	for _, id := range r.DeputyIDs {
		if !slices.Contains(members, id) {
			return &renda.Error{Code: renda.EINVALID, Message: "接待代表须是本站的进站代表", Fields: []renda.FieldError{{Field: "deputy_ids", Message: "不是本站代表"}}}
		}
	}
	if r.DutyID != "" {
		var stationID, status, dday string
		if err := tx.queryRow("SELECT station_id, status, day FROM duties WHERE id = ?", r.DutyID).Scan(&stationID, &status, &dday); err != nil || stationID != r.StationID {
			return &renda.Error{Code: renda.EINVALID, Message: "所选接待日不属于本站", Fields: []renda.FieldError{{Field: "duty_id", Message: "不存在"}}}
		}
		ds, err := tx.duties(" WHERE y.id = ?", r.DutyID)
		if err != nil {
			return err
		}
		if _, _, err := dutyFlow.run(tx, ds[0], "hold", nil, nil); err != nil {
			return err
		}
	}
	r.ID, r.CreatedAt = renda.NewID(), tx.now
	if tx.actor != nil {
		r.CreatedBy = tx.actor.ID
	}
	if _, err := tx.exec(`INSERT INTO receptions (id, station_id, duty_id, day, visitors, summary, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		r.ID, r.StationID, nz(r.DutyID), r.Day.String(), r.Visitors, r.Summary, ts(tx.now), r.CreatedBy); err != nil {
		return err
	}
	for _, id := range r.DeputyIDs {
		if _, err := tx.exec("INSERT INTO reception_deputies (reception_id, deputy_id) VALUES (?, ?)", r.ID, id); err != nil {
			return err
		}
	}
	tx.Record(renda.Change{Action: "create", Entity: "reception", EntityID: r.ID, After: r, Note: fmt.Sprintf("接待群众 %d 人次", r.Visitors)})
	var credits []renda.Credit
	for _, id := range r.DeputyIDs {
		credits = append(credits, renda.Credit{DeputyID: id, Kind: "reception", Title: "联络站接待群众 " + r.Day.String(), At: r.Day.Start().Add(9 * time.Hour), Entity: "reception", EntityID: r.ID})
	}
	return tx.credit(credits, nil)
}

const receptionColumns = `e.id, e.station_id, COALESCE(e.duty_id, ''), e.day, e.visitors, e.summary, e.created_at, e.created_by, s.name, s.code,
	(SELECT COUNT(*) FROM opinions o WHERE o.reception_id = e.id)`

func (tx *Tx) receptions(cond string, args ...any) ([]*station.Reception, error) {
	rows, err := tx.query("SELECT "+receptionColumns+" FROM receptions e JOIN stations s ON s.id = e.station_id"+cond, args...)
	if err != nil {
		return nil, err
	}
	var out []*station.Reception
	byID := map[string]*station.Reception{}
	for rows.Next() {
		var r station.Reception
		if err := rows.Scan(&r.ID, &r.StationID, &r.DutyID, dayScan{&r.Day}, &r.Visitors, &r.Summary, tsScan{&r.CreatedAt}, &r.CreatedBy,
			&r.StationName, &r.StationCode, &r.Matters); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, &r)
		byID[r.ID] = &r
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	var ids []any
	for _, r := range out {
		ids = append(ids, r.ID)
	}
	rows, err = tx.query(`SELECT rd.reception_id, d.id, d.name FROM reception_deputies rd JOIN deputies d ON d.id = rd.deputy_id
		WHERE rd.reception_id IN (`+placeholders(len(ids))+") ORDER BY d.name, d.id", ids...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var rid, id, name string
		if err := rows.Scan(&rid, &id, &name); err != nil {
			return nil, err
		}
		byID[rid].DeputyIDs = append(byID[rid].DeputyIDs, id)
		byID[rid].Deputies = append(byID[rid].Deputies, name)
	}
	return out, rows.Err()
}

// Receptions lists a station's reception log, latest first ("" for every station).
func (db *DB) Receptions(ctx context.Context, stationID string, limit, offset int) ([]*station.Reception, int, error) {
	cond, args := "", []any{}
	if stationID != "" {
		cond, args = " WHERE e.station_id = ?", []any{stationID}
	}
	var out []*station.Reception
	var total int
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		if total, err = tx.count("SELECT COUNT(*) FROM receptions e"+cond, args...); err != nil {
			return err
		}
		out, err = tx.receptions(cond+" ORDER BY e.day DESC, e.id DESC"+limitOffset(limit, offset), args...)
		return err
	})
	return out, total, err
}

// Reception returns one reception record.
func (db *DB) Reception(ctx context.Context, id string) (*station.Reception, error) {
	var r *station.Reception
	err := db.read(ctx, func(tx *Tx) error {
		rs, err := tx.receptions(" WHERE e.id = ?", id)
		if err != nil {
			return err
		}
		if len(rs) == 0 {
			return renda.Errorf(renda.ENOTFOUND, "接待记录不存在")
		}
		r = rs[0]
		return nil
	})
	return r, err
}

// CanRecordReception reports whether actor may add to a station's log.
func (db *DB) CanRecordReception(ctx context.Context, actor *renda.User, stationID string) bool {
	var ok bool
	_ = db.read(ctx, func(tx *Tx) error {
		var err error
		ok, err = tx.canRecordReception(actor, stationID)
		return err
	})
	return ok
}

// DutyShortfall is a stationed deputy who took part in fewer reception days
// in a year than the settings ask.
type DutyShortfall struct {
	DeputyID, Name, StationName string
	Level                       renda.Level
	Held                        int
}

// DutyShortfalls lists the stationed deputies below station.duties_per_year
// for a year (counting days held or still planned).
func (db *DB) DutyShortfalls(ctx context.Context, year int) ([]DutyShortfall, int, error) {
	set, err := db.Settings(ctx)
	if err != nil {
		return nil, 0, err
	}
	want := set.Int("station.duties_per_year")
	from, to := renda.NewDate(year, 1, 1).String(), renda.NewDate(year, 12, 31).String()
	rows, err := db.r.QueryContext(ctx, db.rebind(`SELECT d.id, d.name, c.level, MIN(s.name),
		(SELECT COUNT(*) FROM duty_deputies dd JOIN duties y ON y.id = dd.duty_id
		 WHERE dd.deputy_id = d.id AND y.status <> 'cancelled' AND y.day >= ? AND y.day <= ?)
		FROM station_deputies sd JOIN deputies d ON d.id = sd.deputy_id JOIN congresses c ON c.id = d.congress_id
		JOIN stations s ON s.id = sd.station_id
		WHERE d.status = 'active' GROUP BY d.id, d.name, c.level ORDER BY d.name, d.id`), from, to)
	if err != nil {
		return nil, want, err
	}
	defer rows.Close()
	var out []DutyShortfall
	for rows.Next() {
		var f DutyShortfall
		var level string
		if err := rows.Scan(&f.DeputyID, &f.Name, &level, &f.StationName, &f.Held); err != nil {
			return nil, want, err
		}
		f.Level = renda.Level(level)
		if f.Held < want {
			out = append(out, f)
		}
	}
	return out, want, rows.Err()
}

// errNoRows reports sql.ErrNoRows.
func errNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }

var _ = time.Second
