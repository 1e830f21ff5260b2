package web

import (
	"net/http"
	"slices"

	"renda"
	"renda/appointment"
	"renda/internal/httpx"
	"renda/meeting"
	"renda/vote"
)

// Pages of the 三会 (meetings), their follow-up tasks and 人事任免. The
// lists and item pages are open to everyone: the store shows each viewer
// what they may see (the public: published meetings and appointments).

func (s *Server) meetingRoutes() []route {
	staffOnly := []renda.Role{renda.RoleAdmin, renda.RoleStaff}
	return append([]route{
		{"GET /meetings", nil, s.meetingsPage},
		{"GET /meetings/new", staffOnly, s.meetingNewPage},
		{"POST /meetings/new", staffOnly, s.meetingNewSubmit},
		{"GET /meetings/{id}", nil, s.meetingPage},
		{"GET /meetings/{id}/screen", staffSide, s.meetingScreen},
		{"GET /meetings/{id}/minutes", staffSide, s.meetingMinutes},
		{"GET /meetings/{id}/minutes.pdf", staffSide, s.meetingMinutesPDF}, // meeting_minutes_pdf.go
		{"POST /meetings/{id}/{action}", []renda.Role{renda.RoleAdmin, renda.RoleStaff, renda.RoleDeputy}, s.meetingAct},
		{"GET /meeting-tasks", []renda.Role{renda.RoleAdmin, renda.RoleStaff, renda.RoleLeader, renda.RoleUnit}, s.meetingTasksPage},
		{"GET /meeting-tasks/{id}", []renda.Role{renda.RoleAdmin, renda.RoleStaff, renda.RoleLeader, renda.RoleUnit}, s.meetingTaskPage},
		{"POST /meeting-tasks/{id}/{action}", []renda.Role{renda.RoleAdmin, renda.RoleStaff, renda.RoleUnit}, s.meetingTaskAct},
		{"GET /appointments", nil, s.appointmentsPage},
		{"GET /appointments/new", staffOnly, s.appointmentNewPage},
		{"POST /appointments/new", staffOnly, s.appointmentNewSubmit},
		{"GET /appointments/{id}", nil, s.appointmentPage},
		{"GET /appointments/{id}/letter", staffSide, s.appointmentLetter},
		{"POST /appointments/{id}/{action}", staffOnly, s.appointmentAct},
		{"GET /calendar.ics", nil, s.calendarFeed},
	}, s.meetingDocumentRoutes()...) // meeting_documents.go
}

// meetingNav: meetings for everyone signed in, tasks for bodies and staff.
func (s *Server) meetingNav() []NavItem {
	return []NavItem{
		{Label: "会议", Href: "/meetings", Order: 44, Roles: renda.Roles},
		{Label: "人事任免", Href: "/appointments", Order: 45, Roles: staffSide},
		{Label: "督办事项", Href: "/meeting-tasks", Order: 46, Roles: []renda.Role{renda.RoleAdmin, renda.RoleStaff, renda.RoleLeader, renda.RoleUnit}},
	}
}

// meetingWidgets: a body's open follow-up tasks on its clerk's home.
func (s *Server) meetingWidgets(r *http.Request, u *renda.User) ([]Widget, error) {
	if u.Is(renda.RoleDeputy) {
		ms, _, err := s.db.Meetings(r.Context(), u, meeting.Filter{Limit: 200})
		if err != nil {
			return nil, err
		}
		n := 0
		for _, m := range ms {
			if m.State == meeting.Noticed || m.State == meeting.InSession {
				n++
			}
		}
		return []Widget{{Label: "待参加的会议", Value: n, Href: "/meetings?state=upcoming", Tone: "blue", Order: 30, Note: "已发通知或正在开会"}}, nil
	}
	if !u.Is(renda.RoleUnit, renda.RoleStaff, renda.RoleAdmin) {
		return nil, nil
	}
	ts, err := s.db.MeetingTasks(r.Context(), u, true)
	if err != nil {
		return nil, err
	}
	return []Widget{{Label: "决议决定督办事项", Value: len(ts), Href: "/meeting-tasks?open=1", Tone: "amber", Order: 30, Note: "办理中或待审议"}}, nil
}

