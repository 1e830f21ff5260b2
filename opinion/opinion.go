package opinion

import (
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"renda"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// opinionSettings are the per-deployment settings of citizens' opinions,
// liaison stations and the 12345 link (domain.md §6 and §10).
var opinionSettings = renda.RegisterSettings([]renda.SettingDef{
	{Key: "opinion.deputy_period", Group: "群众意见（码上找代表）", Label: "代表处理时限", Kind: renda.KindPeriod, Default: renda.Period{N: 5, Unit: renda.UnitWorkingDays}, Min: 1, Max: 60,
		Help: "群众意见送达代表（或单位办结回复代表）后，代表答复、转办或说明的期限。[I] 未见县级规定，参照 12345 工单时限。"},
	{Key: "opinion.forward_period", Group: "群众意见（码上找代表）", Label: "转办办理时限", Kind: renda.KindPeriod, Default: renda.Period{N: 5, Unit: renda.UnitWorkingDays}, Min: 1, Max: 90,
		Help: "转给单位或 12345 的事项自签收起的办理时限。[P] 湘潭、抚州 12345：5 个工作日。"},
	{Key: "opinion.forward_period_complex", Group: "群众意见（码上找代表）", Label: "复杂事项办理时限", Kind: renda.KindPeriod, Default: renda.Period{N: 10, Unit: renda.UnitWorkingDays}, Min: 1, Max: 120,
		Help: "代表转办时标为“复杂”的事项的办理时限。[P] 湘潭、抚州 12345：复杂事项 10 个工作日。"},
	{Key: "opinion.return_period", Group: "群众意见（码上找代表）", Label: "错派退回时限", Kind: renda.KindPeriod, Default: renda.Period{N: 2, Unit: renda.UnitWorkingDays}, Min: 1, Max: 30,
		Help: "承办单位认为不属本单位职责、申请退回的期限（自转办起）。[P] 山东 12345：2 个工作日。"},
	{Key: "opinion.extension_period", Group: "群众意见（码上找代表）", Label: "延期时长", Kind: renda.KindPeriod, Default: renda.Period{N: 5, Unit: renda.UnitWorkingDays}, Min: 1, Max: 60,
		Help: "承办单位说明理由后可延期一次的时长。[I]"},
	{Key: "opinion.remind_before_days", Group: "群众意见（码上找代表）", Label: "到期前提醒（天）", Kind: renda.KindInts, Default: []int{2, 0}, Min: 0, Max: 30,
		Help: "在期限前几天提醒办理人，可填多个，如 2, 0（0 表示到期当天）。[I]"},
	{Key: "opinion.escalate_after_days", Group: "群众意见（码上找代表）", Label: "逾期几天提醒联工委", Kind: renda.KindInt, Default: 3, Min: 0, Max: 60,
		Help: "逾期达到此天数仍未办理，提醒工作人员督办。[I]"},
	{Key: "opinion.rating_days", Group: "群众意见（码上找代表）", Label: "群众评价期限（天）", Kind: renda.KindInt, Default: 15, Min: 1, Max: 90,
		Help: "答复后群众可在此期限内评价满意度；逾期未评价自动办结。[I]"},
	{Key: "opinion.recurrence_count", Group: "群众意见（码上找代表）", Label: "同类问题重复次数", Kind: renda.KindInt, Default: 3, Min: 2, Max: 100,
		Help: "同一区域同一类别的意见和 12345 工单达到此数，即作为“建议线索”提示进站代表和工作人员。[I]"},
	{Key: "opinion.recurrence_days", Group: "群众意见（码上找代表）", Label: "重复问题统计天数", Kind: renda.KindInt, Default: 90, Min: 7, Max: 730,
		Help: "统计同类问题重复出现的时间范围。[I]"},
	{Key: "opinion.hotline_clock_skew_minutes", Group: "群众意见（码上找代表）", Label: "12345 请求时间误差上限（分钟）", Kind: renda.KindInt, Default: 5, Min: 1, Max: 60,
		Help: "12345 平台请求头 X-Renda-Timestamp 与本系统时间相差超过此数即拒收（401），防止截获的请求被重放。"},
	{Key: "opinion.retention_days", Group: "群众意见（码上找代表）", Label: "个人信息保存天数", Kind: renda.KindInt, Default: 365, Min: 30, Max: 3650,
		Help: "意见办结后，群众姓名和电话再保存的天数，到期自动删除（意见内容保留）。[I]"},
	{Key: "opinion.rate_ip_per_hour", Group: "群众意见（码上找代表）", Label: "同一网络地址每小时提交上限", Kind: renda.KindInt, Default: 10, Min: 1, Max: 10000,
		Help: "防止恶意刷单。同一 IP 地址一小时内最多提交的意见数。[I]"},
	{Key: "opinion.rate_phone_per_day", Group: "群众意见（码上找代表）", Label: "同一手机号每天提交上限", Kind: renda.KindInt, Default: 5, Min: 1, Max: 1000,
		Help: "同一手机号 24 小时内最多提交的意见数。[I]"},
	{Key: "opinion.track_misses", Group: "群众意见（码上找代表）", Label: "查询码错误上限", Kind: renda.KindInt, Default: 20, Min: 3, Max: 1000,
		Help: "同一 IP 地址在下面的时段内查询码或手机尾号输错达到此数，暂停查询（查无此码也算输错）。[I]"},
	{Key: "opinion.track_miss_minutes", Group: "群众意见（码上找代表）", Label: "查询码错误计数时段（分钟）", Kind: renda.KindInt, Default: 10, Min: 1, Max: 1440,
		Help: "统计查询码输错次数的时段长度。[I]"},
	{Key: "opinion.max_photos", Group: "群众意见（码上找代表）", Label: "每条意见照片数上限", Kind: renda.KindInt, Default: 3, Min: 0, Max: 9,
		Help: "群众提交意见时最多可附的照片张数。"},
	{Key: "opinion.max_photo_mb", Group: "群众意见（码上找代表）", Label: "单张照片大小上限（MB）", Kind: renda.KindInt, Default: 8, Min: 1, Max: 10,
		Help: "超过此大小的照片不予接收。"},
	{Key: "opinion.categories", Group: "群众意见（码上找代表）", Label: "意见类别", Kind: renda.KindStrings,
		Default: []string{"道路交通", "饮水水利", "环境卫生", "教育", "医疗卫生", "社会保障", "农业农村", "茶叶产业", "城乡建设", "治安安全", "就业创业", "其他"},
		Help:    "每行一类；群众提交时选择，统计和 Open311 服务目录按此分类。"},
	{Key: "opinion.close_reasons", Group: "群众意见（码上找代表）", Label: "不予受理理由", Kind: renda.KindStrings,
		Default: []string{"已进入诉讼程序", "已申请行政复议", "已申请仲裁", "属信访事项，请依法信访", "不属于人大代表履职范围", "重复反映"},
		Help:    "代表说明“不属代表处理范围”时可选的理由（涉诉、复议、仲裁等依法不予受理）。[P]"},
	{Key: "station.duty_notice_days", Group: "代表联络站", Label: "接待日提前公布天数", Kind: renda.KindInt, Default: 3, Min: 0, Max: 60,
		Help: "接待日须至少提前此天数在联络站页面公布。[P] 联络站工作规范：提前 3 天。"},
	{Key: "station.duties_per_year", Group: "代表联络站", Label: "每名代表每年进站接待次数", Kind: renda.KindInt, Default: 2, Min: 0, Max: 52,
		Help: "每名进站代表每年至少参加的接待日次数，统计页列出未达标的代表。[P]"},
}...)

// Opinion channels: the doors a citizen's input comes through. An opinion is
// an opinion whatever its channel: one record, one inbox, one set of figures.
const (
	ChannelQR        = "qr"        // 扫码（码上找代表）
	ChannelReception = "reception" // 联络站接待日
	ChannelHotline   = "hotline"   // 12345 热线工单
	ChannelOpen311   = "open311"   // Open311 接口（第三方应用）
	ChannelDeputy    = "deputy"    // 代表走访记录
)

// Channels lists every channel in display order.
var Channels = []string{ChannelQR, ChannelReception, ChannelHotline, ChannelOpen311, ChannelDeputy}

// ChannelLabel names a channel in Chinese.
func ChannelLabel(c string) string {
	switch c {
	case ChannelQR:
		return "扫码反映"
	case ChannelReception:
		return "接待日"
	case ChannelHotline:
		return "12345 热线"
	case ChannelOpen311:
		return "第三方应用"
	case ChannelDeputy:
		return "代表走访"
	}
	return c
}

// Opinion states.
const (
	Submitted = "submitted" // 待处理: in a deputy's inbox, or the region's pool
	Received  = "received"  // 已受理
	Forwarded = "forwarded" // 已转办 (to a unit or to 12345), not yet signed for
	Handling  = "handling"  // 办理中: signed for
	Replied   = "replied"   // 单位已回复: back to the deputy to confirm
	Answered  = "answered"  // 已答复群众: waiting for the rating
	// Supervised is 督办中: a second 不满意 took the item to the standing
	// committee's staff, who see that it is dealt with.
	Supervised = "supervised"
	Escalated  = "escalated" // 已转为代表建议
	Closed     = "closed"    // 已办结
)

// OpenStates are the states in which someone still has to act, so a
// deadline runs.
var OpenStates = []string{Submitted, Received, Forwarded, Handling, Replied, Supervised}

// PublicState is what the citizen's tracking page says about a state.
func PublicState(state string) string {
	switch state {
	case Submitted:
		return "已提交，等待代表处理"
	case Received:
		return "代表已受理"
	case Forwarded, Handling:
		return "已转有关单位办理"
	case Replied:
		return "单位已办理，代表正在核实"
	case Answered:
		return "代表已答复，请您评价"
	case Supervised:
		return "人大常委会工作机构正在督办"
	case Escalated:
		return "已转为人大代表建议"
	case Closed:
		return "已办结"
	}
	return state
}

// Forward targets.
const (
	ForwardUnit    = "unit"    // a handling unit (承办单位), which answers in renda
	ForwardHotline = "hotline" // the 12345 platform's deputy desk, through the outbox
)

// Opinion is one citizen's input: whatever door it came through (see
// Channels), it is one record with one workflow (Flow). Name and
// Phone are personal data: stored encrypted, shown masked except to the
// handling deputy and authorised staff, erased after the retention period.
type Opinion struct {
	ID           string     `json:"id"`
	TrackingCode string     `json:"tracking_code,omitempty"` // only for those who may act on it
	Channel      string     `json:"channel"`
	State        string     `json:"state"`
	StationID    string     `json:"station_id,omitempty"`
	DeputyID     string     `json:"deputy_id,omitempty"`  // the deputy the citizen chose
	HandlerID    string     `json:"handler_id,omitempty"` // the deputy whose inbox it is in ("" = the region's pool)
	TownshipID   string     `json:"township_id,omitempty"`
	RegionID     string     `json:"region_id,omitempty"` // village or township
	Category     string     `json:"category"`
	Content      string     `json:"content"`
	Address      string     `json:"address,omitempty"`
	Lat          float64    `json:"lat,omitempty"`
	Lng          float64    `json:"lng,omitempty"`
	Name         string     `json:"name,omitempty"`  // full or masked, as the reader may see
	Phone        string     `json:"phone,omitempty"` // full or masked, as the reader may see
	Due          renda.Date `json:"due,omitzero"`    // the deadline of whoever must act now

	Answer     string    `json:"answer,omitempty"`
	AnsweredAt time.Time `json:"answered_at,omitzero"`

	ForwardTo    string    `json:"forward_to,omitempty"` // unit or hotline
	ForwardOrgID string    `json:"forward_org_id,omitempty"`
	Complex      bool      `json:"complex,omitempty"`
	Extended     bool      `json:"extended,omitempty"`
	ForwardedAt  time.Time `json:"forwarded_at,omitzero"`
	UnitReply    string    `json:"unit_reply,omitempty"`
	RepliedAt    time.Time `json:"replied_at,omitzero"`

	Rating     string    `json:"rating,omitempty"`
	RatingNote string    `json:"rating_note,omitempty"`
	RatedAt    time.Time `json:"rated_at,omitzero"`
	// Reopened counts the citizen's 不满意 ratings that sent the item back:
	// once to the deputy, then to the staff's supervision.
	Reopened int `json:"reopened,omitempty"`

	CloseReason string    `json:"close_reason,omitempty"`
	ClosedAt    time.Time `json:"closed_at,omitzero"`

	SuggestionID   string    `json:"suggestion_id,omitempty"`
	HotlineOrderID string    `json:"hotline_order_id,omitempty"`
	ReceptionID    string    `json:"reception_id,omitempty"`
	ErasedAt       time.Time `json:"erased_at,omitzero"` // personal data erased after retention
	Consent        bool      `json:"-"`                  // the citizen agreed to the privacy notice
	CreatedAt      time.Time `json:"created_at"`
	UpdatedAt      time.Time `json:"updated_at"`

	// Filled in by the store for display.
	StationName    string `json:"station_name,omitempty"`
	StationCode    string `json:"station_code,omitempty"`
	DeputyName     string `json:"deputy_name,omitempty"`
	HandlerName    string `json:"handler_name,omitempty"`
	TownshipName   string `json:"township_name,omitempty"`
	TownshipCode   string `json:"-"` // the township's statistical code, for 12345
	RegionName     string `json:"region_name,omitempty"`
	ForwardOrgName string `json:"forward_org_name,omitempty"`
	HotlineNumber  string `json:"hotline_number,omitempty"`
	HasPhone       bool   `json:"has_phone"`
}

// StateLabel names the opinion's state.
func (o *Opinion) StateLabel() string { return Flow.StateLabel(o.State) }

// ChannelLabel names the opinion's channel.
func (o *Opinion) ChannelLabel() string { return ChannelLabel(o.Channel) }

// RatingLabel names the opinion's rating.
func (o *Opinion) RatingLabel() string { return renda.RatingLabel(o.Rating) }

// Open reports whether someone still has to act on the opinion.
func (o *Opinion) Open() bool { return slices.Contains(OpenStates, o.State) }

// Overdue reports whether the opinion's deadline has passed on day today.
func (o *Opinion) Overdue(today renda.Date) bool {
	return o.Open() && !o.Due.IsZero() && o.Due.Before(today)
}

// Title is a short line for lists and notifications.
func (o *Opinion) Title() string {
	c := strings.Join(strings.Fields(o.Content), " ")
	if utf8.RuneCountInString(c) > 30 {
		c = string([]rune(c)[:30]) + "…"
	}
	return c
}

// SuggestionTitle proposes the title of the suggestion an escalation
// drafts, as people write one: "关于…的建议", made of the first clause of
// what the citizen wrote (no stray "。" before "的"), or of the township
// and category when that clause is long.
func (o *Opinion) SuggestionTitle() string {
	c := strings.Join(strings.Fields(o.Content), "")
	if i := strings.IndexAny(c, "。，,；;！!？?：:\n"); i >= 0 {
		c = c[:i]
	}
	c = strings.TrimPrefix(strings.TrimRight(c, "…. 、"), "关于")
	if n := utf8.RuneCountInString(c); n > 0 && n <= 20 {
		return "关于" + c + "的建议"
	}
	what := o.Category
	if what == "" {
		what = "群众反映"
	}
	return "关于解决" + o.TownshipName + what + "问题的建议"
}

// AuditView is the copy kept in the audit trail: no name, no phone (not
// even masked: the trail is kept for ever, the personal data is not).
func (o *Opinion) AuditView() any {
	c := *o
	c.Name, c.Phone, c.TrackingCode = "", "", ""
	return &c
}

// Relations returns the actor's relations to an opinion. stationed says
// whether the actor is a deputy stationed in the opinion's township.
func Relations(u *renda.User, o *Opinion, stationed bool) renda.Rel {
	rel := renda.RoleRel(u)
	if u == nil {
		return rel
	}
	if u.DeputyID != "" {
		if o.HandlerID == u.DeputyID {
			rel = append(rel, "handler")
		}
		if o.HandlerID == "" && stationed {
			rel = append(rel, "stationed")
		}
	}
	if u.Role == renda.RoleUnit && u.OrgID != "" && o.ForwardTo == ForwardUnit && o.ForwardOrgID == u.OrgID {
		rel = append(rel, "unit")
	}
	// The standing committee's staff record what the 12345 platform did when
	// it cannot call back (the deputy desk's clerk), and act for a unit that
	// has no account.
	if u.Is(renda.RoleAdmin, renda.RoleStaff) && (o.ForwardTo == ForwardHotline || o.ForwardTo == ForwardUnit) {
		rel = append(rel, "desk")
	}
	return rel
}

// Submission is what a citizen (or a deputy, or an integration) submits.
type Submission struct {
	Channel     string
	StationCode string
	DeputyCode  string
	Category    string
	Content     string
	Address     string
	Lat, Lng    float64
	Name        string
	Phone       string
	Consent     bool // agreed to the privacy notice
	IP          string
	ReceptionID string
	Hotline     *HotlineOrder // a 12345 work order (Channel "hotline"), already validated
}

// Validate checks a submission against the settings in force.
func (in *Submission) Validate(s *renda.Settings) error {
	var p renda.Problems
	maxContent := 2000
	if in.Channel == ChannelOpen311 {
		// GeoReport v2 allows descriptions of up to 4,000 characters (the
		// Open311 endpoint checks that), to which a media_url may be appended.
		maxContent = 4400
	}
	in.Content = p.Text("content", "反映内容", in.Content, true, maxContent)
	if in.Content != "" && utf8.RuneCountInString(in.Content) < 5 && !p.Has("content") {
		p.Add("content", "反映内容太短，请至少写 5 个字，说清楚是什么问题、在哪里")
	}
	if in.Category != "" {
		in.Category = p.OneOf("category", "类别", in.Category, false, s.Strings("opinion.categories")...)
	}
	in.Address = p.Line("address", "地点", in.Address, false, 100)
	in.Name = p.Line("name", "姓名", in.Name, false, 30)
	in.Phone = renda.NormalizePhone(in.Phone)
	if in.Phone != "" && !renda.ValidPhone(in.Phone) {
		p.Add("phone", "手机号码应为 11 位数字，以 1 开头（固定电话可写成 0734-1234567）")
	}
	if (in.Lat != 0 || in.Lng != 0) && (in.Lat < 3 || in.Lat > 54 || in.Lng < 73 || in.Lng > 136) {
		p.Add("lat", "位置不在中国境内")
	}
	if in.Channel == ChannelQR && !in.Consent {
		p.Add("consent", "请阅读并同意个人信息保护说明后再提交")
	}
	if in.Channel == ChannelQR && in.StationCode == "" && in.DeputyCode == "" {
		p.Add("station", "请从联络站或代表的二维码进入后提交")
	}
	return p.Err()
}

// ActionInput is what an actor gives with a workflow action.
type ActionInput struct {
	Text      string     // the answer, reply, reason or note
	OrgID     string     // forward: the unit
	To        string     // forward: unit or hotline
	Due       renda.Date // forward: a deadline other than the default
	Complex   bool       // forward: a complex matter (longer default deadline)
	Reason    string     // close: one of the settings' close reasons
	DeputyID  string     // assign: the deputy
	Title     string     // escalate: the suggestion's title
	Rating    string     // rate
	PhoneTail string     // rate: proof of being the citizen
}

// CategoryCode makes a stable, URL-safe code for a category name (Open311
// service_code): the same name always gives the same code.
func CategoryCode(name string) string {
	sum := sha256.Sum256([]byte(name))
	return "c" + hex.EncodeToString(sum[:4])
}

// Filter selects opinions for an inbox or a list.
type Filter struct {
	Q           string
	State       string // a state, or "open", "overdue"
	Channel     string
	Category    string
	StationID   string
	TownshipID  string
	UnitID      string // the handling unit it was forwarded to ("-": not forwarded to a unit)
	Pool        bool   // deputies: only unclaimed items of their regions
	Mine        bool   // deputies: only the items in their own inbox (they are the handler)
	Answered    bool   // only items that have been answered
	Rating      string
	ReceptionID string
	From, To    renda.Date
	Limit       int
	Offset      int
}

// Query is the list page's address for the filter (without paging), so a
// figure and the list it counts are made from one Filter.
func (f Filter) Query() string {
	v := url.Values{}
	for k, s := range map[string]string{"q": f.Q, "state": f.State, "channel": f.Channel, "category": f.Category,
		"station": f.StationID, "township": f.TownshipID, "unit": f.UnitID, "rating": f.Rating} {
		if s != "" {
			v.Set(k, s)
		}
	}
	for k, b := range map[string]bool{"pool": f.Pool, "mine": f.Mine, "answered": f.Answered} {
		if b {
			v.Set(k, "1")
		}
	}
	if !f.From.IsZero() {
		v.Set("from", f.From.String())
	}
	if !f.To.IsZero() {
		v.Set("to", f.To.String())
	}
	if len(v) == 0 {
		return "/opinions"
	}
	return "/opinions?" + v.Encode()
}

// RecurringProblem is a candidate suggestion (建议线索): opinions and 12345
// orders about the same kind of problem in the same township, recurring
// within the window the settings give.
type RecurringProblem struct {
	TownshipID   string     `json:"township_id"`
	TownshipName string     `json:"township_name"`
	Category     string     `json:"category"`
	Count        int        `json:"count"`
	First, Last  time.Time  `json:"-"`
	Evidence     []*Opinion `json:"evidence"`
}

// Key identifies the candidate for reminders.
func (r *RecurringProblem) Key() string { return r.TownshipID + "/" + CategoryCode(r.Category) }

func init() {
	renda.RegisterEntityLabel("opinion", "群众意见")
	renda.RegisterEntityLabel("hotline_order", "12345 工单")
}

// categoryWords are words that suggest a category, for inputs that come
// without one (12345 orders, Open311 requests of unknown services).
var categoryWords = []struct {
	category string
	words    []string
}{
	{"道路交通", []string{"道路", "公路", "路面", "路灯", "桥", "坑洼", "交通", "公交", "红绿灯", "停车"}},
	{"饮水水利", []string{"饮水", "自来水", "停水", "水管", "水渠", "水库", "灌溉", "山塘", "水利"}},
	{"环境卫生", []string{"垃圾", "污水", "噪音", "异味", "排污", "臭", "卫生死角", "焚烧", "污染"}},
	{"教育", []string{"学校", "学生", "老师", "幼儿园", "入学", "校车"}},
	{"医疗卫生", []string{"医院", "卫生院", "医生", "看病", "药", "村医", "体检"}},
	{"社会保障", []string{"低保", "养老", "医保", "社保", "残疾", "救助", "五保", "高龄"}},
	{"茶叶产业", []string{"茶叶", "茶园", "茶农", "油茶"}},
	{"农业农村", []string{"农田", "种子", "化肥", "农机", "养殖", "村集体", "耕地", "补贴"}},
	{"城乡建设", []string{"房屋", "小区", "物业", "拆迁", "改造", "危房", "建房", "电梯"}},
	{"治安安全", []string{"治安", "诈骗", "盗", "打架", "安全隐患", "消防"}},
	{"就业创业", []string{"工资", "欠薪", "就业", "招工", "创业", "培训"}},
}

// GuessCategory suggests one of categories for a text ("" if nothing fits).
func GuessCategory(text string, categories []string) string {
	for _, c := range categoryWords {
		if !slices.Contains(categories, c.category) {
			continue
		}
		for _, w := range c.words {
			if strings.Contains(text, w) {
				return c.category
			}
		}
	}
	if slices.Contains(categories, "其他") {
		return "其他"
	}
	return ""
}

// Search kinds: 12345 orders are opinions, found as their own kind.
var (
	_ = renda.RegisterSearchKind("opinion", "群众意见", "opinion")
	_ = renda.RegisterSearchKind("hotline", "12345 工单", "opinion")
)

// Doc is the opinion's entry in the search index: its content, answers and
// results (never the citizen's name or phone), readable by whoever may see
// the opinion — staff, its deputies, the stationed deputies while it is in
// the township's pool (12345 orders always), the unit it was forwarded to.
func Doc(o *Opinion) *renda.Doc {
	d := &renda.Doc{Kind: "opinion", ID: o.ID, Title: o.Title(), URL: "/opinions/" + o.ID, Year: renda.DateOf(o.CreatedAt).Year,
		TownshipID: o.TownshipID, State: o.State, At: o.CreatedAt,
		Readers: renda.ReadRoles(renda.RoleAdmin, renda.RoleStaff, renda.RoleLeader)}
	if o.Channel == ChannelHotline {
		d.Kind = "hotline"
		if o.HotlineNumber != "" {
			d.Title = o.HotlineNumber + " " + d.Title
		}
	}
	var body []string
	for _, s := range []string{o.Content, o.Address, o.Answer, o.UnitReply, o.CloseReason} {
		if s != "" {
			body = append(body, s)
		}
	}
	d.Body = strings.Join(body, "\n")
	for _, id := range []string{o.HandlerID, o.DeputyID} {
		if id != "" {
			d.Readers = append(d.Readers, renda.ReadDeputy(id))
		}
	}
	if (o.HandlerID == "" || o.Channel == ChannelHotline) && o.TownshipID != "" {
		d.Readers = append(d.Readers, renda.ReadTown(o.TownshipID))
	}
	if o.ForwardTo == ForwardUnit && o.ForwardOrgID != "" {
		d.OrgID = o.ForwardOrgID
		d.Readers = append(d.Readers, renda.ReadOrg(o.ForwardOrgID))
	}
	return d
}
