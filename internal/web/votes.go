package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"renda"
	"renda/internal/httpx"
	"renda/internal/store"
	"renda/project"
	"renda/vote"
)

// voteRoutes are the pages of this workflow: votes (票决, 满意度测评) and
// livelihood projects (民生实事).
func (s *Server) voteRoutes() []route {
	staff := []renda.Role{renda.RoleAdmin, renda.RoleStaff}
	deputy := []renda.Role{renda.RoleDeputy}
	return []route{
		{"GET /votes", nil, s.votesPage},
		{"GET /votes/new", staff, s.voteNewPage},
		{"POST /votes", staff, s.voteCreate},
		{"GET /votes/{id}", nil, s.votePage},
		{"GET /votes/{id}/edit", staff, s.voteEditPage},
		{"POST /votes/{id}", staff, s.voteUpdate},
		{"POST /votes/{id}/open", staff, s.voteOpen},
		{"POST /votes/{id}/close", staff, s.voteClose},
		{"GET /votes/{id}/hall", staffSide, s.voteHall},
		{"GET /votes/{id}/attendance", staff, s.attendancePage},
		{"POST /votes/{id}/attendance", staff, s.attendanceSave},
		{"GET /votes/{id}/paper", staff, s.paperPage},
		{"POST /votes/{id}/paper", staff, s.paperSave},
		{"POST /votes/{id}/paper/confirm", staff, s.paperConfirm},
		{"POST /votes/{id}/decide", staff, s.voteDecide},
		{"GET /votes/{id}/ballot", deputy, s.ballotPage},
		{"POST /votes/{id}/ballot", deputy, s.ballotCast},
		{"POST /votes/{id}/checkin", deputy, s.checkin},
		{"GET /votes/{id}/ballots", nil, s.publishedPage},

		{"GET /projects", nil, s.projectsPage},
		{"GET /projects/new", staff, s.projectNewPage},
		{"GET /projects/propose", deputy, s.projectProposePage},
		{"POST /projects/propose", deputy, s.projectPropose},
		{"POST /projects", staff, s.projectCreate},
		{"GET /projects/{id}", nil, s.projectPage},
		{"GET /projects/{id}/edit", staff, s.projectEditPage},
		{"POST /projects/{id}", staff, s.projectUpdate},
		{"POST /projects/{id}/screen", staff, s.projectScreen},
		{"POST /projects/{id}/plan", []renda.Role{renda.RoleAdmin, renda.RoleStaff, renda.RoleUnit}, s.projectPlan},
		{"POST /projects/{id}/milestones", []renda.Role{renda.RoleAdmin, renda.RoleStaff, renda.RoleUnit}, s.projectMilestone},
		{"POST /projects/{id}/milestones/{mid}/done", []renda.Role{renda.RoleAdmin, renda.RoleStaff, renda.RoleUnit}, s.projectMilestoneDone},
		{"POST /projects/{id}/reports", []renda.Role{renda.RoleAdmin, renda.RoleStaff, renda.RoleUnit}, s.projectReport},
		{"POST /projects/{id}/inspections", []renda.Role{renda.RoleAdmin, renda.RoleStaff, renda.RoleDeputy}, s.projectInspect},
		{"POST /projects/{id}/complete", staff, s.projectComplete},
		{"GET /projects/{id}/files/{aid}", nil, s.projectFile},
	}
}

// voteNav are this workflow's entries in the main menu.
func (s *Server) voteNav() []NavItem {
	return []NavItem{
		{Label: "民生实事票决", Href: "/votes", Order: 40},
		{Label: "民生实事项目", Href: "/projects", Order: 41},
	}
}