func init() {
	refOptionSources["meeting_item"] = func(s *Server, r *http.Request, f *renda.Field) ([]Option, error) {
		m, err := s.db.Meeting(r.Context(), httpx.User(r), r.PathValue("id"))
		if err != nil {
			return nil, nil
		}
		var out []Option
		for _, it := range m.Items {
			out = append(out, Option{Value: it.ID, Label: it.Title})
		}
		return out, nil
	}
	refOptionSources["meeting_resolution"] = func(s *Server, r *http.Request, f *renda.Field) ([]Option, error) {
		m, err := s.db.Meeting(r.Context(), httpx.User(r), r.PathValue("id"))
		if err != nil {
			return nil, nil
		}
		var out []Option
		for _, x := range m.Resolutions {
			out = append(out, Option{Value: x.ID, Label: x.Title})
		}
		return out, nil
	}
	refOptionSources["meeting"] = func(s *Server, r *http.Request, f *renda.Field) ([]Option, error) {
		ms, _, err := s.db.Meetings(r.Context(), httpx.User(r), meeting.Filter{Limit: 200})
		var out []Option
		for _, m := range ms {
			if (m.Kind == meeting.Standing || m.Kind == meeting.Chair) && (m.State == meeting.Planned || m.State == meeting.Noticed || m.State == meeting.InSession) {
				out = append(out, Option{Value: m.ID, Label: m.Title})
			}
		}
		return out, err
	}
}

func (s *Server) pageBase(r *http.Request, title string) Base {
	if httpx.User(r) == nil {
		return s.citizenBase(r, title)
	}
	return s.base(r, title)
}

// MeetingsPage lists meetings.
type MeetingsPage struct {
	Base
	Items []*meeting.Meeting
	Kind  string
	Kinds []renda.Option
	Staff bool
}

func (s *Server) meetingsPage(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	kind := r.URL.Query().Get("kind")
	items, _, err := s.db.Meetings(r.Context(), u, meeting.Filter{Kind: kind, Limit: 200})
	if err != nil {
		return err
	}
	if r.URL.Query().Get("state") == "upcoming" {
		// What a member is to attend: noticed or in session.
		items = slices.DeleteFunc(items, func(m *meeting.Meeting) bool { return m.State != meeting.Noticed && m.State != meeting.InSession })
	}
	return s.render(w, r, "meetings", &MeetingsPage{Base: s.pageBase(r, "会议"), Items: items, Kind: kind, Kinds: meeting.Kinds, Staff: u.Is(renda.RoleAdmin, renda.RoleStaff)})
}

// FormPage is a creation form of these workflows.
type FormPage struct {
	Base
	Back, BackLabel string
	Form            *Form
}

func (s *Server) createForm(r *http.Request, rule renda.Rule, post, cancel string) (*Form, error) {
	set, err := s.db.Settings(r.Context())
	if err != nil {
		return nil, err
	}
	f, err := s.ruleForm(r, rule, actionCtx{post: func(string) string { return post }, set: set})
	if err != nil {
		return nil, err
	}
	f.Cancel = cancel
	return f, nil
}

func (s *Server) meetingNewPage(w http.ResponseWriter, r *http.Request) error {
	rule, _ := meeting.Flow.Rule("create")
	f, err := s.createForm(r, rule, "/meetings/new", "/meetings")
	if err != nil {
		return err
	}
	return s.render(w, r, "meeting_new", &FormPage{Base: s.base(r, "新建会议"), Back: "/meetings", BackLabel: "会议", Form: f})
}

func (s *Server) meetingNewSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	rule, _ := meeting.Flow.Rule("create")
	m, err := s.db.CreateMeeting(r.Context(), httpx.User(r), "", actionValues(r, rule))
	if err != nil {
		if renda.ErrorCode(err) != renda.EINVALID {
			return err
		}
		f, ferr := s.createForm(r, rule, "/meetings/new", "/meetings")
		if ferr != nil {
			return ferr
		}
		f.Fill(r)
		f.Fail(err)
		s.renderStatus(w, r, httpx.Status(renda.ErrorCode(err)), "meeting_new", &FormPage{Base: s.base(r, "新建会议"), Back: "/meetings", BackLabel: "会议", Form: f})
		return nil
	}
	return redirect(w, r, "/meetings/"+m.ID, "已新建会议，请拟定议程")
}

