package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"renda"
	"renda/internal/attach"
	"renda/internal/httpx"
	"renda/internal/store"
	"renda/internal/xlsx"
	"renda/opinion"
	"renda/station"
)

// opinionRoutes are the pages of this workflow: stations and 码上找代表,
// citizens' opinions from the form to the rating, the inboxes, the 12345
// link and the integrations.
func (s *Server) opinionRoutes() []route {
	all := []renda.Role{renda.RoleAdmin, renda.RoleStaff, renda.RoleLeader, renda.RoleDeputy, renda.RoleUnit}
	inside := []renda.Role{renda.RoleAdmin, renda.RoleStaff, renda.RoleLeader, renda.RoleDeputy}
	routes := []route{
		{"GET /s/{code}/new", nil, s.citizenFormStation},
		{"POST /s/{code}/new", nil, s.citizenSubmitStation},
		{"GET /d/{code}/new", nil, s.citizenFormDeputy},
		{"POST /d/{code}/new", nil, s.citizenSubmitDeputy},
		{"GET /track", nil, s.trackPage},
		{"POST /track", nil, s.trackLookup},
		{"GET /t/{code}", nil, s.trackPage},
		{"POST /t/{code}", nil, s.trackLookup},
		{"POST /t/{code}/rate", nil, s.trackRate},

		{"GET /opinions", all, s.opinionsPage},
		{"GET /opinions/new", []renda.Role{renda.RoleDeputy}, s.opinionNewPage},
		{"POST /opinions/new", []renda.Role{renda.RoleDeputy}, s.opinionNewSubmit},
		{"GET /opinions/stats", staffSide, s.opinionStatsPage},
		{"GET /opinions/recurring", inside, s.recurringPage},
		{"GET /opinions/export.xlsx", staffSide, s.opinionsExport},
		{"GET /opinions/{id}", all, s.opinionPage},
		{"GET /opinions/{id}/photos/{aid}", all, s.opinionPhoto},
		{"GET /opinions/{id}/assist", all, s.opinionAssist},
		{"POST /opinions/{id}/{action}", all, s.opinionAct},
	}
	return slices.Concat(s.stationRoutes(), routes, s.hotlineRoutes())
}

// opinionNav are this workflow's entries in the main menu.
func (s *Server) opinionNav() []NavItem {
	return []NavItem{
		{Label: "群众意见", Href: "/opinions", Order: 20},
		{Label: "联络站", Href: "/stations", Order: 22, Roles: []renda.Role{renda.RoleAdmin, renda.RoleStaff, renda.RoleLeader, renda.RoleDeputy}},
		{Label: "12345 工单", Href: "/hotline", Order: 24, Roles: staffSide},
		{Label: "意见统计", Href: "/opinions/stats", Order: 26, Roles: staffSide},
		{Label: "外部接口", Href: "/integrations", Order: 39, Roles: []renda.Role{renda.RoleAdmin}},
	}
}

// opinionWidgets are this workflow's figures on the signed-in user's home page.
func (s *Server) opinionWidgets(r *http.Request, u *renda.User) ([]Widget, error) {
	// Each figure is the count of the list its link opens: both come from
	// one opinion.Filter.
	type fig struct {
		w Widget
		f opinion.Filter
	}
	var figs []fig
	switch {
	case u.Role == renda.RoleDeputy:
		figs = []fig{
			{Widget{Label: "新的群众意见", Note: "待我处理", Tone: "blue", Order: 20}, opinion.Filter{State: opinion.Submitted, Mine: true}},
			{Widget{Label: "逾期的意见", Order: 21}, opinion.Filter{State: "overdue", Mine: true}},
			{Widget{Label: "单位已回复待确认", Tone: "amber", Order: 22}, opinion.Filter{State: opinion.Replied, Mine: true}},
			{Widget{Label: "本片区待认领", Note: "含 12345 工单", Order: 23}, opinion.Filter{State: opinion.Submitted, Pool: true}},
		}
	case u.Role == renda.RoleUnit:
		figs = []fig{
			{Widget{Label: "转办给本单位的意见", Note: "待办", Tone: "blue", Order: 20}, opinion.Filter{State: "open"}},
			{Widget{Label: "逾期", Order: 21}, opinion.Filter{State: "overdue"}},
		}
	case u.IsStaffSide():
		figs = []fig{
			{Widget{Label: "群众意见（累计）", Order: 20}, opinion.Filter{}},
			{Widget{Label: "办理中的意见", Tone: "blue", Order: 21}, opinion.Filter{State: "open"}},
			{Widget{Label: "逾期待督办", Order: 22}, opinion.Filter{State: "overdue"}},
			{Widget{Label: "待认领或分派", Tone: "amber", Order: 23}, opinion.Filter{State: opinion.Submitted, Pool: true}},
		}
	}
	var out []Widget
	for _, g := range figs {
		n, err := s.db.CountOpinions(r.Context(), u, g.f)
		if err != nil {
			return nil, err
		}
		g.w.Value, g.w.Href = n, g.f.Query()
		if g.f.State == "overdue" && n > 0 {
			g.w.Tone = "red"
		}
		out = append(out, g.w)
	}
	return out, nil
}

