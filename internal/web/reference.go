package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"renda"
	"renda/internal/httpx"
)

// RegionsPage browses the division tree one level at a time.
type RegionsPage struct {
	Base
	Items     []*renda.Region
	Ancestors []*renda.Region
	Pager     Pager
	Q         string
	CanEdit   bool
	Parent    string
}

func (s *Server) regionsPage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	pg := pager(r, 50)
	f := renda.RegionFilter{Q: strings.TrimSpace(q.Get("q")), Limit: pg.Limit, Offset: pg.Offset}
	parent := q.Get("parent")
	p := &RegionsPage{Base: s.base(r, "行政区划"), Q: f.Q, CanEdit: renda.CanManageReference(httpx.User(r))}
	var err error
	switch {
	case f.Q != "":
	case renda.ValidID(parent):
		f.ParentID, p.Parent = parent, parent
		if p.Ancestors, err = s.db.RegionPath(r.Context(), parent); err != nil {
			return err
		}
	default:
		f.Level = renda.RegionCounty
	}
	if p.Items, pg.Total, err = s.db.Regions(r.Context(), f); err != nil {
		return err
	}
	p.Pager = pg
	return s.render(w, r, "regions", p)
}

// RegionFormPage adds or changes a region.
type RegionFormPage struct {
	Base
	Form    *Form
	History []renda.AuditRecord
}

func (s *Server) regionForm(r *http.Request, reg *renda.Region) *Form {
	var levels []Option
	for _, l := range renda.RegionLevels {
		levels = append(levels, Option{Value: string(l), Label: l.Label()})
	}
	action := "/regions"
	if reg.ID != "" {
		action += "/" + reg.ID
	}
	f := newForm(r, action, "保存",
		&Field{Name: "name", Label: "名称", Required: true, Max: 50, Value: reg.Name},
		&Field{Name: "code", Label: "统计用区划代码", Required: true, Max: 12, Value: reg.Code, Help: "6、9 或 12 位数字"},
		&Field{Name: "level", Label: "层级", Type: "select", Required: true, Options: levels, Value: string(reg.Level)},
		&Field{Name: "kind", Label: "类型", Max: 10, Value: reg.Kind, Help: "如 街道、镇、乡、民族乡、社区、村"},
		&Field{Name: "valid_from", Label: "生效日期", Type: "date", Required: true, Value: reg.ValidFrom.String()},
		&Field{Name: "valid_to", Label: "失效日期", Type: "date", Value: reg.ValidTo.String(), Help: "撤并或更名后填写；留空表示现行有效"},
	)
	f.Hidden = map[string]string{"parent_id": reg.ParentID}
	f.Cancel = "/regions"
	if reg.ParentID != "" {
		f.Cancel = "/regions?parent=" + reg.ParentID
	}
	return f
}

func (s *Server) regionNewPage(w http.ResponseWriter, r *http.Request) error {
	reg := &renda.Region{ValidFrom: renda.DateOf(s.db.Clock().Now())}
	if parent := r.URL.Query().Get("parent"); renda.ValidID(parent) {
		pr, err := s.db.Region(r.Context(), parent)
		if err != nil {
			return err
		}
		reg.ParentID = pr.ID
		if i := levelIndex(pr.Level); i+1 < len(renda.RegionLevels) {
			reg.Level = renda.RegionLevels[i+1]
		}
	}
	return s.render(w, r, "region_form", &RegionFormPage{Base: s.base(r, "新增行政区划"), Form: s.regionForm(r, reg)})
}

func levelIndex(l renda.RegionLevel) int {
	for i, v := range renda.RegionLevels {
		if v == l {
			return i
		}
	}
	return 0
}

func (s *Server) regionEditPage(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	if !renda.ValidID(id) {
		return renda.Errorf(renda.ENOTFOUND, "行政区划不存在")
	}
	reg, err := s.db.Region(r.Context(), id)
	if err != nil {
		return err
	}
	h, err := s.db.History(r.Context(), "region", id)
	if err != nil {
		return err
	}
	return s.render(w, r, "region_form", &RegionFormPage{Base: s.base(r, "修改行政区划"), Form: s.regionForm(r, reg), History: h})
}