// voteWidgets are this workflow's figures on the signed-in user's home page.
func (s *Server) voteWidgets(r *http.Request, u *renda.User) ([]Widget, error) {
	ctx := r.Context()
	var out []Widget
	switch {
	case u.Is(renda.RoleDeputy):
		todo, err := s.votesForMe(r, u)
		if err != nil {
			return nil, err
		}
		waiting, href := len(todo), "/votes?todo=1"
		tone := ""
		if waiting > 0 {
			tone = "red"
		}
		out = append(out, Widget{Label: "待我投票的表决", Value: waiting, Href: href, Tone: tone, Order: 40, Note: "民生实事票决、满意度测评"})
	case u.IsStaffSide():
		_, open, err := s.db.Votes(ctx, vote.Filter{Status: vote.Open, Limit: 1})
		if err != nil {
			return nil, err
		}
		_, draft, err := s.db.Votes(ctx, vote.Filter{Status: vote.Draft, Limit: 1})
		if err != nil {
			return nil, err
		}
		out = append(out, Widget{Label: "进行中的票决", Value: open, Note: fmt.Sprintf("准备中 %d 个", draft), Href: "/votes?status=open", Tone: map[bool]string{true: "blue"}[open > 0], Order: 40})
	}
	if u.IsStaffSide() || u.Is(renda.RoleUnit) {
		f := project.Filter{Public: !u.IsStaffSide(), Limit: 1000} // as the list counts them
		if u.Is(renda.RoleUnit) {
			f.UnitID = u.OrgID
		}
		ps, _, err := s.db.Projects(ctx, u, f)
		if err != nil {
			return nil, err
		}
		set, err := s.db.Settings(ctx)
		if err != nil {
			return nil, err
		}
		today := renda.DateOf(s.db.Clock().Now())
		behind, running := 0, 0
		for _, p := range ps {
			if p.Status == "adopted" || p.Status == "in_progress" {
				running++
			}
			if p.Behind(today, set.Int("project.behind_points")) {
				behind++
			}
		}
		label := "进度滞后的民生实事项目"
		if u.Is(renda.RoleUnit) {
			label = "本单位进度滞后的民生实事项目"
		}
		href := "/projects?behind=1"
		if u.Is(renda.RoleUnit) {
			href += "&unit=" + u.OrgID
		}
		out = append(out, Widget{Label: label, Value: behind, Note: fmt.Sprintf("实施中 %d 个", running), Href: href,
			Tone: map[bool]string{true: "amber"}[behind > 0], Order: 41})
	}
	return out, nil
}

// voteTiles are this workflow's entries on the public home page.
func (s *Server) voteTiles() []Tile {
	return []Tile{
		{Title: "民生实事进度", Text: "代表票决产生的民生实事项目及其实施进度", Href: "/projects", Order: 40},
		{Title: "票决结果", Text: "民生实事项目代表票决和满意度测评结果，可核对匿名选票", Href: "/votes", Order: 41},
	}
}

// --- votes ---

// VotesPage lists votes.
type VotesPage struct {
	Base
	Items     []*vote.Vote
	Turnout   map[string]vote.Turnout
	CanManage bool
	Year      int // the year filtered by (?year=: the votes held that year)
}

// votesForMe are the open votes a deputy is on the roll of and has not
// voted in yet: the home figure and the list ?todo=1.
func (s *Server) votesForMe(r *http.Request, u *renda.User) ([]*vote.Vote, error) {
	ctx := r.Context()
	open, _, err := s.db.Votes(ctx, vote.Filter{Status: vote.Open, Limit: 20})
	if err != nil {
		return nil, err
	}
	drafts, _, err := s.db.Votes(ctx, vote.Filter{Status: vote.Draft, Limit: 20})
	if err != nil {
		return nil, err
	}
	var out []*vote.Vote
	for _, v := range slices.Concat(open, drafts) {
		st, err := s.db.MyVoterState(ctx, u, v.ID)
		if err != nil {
			return nil, err
		}
		if st.OnRoll && !st.Voted && v.Effective(s.db.Clock().Now()) == vote.Open {
			out = append(out, v)
		}
	}
	return out, nil
}