// opinionTiles are this workflow's entries on the public home page.
func (s *Server) opinionTiles() []Tile {
	return []Tile{
		{Title: "码上找代表", Text: "找到身边的代表联络站和人大代表，扫码反映问题", Href: "/s", Order: 20},
		{Title: "查询办理进度", Text: "凭查询码和手机尾号查看答复并评价", Href: "/track", Order: 21},
	}
}

// --- the citizen's form ---

// CitizenFormPage is the form a citizen fills in on a phone.
type CitizenFormPage struct {
	Base
	Station   *station.Station
	Deputy    *renda.Deputy
	Action    string
	Form      *Form
	Chosen    string // the deputy chosen (code), "" for the deputy on duty
	MaxPhotos int
	MaxMB     int
	Error     string
	PhotoErr  string
	Consent   bool
	ConsentEr string
}

func (s *Server) citizenForm(r *http.Request, st *station.Station, d *renda.Deputy) (*CitizenFormPage, error) {
	set, err := s.db.Settings(r.Context())
	if err != nil {
		return nil, err
	}
	p := &CitizenFormPage{Base: s.citizenBase(r, "反映问题"), Station: st, Deputy: d, MaxPhotos: set.Int("opinion.max_photos"), MaxMB: set.Int("opinion.max_photo_mb")}
	if st != nil {
		p.Action = "/s/" + st.Code + "/new"
		if c := r.URL.Query().Get("deputy"); c != "" {
			for _, m := range st.Members {
				if m.DeputyCode == c {
					p.Chosen = c
				}
			}
		}
	} else {
		p.Action = "/d/" + d.Code + "/new"
	}
	p.Form = newForm(r, p.Action, "提交",
		&Field{Name: "content", Label: "您要反映的问题", Type: "textarea", Required: true, Max: 2000, Rows: 6,
			Help: "请写清楚是什么问题、在哪里、持续多久了。"},
		&Field{Name: "category", Label: "问题类别", Type: "select", Options: options(set.Strings("opinion.categories")...)},
		&Field{Name: "address", Label: "问题地点", Max: 100, Help: "如：某某村三组路口（可不填）"},
		&Field{Name: "name", Label: "您的称呼", Max: 30, Help: "可不填"},
		&Field{Name: "phone", Label: "手机号码", Type: "tel", Max: 20, Help: "可不填。留下手机号，答复后会短信通知您，并可凭手机尾号查询进度"},
	)
	return p, nil
}

func (s *Server) citizenFormStation(w http.ResponseWriter, r *http.Request) error {
	st, err := s.publicStation(r)
	if err != nil {
		return err
	}
	p, err := s.citizenForm(r, st, nil)
	if err != nil {
		return err
	}
	return s.render(w, r, "citizen_form", p)
}

func (s *Server) citizenFormDeputy(w http.ResponseWriter, r *http.Request) error {
	d, err := s.publicDeputy(r)
	if err != nil {
		return err
	}
	p, err := s.citizenForm(r, nil, d)
	if err != nil {
		return err
	}
	return s.render(w, r, "citizen_form", p)
}

func (s *Server) citizenSubmitStation(w http.ResponseWriter, r *http.Request) error {
	st, err := s.publicStation(r)
	if err != nil {
		return err
	}
	return s.citizenSubmit(w, r, st, nil)
}

func (s *Server) citizenSubmitDeputy(w http.ResponseWriter, r *http.Request) error {
	d, err := s.publicDeputy(r)
	if err != nil {
		return err
	}
	return s.citizenSubmit(w, r, nil, d)
}

