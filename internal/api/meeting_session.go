package api

import (
	"net/http"
	"time"

	"renda"
	"renda/internal/httpx"
	"renda/internal/store"
	"renda/meeting"
)

// The people's congress session (人代会) of a meeting: registration, the
// plenary sittings with their quorum, the groups' deliberation and the
// attendance. Its actions (register, open_sitting, add_group,
// group_opinion, summarise, and checkin, request_leave, approve_leave,
// vote_item, close) are the meeting's, at /api/v1/meetings/{id}/actions/{action}.

func (a *API) meetingSessionRoutes() []Route {
	return []Route{
		{Method: "GET", Path: "/api/v1/meetings/{id}/session", Summary: "A people's congress session: registration, leave, plenary sittings with their two-thirds quorum, group deliberation per item, attendance (the whole roll with each deputy's absences without leave for the staff side; a deputy their own line)", Tag: "meetings",
			Roles: signedIn, Response: sessionResponse{}, Errors: []int{404}, Handler: a.getMeetingSession},
	}
}

type sessionQuorum struct {
	Members int  `json:"members"`
	Present int  `json:"present"`
	Needed  int  `json:"needed"`
	Reached bool `json:"reached"`
}

func quorumOf(q meeting.Quorum) sessionQuorum {
	return sessionQuorum{Members: q.Members, Present: q.Present, Needed: q.Needed, Reached: q.Reached}
}

type sessionSitting struct {
	ID       string        `json:"id"`
	Number   int           `json:"number"`
	Title    string        `json:"title"`
	StartsAt time.Time     `json:"starts_at"`
	Current  bool          `json:"current"`
	Quorum   sessionQuorum `json:"quorum"`
}

type sessionGroup struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Convener string `json:"convener"`
	Members  int    `json:"members"`
}

type sessionOpinion struct {
	GroupID  string    `json:"group_id"`
	Group    string    `json:"group"`
	DeputyID string    `json:"deputy_id"`
	Speaker  string    `json:"speaker"`
	Text     string    `json:"text"`
	At       time.Time `json:"created_at"`
}

type sessionItem struct {
	ID       string           `json:"id"`
	Title    string           `json:"title"`
	Summary  string           `json:"summary"`
	Draft    string           `json:"draft"`
	Opinions []sessionOpinion `json:"opinions"`
}

type sessionDeputy struct {
	DeputyID   string `json:"deputy_id"`
	Name       string `json:"name"`
	Group      string `json:"group"`
	Registered bool   `json:"registered"`
	Leave      string `json:"leave"`
	Presence   string `json:"presence"`
	Absences   int    `json:"absences"`
}

type sessionResponse struct {
	MeetingID      string           `json:"meeting_id"`
	SessionID      string           `json:"session_id"`
	Session        string           `json:"session"`
	Status         string           `json:"status"`
	CurrentSitting string           `json:"current_sitting"`
	Quorum         sessionQuorum    `json:"quorum"`
	Members        int              `json:"members"`
	Registered     int              `json:"registered"`
	Attended       int              `json:"attended"`
	Leave          int              `json:"leave"`
	LeaveRequested int              `json:"leave_requested"`
	Absent         int              `json:"absent"`
	Sittings       []sessionSitting `json:"sittings"`
	Groups         []sessionGroup   `json:"groups"`
	Items          []sessionItem    `json:"items"`
	Roll           []sessionDeputy  `json:"roll"`
	// 差额 elections: candidates with their votes once counted, elected
	// (more than half of all deputies, most votes first) or tied at the
	// last seat (another round).
	Elections []*meeting.Election `json:"elections"`
}

func (a *API) getMeetingSession(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	u := httpx.User(r)
	v, err := a.db.MeetingSession(r.Context(), u, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, sessionOf(v, u))
}

func sessionOf(v *store.SessionView, u *renda.User) sessionResponse {
	m := v.Meeting
	out := sessionResponse{MeetingID: m.ID, SessionID: m.SessionID, Status: m.State, CurrentSitting: m.SittingID, Quorum: quorumOf(v.Quorum),
		Members: v.Members, Registered: v.Registered, Attended: v.Attended, Leave: v.Leave, LeaveRequested: v.LeaveRequested, Absent: v.Absent,
		Sittings: []sessionSitting{}, Groups: []sessionGroup{}, Items: []sessionItem{}, Roll: []sessionDeputy{}, Elections: m.Elections}
	if out.Elections == nil {
		out.Elections = []*meeting.Election{}
	}
	if v.Session != nil {
		out.Session = v.Session.CongressName + v.Session.Name()
	}
	for _, s := range v.Sittings {
		out.Sittings = append(out.Sittings, sessionSitting{ID: s.Sitting.ID, Number: s.Sitting.Number, Title: s.Sitting.Title, StartsAt: s.Sitting.StartsAt,
			Current: s.Current, Quorum: quorumOf(s.Quorum)})
	}
	for _, g := range m.Groups {
		out.Groups = append(out.Groups, sessionGroup{ID: g.ID, Name: g.Name, Convener: g.Convener, Members: len(g.Members)})
	}
	for _, it := range v.Items {
		si := sessionItem{ID: it.Item.ID, Title: it.Item.Title, Summary: it.Item.Summary, Draft: it.Draft, Opinions: []sessionOpinion{}}
		for _, g := range it.Groups {
			for _, o := range g.Opinions {
				si.Opinions = append(si.Opinions, sessionOpinion{GroupID: g.Group.ID, Group: g.Group.Name, DeputyID: o.DeputyID, Speaker: o.Speaker, Text: o.Text, At: o.CreatedAt})
			}
		}
		out.Items = append(out.Items, si)
	}
	for _, row := range v.Roll {
		if !u.IsStaffSide() && (u.DeputyID == "" || row.Member.DeputyID != u.DeputyID) {
			continue
		}
		out.Roll = append(out.Roll, sessionDeputy{DeputyID: row.Member.DeputyID, Name: row.Member.Name, Group: row.Group, Registered: row.Member.Registered,
			Leave: row.Member.Leave, Presence: row.Presence, Absences: row.Absences})
	}
	return out
}