func (s *Server) votesPage(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	var items []*vote.Vote
	var err error
	q := r.URL.Query()
	f := vote.Filter{Limit: 200, Scoped: true, Viewer: u}
	if y, err := strconv.Atoi(q.Get("year")); err == nil && y >= 2000 && y <= 2100 {
		f.Year = y
	}
	if c := q.Get("congress"); renda.ValidID(c) {
		f.CongressID = c // a township's screen and yearbook: its congress's votes
	}
	switch {
	case q.Get("todo") == "1" && u.Is(renda.RoleDeputy):
		items, err = s.votesForMe(r, u)
	default:
		if q.Get("status") == vote.Open {
			f.Status = vote.Open
		}
		items, _, err = s.db.Votes(r.Context(), f)
	}
	if err != nil {
		return err
	}
	p := &VotesPage{Base: s.base(r, "民生实事票决"), Items: items, Turnout: map[string]vote.Turnout{}, CanManage: u.Is(renda.RoleAdmin, renda.RoleStaff), Year: f.Year}
	for _, v := range items {
		if p.Turnout[v.ID], err = s.db.Turnout(r.Context(), v.ID); err != nil {
			return err
		}
	}
	return s.render(w, r, "votes", p)
}

func (s *Server) vote(r *http.Request) (*vote.Vote, error) {
	id := r.PathValue("id")
	if !renda.ValidID(id) {
		return nil, renda.Errorf(renda.ENOTFOUND, "表决不存在")
	}
	return s.db.VoteFor(r.Context(), httpx.User(r), id)
}

// VotePage shows one vote: candidates, turnout or result, and what the
// viewer may do.
type VotePage struct {
	Base
	Vote      *vote.Vote
	Effective string
	Turnout   vote.Turnout
	Result    *vote.Result
	Me        store.VoterState
	IsDeputy  bool
	CanManage bool
	Paper     *vote.PaperTotals
	History   []renda.AuditRecord
	Error     string
}

func (s *Server) votePage(w http.ResponseWriter, r *http.Request) error {
	return s.renderVote(w, r, http.StatusOK, "")
}