// photos reads the uploaded photos: at most the settings' number, each at
// most its size, each really an image (decoded and re-encoded, which drops
// EXIF and GPS).
func (s *Server) photos(r *http.Request, set *renda.Settings) ([]*attach.File, error) {
	if r.MultipartForm == nil {
		return nil, nil
	}
	var out []*attach.File
	var files []string
	maxN, maxMB := set.Int("opinion.max_photos"), set.Int("opinion.max_photo_mb")
	hdrs := r.MultipartForm.File["photos"]
	n := 0
	for _, h := range hdrs {
		if h.Size > 0 || h.Filename != "" {
			n++
		}
	}
	if n > maxN {
		return nil, &renda.Error{Code: renda.EINVALID, Message: fmt.Sprintf("最多上传 %d 张照片，您选了 %d 张", maxN, n), Fields: []renda.FieldError{{Field: "photos", Message: fmt.Sprintf("最多 %d 张", maxN)}}}
	}
	for _, h := range hdrs {
		if h.Size == 0 && h.Filename == "" {
			continue
		}
		if h.Size > int64(maxMB)<<20 {
			return nil, &renda.Error{Code: renda.ETOOLARGE, Message: fmt.Sprintf("照片“%s”太大：每张最大 %d MB", trunc(h.Filename, 30), maxMB),
				Fields: []renda.FieldError{{Field: "photos", Message: fmt.Sprintf("每张最大 %d MB", maxMB)}}}
		}
		f, err := h.Open()
		if err != nil {
			return nil, renda.Errorf(renda.EINVALID, "照片读取失败，请重新选择")
		}
		checked, err := attach.Check(h.Filename, f, attach.Image)
		f.Close()
		if err != nil {
			return nil, &renda.Error{Code: renda.ErrorCode(err), Message: renda.ErrorMessage(err), Fields: []renda.FieldError{{Field: "photos", Message: renda.ErrorMessage(err)}}}
		}
		out = append(out, checked)
		files = append(files, h.Filename)
	}
	return out, nil
}

func (s *Server) citizenSubmit(w http.ResponseWriter, r *http.Request, st *station.Station, d *renda.Deputy) error {
	if err := parseForm(r); err != nil {
		if renda.ErrorCode(err) == renda.ETOOLARGE {
			err = renda.Errorf(renda.ETOOLARGE, "照片太大，请少选几张或换小一些的照片")
		}
		return err
	}
	set, err := s.db.Settings(r.Context())
	if err != nil {
		return err
	}
	in := opinion.Submission{Channel: opinion.ChannelQR, Content: r.PostFormValue("content"), Category: r.PostFormValue("category"),
		Address: r.PostFormValue("address"), Name: r.PostFormValue("name"), Phone: r.PostFormValue("phone"),
		Consent: r.PostForm.Has("consent"), IP: httpx.ClientIP(r)}
	if st != nil {
		in.StationCode, in.DeputyCode = st.Code, r.PostFormValue("deputy")
	} else {
		in.DeputyCode = d.Code
	}
	var o *opinion.Opinion
	var photos []*attach.File
	// Cheap checks first — the fields, the address's rate — and only then
	// are the photos decoded.
	err = in.Validate(set)
	if err == nil {
		err = s.db.CheckSubmitRate(r.Context(), in.IP)
	}
	if err == nil {
		photos, err = s.photos(r, set)
	}
	if err == nil {
		o, err = s.db.SubmitOpinion(r.Context(), nil, in, photos)
	}
	if err != nil {
		if renda.ErrorCode(err) == renda.EINTERNAL {
			return err
		}
		p, ferr := s.citizenForm(r, st, d)
		if ferr != nil {
			return ferr
		}
		p.Form.Fill(r)
		p.Form.Fail(err)
		p.Error = renda.ErrorMessage(err)
		p.Chosen, p.Consent = in.DeputyCode, in.Consent
		for _, f := range renda.ErrorFields(err) {
			switch f.Field {
			case "photos":
				p.PhotoErr = f.Message
			case "consent":
				p.ConsentEr = f.Message
			}
		}
		if d != nil {
			p.Chosen = ""
		}
		s.renderStatus(w, r, httpx.Status(renda.ErrorCode(err)), "citizen_form", p)
		return nil
	}
	http.Redirect(w, r, "/t/"+o.TrackingCode+"?sent=1", http.StatusSeeOther)
	return nil
}

