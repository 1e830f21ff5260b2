// Package dutyreport is a deputy's report to voters (代表向选民述职): the
// report is drafted from the deputy's computed duty record, presented at a
// meeting of the voters' representatives (at a liaison station), rated on
// the spot by voters through the ballot engine (kind "duty_report": each
// voter rates once, with a one-time code sent by SMS to their phone, no
// account) and its result published on the deputy's public page.
package dutyreport

import (
	"strconv"
	"strings"
	"time"

	"renda"
	"renda/record"
	"renda/vote"
)

// States of a report.
const (
	Draft     = "draft"     // the deputy is writing it
	Submitted = "submitted" // handed to staff to organise the meeting
	Rating    = "rating"    // presented; voters are rating it
	Rated     = "rated"     // the rating closed; result not yet public
	Published = "published" // the result is on the deputy's public page
)

// Kind is the ballot engine's kind for voters' ratings of a report;
// KindMembers for committee members' ratings of a higher-level deputy's
// report to the county committee that elected them (选举法, since 2022).
const (
	Kind        = "duty_report"
	KindMembers = "duty_report_members"
)

var settings = renda.RegisterSettings([]renda.SettingDef{
	{Key: "dutyreport.per_term", Group: "代表向选民述职", Label: "每届述职次数", Kind: renda.KindInt, Default: 1, Min: 1, Max: 5,
		Help: "每名代表每届任期内向原选区选民述职的次数（代表法和本地规定：每届至少一次）。"},
	{Key: "dutyreport.min_audience", Group: "代表向选民述职", Label: "述职会议选民代表最少人数", Kind: renda.KindInt, Default: 50, Min: 1, Max: 1000,
		Help: "述职会议到会的选民代表不少于此数。"},
	{Key: "dutyreport.code_tries", Group: "代表向选民述职", Label: "测评验证码输错次数上限", Kind: renda.KindInt, Default: 5, Min: 1, Max: 20,
		Help: "选民输错短信验证码达到此次数后，须重新获取验证码。"},
}...)

// The ballot engine's kind: voters (not deputies) rate each report, each
// with a one-time code; the rule is the livelihood ratings' (§3).
var _ = vote.RegisterKind(vote.Kind{Name: Kind, Label: "述职满意度测评", Entity: "duty_report", ItemLabel: "述职代表",
	Schemes: []string{vote.SchemeRating}, Voters: true,
	Rule: func(s *renda.Settings) vote.Rule {
		return vote.Rule{Base: vote.BaseValid, Threshold: vote.ThresholdHalf, Pct: s.Int("vote.rating_pct")}
	}})

var _ = vote.RegisterKind(vote.Kind{Name: KindMembers, Label: "述职测评（常委会组成人员）", Entity: "duty_report", ItemLabel: "述职代表",
	Schemes: []string{vote.SchemeRating}, Voters: true, Members: true,
	Rule: func(s *renda.Settings) vote.Rule {
		return vote.Rule{Base: vote.BaseValid, Threshold: vote.ThresholdHalf, Pct: s.Int("vote.rating_pct")}
	}})

// Report is one report of a deputy to voters.
type Report struct {
	ID          string      `json:"id"`
	DeputyID    string      `json:"deputy_id"`
	DeputyName  string      `json:"deputy_name"`
	CongressID  string      `json:"-"`
	Level       renda.Level `json:"level"` // the deputy's: above the county, members rate the report
	Year        int         `json:"year"`
	Title       string      `json:"title"`
	Body        string      `json:"body"`
	State       string      `json:"state"`
	StationID   string      `json:"station_id,omitempty"`
	StationName string      `json:"station_name,omitempty"`
	Day         renda.Date  `json:"day,omitzero"`
	Audience    int         `json:"audience,omitempty"` // voters' representatives at the meeting
	VoteID      string      `json:"vote_id,omitempty"`
	// The rating, once closed.
	Ballots      int       `json:"ballots"`
	Satisfied    int       `json:"satisfied"`
	Basic        int       `json:"basic"`
	Dissatisfied int       `json:"dissatisfied"`
	Grade        string    `json:"grade,omitempty"` // 满意, 基本满意, 不满意 (vote.RatingGrade)
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
	PublishedAt  time.Time `json:"published_at,omitzero"`
}

// StateLabel names the report's state.
func (r *Report) StateLabel() string { return Flow.StateLabel(r.State) }

// ByMembers reports whether committee members rate the report: a deputy of a
// higher-level congress reports to the county committee that elected them.
func (r *Report) ByMembers() bool {
	return r.Level == renda.LevelProvince || r.Level == renda.LevelCity
}

// SatisfiedPct is the share of 满意 and 基本满意 among the ballots, in %.
func (r *Report) SatisfiedPct() int {
	if r.Ballots == 0 {
		return 0
	}
	return (r.Satisfied + r.Basic) * 100 / r.Ballots
}

// Filter narrows lists of reports.
type Filter struct {
	DeputyID string
	State    string
	Public   bool // published only
	Limit    int
	Offset   int
}

// Draft writes the report's text from the deputy's duty record: what they
// did, kind by kind, with the items by name, so nothing is typed twice.
func DraftFrom(name string, rec *record.Record) string {
	var b strings.Builder
	b.WriteString("各位选民代表：\n\n我是" + name + "。现将" + strconv.Itoa(rec.Year) + "年度履行代表职责情况报告如下，请予评议。\n")
	n := 0
	for _, t := range rec.Tallies {
		if !record.IsPublic(t.Kind) {
			continue
		}
		n++
		b.WriteString("\n" + chineseNumber(n) + "、" + t.Label + "（" + strconv.Itoa(t.Count) + "项）\n")
		shown := 0
		for _, e := range rec.Entries {
			if e.Kind != t.Kind {
				continue
			}
			if shown == 5 {
				b.WriteString("  ……\n")
				break
			}
			b.WriteString("  " + e.At.In(renda.CST).Format("1月2日") + " " + e.Title + "\n")
			shown++
		}
	}
	if n == 0 {
		b.WriteString("\n本年度履职档案中尚无记录。\n")
	}
	b.WriteString("\n今后我将继续密切联系群众，认真履行代表职责。欢迎大家批评指正。\n")
	return b.String()
}

func chineseNumber(n int) string {
	d := []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}
	if n <= 10 {
		return d[n]
	}
	if n < 20 {
		return "十" + d[n-10]
	}
	return strconv.Itoa(n)
}

// Relations: the deputy who reports is the author; staff run the meeting.
func Relations(u *renda.User, r *Report) renda.Rel {
	rel := renda.RoleRel(u)
	if u != nil && u.Is(renda.RoleDeputy) && u.DeputyID != "" && u.DeputyID == r.DeputyID {
		rel = append(rel, "author")
	}
	return rel
}
