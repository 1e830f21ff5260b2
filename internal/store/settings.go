package store

import (
	"context"
	"encoding/json"
	"slices"
	"sync"

	"renda"
)

// Settings and the calendar are cached in memory while their version in
// cache_versions stays the same: every change raises it in its own
// transaction, so an edit made through any server applies on all of them
// at once (one primary-key read per use instead of the whole table).

// cacheVersion reads the version of a cached thing.
func (db *DB) cacheVersion(ctx context.Context, name string) (int64, error) {
	if vs, err := db.versionsOnce(ctx); err != nil || vs != nil {
		if v, ok := vs[name]; ok || err != nil {
			return v, err
		}
	}
	var v int64
	err := db.r.QueryRowContext(ctx, db.rebind("SELECT version FROM cache_versions WHERE name = ?"), name).Scan(&v)
	return v, err
}

// versionsKey is the context key of a request's versions (VersionsOnce).
type versionsKey struct{}

// requestVersions are the versions of the cached things as one request
// read them.
type requestVersions struct {
	mu sync.Mutex
	v  map[string]int64 // nil until read
}

// VersionsOnce returns ctx in which the versions of what each server keeps
// in memory (the settings, the calendar, the stations) are read once, all
// in one query at the first use, and every later use takes the same: a
// public station page needs all three. Only for requests that change none
// of them (a page's GET): a change made in the request would not be seen by
// the uses after it.
func VersionsOnce(ctx context.Context) context.Context {
	return context.WithValue(ctx, versionsKey{}, &requestVersions{})
}

// versionsOnce returns the request's versions, reading them if they are
// not yet; nil if ctx is not of VersionsOnce.
func (db *DB) versionsOnce(ctx context.Context) (map[string]int64, error) {
	rv, _ := ctx.Value(versionsKey{}).(*requestVersions)
	if rv == nil {
		return nil, nil
	}
	rv.mu.Lock()
	defer rv.mu.Unlock()
	if rv.v != nil {
		return rv.v, nil
	}
	rows, err := db.r.QueryContext(ctx, "SELECT name, version FROM cache_versions")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	v := map[string]int64{}
	for rows.Next() {
		var name string
		var n int64
		if err := rows.Scan(&name, &n); err != nil {
			return nil, err
		}
		v[name] = n
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rv.v = v
	return v, nil
}

// bumpCache raises the version of a cached thing, in the transaction of the change.
func (tx *Tx) bumpCache(name string) error {
	tx.bumped = true
	_, err := tx.exec("UPDATE cache_versions SET version = version + 1 WHERE name = ?", name)
	return err
}

// SettingsAndCalendar returns the settings in force and the working-day
// calendar, their versions read in one query (every page's layout needs both).
func (db *DB) SettingsAndCalendar(ctx context.Context) (*renda.Settings, *renda.Calendar, error) {
	if ctx.Value(versionsKey{}) == nil {
		ctx = VersionsOnce(ctx)
	}
	vs, err := db.versionsOnce(ctx)
	if err != nil {
		return nil, nil, err
	}
	return db.settingsAndCalendarAt(ctx, vs["settings"], vs["calendar"])
}

// settingsAndCalendarAt returns the settings and the calendar of the given
// versions.
func (db *DB) settingsAndCalendarAt(ctx context.Context, setVer, calVer int64) (*renda.Settings, *renda.Calendar, error) {
	set, err := db.settingsAt(ctx, setVer)
	if err != nil {
		return nil, nil, err
	}
	cal, err := db.calendarAt(ctx, calVer)
	return set, cal, err
}

// Settings returns the settings in force.
func (db *DB) Settings(ctx context.Context) (*renda.Settings, error) {
	ver, err := db.cacheVersion(ctx, "settings")
	if err != nil {
		return nil, err
	}
	return db.settingsAt(ctx, ver)
}

// settingsAt returns the settings of version ver: the cached ones if they
// are of that version, else read again.
func (db *DB) settingsAt(ctx context.Context, ver int64) (*renda.Settings, error) {
	db.cacheMu.Lock()
	if db.settings != nil && db.settingsVer == ver {
		s := db.settings
		db.cacheMu.Unlock()
		return s, nil
	}
	db.cacheMu.Unlock()
	rows, err := db.r.QueryContext(ctx, "SELECT key, value FROM settings")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	stored := map[string]json.RawMessage{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, err
		}
		stored[k] = json.RawMessage(v)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	s := renda.NewSettings(stored)
	db.cacheMu.Lock()
	db.settings, db.settingsVer = s, ver
	db.cacheMu.Unlock()
	return s, nil
}

// settings reads the settings inside a transaction (uncached).
func (tx *Tx) settings() (*renda.Settings, error) {
	rows, err := tx.query("SELECT key, value FROM settings")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	stored := map[string]json.RawMessage{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, err
		}
		stored[k] = json.RawMessage(v)
	}
	return renda.NewSettings(stored), rows.Err()
}