// --- following an opinion ---

// TrackPage is where a citizen follows their opinion and rates the answer.
type TrackPage struct {
	Base
	Code    string
	Tail    string
	Sent    bool
	Error   string
	Track   *store.OpinionTrack
	Rated   bool
	Ratings []Option
	Form    *Form
}

func (s *Server) trackForm(r *http.Request, code string) *Form {
	f := newForm(r, "/track", "查询",
		&Field{Name: "code", Label: "查询码", Required: true, Max: 12, Value: code, Help: "提交成功后页面和短信中的 8 位字母数字"},
		&Field{Name: "tail", Label: "手机号后四位", Type: "tel", Max: 4, Help: "提交时未留手机号的，请留空"})
	if code != "" {
		f.Action = "/t/" + code
	}
	return f
}

func (s *Server) trackPage(w http.ResponseWriter, r *http.Request) error {
	code := store.NormalizeTrackingCode(r.PathValue("code"))
	if r.PathValue("code") != "" && code == "" {
		return renda.Errorf(renda.ENOTFOUND, "查询码应为 8 位字母和数字")
	}
	p := &TrackPage{Base: s.citizenBase(r, "查询办理进度"), Code: code, Sent: r.URL.Query().Get("sent") == "1", Form: s.trackForm(r, code)}
	return s.render(w, r, "track", p)
}

func ratingOptions() []Option {
	var out []Option
	for _, r := range renda.Ratings {
		out = append(out, Option{Value: r, Label: renda.RatingLabel(r)})
	}
	return out
}

func (s *Server) trackLookup(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	raw := r.PathValue("code")
	if raw == "" {
		raw = r.PostFormValue("code")
	}
	code := store.NormalizeTrackingCode(raw)
	tail := strings.TrimSpace(r.PostFormValue("tail"))
	p := &TrackPage{Base: s.citizenBase(r, "查询办理进度"), Code: code, Tail: tail, Ratings: ratingOptions()}
	var err error
	if code == "" {
		err = &renda.Error{Code: renda.EINVALID, Message: "查询码应为 8 位字母和数字", Fields: []renda.FieldError{{Field: "code", Message: "应为 8 位"}}}
	} else {
		p.Track, err = s.db.TrackOpinion(r.Context(), code, tail, httpx.ClientIP(r))
	}
	if err != nil {
		if renda.ErrorCode(err) == renda.EINTERNAL {
			return err
		}
		p.Form = s.trackForm(r, code)
		if code == "" {
			p.Form.Field("code").Value = raw
		}
		p.Form.Fail(err)
		p.Error = renda.ErrorMessage(err)
		s.renderStatus(w, r, httpx.Status(renda.ErrorCode(err)), "track", p)
		return nil
	}
	return s.render(w, r, "track", p)
}

func (s *Server) trackRate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	code := store.NormalizeTrackingCode(r.PathValue("code"))
	if code == "" {
		return renda.Errorf(renda.ENOTFOUND, "查询码应为 8 位字母和数字")
	}
	tail := strings.TrimSpace(r.PostFormValue("tail"))
	p := &TrackPage{Base: s.citizenBase(r, "查询办理进度"), Code: code, Tail: tail, Ratings: ratingOptions()}
	t, err := s.db.RateOpinion(r.Context(), code, tail, httpx.ClientIP(r), r.PostFormValue("rating"), r.PostFormValue("note"))
	if err != nil {
		switch renda.ErrorCode(err) {
		case renda.EINTERNAL:
			return err
		case renda.ENOTFOUND, renda.ETOOMANY:
			p.Form = s.trackForm(r, code)
			p.Form.Fail(err)
			p.Error = renda.ErrorMessage(err)
			s.renderStatus(w, r, httpx.Status(renda.ErrorCode(err)), "track", p)
			return nil
		}
		// Show the opinion again with the message (e.g. no rating chosen).
		if p.Track, _ = s.db.TrackOpinion(r.Context(), code, tail, httpx.ClientIP(r)); p.Track == nil {
			return err
		}
		p.Error = renda.ErrorMessage(err)
		s.renderStatus(w, r, httpx.Status(renda.ErrorCode(err)), "track", p)
		return nil
	}
	p.Track, p.Rated = t, true
	return s.render(w, r, "track", p)
}

// --- inboxes ---

// Tab is one tab above a list.
type Tab struct {
	Label  string
	Href   string
	Active bool
}