func (s *Server) regionSave(w http.ResponseWriter, r *http.Request, id string) error {
	if err := parseForm(r); err != nil {
		return err
	}
	var p renda.Problems
	reg := &renda.Region{ID: id, Name: r.PostFormValue("name"), Code: r.PostFormValue("code"), Level: renda.RegionLevel(r.PostFormValue("level")),
		Kind: r.PostFormValue("kind"), ParentID: r.PostFormValue("parent_id")}
	reg.ValidFrom = dateValue(&p, r, "valid_from", "生效日期")
	reg.ValidTo = dateValue(&p, r, "valid_to", "失效日期")
	err := p.Err()
	if err == nil {
		err = s.db.SaveRegion(r.Context(), httpx.User(r), reg)
	}
	if err != nil {
		f := s.regionForm(r, &renda.Region{ID: id, ParentID: reg.ParentID})
		f.Fill(r)
		f.Fail(err)
		s.renderStatus(w, r, httpx.Status(renda.ErrorCode(err)), "region_form", &RegionFormPage{Base: s.base(r, "行政区划"), Form: f})
		return nil
	}
	to := "/regions"
	if reg.ParentID != "" {
		to += "?parent=" + reg.ParentID
	}
	return redirect(w, r, to, "已保存 "+reg.Name)
}

func (s *Server) regionCreate(w http.ResponseWriter, r *http.Request) error {
	return s.regionSave(w, r, "")
}

func (s *Server) regionUpdate(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	if !renda.ValidID(id) {
		return renda.Errorf(renda.ENOTFOUND, "行政区划不存在")
	}
	if _, err := s.db.Region(r.Context(), id); err != nil {
		return err
	}
	return s.regionSave(w, r, id)
}

// CongressesPage lists congresses with their terms and sessions.
type CongressesPage struct {
	Base
	Items []*renda.Congress
}

func (s *Server) congressesPage(w http.ResponseWriter, r *http.Request) error {
	cs, err := s.db.Congresses(r.Context())
	if err != nil {
		return err
	}
	return s.render(w, r, "congresses", &CongressesPage{Base: s.base(r, "人大与会议"), Items: cs})
}

// CongressPage shows one congress: terms, sessions, delegations, and forms to add them.
type CongressPage struct {
	Base
	Congress    *renda.Congress
	Delegations map[string][]renda.Delegation // by term
	TermForm    *Form
	SessionForm map[string]*Form // by term
	DelegForm   map[string]*Form
	CanEdit     bool
	History     []renda.AuditRecord
}

func (s *Server) congressPage(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	if !renda.ValidID(id) {
		return renda.Errorf(renda.ENOTFOUND, "人大不存在")
	}
	c, err := s.db.Congress(r.Context(), id)
	if err != nil {
		return err
	}
	p := &CongressPage{Base: s.base(r, c.Name), Congress: c, Delegations: map[string][]renda.Delegation{},
		SessionForm: map[string]*Form{}, DelegForm: map[string]*Form{}, CanEdit: renda.CanManageReference(httpx.User(r))}
	for _, t := range c.Terms {
		if p.Delegations[t.ID], err = s.db.Delegations(r.Context(), t.ID); err != nil {
			return err
		}
		next := 1
		if n := len(t.Sessions); n > 0 {
			next = t.Sessions[n-1].Number + 1
		}
		p.SessionForm[t.ID] = newForm(r, "/terms/"+t.ID+"/sessions", "添加会议",
			&Field{Name: "number", Label: "第几次会议", Type: "number", Required: true, Value: strconv.Itoa(next)},
			&Field{Name: "start_date", Label: "开幕日期", Type: "date", Required: true},
			&Field{Name: "end_date", Label: "闭幕日期", Type: "date", Required: true},
			&Field{Name: "motion_deadline", Label: "议案截止时间", Type: "datetime-local", Help: "主席团规定的代表提出议案截止时间"})
		p.DelegForm[t.ID] = newForm(r, "/terms/"+t.ID+"/delegations", "添加代表团", &Field{Name: "name", Label: "代表团名称", Required: true, Max: 40})
	}
	next := 1
	if len(c.Terms) > 0 {
		next = c.Terms[0].Number + 1
	}
	if p.History, err = s.db.History(r.Context(), "congress", c.ID); err != nil {
		return err
	}
	p.TermForm = newForm(r, "/congresses/"+c.ID+"/terms", "添加届次",
		&Field{Name: "number", Label: "第几届", Type: "number", Required: true, Value: strconv.Itoa(next)},
		&Field{Name: "start_date", Label: "开始日期", Type: "date", Required: true},
		&Field{Name: "end_date", Label: "结束日期", Type: "date"})
	return s.render(w, r, "congress", p)
}

func (s *Server) termCreate(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	if err := parseForm(r); err != nil {
		return err
	}
	var p renda.Problems
	t := &renda.Term{CongressID: id}
	t.Number = intValue(&p, r, "number", "届次")
	t.StartDate = dateValue(&p, r, "start_date", "开始日期")
	t.EndDate = dateValue(&p, r, "end_date", "结束日期")
	if err := p.Err(); err != nil {
		return err
	}
	if err := s.db.SaveTerm(r.Context(), httpx.User(r), t); err != nil {
		return err
	}
	return redirect(w, r, "/congresses/"+id, "已添加"+t.Name())
}

