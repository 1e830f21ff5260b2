// Package news is the public portal's articles (专栏文章): staff draft an
// article in a column, someone other than its writer reviews it, staff
// publish it, and may withdraw it (draft → reviewed → published, every step
// audited). Only published articles are public.
package news

import (
	"strings"
	"time"

	"renda"
)

// Article states.
const (
	Draft     = "draft"     // 草稿
	Reviewed  = "reviewed"  // 已审核，待发布
	Published = "published" // 已发布
	Withdrawn = "withdrawn" // 已撤回
)

// Article is one article of a column.
type Article struct {
	ID          string    `json:"id"`
	Column      string    `json:"column"`  // 专栏
	Title       string    `json:"title"`   // 标题
	Summary     string    `json:"summary"` // 导语或开栏语
	Body        string    `json:"body"`    // 正文，一段一行
	State       string    `json:"state"`
	AuthorID    string    `json:"-"`
	ReviewerID  string    `json:"-"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
	PublishedAt time.Time `json:"published_at,omitzero"`
}

// StateLabel names the state.
func (a *Article) StateLabel() string { return Flow.StateLabel(a.State) }

// Paragraphs splits the body into its paragraphs.
func (a *Article) Paragraphs() []string {
	var out []string
	for _, p := range strings.Split(a.Body, "\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// Filter selects articles.
type Filter struct {
	Column string
	State  string
	Public bool // published only
	Limit  int
	Offset int
}

var fields = []renda.Field{
	{Name: "column", Label: "专栏", Kind: renda.FieldLine, Required: true, Max: 40, Help: "如“四级联络站一线联通”"},
	{Name: "title", Label: "标题", Kind: renda.FieldLine, Required: true, Max: 200},
	{Name: "summary", Label: "导语", Kind: renda.FieldText, Max: 1000, Help: "专栏第一篇可写开栏语"},
	{Name: "body", Label: "正文", Kind: renda.FieldText, Required: true, Max: 50000, Help: "每段一行"},
	{Name: "files", Label: "图片和附件", Kind: renda.FieldFiles, Accept: "image/*,.pdf,.doc,.docx,.xls,.xlsx", Help: "图片显示在正文下方，其他文件列为附件下载；修改时上传的文件添加到已有文件之后"},
}

// Flow is the workflow of an article. Relations: "author" (who drafted it).
var Flow = renda.Register(&renda.Machine[Article]{
	Entity: "news",
	Label:  "新闻文章",
	States: []renda.StateDef{{State: Draft, Label: "草稿"}, {State: Reviewed, Label: "已审核"}, {State: Published, Label: "已发布"}, {State: Withdrawn, Label: "已撤回"}},
	State:  func(a *Article) *string { return &a.State },
	Acts: []renda.Act[Article]{
		{Rule: renda.Rule{Action: "create", Label: "撰写文章", To: Draft, Who: []string{"staff", "admin"}, Hidden: true, Fields: fields}, Do: create},
		{Rule: renda.Rule{Action: "edit", Label: "修改", From: []string{Draft}, To: Draft, Who: []string{"staff", "admin"}, Fields: fields}, Do: edit},
		{Rule: renda.Rule{Action: "review", Label: "审核通过", From: []string{Draft}, To: Reviewed, Who: []string{"staff", "admin", "leader"}, Tone: "primary",
			Help: "审核须由撰稿人以外的人进行。", Fields: []renda.Field{{Name: "text", Label: "审核意见", Kind: renda.FieldText, Max: 1000}}}, Pre: notAuthor, Do: review},
		{Rule: renda.Rule{Action: "return", Label: "退回修改", From: []string{Reviewed}, To: Draft, Who: []string{"staff", "admin", "leader"},
			Fields: []renda.Field{{Name: "text", Label: "退回理由", Kind: renda.FieldText, Required: true, Max: 1000}}}, Do: giveBack},
		{Rule: renda.Rule{Action: "publish", Label: "发布", From: []string{Reviewed}, To: Published, Who: []string{"staff", "admin"}, Tone: "primary",
			Confirm: "发布后公众即可看到。确定发布吗？"}, Do: publish},
		{Rule: renda.Rule{Action: "withdraw", Label: "撤回", From: []string{Published}, To: Withdrawn, Who: []string{"staff", "admin"}, Tone: "danger",
			Confirm: "撤回后公众不再能看到本文。确定撤回吗？",
			Fields:  []renda.Field{{Name: "text", Label: "撤回理由", Kind: renda.FieldText, Required: true, Max: 1000}}}, Do: giveBack},
	},
})

// Relations are the actor's ties to an article.
func Relations(u *renda.User, a *Article) renda.Rel {
	rel := renda.RoleRel(u)
	if u != nil && a.AuthorID != "" && u.ID == a.AuthorID {
		rel = append(rel, "author")
	}
	return rel
}

func fill(a *Article, in *renda.Input) {
	a.Column = strings.TrimSpace(in.Text("column"))
	a.Title = strings.TrimSpace(in.Text("title"))
	a.Summary = strings.TrimSpace(in.Text("summary"))
	a.Body = strings.TrimSpace(in.Text("body"))
}

func create(a *Article, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	fill(a, in)
	if env.Actor != nil {
		a.AuthorID = env.Actor.ID
	}
	a.CreatedAt = env.Now
	out.Note = a.Title
	return nil
}

func edit(a *Article, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	fill(a, in)
	out.Note = "修改了文章"
	return nil
}

func notAuthor(a *Article, env *renda.Env) error {
	if env.Actor != nil && env.Actor.ID == a.AuthorID {
		return renda.Errorf(renda.ECONFLICT, "审核须由撰稿人以外的人进行")
	}
	return nil
}

func review(a *Article, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	if env.Actor != nil {
		a.ReviewerID = env.Actor.ID
	}
	out.Note = in.Text("text")
	return nil
}

func giveBack(a *Article, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	out.Note = in.Text("text")
	if a.AuthorID != "" {
		out.Notify(renda.ToUser(a.AuthorID), "文章《"+a.Title+"》"+map[string]string{"return": "被退回修改", "withdraw": "已撤回"}[out.Action], in.Text("text"), "/news/manage/"+a.ID)
	}
	return nil
}

func publish(a *Article, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	a.PublishedAt = env.Now
	out.Note = "已发布"
	return nil
}

// Doc is the article's entry in the search index: public once published.
func Doc(a *Article) *renda.Doc {
	d := &renda.Doc{Kind: "news", ID: a.ID, Title: a.Title, Body: a.Summary + "\n" + a.Body, URL: "/news/" + a.ID + "/edit",
		Year: a.CreatedAt.Year(), State: a.State, At: a.CreatedAt, Readers: renda.ReadRoles(renda.RoleAdmin, renda.RoleStaff, renda.RoleLeader)}
	if a.State == Published {
		d.Readers, d.URL, d.At, d.Year = []string{renda.ReadPublic}, "/news/"+a.ID, a.PublishedAt, a.PublishedAt.Year()
	}
	return d
}

var _ = renda.RegisterSearchKind("news", "新闻", "news")
var _ = renda.RegisterEntityLabel("news", "新闻文章")