func (s *Server) renderVote(w http.ResponseWriter, r *http.Request, status int, msg string) error {
	u := httpx.User(r)
	v, err := s.vote(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	p := &VotePage{Base: s.base(r, v.Title), Vote: v, Effective: v.Effective(s.db.Clock().Now()), IsDeputy: u.Is(renda.RoleDeputy),
		CanManage: u.Is(renda.RoleAdmin, renda.RoleStaff), Error: msg}
	if p.Turnout, err = s.db.Turnout(ctx, v.ID); err != nil {
		return err
	}
	if v.Status == vote.Closed {
		if p.Result, err = s.db.Result(ctx, v.ID); err != nil {
			return err
		}
	}
	if p.Me, err = s.db.MyVoterState(ctx, u, v.ID); err != nil {
		return err
	}
	if u.IsStaffSide() {
		if p.Paper, err = s.db.Paper(ctx, v.ID); err != nil {
			return err
		}
		h, err := s.db.History(ctx, "vote", v.ID)
		if err != nil {
			return err
		}
		// The history names who checked in and voted when: that is on the
		// roll already; keep the history to the vote's own steps.
		for _, rec := range h {
			if rec.Action != "ballot" && rec.Action != "checkin" {
				p.History = append(p.History, rec)
			}
		}
	}
	s.renderStatus(w, r, status, "vote", p)
	return nil
}

// VoteFormPage sets up or changes a vote.
type VoteFormPage struct {
	Base
	Form *Form
	Vote *vote.Vote
}

func (s *Server) voteForm(r *http.Request, v *vote.Vote) (*Form, error) {
	ctx := r.Context()
	cs, err := s.db.Congresses(ctx)
	if err != nil {
		return nil, err
	}
	var congresses, sessions []Option
	for _, c := range cs {
		if c.Level != renda.LevelCounty && c.Level != renda.LevelTownship {
			continue
		}
		congresses = append(congresses, Option{Value: c.ID, Label: c.Name})
		ss, err := s.db.Sessions(ctx, c.ID)
		if err != nil {
			return nil, err
		}
		for _, se := range ss {
			sessions = append(sessions, Option{Value: se.ID, Label: c.Name + se.Name() + "（" + se.StartDate.String() + "）"})
		}
	}
	var cands []Option
	for _, st := range []string{"candidate", "adopted", "in_progress", "completed"} {
		ps, _, err := s.db.Projects(ctx, httpx.User(r), project.Filter{Status: st, Limit: 500})
		if err != nil {
			return nil, err
		}
		for _, p := range ps {
			cands = append(cands, Option{Value: p.ID, Label: fmt.Sprintf("【%s·%s】%d年 %s", p.CongressName, project.Workflow.StateLabel(p.Status), p.Year, p.Title)})
		}
	}
	var chosen []string
	for _, c := range v.Candidates {
		chosen = append(chosen, c.ID)
	}
	action, cancel := "/votes", "/votes"
	if v.ID != "" {
		action, cancel = "/votes/"+v.ID, "/votes/"+v.ID
	}
	adopt := ""
	if v.Adopt > 0 {
		adopt = strconv.Itoa(v.Adopt)
	}
	f := newForm(r, action, "保存",
		&Field{Name: "congress_id", Label: "人民代表大会", Type: "select", Required: true, Options: congresses, Value: v.CongressID,
			Help: "乡镇人大的票决由乡镇人大主席团组织，在此选择该乡镇人大"},
		&Field{Name: "session_id", Label: "会议", Type: "select", Options: sessions, Value: v.SessionID, Help: "投票人为该届在任代表"},
		&Field{Name: "kind", Label: "类型", Type: "select", Required: true, Value: v.Kind,
			Options: []Option{{Value: vote.Livelihood, Label: "项目票决（差额选出实施项目）"}, {Value: vote.ProjectRating, Label: "满意度测评（对上年项目打分）"}}},
		&Field{Name: "title", Label: "名称", Required: true, Max: 100, Value: v.Title, Wide: true},
		&Field{Name: "mode", Label: "投票方式", Type: "select", Value: v.Mode,
			Options: []Option{{Value: vote.ModeEach, Label: "逐项表决：每个项目赞成、反对或弃权"}, {Value: vote.ModeUpTo, Label: "限选：最多勾选拟选项目数个"}}},
		&Field{Name: "preset", Label: "表决规则", Type: "select", Options: rulePresets(), Value: presetOf(v.Rule),
			Help: "通过标准；工作人员可按会议规则选择"},
		&Field{Name: "adopt", Label: "拟选项目数", Type: "number", Value: adopt, Help: "差额票决：候选项目须多于拟选项目数；满意度测评不填"},
		&Field{Name: "candidates", Label: "候选项目", Type: "picker", Required: true, Options: cands, Values: chosen, Wide: true,
			Help: "可多选。票决只能选“候选项目”（已审查入围）；测评选已票决的实施项目。"},
		&Field{Name: "opens_at", Label: "自动开始时间", Type: "datetime-local", Value: localTime(v.OpensAt), Help: "可不填，由工作人员在会场点击“开始投票”"},
		&Field{Name: "closes_at", Label: "自动结束时间", Type: "datetime-local", Value: localTime(v.ClosesAt)},
		&Field{Name: "description", Label: "说明", Type: "textarea", Max: 2000, Value: v.Description, Wide: true, Rows: 3},
	)
	f.Cancel = cancel
	return f, nil
}

// rulePresets are the counting rules a vote can be set up with; the first,
// empty, is the kind's rule under the deployment's settings.
func rulePresets() []Option {
	out := []Option{{Value: "", Label: "按本地设置（默认）"}}
	for _, p := range vote.Presets {
		out = append(out, Option{Value: p.Name, Label: p.Label})
	}
	return out
}

// presetOf names the preset a rule is, or "" (the deployment's default).
func presetOf(r vote.Rule) string {
	for _, p := range vote.Presets {
		if p.Rule.Base == r.Base && p.Rule.Threshold == r.Threshold && (r.Pct == 0 || r.Pct == 50) {
			return p.Name
		}
	}
	return ""
}

func localTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(renda.CST).Format("2006-01-02T15:04")
}

func timeValue(p *renda.Problems, r *http.Request, name, label string) time.Time {
	v := strings.TrimSpace(r.PostFormValue(name))
	if v == "" {
		return time.Time{}
	}
	t, err := time.ParseInLocation("2006-01-02T15:04", v, renda.CST)
	if err != nil {
		p.Add(name, "%s格式应为 年-月-日 时:分", label)
	}
	return t
}

