package renda

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Setting kinds: how a value is typed and edited.
const (
	KindInt     = "int"     // a whole number within [Min, Max]
	KindPeriod  = "period"  // a Period such as {"n":3,"unit":"months"}
	KindInts    = "ints"    // a list of whole numbers, e.g. reminder offsets
	KindStrings = "strings" // a list of short texts, e.g. reply categories
	KindBool    = "bool"
	KindText    = "text" // a line of text of at most Max characters (500 if 0), at least Min
)

// SettingDef declares one per-deployment setting with its default. Every
// number domain.md tags [P] or [I] is one of these, never a constant.
type SettingDef struct {
	Key     string
	Group   string // Chinese heading on the settings page
	Label   string // Chinese
	Help    string // Chinese: what it means, and where the default comes from
	Kind    string
	Default any
	Min     int
	Max     int
}

// foundationSettings are the settings of the deployment's names, sign-in
// and delivery.
var foundationSettings = []SettingDef{
	// The congress this deployment serves (see Deployment). The defaults name no place.
	{Key: "deployment.name", Group: "本级人大", Label: "常委会名称", Kind: KindText, Default: "本级人大常委会", Min: 1, Max: 40,
		Help: "页面标题、页眉、交办函和海报上的名称，如“某某市人大常委会”。"},
	{Key: "deployment.full_name", Group: "本级人大", Label: "常委会全称", Kind: KindText, Default: "本级人民代表大会常务委员会", Max: 60,
		Help: "页脚等正式场合使用，如“某某市人民代表大会常务委员会”；不填则用常委会名称。"},
	{Key: "deployment.short_name", Group: "本级人大", Label: "简称", Kind: KindText, Default: "本级人大", Max: 20,
		Help: "如“某某人大”；不填则用常委会名称。"},
	{Key: "deployment.region", Group: "本级人大", Label: "本级行政区名称", Kind: KindText, Default: "本地", Min: 1, Max: 20,
		Help: "县（市、区）的名称，如“某某市”，用于“某某市人大代表”“驻某某市省人大代表”等。"},
	{Key: "deployment.region_code", Group: "本级人大", Label: "行政区划代码", Kind: KindText, Default: "", Max: 12,
		Help: "本级行政区的 6 位代码，Open311 接口以此作为 jurisdiction_id。"},
	{Key: "deployment.city", Group: "本级人大", Label: "上级设区的市名称", Kind: KindText, Default: "设区的市", Min: 1, Max: 20,
		Help: "如“某某市”，用于“某某市人大代表”（设区的市一级）。"},
	{Key: "deployment.office", Group: "本级人大", Label: "代表工作机构名称", Kind: KindText, Default: "", Max: 60,
		Help: "交办函的落款和对外接口的联系单位，如“某某市人大常委会选举任免联络工作委员会”；不填则用常委会名称。"},
	{Key: "deployment.sms_signature", Group: "本级人大", Label: "短信签名", Kind: KindText, Default: "", Max: 20,
		Help: "每条短信开头的签名，须与短信平台报备的一致，如“【某某市人大常委会】”；不填则用常委会名称。"},
	{Key: "deployment.name_en", Group: "本级人大", Label: "常委会英文名称", Kind: KindText, Default: "", Max: 120,
		Help: "英文页面上的名称；不填则显示中文名称。"},
	{Key: "deployment.region_en", Group: "本级人大", Label: "本级行政区英文名称", Kind: KindText, Default: "", Max: 40,
		Help: "英文页面上本级行政区的名称；不填则显示中文名称。"},
	{Key: "deployment.city_en", Group: "本级人大", Label: "设区的市英文名称", Kind: KindText, Default: "", Max: 40,
		Help: "英文页面上设区的市的名称；不填则显示中文名称。"},
	{Key: "auth.max_failures", Group: "登录与安全", Label: "连续登录失败次数上限", Help: "同一账号或同一地址在 15 分钟内连续失败达到此数即暂时锁定。", Kind: KindInt, Default: 5, Min: 3, Max: 20},
	{Key: "auth.lockout_minutes", Group: "登录与安全", Label: "锁定时长（分钟）", Kind: KindInt, Default: 15, Min: 1, Max: 1440},
	{Key: "auth.session_hours", Group: "登录与安全", Label: "登录有效期（小时）", Help: "超过此时长未操作需重新登录。", Kind: KindInt, Default: 12, Min: 1, Max: 720},
	{Key: "auth.token_idle_days", Group: "登录与安全", Label: "API 令牌闲置期限（天）", Help: "API 令牌超过此天数未使用即失效。", Kind: KindInt, Default: 30, Min: 1, Max: 365},
	{Key: "outbox.max_attempts", Group: "消息发送", Label: "外发消息最多重试次数", Help: "短信、邮件、12345 等外发失败后按退避间隔重试，超过此次数标记为失败并提醒管理员。", Kind: KindInt, Default: 12, Min: 1, Max: 100},
	{Key: "outbox.retention_days", Group: "消息发送", Label: "外发消息个人信息保存天数", Help: "短信、邮件发出（或放弃重试）满此天数后，删除其中的手机号、邮箱和正文，只保留发送记录。", Kind: KindInt, Default: 30, Min: 1, Max: 3650},
}

