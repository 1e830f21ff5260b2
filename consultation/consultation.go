// Package consultation is public consultation on drafts (征集立法建议,
// 征求意见): a draft law, regulation or county decision — or a higher
// congress's draft on which the county, as a grassroots legislative
// contact point (基层立法联系点), collects opinions — is opened for comment
// for a period; citizens (without an account), deputies and organisations
// comment by article; staff group the comments and adopt them or not with a
// reason; the feedback report is generated and published.
package consultation

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"renda"
)

var settings = renda.RegisterSettings([]renda.SettingDef{
	{Key: "consultation.law_period", Group: "征求意见", Label: "法律法规草案最短征求意见期", Kind: renda.KindPeriod, Default: renda.Period{N: 30, Unit: renda.UnitDays}, Min: 1, Max: 180,
		Help: "法律、法规草案向社会公布征求意见的最短期限。[V] 立法法：一般不少于三十日。"},
	{Key: "consultation.other_period", Group: "征求意见", Label: "其他草案最短征求意见期", Kind: renda.KindPeriod, Default: renda.Period{N: 15, Unit: renda.UnitDays}, Min: 1, Max: 180,
		Help: "本级决定、决议等其他草案公开征求意见的最短期限。[I]"},
	{Key: "consultation.rate_ip_per_hour", Group: "征求意见", Label: "同一网络地址每小时意见上限", Kind: renda.KindInt, Default: 20, Min: 1, Max: 10000,
		Help: "防止恶意刷意见。[I]"},
}...)

// Consultation states.
const (
	Draft     = "draft"     // 准备中
	Open      = "open"      // 征求意见中
	Closed    = "closed"    // 已截止，正在整理
	Published = "published" // 已发布反馈报告
)

// Kinds of draft.
var Kinds = []renda.Option{
	{Value: "law", Label: "法律草案"}, {Value: "regulation", Label: "地方性法规草案"},
	{Value: "decision", Label: "本级决定、决议草案"}, {Value: "higher", Label: "上级人大委托征求意见的草案"},
}

// KindLabel names a kind of draft.
func KindLabel(k string) string {
	for _, o := range Kinds {
		if o.Value == k {
			return o.Label
		}
	}
	return k
}

// periodKey is the setting of the shortest period of a kind of draft.
func periodKey(kind string) string {
	if kind == "law" || kind == "regulation" || kind == "higher" {
		return "consultation.law_period"
	}
	return "consultation.other_period"
}

