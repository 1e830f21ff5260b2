package api

import (
	"context"
	"net/http"
	"time"

	"renda"
	"renda/appointment"
	"renda/internal/httpx"
	"renda/meeting"
)

// meetingRoutes are the API routes of the 三会 (meetings, their agenda,
// quorum, resolutions and follow-up tasks), 人事任免 and the calendar feed.
func (a *API) meetingRoutes() []Route {
	pageQ := []Param{{Name: "limit", Type: "integer"}, {Name: "offset", Type: "integer"}}
	staffOnly := []renda.Role{renda.RoleAdmin, renda.RoleStaff}
	return append([]Route{
		{Method: "GET", Path: "/api/v1/meetings", Summary: "Meetings of the people's congress, the standing committee and the chairmen (public: published ones; a member: also their own)", Tag: "meetings", Public: true,
			Query:    append([]Param{{Name: "kind", Enum: []string{meeting.Congress, meeting.Standing, meeting.Chair, meeting.Township}}}, pageQ...),
			Response: meetingList{}, Handler: a.listMeetings},
		{Method: "POST", Path: "/api/v1/meetings", Summary: "Set up a meeting (staff); its congress is its members'", Tag: "meetings", Roles: staffOnly,
			Request: actionBody{&renda.Workflow{Rules: []renda.Rule{shown(meeting.Flow.Rule("create"))}}}, Response: meetingItem{}, Status: 201, Handler: a.createMeeting},
		{Method: "GET", Path: "/api/v1/meetings/{id}", Summary: "One meeting with its agenda tree, quorum against all members, and resolutions with their follow-up tasks", Tag: "meetings", Public: true,
			Response: meetingResponse{}, Errors: []int{404}, Handler: a.getMeeting},
		{Method: "POST", Path: "/api/v1/meetings/{id}/actions/{action}", Summary: "Act on a meeting: add_item, notify, open, checkin (a member for themselves), vote_item, resolve, add_task, close, publish", Tag: "meetings",
			Roles: []renda.Role{renda.RoleAdmin, renda.RoleStaff, renda.RoleDeputy}, Request: actionBody{meeting.Flow.Table()}, Response: meetingResponse{}, Errors: []int{403, 404, 409}, Handler: a.meetingAction},
		{Method: "GET", Path: "/api/v1/meeting-tasks", Summary: "Follow-up tasks of resolutions: a body's clerk sees their own body's", Tag: "meetings", Roles: signedIn,
			Response: List[*meeting.Task]{}, Handler: a.listMeetingTasks},
		{Method: "POST", Path: "/api/v1/meeting-tasks/{id}/actions/{action}", Summary: "Act on a follow-up task: report (the body), accept or return (staff)", Tag: "meetings",
			Roles: []renda.Role{renda.RoleAdmin, renda.RoleStaff, renda.RoleUnit}, Request: actionBody{meeting.TaskFlow.Table()}, Response: taskItem{}, Errors: []int{403, 404, 409}, Handler: a.meetingTaskAction},
		{Method: "GET", Path: "/api/v1/appointments", Summary: "Appointments (人事任免): public see published ones, staff every nomination including the rejected", Tag: "appointments", Public: true,
			Query: pageQ, Response: appointmentList{}, Handler: a.listAppointments},
		{Method: "POST", Path: "/api/v1/appointments", Summary: "Register a nomination (staff)", Tag: "appointments", Roles: staffOnly,
			Request: actionBody{&renda.Workflow{Rules: []renda.Rule{shown(appointment.Flow.Rule("create"))}}}, Response: appointment.Appointment{}, Status: 201, Handler: a.createAppointment},
		{Method: "GET", Path: "/api/v1/appointments/{id}", Summary: "One appointment", Tag: "appointments", Public: true,
			Response: appointment.Appointment{}, Errors: []int{404}, Handler: a.getAppointment},
		{Method: "POST", Path: "/api/v1/appointments/{id}/actions/{action}", Summary: "Act on an appointment: deliberate, oath, publish", Tag: "appointments", Roles: staffOnly,
			Request: actionBody{appointment.Flow.Table()}, Response: appointment.Appointment{}, Errors: []int{403, 404, 409}, Handler: a.appointmentAction},
		{Method: "GET", Path: "/api/v1/me/calendar.ics", Summary: "The signed-in user's meetings, and a deputy's reception days (接待日) at liaison stations, as an iCalendar feed (RFC 5545)", Tag: "meetings", Roles: signedIn,
			Content: "text/calendar", Handler: a.myCalendar},
	}, a.meetingDocumentRoutes()...) // meeting_documents.go
}