// OpinionsPage is an inbox: a deputy's, a unit's, or all opinions for staff.
type OpinionsPage struct {
	Base
	Items      []*opinion.Opinion
	Pager      Pager
	Filter     opinion.Filter
	Tabs       []Tab
	Categories []string
	Channels   []Option
	Today      renda.Date
	CanNote    bool
	CanExport  bool
	UnitName   string // the handling unit the list is filtered by, named
}

// ExportHref is the export of the list as filtered.
func (p *OpinionsPage) ExportHref() string {
	return "/opinions/export.xlsx" + strings.TrimPrefix(p.Filter.Query(), "/opinions")
}

// opinionListFilter is the opinions' list filter the request asks for
// (the list and its export read the same one).
func opinionListFilter(r *http.Request) opinion.Filter {
	q := r.URL.Query()
	f := opinion.Filter{Q: strings.TrimSpace(q.Get("q")), Category: q.Get("category")}
	if len([]rune(f.Q)) > 50 {
		f.Q = string([]rune(f.Q)[:50])
	}
	st := q.Get("state")
	if st == "open" || st == "overdue" || slices.ContainsFunc(opinion.Flow.States, func(d renda.StateDef) bool { return d.State == st }) {
		f.State = st
	}
	if c := q.Get("channel"); slices.Contains(opinion.Channels, c) {
		f.Channel = c
	}
	if v := q.Get("station"); renda.ValidID(v) {
		f.StationID = v
	}
	f.Pool = q.Get("pool") == "1"
	f.Mine = q.Get("mine") == "1"
	f.Answered = q.Get("answered") == "1"
	if v := q.Get("rating"); slices.Contains(renda.Ratings, v) {
		f.Rating = v
	}
	if v := q.Get("township"); v == "-" || renda.ValidID(v) {
		f.TownshipID = v
	}
	if v := q.Get("unit"); v == "-" || renda.ValidID(v) {
		f.UnitID = v
	}
	f.From, _ = renda.ParseDate(q.Get("from"))
	f.To, _ = renda.ParseDate(q.Get("to"))
	return f
}

func (s *Server) opinionsPage(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	pg := pager(r, 30)
	f := opinionListFilter(r)
	f.Limit, f.Offset = pg.Limit, pg.Offset
	items, total, kp, err := s.db.OpinionPage(r.Context(), u, f, pg.Cursor)
	if err != nil {
		return err
	}
	pg.Total = total
	pg.setPage(kp)
	set, err := s.db.Settings(r.Context())
	if err != nil {
		return err
	}
	title := "群众意见"
	switch u.Role {
	case renda.RoleDeputy:
		title = "我的意见箱"
	case renda.RoleUnit:
		title = "转办事项"
	}
	p := &OpinionsPage{Base: s.base(r, title), Items: items, Pager: pg, Filter: f, Categories: set.Strings("opinion.categories"),
		Today: renda.DateOf(s.db.Clock().Now()), CanNote: u.Role == renda.RoleDeputy, CanExport: u.IsStaffSide()}
	for _, c := range opinion.Channels {
		p.Channels = append(p.Channels, Option{Value: c, Label: opinion.ChannelLabel(c)})
	}
	if p.UnitName, err = s.opinionUnitName(r, f.UnitID); err != nil {
		return err
	}
	tabs := []struct{ label, state, pool string }{{"待办", "open", ""}, {"逾期", "overdue", ""}, {"待确认回复", "replied", ""}}
	if u.Role == renda.RoleDeputy || u.IsStaffSide() {
		tabs = append(tabs, struct{ label, state, pool string }{"待认领", "", "1"})
	}
	tabs = append(tabs, struct{ label, state, pool string }{"已答复", "answered", ""}, struct{ label, state, pool string }{"已办结", "closed", ""},
		struct{ label, state, pool string }{"全部", "", ""})
	for _, t := range tabs {
		href := "/opinions?state=" + t.state
		if t.pool != "" {
			href = "/opinions?pool=1"
		}
		p.Tabs = append(p.Tabs, Tab{Label: t.label, Href: href, Active: f.State == t.state && f.Pool == (t.pool != "")})
	}
	return s.render(w, r, "opinions", p)
}

