package web

import (
	"net/http"
	"strconv"

	"renda"
	"renda/internal/httpx"
	"renda/internal/store"
	"renda/record"
)

// Deputies' duty records (履职档案): the yearly card, computed from the
// work; the deputy's right of reply; what staff add by hand; the ranking and
// the list of deputies below the floor, for staff only.
func (s *Server) recordRoutes() []route {
	ref := []renda.Role{renda.RoleAdmin, renda.RoleStaff}
	return []route{
		{"GET /deputies/{id}/record", signedIn, s.recordPage},
		{"POST /deputies/{id}/record/entries", ref, s.recordAdd},
		{"POST /deputies/{id}/record/remove", ref, s.recordRemove},
		{"POST /deputies/{id}/record/notes", deputyOnly, s.recordNote},
		{"GET /records", staffSide, s.recordsPage},
	}
}

// RecordPage is a deputy's yearly duty card.
type RecordPage struct {
	Base
	Deputy  *renda.Deputy
	Record  *record.Record
	Year    int
	Years   []int
	Own     bool  // the viewer is this deputy: may add context and ask for corrections
	Staff   bool  // the viewer may add entries and correct those added by hand
	AddForm *Form // staff: what happened outside renda
	Floor   int
}

// yearParam reads ?year= (default: this year).
func (s *Server) yearParam(r *http.Request) int {
	if y, err := strconv.Atoi(r.URL.Query().Get("year")); err == nil && y >= 2000 && y <= 2100 {
		return y
	}
	return renda.DateOf(s.db.Clock().Now()).Year
}

func (s *Server) recordPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderRecord(w, r, http.StatusOK, nil)
}

// renderRecord shows the card, with the staff form failed by addErr if any.
func (s *Server) renderRecord(w http.ResponseWriter, r *http.Request, status int, addErr error) error {
	u := httpx.User(r)
	d, err := s.deputy(r, u)
	if err != nil {
		return err
	}
	year := s.yearParam(r)
	rec, err := s.db.DutyRecord(r.Context(), u, d.ID, year)
	if err != nil {
		return err
	}
	set, err := s.db.Settings(r.Context())
	if err != nil {
		return err
	}
	this := renda.DateOf(s.db.Clock().Now()).Year
	p := &RecordPage{Base: s.base(r, d.Name+" "+strconv.Itoa(year)+"年度履职档案"), Deputy: d, Record: rec, Year: year,
		Own: u.Is(renda.RoleDeputy) && u.DeputyID == d.ID, Staff: u.Is(renda.RoleAdmin, renda.RoleStaff), Floor: set.Int("record.floor")}
	for y := this; y >= this-4; y-- {
		p.Years = append(p.Years, y)
	}
	if p.Staff {
		var kinds []Option
		for _, k := range record.External {
			kinds = append(kinds, Option{Value: k, Label: record.KindLabel(k)})
		}
		p.AddForm = newForm(r, "/deputies/"+d.ID+"/record/entries?year="+strconv.Itoa(year), "补录",
			&Field{Name: "kind", Label: "类别", Type: "select", Options: kinds, Required: true},
			&Field{Name: "date", Label: "日期", Type: "date", Required: true},
			&Field{Name: "title", Label: "事项", Required: true, Max: 200, Wide: true, Help: "如“参加省人大代表履职学习班”"},
			&Field{Name: "evidence", Label: "依据", Required: true, Max: 500, Wide: true, Help: "通知文号、签到表、证书编号等，说明这件事确实发生过"})
		if addErr != nil {
			p.AddForm.Fill(r)
			p.AddForm.Fail(addErr)
		}
	}
	s.renderStatus(w, r, status, "deputy_record", p)
	return nil
}