// shown returns a hidden creation rule, documented as a POST body.
func shown(r renda.Rule, _ bool) renda.Rule {
	r.Hidden = false
	return r
}

type meetingItem struct {
	ID       string    `json:"id"`
	Kind     string    `json:"kind"`
	Title    string    `json:"title"`
	StartsAt time.Time `json:"starts_at"`
	Status   string    `json:"status"`
}

type meetingList struct {
	Items []meetingItem `json:"items"`
	Total int           `json:"total"`
}

type meetingResponse struct {
	meetingItem
	Number      int                   `json:"number"`
	Place       string                `json:"place"`
	Chair       string                `json:"chair"`
	Agenda      []*meeting.Item       `json:"agenda"`
	Quorum      meeting.Quorum        `json:"quorum"`
	Resolutions []*meeting.Resolution `json:"resolutions"`
}

type taskItem struct {
	ID     string     `json:"id"`
	Body   string     `json:"body"`
	Due    renda.Date `json:"due"`
	Status string     `json:"status"`
}

type appointmentItem struct {
	ID     string     `json:"id"`
	Name   string     `json:"name"`
	Post   string     `json:"post"`
	Status string     `json:"status"`
	OathAt *time.Time `json:"oath_at"`
}

type appointmentList struct {
	Items []appointmentItem `json:"items"`
	Total int               `json:"total"`
}

func meetingItemOf(m *meeting.Meeting) meetingItem {
	return meetingItem{ID: m.ID, Kind: m.Kind, Title: m.Title, StartsAt: m.StartsAt, Status: m.State}
}

func (a *API) listMeetings(w http.ResponseWriter, r *http.Request) error {
	pg, err := page(r)
	if err != nil {
		return err
	}
	var p renda.Problems
	kind := p.OneOf("kind", "kind", r.URL.Query().Get("kind"), false, meeting.Congress, meeting.Standing, meeting.Chair, meeting.Township)
	if err := p.Err(); err != nil {
		return err
	}
	items, total, err := a.db.Meetings(r.Context(), httpx.User(r), meeting.Filter{Kind: kind, Limit: pg.Limit, Offset: pg.Offset})
	if err != nil {
		return err
	}
	out := meetingList{Items: []meetingItem{}, Total: total}
	for _, m := range items {
		out.Items = append(out.Items, meetingItemOf(m))
	}
	return writeJSON(w, http.StatusOK, out)
}

func (a *API) meetingResponse(r *http.Request, m *meeting.Meeting) (meetingResponse, error) {
	q, err := a.db.MeetingQuorum(r.Context(), m)
	if err != nil {
		return meetingResponse{}, err
	}
	res := m.Resolutions
	if res == nil {
		res = []*meeting.Resolution{}
	}
	return meetingResponse{meetingItem: meetingItemOf(m), Number: m.Number, Place: m.Place, Chair: m.Chair, Agenda: meeting.Tree(m.Items), Quorum: q, Resolutions: res}, nil
}

