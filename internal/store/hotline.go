package store

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"

	"renda"
	"renda/internal/xlsx"
	"renda/opinion"
)

// HotlinePlatform is the actor the audit trail names for what the 12345
// platform does through its integration.
var HotlinePlatform = &renda.User{ID: "integration:hotline", Username: "12345", DisplayName: "12345 热线平台"}

// ReceiveHotlineOrder records a 12345 work order passed to the deputies,
// idempotent on its number: the same order twice is one record (created is
// false the second time, and nothing changes). A known number sent with
// different content is ECONFLICT: the platform must not rewrite an order
// silently, nor be answered with the old one as if it had.
func (db *DB) ReceiveHotlineOrder(ctx context.Context, h *opinion.HotlineOrder) (*opinion.HotlineOrder, bool, error) {
	if err := h.Validate(); err != nil {
		return nil, false, err
	}
	var created bool
	var out *opinion.HotlineOrder
	err := db.write(ctx, HotlinePlatform, func(tx *Tx) error {
		if h.Source == "" {
			h.Source = "api"
		}
		known, err := tx.hotlineOrder(h.Number)
		switch {
		case renda.ErrorCode(err) == renda.ENOTFOUND:
		case err != nil:
			return err
		case !sameHotlineOrder(known, h):
			return renda.Errorf(renda.ECONFLICT, "工单编号 %s 已收到过，内容与这次不同：同一编号不能改写，请用新的工单编号", h.Number)
		}
		created, err = tx.ReceiveHotlineOrder(h)
		if err != nil {
			return err
		}
		out, err = tx.hotlineOrder(h.Number)
		return err
	})
	return out, created, err
}

// sameHotlineOrder reports whether an order received before says what h says.
func sameHotlineOrder(old, h *opinion.HotlineOrder) bool {
	return old.Channel == h.Channel && ts(old.ReceivedAt) == ts(h.ReceivedAt) && old.RegionCode == h.RegionCode &&
		old.Type == h.Type && old.Content == h.Content && ts(old.Due) == ts(h.Due)
}

// ReceiveHotlineOrder records an order in this transaction; false if its
// number is known already.
func (tx *Tx) ReceiveHotlineOrder(h *opinion.HotlineOrder) (bool, error) {
	if err := h.Validate(); err != nil {
		return false, err
	}
	if known, err := tx.exists("SELECT 1 FROM hotline_orders WHERE number = ?", h.Number); err != nil || known {
		return false, err
	}
	var regionID, level, parent string
	err := tx.queryRow(`SELECT id, level, COALESCE(parent_id, '') FROM regions WHERE code = ? AND valid_to IS NULL ORDER BY valid_from DESC LIMIT 1`, h.RegionCode).
		Scan(&regionID, &level, &parent)
	if err != nil {
		if errNoRows(err) {
			return false, &renda.Error{Code: renda.EINVALID, Message: "区划代码“" + h.RegionCode + "”不存在", Fields: []renda.FieldError{{Field: "region_code", Message: "不存在"}}}
		}
		return false, err
	}
	rt := &opinion.Route{}
	switch renda.RegionLevel(level) {
	case renda.RegionTownship:
		rt.TownshipID, rt.RegionID = regionID, regionID
	case renda.RegionVillage:
		rt.TownshipID, rt.RegionID = parent, regionID
	default:
		// A county-wide order: no township, so it waits for the staff to assign it.
	}
	if rt.TownshipID != "" {
		if err := tx.queryRow("SELECT name FROM regions WHERE id = ?", rt.TownshipID).Scan(&rt.TownshipName); err != nil {
			return false, err
		}
	}
	env, err := tx.env()
	if err != nil {
		return false, err
	}
	env.Rel = renda.Rel{"hotline"}
	env.Facts = &opinion.Facts{Submission: &opinion.Submission{Channel: opinion.ChannelHotline, Content: h.Content, Hotline: h}, Route: rt}
	_, _, err = opinionFlow.apply(tx, env, &opinion.Opinion{ID: renda.NewID(), TrackingCode: NewTrackingCode()}, "submit", nil, nil)
	return err == nil, err
}