// OpinionPage is one opinion for those who handle or follow it.
type OpinionPage struct {
	Base
	Opinion   *opinion.Opinion
	Photos    []*renda.Attachment
	History   []renda.AuditRecord
	Actions   []*ActionForm
	Today     renda.Date
	CanSee    bool // the viewer sees the citizen's name and phone in full
	Suggested string
}

func (s *Server) opinionByID(r *http.Request) (*opinion.Opinion, error) {
	id := r.PathValue("id")
	if !renda.ValidID(id) {
		return nil, renda.Errorf(renda.ENOTFOUND, "意见不存在")
	}
	return s.db.Opinion(r.Context(), httpx.User(r), id)
}

func (s *Server) opinionPage(w http.ResponseWriter, r *http.Request) error {
	o, err := s.opinionByID(r)
	if err != nil {
		return err
	}
	if err := s.db.NoteOpinionRead(r.Context(), httpx.User(r), o); err != nil {
		return err
	}
	return s.renderOpinion(w, r, o, http.StatusOK, "", nil)
}

func (s *Server) renderOpinion(w http.ResponseWriter, r *http.Request, o *opinion.Opinion, status int, failed string, failedErr error) error {
	u := httpx.User(r)
	ctx := r.Context()
	p := &OpinionPage{Base: s.base(r, "群众意见"), Opinion: o, Today: renda.DateOf(s.db.Clock().Now()), CanSee: store.CanSeeCitizen(u, o)}
	var err error
	if p.Photos, err = s.db.Attachments(ctx, "opinion", o.ID); err != nil {
		return err
	}
	if p.History, err = s.db.History(ctx, "opinion", o.ID); err != nil {
		return err
	}
	rules, err := s.db.OpinionActions(ctx, u, o)
	if err != nil {
		return err
	}
	set, err := s.db.Settings(ctx)
	if err != nil {
		return err
	}
	fill := map[string]map[string]string{"escalate": {"title": o.SuggestionTitle()}, "forward": {"to": opinion.ForwardUnit}}
	if o.State == opinion.Replied {
		fill["answer"] = map[string]string{"text": o.UnitReply}
	}
	c := actionCtx{post: func(a string) string { return "/opinions/" + o.ID + "/" + a }, set: set, fill: fill,
		near: map[string]string{"region_id": o.TownshipID}, scope: true}
	if p.Actions, err = s.itemActions(r, rules, c, failed, failedErr); err != nil {
		return err
	}
	s.renderStatus(w, r, status, "opinion", p)
	return nil
}

// Assist is the opinion's assistance slot.
func (p *OpinionPage) Assist() AssistSlot {
	return AssistSlot{Href: "/opinions/" + p.Opinion.ID + "/assist"}
}

// opinionAssist is an opinion's assistance: similar past items (only what
// the viewer may read), and for staff a category when it differs.
func (s *Server) opinionAssist(w http.ResponseWriter, r *http.Request) error {
	o, err := s.opinionByID(r)
	if err != nil {
		return err
	}
	u := httpx.User(r)
	kind := "opinion"
	if o.HotlineNumber != "" {
		kind = "hotline"
	}
	p := &AssistPage{Base: s.base(r, "相似事项"), Item: o.SuggestionTitle(), Back: "/opinions/" + o.ID}
	ctx := store.WithAssistMemo(r.Context()) // the two reads share what they read of the index
	if p.Similar, err = s.db.Similar(ctx, u, kind, o.ID, 6); err != nil {
		return err
	}
	if u.IsStaffSide() {
		cats, err := s.db.OpinionCategory(ctx, u, o.ID)
		if err != nil {
			return err
		}
		if len(cats) > 0 && cats[0].Category != o.Category {
			p.Categories = cats
		}
	}
	return s.renderAssist(w, r, p)
}

func (s *Server) opinionAct(w http.ResponseWriter, r *http.Request) error {
	o, err := s.opinionByID(r)
	if err != nil {
		return err
	}
	action := r.PathValue("action")
	rule, ok := opinion.Flow.Rule(action)
	if !ok || !rule.Offered() {
		return renda.Errorf(renda.ENOTFOUND, "没有这个操作")
	}
	if err := parseForm(r); err != nil {
		return err
	}
	err = confirmed(r, rule)
	var done *opinion.Opinion
	if err == nil {
		done, err = s.db.ActOnOpinion(r.Context(), httpx.User(r), o.ID, action, actionValues(r, rule))
	}
	if err != nil {
		switch renda.ErrorCode(err) {
		case renda.EINVALID, renda.ECONFLICT:
			return s.renderOpinion(w, r, o, httpx.Status(renda.ErrorCode(err)), action, err)
		}
		return err
	}
	label := opinion.Flow.ActionLabel(action)
	if done == nil {
		return redirect(w, r, "/opinions", "已"+label)
	}
	if _, err := s.db.Opinion(r.Context(), httpx.User(r), o.ID); err != nil {
		// Returned or forwarded away: the viewer no longer has it.
		return redirect(w, r, "/opinions", "已"+label)
	}
	return redirect(w, r, "/opinions/"+o.ID, "已"+label)
}