// settingDefs are every setting renda has: the foundation's, then each
// workflow's as its package registers them.
var settingDefs = slices.Clone(foundationSettings)

// RegisterSettings adds a workflow's settings. Each workflow package calls
// it from a package-level var; a key registered twice is a bug.
func RegisterSettings(defs ...SettingDef) []SettingDef {
	for _, d := range defs {
		if _, ok := SettingByKey(d.Key); ok {
			panic("renda: setting registered twice: " + d.Key)
		}
		settingDefs = append(settingDefs, d)
	}
	return defs
}

// AllSettings lists every setting renda has, grouped by workflow.
func AllSettings() []SettingDef { return settingDefs }

// SettingByKey returns the definition of a setting.
func SettingByKey(key string) (SettingDef, bool) {
	for _, d := range AllSettings() {
		if d.Key == key {
			return d, true
		}
	}
	return SettingDef{}, false
}

// Settings are the values in force: the stored ones over the defaults.
type Settings struct {
	values map[string]json.RawMessage
}

// NewSettings returns settings with stored values (by key, as JSON) over
// the defaults.
func NewSettings(stored map[string]json.RawMessage) *Settings {
	s := &Settings{values: map[string]json.RawMessage{}}
	for _, d := range AllSettings() {
		b, _ := json.Marshal(d.Default)
		s.values[d.Key] = b
	}
	for k, v := range stored {
		if _, ok := SettingByKey(k); ok {
			s.values[k] = v
		}
	}
	return s
}

// Raw returns the JSON value of key.
func (s *Settings) Raw(key string) json.RawMessage { return s.values[key] }

// Int returns an int setting.
func (s *Settings) Int(key string) int {
	var n int
	if err := json.Unmarshal(s.values[key], &n); err != nil {
		panic(fmt.Sprintf("renda: setting %q is not an int", key))
	}
	return n
}

// Bool returns a bool setting.
func (s *Settings) Bool(key string) bool {
	var b bool
	if err := json.Unmarshal(s.values[key], &b); err != nil {
		panic(fmt.Sprintf("renda: setting %q is not a bool", key))
	}
	return b
}

// String returns a text setting.
func (s *Settings) String(key string) string {
	var v string
	if err := json.Unmarshal(s.values[key], &v); err != nil {
		panic(fmt.Sprintf("renda: setting %q is not a text", key))
	}
	return v
}

// Ints returns a list-of-ints setting.
func (s *Settings) Ints(key string) []int {
	var v []int
	if err := json.Unmarshal(s.values[key], &v); err != nil {
		panic(fmt.Sprintf("renda: setting %q is not a list of ints", key))
	}
	return v
}

// Strings returns a list-of-texts setting.
func (s *Settings) Strings(key string) []string {
	var v []string
	if err := json.Unmarshal(s.values[key], &v); err != nil {
		panic(fmt.Sprintf("renda: setting %q is not a list of texts", key))
	}
	return v
}

// Period returns a period setting.
func (s *Settings) Period(key string) Period {
	var v Period
	if err := json.Unmarshal(s.values[key], &v); err != nil {
		panic(fmt.Sprintf("renda: setting %q is not a period", key))
	}
	return v
}

