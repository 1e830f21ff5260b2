package web

import (
	"net/http"

	"renda"
	"renda/internal/httpx"
	"renda/internal/store"
	"renda/meeting"
)

// The people's congress session's page (报到, 全体会议, 分组审议, 出席): what
// the session's own actions — on the meeting's page — have recorded. The
// staff side sees the whole roll with each deputy's absences without leave
// (代表法 art. 62); a deputy on the roll sees their own line.

func (s *Server) meetingSessionRoutes() []route {
	return []route{
		{"GET /meetings/{id}/session", renda.Roles, s.meetingSessionPage},
	}
}

// MeetingSessionPage is a session: its 届次会议 and timeline, the quorum of
// the sitting under way, registration and leave, the sittings, the groups'
// deliberation per item, and the roll.
type MeetingSessionPage struct {
	Base
	View  *store.SessionView
	Staff bool
	Me    *store.SessionRow
	// Roll is the roll shown: every deputy, or those of one presence
	// (Presence), each count above linking to its list.
	Roll     []store.SessionRow
	Presence string
}

func (s *Server) meetingSessionPage(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	v, err := s.db.MeetingSession(r.Context(), u, r.PathValue("id"))
	if err != nil {
		return err
	}
	p := &MeetingSessionPage{Base: s.base(r, v.Meeting.Title), View: v, Staff: u.IsStaffSide(), Presence: r.URL.Query().Get("presence")}
	for i := range v.Roll {
		row := &v.Roll[i]
		if u.DeputyID != "" && row.Member.DeputyID == u.DeputyID {
			p.Me = row
		}
		if p.Staff && (p.Presence == "" || p.Presence == row.Presence || (p.Presence == "registered" && row.Member.Registered) ||
			(p.Presence == "requested" && row.Member.Leave == "requested")) {
			p.Roll = append(p.Roll, *row)
		}
	}
	return s.render(w, r, "session_meeting", p)
}

// PresenceLabel names a presence on this session's page.
func (p *MeetingSessionPage) PresenceLabel(presence string) string {
	switch presence {
	case "registered":
		return "已报到"
	case "requested":
		return "请假待批准"
	}
	return meeting.PresenceLabel(presence, p.View.Closed)
}