func (s *Server) voteNewPage(w http.ResponseWriter, r *http.Request) error {
	v := &vote.Vote{Kind: vote.Livelihood, Mode: vote.ModeEach, Title: strconv.Itoa(renda.DateOf(s.db.Clock().Now()).Year) + "年民生实事项目代表票决"}
	if cs, err := s.db.Congresses(r.Context()); err == nil {
		for _, c := range cs {
			if c.Level == renda.LevelCounty {
				v.CongressID = c.ID
			}
		}
	}
	f, err := s.voteForm(r, v)
	if err != nil {
		return err
	}
	return s.render(w, r, "vote_form", &VoteFormPage{Base: s.base(r, "设置票决"), Form: f, Vote: v})
}

func (s *Server) voteSave(w http.ResponseWriter, r *http.Request, id string) error {
	if err := parseForm(r); err != nil {
		return err
	}
	var p renda.Problems
	v := &vote.Vote{ID: id, CongressID: r.PostFormValue("congress_id"), SessionID: r.PostFormValue("session_id"), Kind: r.PostFormValue("kind"),
		Title: r.PostFormValue("title"), Mode: r.PostFormValue("mode"), Description: r.PostFormValue("description")}
	v.Adopt = intValue(&p, r, "adopt", "拟选项目数")
	if name := r.PostFormValue("preset"); name != "" {
		rule, ok := vote.PresetRule(name)
		if !ok {
			p.Add("preset", "没有这个表决规则")
		}
		v.Rule = rule
	}
	v.OpensAt = timeValue(&p, r, "opens_at", "自动开始时间")
	v.ClosesAt = timeValue(&p, r, "closes_at", "自动结束时间")
	for _, c := range r.PostForm["candidates"] {
		v.Candidates = append(v.Candidates, vote.Candidate{ID: c})
	}
	err := p.Err()
	if err == nil {
		err = s.db.SaveVote(r.Context(), httpx.User(r), v)
	}
	if err != nil {
		f, ferr := s.voteForm(r, &vote.Vote{ID: id})
		if ferr != nil {
			return ferr
		}
		f.Fill(r)
		f.Fail(err)
		s.renderStatus(w, r, httpx.Status(renda.ErrorCode(err)), "vote_form", &VoteFormPage{Base: s.base(r, "设置票决"), Form: f, Vote: v})
		return nil
	}
	return redirect(w, r, "/votes/"+v.ID, "已保存“"+v.Title+"”")
}

func (s *Server) voteCreate(w http.ResponseWriter, r *http.Request) error {
	return s.voteSave(w, r, "")
}

func (s *Server) voteUpdate(w http.ResponseWriter, r *http.Request) error {
	v, err := s.vote(r)
	if err != nil {
		return err
	}
	return s.voteSave(w, r, v.ID)
}

func (s *Server) voteEditPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.vote(r)
	if err != nil {
		return err
	}
	if v.Status != vote.Draft {
		return renda.Errorf(renda.ECONFLICT, "投票开始后不能再修改表决设置")
	}
	f, err := s.voteForm(r, v)
	if err != nil {
		return err
	}
	return s.render(w, r, "vote_form", &VoteFormPage{Base: s.base(r, "修改票决"), Form: f, Vote: v})
}