// Deployment returns the names of the deployment (renda.DeploymentOf the
// settings), read once per transaction.
func (tx *Tx) Deployment() (renda.Deployment, error) {
	if d, ok := tx.memo["deployment"].(renda.Deployment); ok {
		return d, nil
	}
	set, _, err := tx.config()
	if err != nil {
		return renda.Deployment{}, err
	}
	d := renda.DeploymentOf(set)
	tx.memo["deployment"] = d
	return d, nil
}

// UpdateSettings stores new values (as typed by an admin) for the given keys.
// Every value is checked first; one bad value changes nothing.
func (db *DB) UpdateSettings(ctx context.Context, actor *renda.User, input map[string]string) error {
	if !renda.CanManageSettings(actor) {
		return renda.Errorf(renda.EFORBIDDEN, "只有系统管理员可以修改设置")
	}
	var p renda.Problems
	parsed := map[string]json.RawMessage{}
	keys := make([]string, 0, len(input))
	for k := range input {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		def, ok := renda.SettingByKey(k)
		if !ok {
			p.Add(k, "没有“%s”这项设置", k)
			continue
		}
		v, err := renda.ParseSetting(def, input[k])
		if err != nil {
			for _, f := range renda.ErrorFields(err) {
				p.Add(k, "%s：%s", def.Label, f.Message)
			}
			continue
		}
		parsed[k] = v
	}
	if err := p.Err(); err != nil {
		return err
	}
	err := db.write(ctx, actor, func(tx *Tx) error {
		old, err := tx.settings()
		if err != nil {
			return err
		}
		for _, k := range keys {
			before := string(old.Raw(k))
			after := string(parsed[k])
			if before == after {
				continue
			}
			_, err := tx.exec(`INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?)
				ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
				k, after, ts(tx.now), actor.ID)
			if err != nil {
				return err
			}
			tx.Record(renda.Change{Action: "setting", Entity: "setting", EntityID: k,
				Before: json.RawMessage(before), After: json.RawMessage(after)})
		}
		return tx.bumpCache("settings")
	})
	db.forgetConfig()
	return err
}

// forgetConfig drops the settings and calendar kept in memory: after a
// change, and after a commit that failed (its transactions may have kept a
// copy of what they saw of it).
func (db *DB) forgetConfig() {
	db.cacheMu.Lock()
	db.settings, db.calendar = nil, nil
	db.cacheMu.Unlock()
}

// Calendar returns the working-day calendar.
func (db *DB) Calendar(ctx context.Context) (*renda.Calendar, error) {
	ver, err := db.cacheVersion(ctx, "calendar")
	if err != nil {
		return nil, err
	}
	return db.calendarAt(ctx, ver)
}

// calendarAt returns the calendar of version ver: the cached one if it is of
// that version, else read again.
func (db *DB) calendarAt(ctx context.Context, ver int64) (*renda.Calendar, error) {
	db.cacheMu.Lock()
	if db.calendar != nil && db.calendarVer == ver {
		c := db.calendar
		db.cacheMu.Unlock()
		return c, nil
	}
	db.cacheMu.Unlock()
	days, err := db.CalendarDays(ctx, 0)
	if err != nil {
		return nil, err
	}
	c := renda.NewCalendar(days)
	db.cacheMu.Lock()
	db.calendar, db.calendarVer = c, ver
	db.cacheMu.Unlock()
	return c, nil
}

// calendar reads the calendar inside a transaction.
func (tx *Tx) calendar() (*renda.Calendar, error) {
	rows, err := tx.query("SELECT day, kind, name FROM calendar_days ORDER BY day")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var days []renda.CalendarDay
	for rows.Next() {
		var d renda.CalendarDay
		if err := rows.Scan(dayScan{&d.Date}, &d.Kind, &d.Name); err != nil {
			return nil, err
		}
		days = append(days, d)
	}
	return renda.NewCalendar(days), rows.Err()
}

// CalendarDays lists the calendar's exceptions to the normal week, for one
// year (0: all years).
func (db *DB) CalendarDays(ctx context.Context, year int) ([]renda.CalendarDay, error) {
	q, args := "SELECT day, kind, name FROM calendar_days ORDER BY day", []any{}
	if year > 0 {
		q = "SELECT day, kind, name FROM calendar_days WHERE day >= ? AND day < ? ORDER BY day"
		args = []any{renda.NewDate(year, 1, 1).String(), renda.NewDate(year+1, 1, 1).String()}
	}
	rows, err := db.r.QueryContext(ctx, db.rebind(q), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []renda.CalendarDay
	for rows.Next() {
		var d renda.CalendarDay
		if err := rows.Scan(dayScan{&d.Date}, &d.Kind, &d.Name); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// SetCalendarDay declares a day a holiday or a make-up working day; kind ""
// removes the entry so the day follows the normal week again.
func (db *DB) SetCalendarDay(ctx context.Context, actor *renda.User, d renda.CalendarDay) error {
	if !actor.Is(renda.RoleAdmin, renda.RoleStaff) {
		return renda.Errorf(renda.EFORBIDDEN, "只有管理员和工作人员可以维护节假日")
	}
	var p renda.Problems
	if d.Date.IsZero() {
		p.Add("date", "请填写日期")
	}
	if d.Kind != "" && d.Kind != renda.DayOff && d.Kind != renda.DayWork {
		p.Add("kind", "请选择放假或调休上班")
	}
	d.Name = p.Line("name", "名称", d.Name, d.Kind != "", 30)
	if err := p.Err(); err != nil {
		return err
	}
	err := db.write(ctx, actor, func(tx *Tx) error {
		var before *renda.CalendarDay
		var old renda.CalendarDay
		if err := tx.queryRow("SELECT day, kind, name FROM calendar_days WHERE day = ?", d.Date.String()).Scan(dayScan{&old.Date}, &old.Kind, &old.Name); err == nil {
			before = &old
		}
		if d.Kind == "" {
			if before == nil {
				return nil
			}
			if _, err := tx.exec("DELETE FROM calendar_days WHERE day = ?", d.Date.String()); err != nil {
				return err
			}
			tx.Record(renda.Change{Action: "calendar", Entity: "calendar", EntityID: d.Date.String(), Before: before})
			return tx.bumpCache("calendar")
		}
		if _, err := tx.exec(`INSERT INTO calendar_days (day, kind, name) VALUES (?, ?, ?)
			ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, name = excluded.name`, d.Date.String(), d.Kind, d.Name); err != nil {
			return err
		}
		tx.Record(renda.Change{Action: "calendar", Entity: "calendar", EntityID: d.Date.String(), Before: before, After: d})
		return tx.bumpCache("calendar")
	})
	db.forgetConfig()
	return err
}

// seedCalendar loads the State Council's holiday notices into an empty calendar.
func (tx *Tx) seedCalendar() error {
	n, err := tx.count("SELECT COUNT(*) FROM calendar_days")
	if err != nil || n > 0 {
		return err
	}
	for _, d := range renda.ChinaHolidays() {
		if _, err := tx.exec("INSERT INTO calendar_days (day, kind, name) VALUES (?, ?, ?)", d.Date.String(), d.Kind, d.Name); err != nil {
			return err
		}
	}
	tx.Record(renda.Change{Action: "calendar", Entity: "calendar", EntityID: "2024-2026", Note: "按国务院办公厅节假日安排通知（2024—2026年）初始化"})
	return tx.bumpCache("calendar")
}

// Init prepares a freshly migrated database: it seeds the holiday calendar.
// It is safe to call on every start.
func (db *DB) Init(ctx context.Context) error {
	return db.write(ctx, nil, func(tx *Tx) error {
		if err := tx.seedCalendar(); err != nil {
			return err
		}
		return tx.sealOutbox()
	})
}
