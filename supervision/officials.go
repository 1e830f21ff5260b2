package supervision

import (
	"strings"

	"renda"
	"renda/vote"
)

var officialSettings = renda.RegisterSettings([]renda.SettingDef{
	{Key: "supervision.official_rule", Group: "监督工作", Label: "两官评议测评的表决规则", Kind: renda.KindText, Default: "valid_two_thirds", Min: 1, Max: 40,
		Help: "预设规则的名称：valid_two_thirds（默认：满意与基本满意合计超过有效票三分之二为通过）、all_at_least_half、all_half、present_half、valid_half。"},
}...)

// OfficialRule is the counting rule of a 两官评议 rating under the
// settings: a subject passes if 满意+基本满意 reach it (default more than
// two thirds of the ballots).
func OfficialRule(s *renda.Settings) vote.Rule {
	if r, ok := vote.PresetRule(s.String("supervision.official_rule")); ok {
		return r
	}
	r, _ := vote.PresetRule("valid_two_thirds")
	return r
}

// The 两官评议 rating: each drawn judge or prosecutor is an item of the ballot.
const (
	VoteOfficialRating = "official_rating"
	EntitySubject      = "supervision_subject"
)

var _ = vote.RegisterKind(vote.Kind{Name: VoteOfficialRating, Label: "两官评议测评", Entity: EntitySubject, ItemLabel: "评议对象",
	Schemes: []string{vote.SchemeRating}, GradeByRule: true, Rule: OfficialRule})

// Subject is a judge or prosecutor drawn for a 两官评议, with their rating.
type Subject struct {
	ID       string `json:"id"`
	ItemID   string `json:"item_id"`
	Name     string `json:"name"`
	Position int    `json:"position"`
	Grade    string `json:"grade,omitempty"`
	Passed   bool   `json:"passed"`
}

// Pool reads a pool of names, one a line (or separated by 、 or commas).
func Pool(text string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(text, func(r rune) bool { return r == '\n' || r == '、' || r == ',' || r == '，' || r == '\r' }) {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// DrawFacts are what the store loads for the draw action.
type DrawFacts struct {
	Subjects int // subjects drawn already
}

func drawSubjects(it *Item, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	if f, ok := env.Facts.(*DrawFacts); ok && f != nil && f.Subjects > 0 {
		return renda.Errorf(renda.ECONFLICT, "已经抽取过评议对象")
	}
	pool, count, seed := Pool(in.Text("pool")), in.Int("count"), in.Text("seed")
	if count < 1 || count > len(pool) {
		return &renda.Error{Code: renda.EINVALID, Message: "输入有误：抽取人数应在 1 到名单人数之间", Fields: []renda.FieldError{{Field: "count", Message: "应在 1 到名单人数之间"}}}
	}
	drawn := Draw(pool, count, seed)
	for i, name := range drawn {
		out.Add(&Subject{ID: renda.NewID(), ItemID: it.ID, Name: name, Position: i + 1})
	}
	out.Add(&DrawRecord{Pool: pool, Count: count, Seed: seed, Drawn: drawn})
	out.Note = "随机种子“" + seed + "”，从 " + itoa(len(pool)) + " 人中抽取：" + strings.Join(drawn, "、")
	return nil
}

// DrawRecord is a draw the store keeps (supervision_draws) with the item.
type DrawRecord struct {
	Pool  []string
	Count int
	Seed  string
	Drawn []string
}