func (s *Server) voteAction(w http.ResponseWriter, r *http.Request, action, done string) error {
	v, err := s.vote(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	rule, _ := vote.Flow.Rule(action)
	if err := s.db.ActOnVote(r.Context(), httpx.User(r), v.ID, action, actionValues(r, rule)); err != nil {
		if renda.ErrorCode(err) == renda.ECONFLICT {
			return s.renderVote(w, r, http.StatusConflict, renda.ErrorMessage(err))
		}
		return err
	}
	if action == "close" {
		if after, err := s.db.Vote(r.Context(), v.ID); err == nil && !after.Sealed {
			done = "投票已结束，结果已生成，选票封存中"
		}
	}
	return redirect(w, r, "/votes/"+v.ID, done)
}

func (s *Server) voteOpen(w http.ResponseWriter, r *http.Request) error {
	return s.voteAction(w, r, "open", "投票已开始：请代表用手机投票")
}

func (s *Server) voteClose(w http.ResponseWriter, r *http.Request) error {
	return s.voteAction(w, r, "close", "投票已结束，结果已生成，选票已封存")
}

// HallPage is the projector's page: the check-in code and turnout while
// the vote runs, the result after it closes. It never shows a choice.
type HallPage struct {
	Base
	Vote      *vote.Vote
	Effective string
	Turnout   vote.Turnout
	Result    *vote.Result
}

func (s *Server) voteHall(w http.ResponseWriter, r *http.Request) error {
	v, err := s.vote(r)
	if err != nil {
		return err
	}
	p := &HallPage{Base: s.base(r, v.Title), Vote: v, Effective: v.Effective(s.db.Clock().Now())}
	p.BodyClass = "hall"
	if p.Turnout, err = s.db.Turnout(r.Context(), v.ID); err != nil {
		return err
	}
	if v.Status == vote.Closed {
		if p.Result, err = s.db.Result(r.Context(), v.ID); err != nil {
			return err
		}
	}
	return s.render(w, r, "vote_hall", p)
}

// AttendancePage is the staff's roll: who is present, who votes on paper.
type AttendancePage struct {
	Base
	Vote    *vote.Vote
	Roll    []store.Voter
	Turnout vote.Turnout
	Q       string
}

func (s *Server) attendancePage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.vote(r)
	if err != nil {
		return err
	}
	roll, err := s.db.Roll(r.Context(), httpx.User(r), v.ID)
	if err != nil {
		return err
	}
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if q != "" {
		roll = slices.DeleteFunc(roll, func(x store.Voter) bool { return !strings.Contains(x.Name, q) && !strings.Contains(x.Delegation, q) })
	}
	p := &AttendancePage{Base: s.base(r, "出席登记"), Vote: v, Roll: roll, Q: q}
	if p.Turnout, err = s.db.Turnout(r.Context(), v.ID); err != nil {
		return err
	}
	return s.render(w, r, "vote_attendance", p)
}

func (s *Server) attendanceSave(w http.ResponseWriter, r *http.Request) error {
	v, err := s.vote(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	// The form lists the deputies shown (ids) and ticks those present / on paper.
	present, paper := map[string]bool{}, map[string]bool{}
	for _, id := range r.PostForm["shown"] {
		if renda.ValidID(id) {
			present[id] = false
		}
	}
	for _, id := range r.PostForm["present"] {
		if renda.ValidID(id) {
			present[id] = true
		}
	}
	for _, id := range r.PostForm["paper"] {
		if renda.ValidID(id) {
			paper[id] = true
		}
	}
	if err := s.db.SetAttendance(r.Context(), httpx.User(r), v.ID, present, paper); err != nil {
		return err
	}
	back := "/votes/" + v.ID + "/attendance"
	if q := r.PostFormValue("q"); q != "" {
		back += "?q=" + urlQuery(q)
	}
	return redirect(w, r, back, "出席登记已保存")
}

// PaperPage enters and confirms the paper ballots' totals.
type PaperPage struct {
	Base
	Vote       *vote.Vote
	Paper      *vote.PaperTotals
	Turnout    vote.Turnout
	Values     map[string]string
	Error      string
	Fields     map[string]string // field errors
	CanConfirm bool
}

// Cell returns the value typed for a candidate's choice.
func (p *PaperPage) Cell(candidate, choice string) string { return p.Values["c_"+candidate+"_"+choice] }

// CellError returns the error of a candidate's row.
func (p *PaperPage) CellError(candidate string) string {
	for k, v := range p.Fields {
		if strings.HasPrefix(k, "c_"+candidate+"_") {
			return v
		}
	}
	return ""
}

// ChoiceLabel names a choice.
func (p *PaperPage) ChoiceLabel(c string) string { return vote.ChoiceLabel(c) }

func (s *Server) paperPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderPaper(w, r, http.StatusOK, nil)
}