// opinionPhoto serves a photo of an opinion to whoever may see the opinion.
func (s *Server) opinionPhoto(w http.ResponseWriter, r *http.Request) error {
	return httpx.ServeAttachment(w, r, s.db, "opinion", r.PathValue("id"), r.PathValue("aid"))
}

// --- a deputy's own note ---

// OpinionNewPage is the form where a deputy records what they heard.
type OpinionNewPage struct {
	Base
	Form *Form
}

func (s *Server) noteForm(r *http.Request) (*Form, error) {
	set, err := s.db.Settings(r.Context())
	if err != nil {
		return nil, err
	}
	f := newForm(r, "/opinions/new", "记录",
		&Field{Name: "content", Label: "群众反映的问题", Type: "textarea", Required: true, Max: 2000, Wide: true, Rows: 5},
		&Field{Name: "category", Label: "类别", Type: "select", Options: options(set.Strings("opinion.categories")...)},
		&Field{Name: "address", Label: "地点", Max: 100},
		&Field{Name: "name", Label: "反映人姓名", Max: 30, Help: "可不填；加密保存"},
		&Field{Name: "phone", Label: "反映人电话", Type: "tel", Max: 20, Help: "可不填；加密保存，答复后短信通知"},
	)
	f.Cancel = "/opinions"
	return f, nil
}

func (s *Server) opinionNewPage(w http.ResponseWriter, r *http.Request) error {
	f, err := s.noteForm(r)
	if err != nil {
		return err
	}
	return s.render(w, r, "opinion_new", &OpinionNewPage{Base: s.base(r, "记录走访意见"), Form: f})
}

func (s *Server) opinionNewSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	in := opinion.Submission{Channel: opinion.ChannelDeputy, Content: r.PostFormValue("content"), Category: r.PostFormValue("category"),
		Address: r.PostFormValue("address"), Name: r.PostFormValue("name"), Phone: r.PostFormValue("phone")}
	o, err := s.db.SubmitOpinion(r.Context(), httpx.User(r), in, nil)
	if err != nil {
		if renda.ErrorCode(err) == renda.EINTERNAL {
			return err
		}
		f, ferr := s.noteForm(r)
		if ferr != nil {
			return ferr
		}
		f.Fill(r)
		f.Fail(err)
		s.renderStatus(w, r, httpx.Status(renda.ErrorCode(err)), "opinion_new", &OpinionNewPage{Base: s.base(r, "记录走访意见"), Form: f})
		return nil
	}
	return redirect(w, r, "/opinions/"+o.ID, "已记录，查询码 "+o.TrackingCode)
}

// --- statistics and recurring problems ---

// OpinionStatsPage shows the figures of a period.
type OpinionStatsPage struct {
	Base
	Stats      *store.OpinionStats
	Shortfalls []store.DutyShortfall // the first of them
	Short      int                   // how many deputies are below the quota
	Want       int
	Year       int
}

// Link is the address of the list a figure counts: the opinions submitted
// in the period, narrowed by pairs of (field, value).
func (p *OpinionStatsPage) Link(kv ...string) string {
	f := opinion.Filter{From: p.Stats.From, To: p.Stats.To}
	for i := 0; i+1 < len(kv); i += 2 {
		switch v := kv[i+1]; kv[i] {
		case "state":
			f.State = v
		case "channel":
			f.Channel = v
		case "category":
			f.Category = v
		case "township":
			f.TownshipID = v
		case "station":
			f.StationID = v
		case "rating":
			f.Rating = v
		case "answered":
			f.Answered = true
		}
	}
	return f.Query()
}