func (a *API) getMeeting(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	m, err := a.db.Meeting(r.Context(), httpx.User(r), id)
	if err != nil {
		return err
	}
	out, err := a.meetingResponse(r, m)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

func (a *API) createMeeting(w http.ResponseWriter, r *http.Request) error {
	rule, _ := meeting.Flow.Rule("create")
	in, err := actionValues(r, shown(rule, true))
	if err != nil {
		return err
	}
	m, err := a.db.CreateMeeting(r.Context(), httpx.User(r), "", in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, meetingItemOf(m))
}

// actOn is every item's POST …/{id}/actions/{action}: the id from the path,
// an action the workflow offers, the item as the caller sees it (404 before
// the body is read), the body decoded by the action's fields, then the
// store's action.
func actOn[T any](r *http.Request, w *renda.Workflow, see func(ctx context.Context, u *renda.User, id string) error,
	act func(ctx context.Context, u *renda.User, id, action string, in renda.Values) (T, error)) (T, error) {
	var zero T
	id, err := pathID(r, "id")
	if err != nil {
		return zero, err
	}
	rule, err := offeredRule(w, r.PathValue("action"))
	if err != nil {
		return zero, err
	}
	if err := see(r.Context(), httpx.User(r), id); err != nil {
		return zero, err
	}
	in, err := actionValues(r, rule)
	if err != nil {
		return zero, err
	}
	return act(r.Context(), httpx.User(r), id, rule.Action, in)
}

func (a *API) meetingAction(w http.ResponseWriter, r *http.Request) error {
	m, err := actOn(r, meeting.Flow.Table(), func(ctx context.Context, u *renda.User, id string) error {
		_, err := a.db.Meeting(ctx, u, id)
		return err
	}, func(ctx context.Context, u *renda.User, id, action string, in renda.Values) (*meeting.Meeting, error) {
		return a.db.ActOnMeeting(ctx, u, id, action, in)
	})
	if err != nil {
		return err
	}
	out, err := a.meetingResponse(r, m)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

func (a *API) listMeetingTasks(w http.ResponseWriter, r *http.Request) error {
	items, err := a.db.MeetingTasks(r.Context(), httpx.User(r), false)
	if err != nil {
		return err
	}
	if items == nil {
		items = []*meeting.Task{}
	}
	return writeJSON(w, http.StatusOK, newList(items, len(items), Page{Limit: len(items)}))
}

func (a *API) meetingTaskAction(w http.ResponseWriter, r *http.Request) error {
	t, err := actOn(r, meeting.TaskFlow.Table(), func(ctx context.Context, u *renda.User, id string) error {
		_, err := a.db.MeetingTask(ctx, u, id)
		return err
	}, a.db.ActOnMeetingTask)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, taskItem{ID: t.ID, Body: t.Body, Due: t.Due, Status: t.State})
}

func (a *API) listAppointments(w http.ResponseWriter, r *http.Request) error {
	pg, err := page(r)
	if err != nil {
		return err
	}
	items, total, err := a.db.Appointments(r.Context(), httpx.User(r), appointment.Filter{Limit: pg.Limit, Offset: pg.Offset})
	if err != nil {
		return err
	}
	out := appointmentList{Items: []appointmentItem{}, Total: total}
	for _, x := range items {
		out.Items = append(out.Items, appointmentItem{ID: x.ID, Name: x.Name, Post: x.Post, Status: x.State, OathAt: x.OathAt})
	}
	return writeJSON(w, http.StatusOK, out)
}

func (a *API) getAppointment(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	x, err := a.db.Appointment(r.Context(), httpx.User(r), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, x)
}

func (a *API) createAppointment(w http.ResponseWriter, r *http.Request) error {
	rule, _ := appointment.Flow.Rule("create")
	in, err := actionValues(r, shown(rule, true))
	if err != nil {
		return err
	}
	x, err := a.db.CreateAppointment(r.Context(), httpx.User(r), in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, x)
}

func (a *API) appointmentAction(w http.ResponseWriter, r *http.Request) error {
	x, err := actOn(r, appointment.Flow.Table(), func(ctx context.Context, u *renda.User, id string) error {
		_, err := a.db.Appointment(ctx, u, id)
		return err
	}, a.db.ActOnAppointment)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, x)
}

func (a *API) myCalendar(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	ms, duties, err := a.db.CalendarFeed(r.Context(), u, "")
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	_, err = w.Write([]byte(meeting.Feed(u.Name()+"的会议和接待日", a.cfg.BaseURL, ms, duties, a.db.Clock().Now())))
	return err
}