func (s *Server) sessionFromForm(r *http.Request, termID, id string) (*renda.Session, error) {
	var p renda.Problems
	sess := &renda.Session{ID: id, TermID: termID}
	sess.Number = intValue(&p, r, "number", "会议次数")
	sess.StartDate = dateValue(&p, r, "start_date", "开幕日期")
	sess.EndDate = dateValue(&p, r, "end_date", "闭幕日期")
	if v := strings.TrimSpace(r.PostFormValue("motion_deadline")); v != "" {
		t, err := time.ParseInLocation("2006-01-02T15:04", v, renda.CST)
		if err != nil {
			p.Add("motion_deadline", "议案截止时间格式不正确")
		}
		sess.MotionDeadline = t
	}
	return sess, p.Err()
}

func (s *Server) sessionCreate(w http.ResponseWriter, r *http.Request) error {
	termID := r.PathValue("id")
	if err := parseForm(r); err != nil {
		return err
	}
	sess, err := s.sessionFromForm(r, termID, "")
	if err != nil {
		return err
	}
	if err := s.db.SaveSession(r.Context(), httpx.User(r), sess); err != nil {
		return err
	}
	saved, err := s.db.Session(r.Context(), sess.ID)
	if err != nil {
		return err
	}
	return redirect(w, r, "/congresses/"+saved.CongressID, "已添加"+saved.Name())
}

// SessionFormPage edits a session.
type SessionFormPage struct {
	Base
	Session renda.Session
	Form    *Form
	History []renda.AuditRecord
}

func (s *Server) sessionEditPage(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	if !renda.ValidID(id) {
		return renda.Errorf(renda.ENOTFOUND, "会议不存在")
	}
	sess, err := s.db.Session(r.Context(), id)
	if err != nil {
		return err
	}
	dl := ""
	if !sess.MotionDeadline.IsZero() {
		dl = sess.MotionDeadline.In(renda.CST).Format("2006-01-02T15:04")
	}
	f := newForm(r, "/sessions/"+id, "保存",
		&Field{Name: "number", Label: "第几次会议", Type: "number", Required: true, Value: strconv.Itoa(sess.Number)},
		&Field{Name: "start_date", Label: "开幕日期", Type: "date", Required: true, Value: sess.StartDate.String()},
		&Field{Name: "end_date", Label: "闭幕日期", Type: "date", Required: true, Value: sess.EndDate.String()},
		&Field{Name: "motion_deadline", Label: "议案截止时间", Type: "datetime-local", Value: dl})
	f.Cancel = "/congresses/" + sess.CongressID
	h, err := s.db.History(r.Context(), "session", id)
	if err != nil {
		return err
	}
	return s.render(w, r, "session_form", &SessionFormPage{Base: s.base(r, sess.CongressName+sess.Name()), Session: sess, Form: f, History: h})
}

func (s *Server) sessionUpdate(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	if !renda.ValidID(id) {
		return renda.Errorf(renda.ENOTFOUND, "会议不存在")
	}
	old, err := s.db.Session(r.Context(), id)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	sess, err := s.sessionFromForm(r, old.TermID, id)
	if err == nil {
		err = s.db.SaveSession(r.Context(), httpx.User(r), sess)
	}
	if err != nil {
		return err
	}
	return redirect(w, r, "/congresses/"+old.CongressID, "会议信息已保存")
}

func (s *Server) delegationCreate(w http.ResponseWriter, r *http.Request) error {
	termID := r.PathValue("id")
	if err := parseForm(r); err != nil {
		return err
	}
	g := &renda.Delegation{TermID: termID, Name: r.PostFormValue("name")}
	if err := s.db.SaveDelegation(r.Context(), httpx.User(r), g); err != nil {
		return err
	}
	return redirect(w, r, r.Referer(), "已添加代表团 "+g.Name)
}

// GroupsPage lists professional groups of deputies.
type GroupsPage struct {
	Base
	Items   []renda.Group
	Form    *Form
	CanEdit bool
}