func (s *Server) renderPaper(w http.ResponseWriter, r *http.Request, status int, err error) error {
	u := httpx.User(r)
	v, verr := s.vote(r)
	if verr != nil {
		return verr
	}
	p := &PaperPage{Base: s.base(r, "纸质票录入"), Vote: v, Values: map[string]string{}, Fields: map[string]string{}}
	var e error
	if p.Paper, e = s.db.Paper(r.Context(), v.ID); e != nil {
		return e
	}
	if p.Turnout, e = s.db.Turnout(r.Context(), v.ID); e != nil {
		return e
	}
	if p.Paper != nil {
		p.Values["ballots"] = strconv.Itoa(p.Paper.Ballots)
		for id, m := range p.Paper.Counts {
			for ch, n := range m {
				p.Values["c_"+id+"_"+ch] = strconv.Itoa(n)
			}
		}
		p.CanConfirm = !p.Paper.Confirmed() && p.Paper.EnteredBy != u.ID
	}
	if err != nil {
		for k, vs := range r.PostForm {
			if len(vs) > 0 {
				p.Values[k] = vs[0]
			}
		}
		p.Error = renda.ErrorMessage(err)
		for _, fe := range renda.ErrorFields(err) {
			p.Fields[fe.Field] = fe.Message
		}
	}
	s.renderStatus(w, r, status, "vote_paper", p)
	return nil
}