// Display formats a setting's value for a form field.
func (s *Settings) Display(d SettingDef) string {
	switch d.Kind {
	case KindInt:
		return strconv.Itoa(s.Int(d.Key))
	case KindBool:
		if s.Bool(d.Key) {
			return "true"
		}
		return "false"
	case KindText:
		return s.String(d.Key)
	case KindInts:
		var parts []string
		for _, n := range s.Ints(d.Key) {
			parts = append(parts, strconv.Itoa(n))
		}
		return strings.Join(parts, ", ")
	case KindStrings:
		return strings.Join(s.Strings(d.Key), "\n")
	case KindPeriod:
		p := s.Period(d.Key)
		return strconv.Itoa(p.N) + " " + p.Unit
	}
	return string(s.values[d.Key])
}

// ParseSetting turns what a person typed into the stored JSON value of d,
// or an EINVALID error saying what is wrong.
func ParseSetting(d SettingDef, input string) (json.RawMessage, error) {
	input = strings.TrimSpace(input)
	bad := func(format string, args ...any) error {
		return &Error{Code: EINVALID, Message: fmt.Sprintf("“%s”：", d.Label) + fmt.Sprintf(format, args...),
			Fields: []FieldError{{Field: d.Key, Message: fmt.Sprintf(format, args...)}}}
	}
	inRange := func(n int) error {
		if (d.Min != 0 || d.Max != 0) && (n < d.Min || n > d.Max) {
			return bad("应在 %d 到 %d 之间", d.Min, d.Max)
		}
		return nil
	}
	switch d.Kind {
	case KindInt:
		n, err := strconv.Atoi(input)
		if err != nil {
			return nil, bad("请填写整数")
		}
		if err := inRange(n); err != nil {
			return nil, err
		}
		return json.Marshal(n)
	case KindBool:
		switch input {
		case "true", "on", "1", "是":
			return json.Marshal(true)
		case "false", "off", "0", "否", "":
			return json.Marshal(false)
		}
		return nil, bad("请选择是或否")
	case KindText:
		limit := d.Max
		if limit == 0 {
			limit = 500
		}
		if n := len([]rune(input)); n > limit {
			return nil, bad("最多 %d 个字", limit)
		} else if n < d.Min {
			if n == 0 {
				return nil, bad("请填写")
			}
			return nil, bad("至少 %d 个字", d.Min)
		}
		return json.Marshal(input)
	case KindInts:
		var out []int
		for _, f := range strings.FieldsFunc(input, func(r rune) bool { return r == ',' || r == '，' || r == ' ' || r == '、' }) {
			n, err := strconv.Atoi(f)
			if err != nil {
				return nil, bad("“%s”不是整数；请用逗号分隔多个整数", f)
			}
			if err := inRange(n); err != nil {
				return nil, err
			}
			out = append(out, n)
		}
		if len(out) == 0 {
			return nil, bad("至少填写一个数")
		}
		return json.Marshal(out)
	case KindStrings:
		var out []string
		for _, f := range strings.Split(input, "\n") {
			if f = strings.TrimSpace(f); f != "" {
				if len([]rune(f)) > 60 {
					return nil, bad("每项最多 60 个字")
				}
				out = append(out, f)
			}
		}
		if len(out) == 0 {
			return nil, bad("至少填写一项，每行一项")
		}
		return json.Marshal(out)
	case KindPeriod:
		f := strings.Fields(input)
		if len(f) != 2 {
			return nil, bad("格式为“数字 单位”，单位为 days、working_days 或 months，例如 3 months")
		}
		n, err := strconv.Atoi(f[0])
		if err != nil || n < 0 {
			return nil, bad("期限应为非负整数")
		}
		if err := inRange(n); err != nil {
			return nil, err
		}
		if f[1] != UnitDays && f[1] != UnitWorkingDays && f[1] != UnitMonths {
			return nil, bad("单位应为 days、working_days 或 months")
		}
		return json.Marshal(Period{N: n, Unit: f[1]})
	}
	return nil, bad("未知的设置类型")
}

// Expand replaces each {key} in text with the setting's value as people
// read it (a period as "5个工作日"), so labels can name the rules in force.
func (s *Settings) Expand(text string) string {
	for {
		i := strings.Index(text, "{")
		if i < 0 {
			return text
		}
		j := strings.Index(text[i:], "}")
		if j < 0 {
			return text
		}
		key := text[i+1 : i+j]
		d, ok := SettingByKey(key)
		if !ok {
			return text
		}
		v := s.Display(d)
		if d.Kind == KindPeriod {
			v = s.Period(key).Label()
		}
		text = text[:i] + v + text[i+j+1:]
	}
}