func (s *Server) opinionStatsPage(w http.ResponseWriter, r *http.Request) error {
	today := renda.DateOf(s.db.Clock().Now())
	from, to := renda.NewDate(today.Year, 1, 1), today
	q := r.URL.Query()
	if d, err := renda.ParseDate(q.Get("from")); err == nil && !d.IsZero() {
		from = d
	}
	if d, err := renda.ParseDate(q.Get("to")); err == nil && !d.IsZero() {
		to = d
	}
	if to.Before(from) {
		from, to = to, from
	}
	st, err := s.db.OpinionStatistics(r.Context(), httpx.User(r), from, to)
	if err != nil {
		return err
	}
	sf, want, err := s.db.DutyShortfalls(r.Context(), to.Year)
	if err != nil {
		return err
	}
	p := &OpinionStatsPage{Base: s.base(r, "意见与联络站统计"), Stats: st, Shortfalls: sf, Short: len(sf), Want: want, Year: to.Year}
	if len(p.Shortfalls) > 40 {
		p.Shortfalls = p.Shortfalls[:40]
	}
	return s.render(w, r, "opinion_stats", p)
}

// RecurringPage lists the candidate suggestions.
type RecurringPage struct {
	Base
	Items   []*opinion.RecurringProblem
	Count   int
	Days    int
	Deputy  bool
	Handled map[string]bool
}

func (s *Server) recurringPage(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	items, err := s.db.RecurringProblems(r.Context(), u)
	if err != nil {
		return err
	}
	set, err := s.db.Settings(r.Context())
	if err != nil {
		return err
	}
	return s.render(w, r, "opinion_recurring", &RecurringPage{Base: s.base(r, "建议线索：重复反映的问题"), Items: items,
		Count: set.Int("opinion.recurrence_count"), Days: set.Int("opinion.recurrence_days"), Deputy: u.Role == renda.RoleDeputy})
}

// OpinionColumns are the columns of the opinions export.
var OpinionColumns = []xlsx.Column{
	{Header: "提交时间", Width: 16}, {Header: "来源", Width: 10}, {Header: "联络站", Width: 24}, {Header: "乡镇", Width: 12},
	{Header: "类别", Width: 10}, {Header: "内容", Width: 50}, {Header: "处理代表", Width: 10}, {Header: "状态", Width: 10},
	{Header: "期限", Width: 11}, {Header: "承办单位", Width: 20}, {Header: "答复", Width: 40}, {Header: "满意度", Width: 8},
	{Header: "12345 工单号", Width: 16},
}

// opinionExportPage is how many opinions the export reads at once, and
// opinionExportMax how many one export may hold (a province's opinions of
// several years would not fit a sheet, whose rows stop at 1,048,576).
var opinionExportPage, opinionExportMax = 500, 100000

// opinionsExport writes the opinions the list shows (the same filter) as a
// sheet.
func (s *Server) opinionsExport(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	f := opinionListFilter(r)
	f.Limit = opinionExportPage
	// The rows are streamed into the workbook a page at a time.
	rows := func(emit func([]any) error) error {
		limit := func(total int) error {
			if total > opinionExportMax {
				return renda.Errorf(renda.EINVALID, "符合条件的意见共 %d 条，一次最多导出 %d 条：请按时间、乡镇、类别或状态筛选后分批导出", total, opinionExportMax)
			}
			return nil
		}
		return s.db.EachOpinion(r.Context(), u, f, limit, func(o *opinion.Opinion) error {
			forward := o.ForwardOrgName
			if o.ForwardTo == opinion.ForwardHotline {
				forward = "12345 热线"
			}
			return emit([]any{o.CreatedAt, o.ChannelLabel(), o.StationName, o.TownshipName, o.Category, o.Content, o.HandlerName,
				o.StateLabel(), o.Due, forward, o.Answer, o.RatingLabel(), o.HotlineNumber})
		})
	}
	b, err := xlsx.Build(xlsx.Sheet{Name: "群众意见", Title: "群众意见（导出于 " + renda.DateOf(s.db.Clock().Now()).Chinese() + "，不含群众个人信息）",
		Columns: OpinionColumns, Each: rows})
	if err != nil {
		return err
	}
	defer b.Close()
	if err := s.db.NoteExport(r.Context(), u, "opinions", "群众意见 "+strconv.Itoa(b.Rows())+" 条（不含群众个人信息）"+exportFilterNote(r)); err != nil {
		return err
	}
	return sendBook(w, "群众意见.xlsx", b)
}

var _ = strconv.Itoa
var _ = time.Second