func (s *Server) paperSave(w http.ResponseWriter, r *http.Request) error {
	v, err := s.vote(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	var pr renda.Problems
	t := &vote.PaperTotals{Ballots: intValue(&pr, r, "ballots", "纸质票数"), Counts: map[string]map[string]int{}}
	for _, c := range v.Candidates {
		t.Counts[c.ID] = map[string]int{}
		for _, ch := range v.PaperChoices() {
			t.Counts[c.ID][ch] = intValue(&pr, r, "c_"+c.ID+"_"+ch, c.Title+vote.ChoiceLabel(ch)+"票数")
		}
	}
	err = pr.Err()
	if err == nil {
		err = s.db.EnterPaper(r.Context(), httpx.User(r), v.ID, t)
	}
	if err != nil {
		return s.renderPaper(w, r, httpx.Status(renda.ErrorCode(err)), err)
	}
	return redirect(w, r, "/votes/"+v.ID+"/paper", "纸质票统计已录入，请另一名工作人员复核确认")
}

func (s *Server) paperConfirm(w http.ResponseWriter, r *http.Request) error {
	v, err := s.vote(r)
	if err != nil {
		return err
	}
	if err := s.db.ConfirmPaper(r.Context(), httpx.User(r), v.ID); err != nil {
		return s.renderPaper(w, r, httpx.Status(renda.ErrorCode(err)), err)
	}
	return redirect(w, r, "/votes/"+v.ID, "纸质票统计已复核确认并计入结果")
}

func (s *Server) voteDecide(w http.ResponseWriter, r *http.Request) error {
	v, err := s.vote(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	err = s.db.Decide(r.Context(), httpx.User(r), v.ID, r.PostFormValue("project_id"), r.PostFormValue("adopt") == "yes", r.PostFormValue("note"))
	if err != nil {
		return s.renderVote(w, r, httpx.Status(renda.ErrorCode(err)), renda.ErrorMessage(err))
	}
	return redirect(w, r, "/votes/"+v.ID, "已记录主席团决定")
}

// BallotPage is the deputy's ballot on a phone: check in if needed, then a
// choice per candidate (or up to N ticks).
type BallotPage struct {
	Base
	Vote      *vote.Vote
	Effective string
	Me        store.VoterState
	Choices   map[string]string
	Error     string
	CodeError string
}

// Choice returns what the deputy marked for a candidate (for a re-shown form).
func (p *BallotPage) Choice(id string) string { return p.Choices[id] }

// ChoiceLabel names a choice.
func (p *BallotPage) ChoiceLabel(c string) string { return vote.ChoiceLabel(c) }

func (s *Server) ballotPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderBallot(w, r, http.StatusOK, nil, "", "")
}

func (s *Server) renderBallot(w http.ResponseWriter, r *http.Request, status int, choices map[string]string, msg, codeMsg string) error {
	u := httpx.User(r)
	v, err := s.vote(r)
	if err != nil {
		return err
	}
	p := &BallotPage{Base: s.base(r, v.Title), Vote: v, Effective: v.Effective(s.db.Clock().Now()), Choices: choices, Error: msg, CodeError: codeMsg}
	p.BodyClass = "ballot-page"
	if p.Me, err = s.db.MyVoterState(r.Context(), u, v.ID); err != nil {
		return err
	}
	s.renderStatus(w, r, status, "vote_ballot", p)
	return nil
}

// ReceiptPage shows the receipt once, right after the ballot is cast.
type ReceiptPage struct {
	Base
	Vote    *vote.Vote
	Receipt string
}

func (s *Server) ballotCast(w http.ResponseWriter, r *http.Request) error {
	v, err := s.vote(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	choices := vote.Ballot{}
	for _, c := range v.Candidates {
		if !v.Rating() && v.Mode == vote.ModeUpTo {
			if r.PostFormValue("c_"+c.ID) != "" {
				choices[c.ID] = vote.ChoiceYes
			}
			continue
		}
		if ch := r.PostFormValue("c_" + c.ID); ch != "" {
			choices[c.ID] = ch
		}
	}
	// On a phone ballot every candidate must be marked (paper rules treat a
	// blank as 弃权, but here a blank is more likely a slip of the thumb).
	if v.Mode != vote.ModeUpTo {
		for _, c := range v.Candidates {
			if _, ok := choices[c.ID]; !ok {
				return s.renderBallot(w, r, http.StatusUnprocessableEntity, choices, "请对每个项目作出选择：“"+c.Title+"”尚未选择", "")
			}
		}
	}
	receipt, err := s.db.CastBallot(r.Context(), httpx.User(r), v.ID, choices)
	if err != nil {
		return s.renderBallot(w, r, httpx.Status(renda.ErrorCode(err)), choices, renda.ErrorMessage(err), "")
	}
	// Rendered directly, never redirected: the receipt must not travel in a
	// URL, a cookie or a session row.
	p := &ReceiptPage{Base: s.base(r, "投票成功"), Vote: v, Receipt: receipt}
	p.BodyClass = "ballot-page"
	p.Flash = ""
	return s.render(w, r, "vote_receipt", p)
}

func (s *Server) checkin(w http.ResponseWriter, r *http.Request) error {
	v, err := s.vote(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	if err := s.db.CheckIn(r.Context(), httpx.User(r), v.ID, r.PostFormValue("code")); err != nil {
		if c := renda.ErrorCode(err); c == renda.EINVALID || c == renda.ETOOMANY {
			return s.renderBallot(w, r, httpx.Status(c), nil, "", renda.ErrorMessage(err))
		}
		return err
	}
	return redirect(w, r, "/votes/"+v.ID+"/ballot", "签到成功")
}

// BallotsPage publishes the anonymous ballots after the close, and lets a
// deputy find their receipt.
type BallotsPage struct {
	Base
	Vote    *vote.Vote
	Items   []store.PublishedBallot
	Receipt string
	Found   *store.PublishedBallot
	Result  *vote.Result
}

// ChoiceLabel names a choice.
func (p *BallotsPage) ChoiceLabel(c string) string { return vote.ChoiceLabel(c) }

func (s *Server) publishedPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.vote(r)
	if err != nil {
		return err
	}
	items, err := s.db.PublishedBallots(r.Context(), v.ID)
	if err != nil {
		return err
	}
	p := &BallotsPage{Base: s.base(r, "匿名选票公示"), Vote: v, Items: items}
	if p.Result, err = s.db.Result(r.Context(), v.ID); err != nil {
		return err
	}
	if q := normalizeReceipt(r.URL.Query().Get("receipt")); q != "" {
		p.Receipt = q
		for i := range items {
			if items[i].Receipt == q {
				p.Found = &items[i]
			}
		}
	}
	return s.render(w, r, "vote_ballots", p)
}

// normalizeReceipt accepts a receipt typed in lower case, with spaces or
// without dashes, and the look-alikes Crockford's alphabet folds (O→0, I/L→1).
func normalizeReceipt(s string) string {
	s = strings.ToUpper(strings.NewReplacer(" ", "", "-", "", "—", "", "O", "0", "o", "0", "I", "1", "i", "1", "L", "1", "l", "1").Replace(strings.TrimSpace(s)))
	if len(s) != 12 {
		return s
	}
	return s[0:4] + "-" + s[4:8] + "-" + s[8:12]
}

func urlQuery(s string) string {
	return strings.NewReplacer("%", "%25", "&", "%26", "#", "%23", "+", "%2B", " ", "+").Replace(s)
}