// Consultation is a draft open (or to be opened) for comment.
type Consultation struct {
	ID          string     `json:"id"`
	Title       string     `json:"title"`
	Kind        string     `json:"kind"`
	Source      string     `json:"source,omitempty"` // who drafted it or asked for comments
	Body        string     `json:"body,omitempty"`   // the draft, one article a paragraph
	OpensOn     renda.Date `json:"opens_on"`
	ClosesOn    renda.Date `json:"closes_on"`
	State       string     `json:"state"`
	Report      string     `json:"report,omitempty"` // the feedback report, once published
	Comments    int        `json:"comments"`
	CreatedAt   time.Time  `json:"created_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
	PublishedAt time.Time  `json:"published_at,omitzero"`
}

// StateLabel names the state.
func (c *Consultation) StateLabel() string { return Flow.StateLabel(c.State) }

// KindLabel names the kind of draft.
func (c *Consultation) KindLabel() string { return KindLabel(c.Kind) }

// Accepting reports whether comments are taken on day today.
func (c *Consultation) Accepting(today renda.Date) bool {
	return c.State == Open && !today.Before(c.OpensOn) && !today.After(c.ClosesOn)
}

// Articles are the draft's paragraphs that start with 第…条, for the
// comment form's choice of article.
func (c *Consultation) Articles() []string {
	var out []string
	for _, line := range strings.Split(c.Body, "\n") {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "第") {
			continue
		}
		if i := strings.Index(line, "条"); i > 0 && i < 30 {
			out = append(out, line[:i+len("条")])
		}
	}
	return out
}

// Paragraphs are the draft's paragraphs, for display.
func (c *Consultation) Paragraphs() []string {
	var out []string
	for _, line := range strings.Split(c.Body, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, line)
		}
	}
	return out
}

// Filter narrows a list of consultations.
type Filter struct {
	State  string
	Public bool // only what the public may see (not drafts)
	Limit  int
	Offset int
}

// Doc is a consultation's entry in the search index: public once opened.
func Doc(c *Consultation) *renda.Doc {
	d := &renda.Doc{Kind: "consultation", ID: c.ID, Title: c.Title, Body: strings.Join([]string{c.Source, c.Body, c.Report}, "\n"),
		URL: "/consultations/" + c.ID, Year: c.CreatedAt.Year(), State: c.State, At: c.CreatedAt,
		Readers: renda.ReadRoles(renda.RoleAdmin, renda.RoleStaff, renda.RoleLeader)}
	if c.State != Draft {
		d.Readers, d.URL = []string{renda.ReadPublic}, "/c/"+c.ID
	}
	return d
}

var _ = renda.RegisterSearchKind("consultation", "征求意见", "consultation")

// Comment states.
const (
	Received = "received" // 待处理
	Adopted  = "adopted"  // 采纳
	Declined = "declined" // 未采纳
)

// Authors of comments.
const (
	ByCitizen = "citizen"
	ByDeputy  = "deputy"
	ByOrg     = "org"
	ByStaff   = "staff"
)

// AuthorLabel names a kind of author.
func AuthorLabel(a string) string {
	return map[string]string{ByCitizen: "群众", ByDeputy: "人大代表", ByOrg: "单位", ByStaff: "工作人员代录"}[a]
}

// Comment is one comment on a draft, on one article or on the whole.
type Comment struct {
	ID             string    `json:"id"`
	ConsultationID string    `json:"consultation_id"`
	Article        string    `json:"article,omitempty"`
	Text           string    `json:"text"`
	Author         string    `json:"author"` // citizen, deputy, org, staff
	Name           string    `json:"name,omitempty"`
	DeputyID       string    `json:"deputy_id,omitempty"`
	OrgID          string    `json:"org_id,omitempty"`
	State          string    `json:"state"`
	Group          string    `json:"group,omitempty"` // the topic staff file it under
	Reason         string    `json:"reason,omitempty"`
	CreatedAt      time.Time `json:"created_at"`
	UpdatedAt      time.Time `json:"updated_at"`

	ConsultationTitle string `json:"consultation_title,omitempty"`
}

// StateLabel names the comment's state.
func (c *Comment) StateLabel() string { return CommentFlow.StateLabel(c.State) }

// AuthorLabel names the kind of author.
func (c *Comment) AuthorLabel() string { return AuthorLabel(c.Author) }

// AuditView keeps no name in the trail.
func (c *Comment) AuditView() any {
	v := *c
	v.Name = ""
	return &v
}

// Group is the comments on one topic, as the feedback report lists them.
type Group struct {
	Name     string
	Comments []*Comment
	Adopted  int
}

// Groups sorts comments by topic (their group, else their article), in
// the order of the draft's articles.
func Groups(c *Consultation, comments []*Comment) []Group {
	order := map[string]int{}
	for i, a := range c.Articles() {
		order[a] = i + 1
	}
	byName := map[string]*Group{}
	var names []string
	for _, cm := range comments {
		name := cm.Group
		if name == "" {
			name = cm.Article
		}
		if name == "" {
			name = "总体意见"
		}
		g, ok := byName[name]
		if !ok {
			g = &Group{Name: name}
			byName[name] = g
			names = append(names, name)
		}
		g.Comments = append(g.Comments, cm)
		if cm.State == Adopted {
			g.Adopted++
		}
	}
	slices.SortStableFunc(names, func(a, b string) int {
		oa, ob := order[a], order[b]
		if oa == 0 {
			oa = 1 << 20
		}
		if ob == 0 {
			ob = 1 << 20
		}
		return oa - ob
	})
	out := make([]Group, len(names))
	for i, n := range names {
		out[i] = *byName[n]
	}
	return out
}

// FeedbackReport drafts the feedback report (意见采纳情况反馈) of a
// consultation from its comments.
func FeedbackReport(c *Consultation, comments []*Comment, summary string) string {
	var b strings.Builder
	adopted, by := 0, map[string]int{}
	for _, cm := range comments {
		if cm.State == Adopted {
			adopted++
		}
		by[cm.Author]++
	}
	fmt.Fprintf(&b, "关于《%s》征求意见情况的反馈\n\n", strings.Trim(c.Title, "《》"))
	fmt.Fprintf(&b, "%s至%s，《%s》公开征求意见，共收到意见 %d 条", c.OpensOn.Chinese(), c.ClosesOn.Chinese(), strings.Trim(c.Title, "《》"), len(comments))
	var parts []string
	for _, a := range []string{ByCitizen, ByDeputy, ByOrg, ByStaff} {
		if by[a] > 0 {
			parts = append(parts, fmt.Sprintf("%s %d 条", AuthorLabel(a), by[a]))
		}
	}
	if len(parts) > 0 {
		b.WriteString("（" + strings.Join(parts, "，") + "）")
	}
	fmt.Fprintf(&b, "，经逐条研究，采纳 %d 条。\n", adopted)
	if summary != "" {
		b.WriteString("\n" + summary + "\n")
	}
	for i, g := range Groups(c, comments) {
		fmt.Fprintf(&b, "\n%s、%s（%d 条，采纳 %d 条）\n", chineseNumber(i+1), g.Name, len(g.Comments), g.Adopted)
		for _, cm := range g.Comments {
			verdict := "未采纳"
			if cm.State == Adopted {
				verdict = "采纳"
			} else if cm.State == Received {
				verdict = "研究中"
			}
			fmt.Fprintf(&b, "- %s（%s）", clip(cm.Text, 80), verdict)
			if cm.Reason != "" {
				fmt.Fprintf(&b, "：%s", cm.Reason)
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}

func chineseNumber(n int) string {
	digits := []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}
	switch {
	case n <= 10:
		return digits[n]
	case n < 20:
		return "十" + digits[n-10]
	case n < 100:
		s := digits[n/10] + "十"
		if n%10 != 0 {
			s += digits[n%10]
		}
		return s
	}
	return fmt.Sprint(n)
}

func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