func (s *Server) recordAdd(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	var date renda.Date
	if v := r.PostFormValue("date"); v != "" {
		d, err := renda.ParseDate(v)
		if err != nil {
			return s.renderRecord(w, r, http.StatusUnprocessableEntity, &renda.Error{Code: renda.EINVALID, Message: "日期格式不对",
				Fields: []renda.FieldError{{Field: "date", Message: "请按 2024-05-01 的格式填写日期"}}})
		}
		date = d
	}
	id := r.PathValue("id")
	_, err := s.db.AddDutyEntry(r.Context(), httpx.User(r), id, record.Addition{Kind: r.PostFormValue("kind"), Title: r.PostFormValue("title"),
		Date: date, Evidence: r.PostFormValue("evidence")})
	if renda.ErrorCode(err) == renda.EINVALID {
		return s.renderRecord(w, r, http.StatusUnprocessableEntity, err)
	} else if err != nil {
		return err
	}
	return redirect(w, r, "/deputies/"+id+"/record?year="+strconv.Itoa(date.Year), "已补录")
}

func (s *Server) recordRemove(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	id := r.PathValue("id")
	if err := s.db.RemoveDutyEntry(r.Context(), httpx.User(r), id, r.PostFormValue("entry"), r.PostFormValue("reason")); err != nil {
		return err
	}
	return redirect(w, r, "/deputies/"+id+"/record?year="+strconv.Itoa(s.yearParam(r)), "已更正")
}

func (s *Server) recordNote(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	id := r.PathValue("id")
	correction := r.PostFormValue("correction") != ""
	if err := s.db.NoteDutyEntry(r.Context(), httpx.User(r), id, r.PostFormValue("entry"), r.PostFormValue("text"), correction); err != nil {
		return err
	}
	msg := "说明已加上"
	if correction {
		msg = "更正申请已送工作人员"
	}
	return redirect(w, r, "/deputies/"+id+"/record?year="+strconv.Itoa(s.yearParam(r)), msg)
}

// RecordsPage ranks the deputies by points, with those below the floor.
type RecordsPage struct {
	Base
	Year     int
	Years    []int
	Floor    int
	Rankings []store.DutyRanking
	Below    []store.DutyRanking
}

func (s *Server) recordsPage(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	year := s.yearParam(r)
	rs, err := s.db.DutyRankings(r.Context(), u, year)
	if err != nil {
		return err
	}
	set, err := s.db.Settings(r.Context())
	if err != nil {
		return err
	}
	p := &RecordsPage{Base: s.base(r, strconv.Itoa(year)+"年度代表履职积分"), Year: year, Rankings: rs, Floor: set.Int("record.floor")}
	this := renda.DateOf(s.db.Clock().Now()).Year
	for y := this; y >= this-4; y-- {
		p.Years = append(p.Years, y)
	}
	for _, x := range rs {
		if x.Points < p.Floor {
			p.Below = append(p.Below, x)
		}
	}
	return s.render(w, r, "records", p)
}

// sourceURL is the page of an entry's source item ("" for entries staff added).
func sourceURL(src record.Source) string {
	switch src.Entity {
	case "opinion":
		return "/opinions/" + src.ID
	case "suggestion":
		return "/suggestions/" + src.ID
	case "reception":
		return "/receptions/" + src.ID
	case "vote":
		return "/votes/" + src.ID
	case "project":
		return "/projects/" + src.ID
	case "group_activity":
		return "/groups/activities/" + src.ID
	case "duty_report":
		return "/duty_reports/" + src.ID
	case "meeting":
		return "/meetings/" + src.ID
	case "supervision":
		return "/supervision/" + src.ID
	case "supervision_finding":
		return "/supervision/findings/" + src.ID
	}
	return ""
}

// recordNav: a deputy's own card; the staff's ranking.
func recordNav(u *renda.User) []NavItem {
	items := []NavItem{{Label: "履职积分", Href: "/records", Order: 52, Roles: []renda.Role{renda.RoleAdmin, renda.RoleStaff, renda.RoleLeader}}}
	if u != nil && u.Is(renda.RoleDeputy) && u.DeputyID != "" {
		items = append(items, NavItem{Label: "我的履职", Href: "/deputies/" + u.DeputyID + "/record", Order: 51, Roles: []renda.Role{renda.RoleDeputy}})
	}
	return items
}