// MeetingPage is one meeting: the agenda tree, the quorum, the roll,
// resolutions with their tasks, the actions and the history.
type MeetingPage struct {
	Base
	Meeting *meeting.Meeting
	Agenda  []*meeting.Item
	Quorum  meeting.Quorum
	Me      *meeting.Member
	Staff   bool
	History []renda.AuditRecord
	Actions []*ActionForm
}

func (s *Server) meetingPage(w http.ResponseWriter, r *http.Request) error {
	m, err := s.db.Meeting(r.Context(), httpx.User(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	return s.renderMeeting(w, r, m, http.StatusOK, "", nil)
}

func (s *Server) renderMeeting(w http.ResponseWriter, r *http.Request, m *meeting.Meeting, status int, failed string, failedErr error) error {
	ctx, u := r.Context(), httpx.User(r)
	p := &MeetingPage{Base: s.pageBase(r, m.Title), Meeting: m, Agenda: meeting.Tree(m.Items), Staff: u.IsStaffSide()}
	var err error
	if p.Quorum, err = s.db.MeetingQuorum(ctx, m); err != nil {
		return err
	}
	if u != nil {
		for _, x := range m.Members {
			if x.DeputyID == u.DeputyID && u.DeputyID != "" {
				p.Me = x
			}
		}
	}
	if p.Staff {
		if p.History, err = s.db.History(ctx, "meeting", m.ID); err != nil {
			return err
		}
	}
	if u != nil {
		rules, err := s.db.MeetingActions(ctx, u, m)
		if err != nil {
			return err
		}
		set, err := s.db.Settings(ctx)
		if err != nil {
			return err
		}
		ac := actionCtx{post: func(a string) string { return "/meetings/" + m.ID + "/" + a }, set: set, scope: true}
		if p.Actions, err = s.actionForms(r, rules, ac); err != nil {
			return err
		}
		if failed != "" {
			failAction(r, p.Actions, failed, failedErr)
		}
	}
	s.renderStatus(w, r, status, "meeting", p)
	return nil
}

func (s *Server) meetingAct(w http.ResponseWriter, r *http.Request) error {
	m, err := s.db.Meeting(r.Context(), httpx.User(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	action := r.PathValue("action")
	rule, ok := meeting.Flow.Rule(action)
	if !ok || !rule.Offered() {
		return renda.Errorf(renda.ENOTFOUND, "没有这个操作")
	}
	if err := parseForm(r); err != nil {
		return err
	}
	files, err := documentFiles(r, rule)
	if err == nil {
		_, err = s.db.ActOnMeeting(r.Context(), httpx.User(r), m.ID, action, actionValues(r, rule), files...)
	}
	if err != nil {
		switch renda.ErrorCode(err) {
		case renda.EINVALID, renda.ECONFLICT, renda.EFORBIDDEN:
			return s.renderMeeting(w, r, m, httpx.Status(renda.ErrorCode(err)), action, err)
		}
		return err
	}
	return redirect(w, r, "/meetings/"+m.ID, "已"+rule.Label)
}

// MeetingScreen is the hall screen: the item under way and the quorum,
// refreshed by the browser.
type MeetingScreen struct {
	Base
	Meeting *meeting.Meeting
	Current *meeting.Item
	Quorum  meeting.Quorum
}

func (s *Server) meetingScreen(w http.ResponseWriter, r *http.Request) error {
	m, err := s.db.Meeting(r.Context(), httpx.User(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	p := &MeetingScreen{Base: s.base(r, m.Title), Meeting: m, Current: m.CurrentItem()}
	p.BodyClass = "hall"
	if p.Quorum, err = s.db.MeetingQuorum(r.Context(), m); err != nil {
		return err
	}
	return s.render(w, r, "meeting_screen", p)
}

// MinutesPage is a meeting's minutes (会议纪要), printable: built from the
// agenda, the roll, the votes' results and the resolutions.
type MinutesPage struct {
	Base
	Meeting                   *meeting.Meeting
	Quorum                    meeting.Quorum
	Present, Leave, Attending []string
	Absent                    []string
	Items                     []MinuteItem
	Documents                 []*meeting.Document // with every version, for the archive
	Session                   *MinutesSession     // a people's congress session's deliberation and elections
	PDF                       bool                // renda can write the minutes as a PDF (fonts found)
}

// MinuteItem is one agenda item in the minutes, with its vote if any.
type MinuteItem struct {
	Item             *meeting.Item
	Depth            int
	Voted            bool
	Yes, No, Abstain int
	Members, Needed  int
	// Named is an open vote (记名表决): who chose what, by name.
	Named                  bool
	ByYes, ByNo, ByAbstain []string
}

// minutesOf builds a meeting's minutes for the page and the PDF
// (meeting_minutes_pdf.go).
func (s *Server) minutesOf(r *http.Request) (*MinutesPage, error) {
	ctx := r.Context()
	m, err := s.db.Meeting(ctx, httpx.User(r), r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	p := &MinutesPage{Base: s.base(r, "会议纪要"), Meeting: m}
	if p.Quorum, err = s.db.MeetingQuorum(ctx, m); err != nil {
		return nil, err
	}
	if p.Documents, err = s.db.MeetingDocumentsWithVersions(ctx, httpx.User(r), m.ID); err != nil {
		return nil, err
	}
	for _, x := range m.Members {
		switch {
		case x.Attends:
			p.Attending = append(p.Attending, x.Name)
		case x.Present:
			p.Present = append(p.Present, x.Name)
		case x.Leave == "approved":
			p.Leave = append(p.Leave, x.Name)
		default:
			p.Absent = append(p.Absent, x.Name)
		}
	}
	var walk func(items []*meeting.Item, depth int) error
	walk = func(items []*meeting.Item, depth int) error {
		for _, it := range items {
			mi := MinuteItem{Item: it, Depth: depth}
			if it.VoteID != "" {
				res, err := s.db.Result(ctx, it.VoteID)
				if err != nil {
					return err
				}
				if res != nil && len(res.Items) > 0 {
					mi.Voted, mi.Yes, mi.No, mi.Abstain, mi.Members, mi.Needed = true, res.Items[0].Yes, res.Items[0].No, res.Items[0].Abstain, res.Members, res.Needed
				}
				if v, err := s.db.Vote(ctx, it.VoteID); err != nil {
					return err
				} else if v.Named && mi.Voted {
					named, err := s.db.NamedBallots(ctx, it.VoteID)
					if err != nil {
						return err
					}
					mi.Named = true
					for _, b := range named {
						switch b.Choices[it.ID] {
						case vote.ChoiceYes:
							mi.ByYes = append(mi.ByYes, b.Name)
						case vote.ChoiceNo:
							mi.ByNo = append(mi.ByNo, b.Name)
						default:
							mi.ByAbstain = append(mi.ByAbstain, b.Name)
						}
					}
				}
			}
			p.Items = append(p.Items, mi)
			if err := walk(it.Children, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(meeting.Tree(m.Items), 0); err != nil {
		return nil, err
	}
	return p, s.minutesOfSession(r, p)
}

// MeetingTasksPage lists follow-up tasks.
type MeetingTasksPage struct {
	Base
	Items []*meeting.Task
	Today renda.Date
}

func (s *Server) meetingTasksPage(w http.ResponseWriter, r *http.Request) error {
	items, err := s.db.MeetingTasks(r.Context(), httpx.User(r), r.URL.Query().Get("open") == "1")
	if err != nil {
		return err
	}
	return s.render(w, r, "meeting_tasks", &MeetingTasksPage{Base: s.base(r, "督办事项"), Items: items, Today: renda.DateOf(s.db.Clock().Now())})
}

// MeetingTaskPage is one follow-up task.
type MeetingTaskPage struct {
	Base
	Task    *meeting.Task
	History []renda.AuditRecord
	Actions []*ActionForm
}

func (s *Server) meetingTaskPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderMeetingTask(w, r, http.StatusOK, "", nil)
}

func (s *Server) renderMeetingTask(w http.ResponseWriter, r *http.Request, status int, failed string, failedErr error) error {
	ctx, u := r.Context(), httpx.User(r)
	t, err := s.db.MeetingTask(ctx, u, r.PathValue("id"))
	if err != nil {
		return err
	}
	p := &MeetingTaskPage{Base: s.base(r, "督办事项"), Task: t}
	if p.History, err = s.db.History(ctx, "meeting_task", t.ID); err != nil {
		return err
	}
	rules, err := s.db.MeetingTaskActions(ctx, u, t)
	if err != nil {
		return err
	}
	set, err := s.db.Settings(ctx)
	if err != nil {
		return err
	}
	ac := actionCtx{post: func(a string) string { return "/meeting-tasks/" + t.ID + "/" + a }, set: set, scope: true}
	if p.Actions, err = s.actionForms(r, rules, ac); err != nil {
		return err
	}
	if failed != "" {
		failAction(r, p.Actions, failed, failedErr)
	}
	s.renderStatus(w, r, status, "meeting_task", p)
	return nil
}

func (s *Server) meetingTaskAct(w http.ResponseWriter, r *http.Request) error {
	t, err := s.db.MeetingTask(r.Context(), httpx.User(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	action := r.PathValue("action")
	rule, ok := meeting.TaskFlow.Rule(action)
	if !ok || !rule.Offered() {
		return renda.Errorf(renda.ENOTFOUND, "没有这个操作")
	}
	if err := parseForm(r); err != nil {
		return err
	}
	if _, err := s.db.ActOnMeetingTask(r.Context(), httpx.User(r), t.ID, action, actionValues(r, rule)); err != nil {
		switch renda.ErrorCode(err) {
		case renda.EINVALID, renda.ECONFLICT:
			return s.renderMeetingTask(w, r, httpx.Status(renda.ErrorCode(err)), action, err)
		}
		return err
	}
	return redirect(w, r, "/meeting-tasks/"+t.ID, "已"+rule.Label)
}

// AppointmentsPage lists appointments.
type AppointmentsPage struct {
	Base
	Items []*appointment.Appointment
	Staff bool
}

func (s *Server) appointmentsPage(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	items, _, err := s.db.Appointments(r.Context(), u, appointment.Filter{Limit: 300})
	if err != nil {
		return err
	}
	return s.render(w, r, "appointments", &AppointmentsPage{Base: s.pageBase(r, "人事任免"), Items: items, Staff: u.Is(renda.RoleAdmin, renda.RoleStaff)})
}

func (s *Server) appointmentNewPage(w http.ResponseWriter, r *http.Request) error {
	rule, _ := appointment.Flow.Rule("create")
	f, err := s.createForm(r, rule, "/appointments/new", "/appointments")
	if err != nil {
		return err
	}
	return s.render(w, r, "meeting_new", &FormPage{Base: s.base(r, "登记提请任命"), Back: "/appointments", BackLabel: "人事任免", Form: f})
}

func (s *Server) appointmentNewSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	rule, _ := appointment.Flow.Rule("create")
	a, err := s.db.CreateAppointment(r.Context(), httpx.User(r), actionValues(r, rule))
	if err != nil {
		if renda.ErrorCode(err) != renda.EINVALID {
			return err
		}
		f, ferr := s.createForm(r, rule, "/appointments/new", "/appointments")
		if ferr != nil {
			return ferr
		}
		f.Fill(r)
		f.Fail(err)
		s.renderStatus(w, r, httpx.Status(renda.ErrorCode(err)), "meeting_new", &FormPage{Base: s.base(r, "登记提请任命"), Back: "/appointments", BackLabel: "人事任免", Form: f})
		return nil
	}
	return redirect(w, r, "/appointments/"+a.ID, "已登记")
}

// AppointmentPage is one appointment.
type AppointmentPage struct {
	Base
	Appointment *appointment.Appointment
	History     []renda.AuditRecord
	Actions     []*ActionForm
	Reviews     []*appointment.Review // 述职评议, see appointee_reviews.go
	CanReview   bool                  // staff may arrange one
	Year        int
}

func (s *Server) appointmentPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderAppointment(w, r, http.StatusOK, "", nil)
}

func (s *Server) renderAppointment(w http.ResponseWriter, r *http.Request, status int, failed string, failedErr error) error {
	ctx, u := r.Context(), httpx.User(r)
	a, err := s.db.Appointment(ctx, u, r.PathValue("id"))
	if err != nil {
		return err
	}
	p := &AppointmentPage{Base: s.pageBase(r, a.Name+" "+a.Post), Appointment: a, Year: renda.DateOf(s.db.Clock().Now()).Year}
	if p.Reviews, err = s.db.AppointeeReviews(ctx, u, a.ID); err != nil {
		return err
	}
	p.CanReview = a.Reviewable() && (u.Is(renda.RoleStaff) || u.Is(renda.RoleAdmin))
	if u.IsStaffSide() {
		if p.History, err = s.db.History(ctx, "appointment", a.ID); err != nil {
			return err
		}
		rules, err := s.db.AppointmentActions(ctx, u, a)
		if err != nil {
			return err
		}
		set, err := s.db.Settings(ctx)
		if err != nil {
			return err
		}
		ac := actionCtx{post: func(x string) string { return "/appointments/" + a.ID + "/" + x }, set: set, scope: true}
		if p.Actions, err = s.actionForms(r, rules, ac); err != nil {
			return err
		}
		if failed != "" {
			failAction(r, p.Actions, failed, failedErr)
		}
	}
	s.renderStatus(w, r, status, "appointment", p)
	return nil
}

func (s *Server) appointmentAct(w http.ResponseWriter, r *http.Request) error {
	a, err := s.db.Appointment(r.Context(), httpx.User(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	action := r.PathValue("action")
	rule, ok := appointment.Flow.Rule(action)
	if !ok || !rule.Offered() {
		return renda.Errorf(renda.ENOTFOUND, "没有这个操作")
	}
	if err := parseForm(r); err != nil {
		return err
	}
	if _, err := s.db.ActOnAppointment(r.Context(), httpx.User(r), a.ID, action, actionValues(r, rule)); err != nil {
		switch renda.ErrorCode(err) {
		case renda.EINVALID, renda.ECONFLICT:
			return s.renderAppointment(w, r, httpx.Status(renda.ErrorCode(err)), action, err)
		}
		return err
	}
	return redirect(w, r, "/appointments/"+a.ID, "已"+rule.Label)
}

// appointmentLetter is the printable 任命书 of a sworn or published
// appointment.
func (s *Server) appointmentLetter(w http.ResponseWriter, r *http.Request) error {
	a, err := s.db.Appointment(r.Context(), httpx.User(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	if a.Kind != "appoint" || (a.State != appointment.Sworn && a.State != appointment.Published) {
		return renda.Errorf(renda.ECONFLICT, "宪法宣誓后才能打印任命书")
	}
	return s.render(w, r, "appointment_letter", &AppointmentPage{Base: s.base(r, "任命书"), Appointment: a})
}

// calendarFeed is the public iCalendar feed of published meetings and the
// stations' reception days (接待日); ?station=CODE keeps one station's days.
func (s *Server) calendarFeed(w http.ResponseWriter, r *http.Request) error {
	stationID, name := "", ""
	if code := r.URL.Query().Get("station"); code != "" {
		st, err := s.db.StationByCode(r.Context(), code)
		if err != nil {
			return err
		}
		stationID, name = st.ID, st.Name
	}
	ms, duties, err := s.db.CalendarFeed(r.Context(), nil, stationID)
	if err != nil {
		return err
	}
	if stationID != "" {
		ms = nil // a station's feed: its reception days alone
	}
	if name == "" {
		set, err := s.db.Settings(r.Context())
		if err != nil {
			return err
		}
		name = renda.DeploymentOf(set).Name
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	_, err = w.Write([]byte(meeting.Feed(name+"代表接待日和会议", s.cfg.BaseURL, ms, duties, s.db.Clock().Now())))
	return err
}