// insertHotlineOrder writes a 12345 order as the platform sent it, beside its opinion.
func (tx *Tx) insertHotlineOrder(h *opinion.HotlineOrder) error {
	_, err := tx.exec(`INSERT INTO hotline_orders (id, number, channel, received_at, region_code, type, content, due_at, source, opinion_id, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, h.ID, h.Number, h.Channel, ts(h.ReceivedAt), h.RegionCode, h.Type, h.Content, ts(h.Due),
		h.Source, h.OpinionID, ts(h.CreatedAt))
	return err
}

// notifyStationed writes an in-app message to the accounts of the deputies
// stationed in a township.
func (tx *Tx) notifyStationed(townshipID, title, body, link string) error {
	return tx.notifyUsers(title, body, link, `SELECT DISTINCT u.id FROM users u JOIN station_deputies sd ON sd.deputy_id = u.deputy_id
		JOIN stations s ON s.id = sd.station_id WHERE s.township_id = ? AND u.disabled = ? ORDER BY u.id`, townshipID, false)
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

const hotlineColumns = `h.id, h.number, h.channel, h.received_at, h.region_code, h.type, h.content, h.due_at, h.source, h.opinion_id, h.created_at,
	COALESCE(r.name, ''), o.state, COALESCE(d.name, '')`

// hotlineFrom is what an order is read from; its filters (hotlineWhere) are
// all on h, and every order has its opinion (a foreign key), so the orders
// are counted from hotline_orders alone, not through the joins.
const hotlineFrom = ` FROM hotline_orders h JOIN opinions o ON o.id = h.opinion_id
	LEFT JOIN regions r ON r.id = COALESCE(o.region_id, o.township_id) LEFT JOIN deputies d ON d.id = o.handler_id`

func scanHotline(row interface{ Scan(...any) error }) (*opinion.HotlineOrder, error) {
	var h opinion.HotlineOrder
	err := row.Scan(&h.ID, &h.Number, &h.Channel, tsScan{&h.ReceivedAt}, &h.RegionCode, &h.Type, &h.Content, tsScan{&h.Due}, &h.Source, &h.OpinionID,
		tsScan{&h.CreatedAt}, &h.RegionName, &h.State, &h.HandlerName)
	return &h, err
}

func (tx *Tx) hotlineOrder(number string) (*opinion.HotlineOrder, error) {
	h, err := scanHotline(tx.queryRow("SELECT "+hotlineColumns+hotlineFrom+" WHERE h.number = ?", number))
	return h, notFound(err, "工单不存在")
}

// HotlineFilter selects hotline orders.
type HotlineFilter struct {
	Q        string
	From, To renda.Date
	Limit    int
	Offset   int
}

// hotlineWhere turns a filter of orders into SQL.
func (db *DB) hotlineWhere(f HotlineFilter) (string, []any) {
	var where []string
	var args []any
	if q := strings.TrimSpace(f.Q); q != "" {
		c, cargs, ok := db.matchIn("h.opinion_id", q, "hotline")
		if !ok {
			c = "1 = 0"
		}
		where, args = append(where, "(h.number = ? OR "+c+")"), append(append(args, q), cargs...)
	}
	if !f.From.IsZero() {
		where, args = append(where, "h.received_at >= ?"), append(args, ts(f.From.Start()))
	}
	if !f.To.IsZero() {
		where, args = append(where, "h.received_at < ?"), append(args, ts(f.To.End()))
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	return cond, args
}

// hotlineTotal counts the orders under cond: unfiltered, the count kept
// by triggers (migration 01730), not a count of a million rows (on
// PostgreSQL 1 s at a province's volume).
func (tx *Tx) hotlineTotal(cond string, args []any) (int, error) {
	if cond == "" {
		return tx.count("SELECT n FROM row_counts WHERE name = 'hotline_orders'")
	}
	return tx.count("SELECT COUNT(*) FROM hotline_orders h"+cond, args...)
}

// HotlineOrders lists the orders received, newest first (staff side).
func (db *DB) HotlineOrders(ctx context.Context, viewer *renda.User, f HotlineFilter) ([]*opinion.HotlineOrder, int, error) {
	if !viewer.IsStaffSide() {
		return nil, 0, renda.Errorf(renda.EFORBIDDEN, "只有工作人员可以查看 12345 工单台账")
	}
	cond, args := db.hotlineWhere(f)
	var out []*opinion.HotlineOrder
	var total int
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		if total, err = tx.hotlineTotal(cond, args); err != nil {
			return err
		}
		rows, err := tx.query("SELECT "+hotlineColumns+hotlineFrom+cond+" ORDER BY h.received_at DESC, h.id DESC"+limitOffset(f.Limit, f.Offset), args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			h, err := scanHotline(rows)
			if err != nil {
				return err
			}
			out = append(out, h)
		}
		return rows.Err()
	})
	return out, total, err
}

// HotlineColumns are the columns of a 12345 export that the import reads.
var HotlineColumns = []xlsx.Column{
	{Header: "工单编号", Width: 18, Required: true},
	{Header: "来源渠道", Width: 10, Help: "电话、微信、网站、APP 等"},
	{Header: "受理时间", Width: 18, Required: true, Help: "如 2024-05-06 09:30"},
	{Header: "区划代码", Width: 14, Required: true, Help: "统计用区划代码（乡镇 9 位或村 12 位）"},
	{Header: "工单类型", Width: 8, Required: true, Help: "咨询、求助、投诉、举报 或 建议"},
	{Header: "工单内容", Width: 50, Required: true},
	{Header: "办理时限", Width: 18, Required: true, Help: "如 2024-05-13 18:00"},
}

var hotlineFieldColumn = map[string]string{"number": "工单编号", "channel": "来源渠道", "received_at": "受理时间", "region_code": "区划代码",
	"type": "工单类型", "content": "工单内容", "due": "办理时限"}

// parseLocalTime reads a time as a 12345 export writes it (China time).
func parseLocalTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, true
	}
	for _, layout := range []string{"2006-01-02 15:04:05", "2006-01-02 15:04", "2006/01/02 15:04:05", "2006/01/02 15:04", "2006/1/2 15:04",
		"2006-1-2 15:04", "2006-01-02", "2006/01/02", "2006/1/2", "2006年1月2日 15:04", "2006年1月2日"} {
		if t, err := time.ParseInLocation(layout, s, renda.CST); err == nil {
			if !strings.Contains(layout, "15") && layout != time.RFC3339 {
				t = t.Add(18 * time.Hour) // a day without a time: the end of the working day
			}
			return t, true
		}
	}
	return time.Time{}, false
}

// ImportHotlineOrders imports a 12345 export in one transaction: every row is
// checked first, and any problem imports nothing. Orders already known (by
// number) are skipped, so importing the same export twice changes nothing.
func (db *DB) ImportHotlineOrders(ctx context.Context, actor *renda.User, rows []xlsx.Row, problems []xlsx.RowError) (created, repeated int, err error) {
	if !actor.Is(renda.RoleAdmin, renda.RoleStaff) {
		return 0, 0, renda.Errorf(renda.EFORBIDDEN, "只有管理员和工作人员可以导入 12345 工单")
	}
	err = db.write(ctx, actor, func(tx *Tx) error {
		errs := append([]xlsx.RowError(nil), problems...)
		seen := map[string]int{}
		var orders []*opinion.HotlineOrder
		var lines []int
		for _, row := range rows {
			h := &opinion.HotlineOrder{Number: row.Get("工单编号"), Channel: row.Get("来源渠道"), RegionCode: row.Get("区划代码"),
				Type: row.Get("工单类型"), Content: row.Get("工单内容"), Source: "import"}
			if v := row.Get("受理时间"); v != "" {
				if t, ok := parseLocalTime(v); ok {
					h.ReceivedAt = t
				} else {
					errs = append(errs, xlsx.RowError{Line: row.Line, Column: "受理时间", Message: "时间格式无法识别，应如 2024-05-06 09:30"})
				}
			}
			if v := row.Get("办理时限"); v != "" {
				if t, ok := parseLocalTime(v); ok {
					h.Due = t
				} else {
					errs = append(errs, xlsx.RowError{Line: row.Line, Column: "办理时限", Message: "时间格式无法识别，应如 2024-05-13 18:00"})
				}
			}
			if err := h.Validate(); err != nil {
				for _, f := range renda.ErrorFields(err) {
					if col := hotlineFieldColumn[f.Field]; col != "" && (row.Get(col) != "" || f.Field == "type" || f.Field == "number") {
						errs = append(errs, xlsx.RowError{Line: row.Line, Column: col, Message: f.Message})
					}
				}
			}
			if prev, dup := seen[h.Number]; dup && h.Number != "" {
				errs = append(errs, xlsx.RowError{Line: row.Line, Column: "工单编号", Message: fmt.Sprintf("与第 %d 行重复", prev)})
			}
			seen[h.Number] = row.Line
			orders, lines = append(orders, h), append(lines, row.Line)
		}
		if len(errs) > 0 {
			return xlsx.Problems(errs)
		}
		for i, h := range orders {
			ok, err := tx.ReceiveHotlineOrder(h)
			if err != nil {
				msg := renda.ErrorMessage(err)
				col := "工单编号"
				if f := renda.ErrorFields(err); len(f) > 0 {
					col = hotlineFieldColumn[f[0].Field]
				}
				errs = append(errs, xlsx.RowError{Line: lines[i], Column: col, Message: msg})
				continue
			}
			if ok {
				created++
			} else {
				repeated++
			}
		}
		if len(errs) > 0 {
			return xlsx.Problems(errs)
		}
		tx.Record(renda.Change{Action: "import", Entity: "hotline_order", EntityID: "xlsx", Note: fmt.Sprintf("导入 12345 工单：新增 %d 条，已有 %d 条", created, repeated)})
		return nil
	})
	if err != nil {
		return 0, 0, err
	}
	return created, repeated, nil
}

// ApplyHotlineReply applies what the 12345 platform reports about an opinion
// forwarded to it: signed for, extended, returned or replied. A report
// already applied (same ref, event and time) changes nothing; applied is false.
func (db *DB) ApplyHotlineReply(ctx context.Context, hr opinion.HotlineReply) (applied bool, err error) {
	if err := hr.Validate(); err != nil {
		return false, err
	}
	err = db.write(ctx, HotlinePlatform, func(tx *Tx) error {
		var err error
		applied, err = tx.ApplyHotlineReply(hr)
		return err
	})
	return applied, err
}

// ApplyHotlineReply applies a report of the 12345 platform in this transaction.
func (tx *Tx) ApplyHotlineReply(hr opinion.HotlineReply) (bool, error) {
	key := hr.Ref + "/" + hr.Event + "/" + hr.At.UTC().Format(tsFormat)
	res, err := tx.exec("INSERT INTO hotline_events (dedupe_key, opinion_id, event, at, created_at) SELECT ?, id, ?, ?, ? FROM opinions WHERE id = ? ON CONFLICT (dedupe_key) DO NOTHING",
		key, hr.Event, ts(hr.At), ts(tx.now), hr.Ref)
	if err != nil {
		return false, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		if ok, err := tx.exists("SELECT 1 FROM opinions WHERE id = ?", hr.Ref); err != nil {
			return false, err
		} else if !ok {
			return false, renda.Errorf(renda.ENOTFOUND, "没有编号为 %s 的转办事项", hr.Ref)
		}
		return false, nil // a repeat
	}
	r, err := scanOpinion(tx.queryRow("SELECT "+opinionColumns+opinionFrom+" WHERE o.id = ?", hr.Ref))
	if err != nil {
		return false, notFound(err, "转办事项不存在")
	}
	if r.ForwardTo != opinion.ForwardHotline {
		return false, renda.Errorf(renda.ECONFLICT, "该事项未转 12345 办理（或已被退回）")
	}
	if _, err := tx.actOnOpinionAs(r, opinion.HotlineAction(hr.Event), renda.Rel{"hotline"}, renda.NewInput().Set("text", hr.Text)); err != nil {
		return false, err
	}
	return true, nil
}

// --- integrations ---

// CreateIntegration registers an outside system and returns its secret,
// which is shown this once (admins).
func (db *DB) CreateIntegration(ctx context.Context, actor *renda.User, in *opinion.Integration) (string, error) {
	if !renda.CanManageSettings(actor) {
		return "", renda.Errorf(renda.EFORBIDDEN, "只有系统管理员可以管理外部接口")
	}
	if err := in.Validate(); err != nil {
		return "", err
	}
	secret := strings.ToLower(renda.RandomToken(32))
	err := db.write(ctx, actor, func(tx *Tx) error {
		in.ID, in.Active, in.CreatedAt = renda.NewID(), true, tx.now
		if _, err := tx.exec("INSERT INTO integrations (id, kind, name, secret_enc, key_index, active, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
			in.ID, in.Kind, in.Name, tx.db.box.Seal(secret), tx.db.box.Index(secret), true, ts(tx.now)); err != nil {
			return err
		}
		tx.Record(renda.Change{Action: "create", Entity: "integration", EntityID: in.ID, After: in})
		return nil
	})
	return secret, err
}

// Integrations lists the outside systems (admins).
func (db *DB) Integrations(ctx context.Context, actor *renda.User) ([]*opinion.Integration, error) {
	if !renda.CanManageSettings(actor) {
		return nil, renda.Errorf(renda.EFORBIDDEN, "只有系统管理员可以管理外部接口")
	}
	rows, err := db.r.QueryContext(ctx, "SELECT id, kind, name, active, created_at, last_used_at FROM integrations ORDER BY created_at, id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*opinion.Integration
	for rows.Next() {
		var i opinion.Integration
		if err := rows.Scan(&i.ID, &i.Kind, &i.Name, boolScan{&i.Active}, tsScan{&i.CreatedAt}, tsScan{&i.LastUsed}); err != nil {
			return nil, err
		}
		out = append(out, &i)
	}
	return out, rows.Err()
}

// SetIntegrationActive enables or disables an integration (admins).
func (db *DB) SetIntegrationActive(ctx context.Context, actor *renda.User, id string, active bool) error {
	if !renda.CanManageSettings(actor) {
		return renda.Errorf(renda.EFORBIDDEN, "只有系统管理员可以管理外部接口")
	}
	return db.write(ctx, actor, func(tx *Tx) error {
		res, err := tx.exec("UPDATE integrations SET active = ? WHERE id = ?", active, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return renda.Errorf(renda.ENOTFOUND, "外部接口不存在")
		}
		action := "disable"
		if active {
			action = "enable"
		}
		tx.Record(renda.Change{Action: action, Entity: "integration", EntityID: id})
		return nil
	})
}

// HotlineRequest is what authenticates a call of the 12345 platform: the
// X-Renda-Timestamp, X-Renda-Nonce and X-Renda-Signature headers, and the body.
type HotlineRequest struct {
	Timestamp, Nonce, Signature string
	Body                        []byte
}

// VerifyHotlineRequest accepts a 12345 call if its signature ("sha256=<hex>")
// is the HMAC-SHA256 of timestamp + "\n" + nonce + "\n" + body with the
// secret of an active 12345 integration (or extra: the demo secret, in demo
// mode only), its timestamp is within opinion.hotline_clock_skew_minutes of
// now, and its nonce (16–64 printable characters) was not seen before. The
// nonce is recorded, so the same request sent again is refused. Any fault is
// EUNAUTHORIZED, saying which.
func (db *DB) VerifyHotlineRequest(ctx context.Context, in HotlineRequest, extra ...string) error {
	return db.VerifySignedRequest(ctx, opinion.IntegrationHotline, in, extra...)
}

// VerifySignedRequest is VerifyHotlineRequest for the integrations of
// kind (hotline, finance): one signature scheme and one nonce table for
// every outside system that pushes signed data.
func (db *DB) VerifySignedRequest(ctx context.Context, kind string, in HotlineRequest, extra ...string) error {
	refuse := func(msg string) error { return renda.Errorf(renda.EUNAUTHORIZED, "%s", msg) }
	if in.Signature == "" || in.Timestamp == "" || in.Nonce == "" {
		return refuse("缺少签名：请求须带 X-Renda-Timestamp（Unix 秒）、X-Renda-Nonce（16–64 个字符）和 X-Renda-Signature: sha256=<HMAC-SHA256(密钥, 时间戳 + \"\\n\" + 随机串 + \"\\n\" + 请求体) 的十六进制值>")
	}
	if n := len(in.Nonce); n < 16 || n > 64 || strings.IndexFunc(in.Nonce, func(r rune) bool { return r < 0x21 || r > 0x7e }) >= 0 {
		return refuse("X-Renda-Nonce 应为 16–64 个可见 ASCII 字符")
	}
	sec, err := strconv.ParseInt(in.Timestamp, 10, 64)
	if err != nil {
		return refuse("X-Renda-Timestamp 应为 Unix 时间（秒）")
	}
	hexsig, ok := strings.CutPrefix(strings.TrimSpace(in.Signature), "sha256=")
	if !ok {
		return refuse("签名格式应为 sha256=<十六进制值>")
	}
	want, err := hex.DecodeString(hexsig)
	if err != nil || len(want) != sha256.Size {
		return refuse("签名格式应为 sha256=<64 位十六进制值>")
	}
	secrets := append([]string(nil), extra...)
	rows, err := db.r.QueryContext(ctx, db.rebind("SELECT secret_enc FROM integrations WHERE kind = ? AND active = ?"), kind, true)
	if err != nil {
		return err
	}
	encs, err := collectStrings(rows)
	if err != nil {
		return err
	}
	for _, e := range encs {
		s, err := db.box.Open(e)
		if err != nil {
			return err
		}
		secrets = append(secrets, s)
	}
	ok = false
	for _, s := range secrets {
		m := hmac.New(sha256.New, []byte(s))
		m.Write([]byte(in.Timestamp + "\n" + in.Nonce + "\n"))
		m.Write(in.Body)
		if hmac.Equal(m.Sum(nil), want) {
			ok = true
		}
	}
	if !ok {
		return refuse("签名不正确：X-Renda-Signature 与 HMAC-SHA256(密钥, 时间戳 + \"\\n\" + 随机串 + \"\\n\" + 请求体) 不符（请核对接口密钥）")
	}
	set, err := db.Settings(ctx)
	if err != nil {
		return err
	}
	skew := time.Duration(set.Int("opinion.hotline_clock_skew_minutes")) * time.Minute
	now := db.clock.Now()
	if d := now.Sub(time.Unix(sec, 0)); d > skew || d < -skew {
		return refuse(fmt.Sprintf("X-Renda-Timestamp 与服务器时间相差超过 %d 分钟，请校准时钟后重新签名", int(skew/time.Minute)))
	}
	return db.write(ctx, nil, func(tx *Tx) error {
		// A nonce need only be kept while its timestamp could still pass.
		if _, err := tx.exec("DELETE FROM hotline_nonces WHERE seen_at < ?", ts(tx.now.Add(-2*skew-time.Hour))); err != nil {
			return err
		}
		res, err := tx.exec("INSERT INTO hotline_nonces (nonce, seen_at) VALUES (?, ?) ON CONFLICT (nonce) DO NOTHING", in.Nonce, ts(tx.now))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return refuse("X-Renda-Nonce 已用过：每个请求须用新的随机串重新签名")
		}
		return nil
	})
}

// Open311Key reports whether key is the api_key of an active Open311 integration.
func (db *DB) Open311Key(ctx context.Context, key string) (bool, error) {
	if key == "" {
		return false, nil
	}
	return db.exists(ctx, "SELECT 1 FROM integrations WHERE kind = 'open311' AND active = ? AND key_index = ?", true, db.box.Index(key))
}

func (db *DB) exists(ctx context.Context, q string, args ...any) (bool, error) {
	var ok bool
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		ok, err = tx.exists(q, args...)
		return err
	})
	return ok, err
}

// Open311Filter selects the service requests Open311 lists.
type Open311Filter struct {
	IDs        []string
	Categories []string
	Statuses   []string // open, closed
	From, To   time.Time
	Limit      int
}

// Open311Requests lists the opinions filed through Open311, newest first,
// without personal data (the list is public, as the GeoReport spec has it).
func (db *DB) Open311Requests(ctx context.Context, f Open311Filter) ([]*opinion.Opinion, error) {
	where := []string{"o.channel = 'open311'"}
	var args []any
	if len(f.IDs) > 0 {
		where = append(where, "o.id IN ("+placeholders(len(f.IDs))+")")
		for _, id := range f.IDs {
			args = append(args, id)
		}
	} else {
		if len(f.Categories) > 0 {
			where = append(where, "o.category IN ("+placeholders(len(f.Categories))+")")
			for _, c := range f.Categories {
				args = append(args, c)
			}
		}
		if !f.From.IsZero() {
			where, args = append(where, "o.created_at >= ?"), append(args, ts(f.From))
		}
		if !f.To.IsZero() {
			where, args = append(where, "o.created_at <= ?"), append(args, ts(f.To))
		}
		if len(f.Statuses) == 1 {
			in := "o.state IN ('submitted','received','forwarded','handling','replied','supervised')"
			if f.Statuses[0] == "closed" {
				in = "o.state NOT IN ('submitted','received','forwarded','handling','replied','supervised')"
			}
			where = append(where, in)
		}
	}
	limit := f.Limit
	if limit <= 0 || limit > 1000 {
		limit = 1000
	}
	var out []*opinion.Opinion
	err := db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query("SELECT "+opinionColumns+opinionFrom+" WHERE "+strings.Join(where, " AND ")+
			" ORDER BY o.created_at DESC, o.id DESC LIMIT "+itoa(limit), args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			r, err := scanOpinion(rows)
			if err != nil {
				return err
			}
			r.Opinion.Name, r.Opinion.Phone, r.Opinion.TrackingCode = "", "", ""
			out = append(out, r.Opinion)
		}
		return rows.Err()
	})
	return out, err
}