func (s *Server) groupsForm(r *http.Request) *Form {
	f := newForm(r, "/groups", "添加",
		&Field{Name: "kind", Label: "类别", Type: "select", Options: []Option{{Value: renda.GroupProfessional, Label: "专业小组"}, {Value: renda.GroupBase, Label: "实践基地"}}},
		&Field{Name: "name", Label: "名称", Required: true, Max: 40},
		&Field{Name: "description", Label: "说明", Max: 500},
		&Field{Name: "region_id", Label: "所在村（社区）", Type: "select", Help: "实践基地必填"},
		&Field{Name: "leader_id", Label: "领办代表", Type: "select", Help: "实践基地必填"},
		&Field{Name: "goals", Label: "目标", Type: "textarea", Max: 1000, Wide: true, Help: "实践基地的建设目标，如“带动茶农增收”"})
	ctx := r.Context()
	villages, _, _ := s.db.Regions(ctx, renda.RegionFilter{Level: renda.RegionVillage, Limit: 500})
	f.Field("region_id").Options = []Option{{Value: "", Label: "—"}}
	for _, v := range villages {
		f.Field("region_id").Options = append(f.Field("region_id").Options, Option{Value: v.ID, Label: v.Name})
	}
	deps, _, _ := s.db.Deputies(ctx, httpx.User(r), renda.DeputyFilter{Level: renda.LevelCounty, Status: renda.DeputyActive, Limit: 500})
	f.Field("leader_id").Options = []Option{{Value: "", Label: "—"}}
	for _, d := range deps {
		f.Field("leader_id").Options = append(f.Field("leader_id").Options, Option{Value: d.ID, Label: d.Name + "（" + d.RegionName + "）"})
	}
	return f
}

func (s *Server) groupsPage(w http.ResponseWriter, r *http.Request) error {
	gs, err := s.db.Groups(r.Context())
	if err != nil {
		return err
	}
	return s.render(w, r, "groups", &GroupsPage{Base: s.base(r, "代表小组和实践基地"), Items: gs, Form: s.groupsForm(r), CanEdit: renda.CanManageReference(httpx.User(r))})
}

func (s *Server) groupCreate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	g := &renda.Group{Name: r.PostFormValue("name"), Description: r.PostFormValue("description"), Kind: r.PostFormValue("kind"),
		RegionID: r.PostFormValue("region_id"), LeaderID: r.PostFormValue("leader_id"), Goals: r.PostFormValue("goals")}
	if err := s.db.SaveGroup(r.Context(), httpx.User(r), g); err != nil {
		gs, lerr := s.db.Groups(r.Context())
		if lerr != nil {
			return lerr
		}
		f := s.groupsForm(r)
		f.Fill(r)
		f.Fail(err)
		s.renderStatus(w, r, httpx.Status(renda.ErrorCode(err)), "groups", &GroupsPage{Base: s.base(r, "代表专业小组"), Items: gs, Form: f, CanEdit: true})
		return nil
	}
	return redirect(w, r, "/groups/"+g.ID, "已添加 "+g.Name)
}

// CalendarPage shows and edits the holiday calendar of one year.
type CalendarPage struct {
	Base
	Year    int
	Days    []renda.CalendarDay
	Form    *Form
	CanEdit bool
}

func (s *Server) calendarForm(r *http.Request) *Form {
	return newForm(r, "/calendar", "保存",
		&Field{Name: "date", Label: "日期", Type: "date", Required: true},
		&Field{Name: "kind", Label: "类型", Type: "select", Options: []Option{{Value: "off", Label: "放假"}, {Value: "work", Label: "调休上班"}, {Value: "", Label: "恢复正常（删除此条）"}}},
		&Field{Name: "name", Label: "名称", Max: 30, Help: "如 春节、国庆节调休上班"})
}

func (s *Server) calendarPage(w http.ResponseWriter, r *http.Request) error {
	year, _ := strconv.Atoi(r.URL.Query().Get("year"))
	if year < 2000 || year > 2100 {
		year = renda.DateOf(s.db.Clock().Now()).Year
	}
	days, err := s.db.CalendarDays(r.Context(), year)
	if err != nil {
		return err
	}
	return s.render(w, r, "calendar", &CalendarPage{Base: s.base(r, "节假日安排"), Year: year, Days: days, Form: s.calendarForm(r),
		CanEdit: renda.CanManageReference(httpx.User(r))})
}

func (s *Server) calendarSave(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	var p renda.Problems
	d := renda.CalendarDay{Kind: renda.DayKind(r.PostFormValue("kind")), Name: r.PostFormValue("name")}
	d.Date = dateValue(&p, r, "date", "日期")
	err := p.Err()
	if err == nil {
		err = s.db.SetCalendarDay(r.Context(), httpx.User(r), d)
	}
	if err != nil {
		year := renda.DateOf(s.db.Clock().Now()).Year
		if !d.Date.IsZero() {
			year = d.Date.Year
		}
		days, lerr := s.db.CalendarDays(r.Context(), year)
		if lerr != nil {
			return lerr
		}
		f := s.calendarForm(r)
		f.Fill(r)
		f.Fail(err)
		s.renderStatus(w, r, httpx.Status(renda.ErrorCode(err)), "calendar", &CalendarPage{Base: s.base(r, "节假日安排"), Year: year, Days: days, Form: f, CanEdit: true})
		return nil
	}
	return redirect(w, r, "/calendar?year="+strconv.Itoa(d.Date.Year), "已保存 "+d.Date.Chinese())
}
