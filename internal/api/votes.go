package api

import (
	"net/http"
	"strconv"
	"time"

	"renda"
	"renda/internal/httpx"
	"renda/internal/store"
	"renda/project"
	"renda/vote"
)

// voteRoutes are the API routes of this workflow.
func (a *API) voteRoutes() []Route {
	page := []Param{{Name: "limit", Type: "integer"}, {Name: "offset", Type: "integer"}}
	return []Route{
		{Method: "GET", Path: "/api/v1/votes", Summary: "List votes (票决 and 满意度测评) with their candidates", Tag: "votes", Public: true,
			Query:    append([]Param{{Name: "status", Enum: []string{"draft", "open", "closed"}}, {Name: "kind", Enum: vote.KindNames()}, {Name: "congress_id"}}, page...),
			Response: List[vote.Vote]{}, Handler: a.listVotes},
		{Method: "GET", Path: "/api/v1/votes/{id}", Summary: "One vote with its candidates and turnout", Tag: "votes", Public: true, Response: voteResponse{}, Errors: []int{404}, Handler: a.getVote},
		{Method: "POST", Path: "/api/v1/votes", Summary: "Set up a vote (draft); every serving deputy of the congress is put on its roll", Tag: "votes", Roles: adminStaff,
			Request: voteInput{}, Response: vote.Vote{}, Status: 201, Errors: []int{404}, Handler: a.createVote},
		{Method: "POST", Path: "/api/v1/votes/{id}/actions/{action}", Summary: "Open or close a vote (closing freezes the result and seals the ballots)", Tag: "votes", Roles: adminStaff,
			Request: actionBody{vote.Workflow}, Response: vote.Vote{}, Errors: []int{404, 409}, Handler: a.voteAction},
		{Method: "PUT", Path: "/api/v1/votes/{id}/attendance", Summary: "Mark deputies present (or absent), or as voting on paper", Tag: "votes", Roles: adminStaff,
			Request: attendanceInput{}, Response: vote.Turnout{}, Errors: []int{404, 409}, Handler: a.voteAttendance},
		{Method: "POST", Path: "/api/v1/votes/{id}/checkin", Summary: "Check in to a vote with the code shown in the hall", Tag: "votes", Roles: deputyOnly,
			Request: checkinInput{}, Response: vote.Turnout{}, Errors: []int{403, 404, 409}, Handler: a.voteCheckin},
		{Method: "POST", Path: "/api/v1/votes/{id}/ballots", Summary: "Cast a secret ballot; returns its receipt once", Tag: "votes", Roles: deputyOnly,
			Request: ballotInput{}, Response: receiptResponse{}, Status: 201, Errors: []int{403, 404, 409}, Handler: a.castBallot},
		{Method: "GET", Path: "/api/v1/votes/{id}/ballots", Summary: "The anonymous ballots after the close, in receipt order", Tag: "votes", Public: true,
			Response: []store.PublishedBallot{}, Errors: []int{404, 409}, Handler: a.publishedBallots},
		{Method: "GET", Path: "/api/v1/votes/{id}/named", Summary: "A named (open, 记名) vote's choices by member after the close; a secret vote has none (409)", Tag: "votes", Public: true,
			Response: []store.NamedBallot{}, Errors: []int{404, 409}, Handler: a.namedBallots},
		{Method: "GET", Path: "/api/v1/votes/{id}/result", Summary: "The result after the close: per candidate yes, no, abstain, adopted", Tag: "votes", Public: true,
			Response: resultResponse{}, Errors: []int{404, 409}, Handler: a.voteResult},
		{Method: "GET", Path: "/api/v1/votes/{id}/turnout", Summary: "How many are present and have voted (never how)", Tag: "votes", Public: true,
			Response: vote.Turnout{}, Errors: []int{404}, Handler: a.voteTurnout},

		{Method: "GET", Path: "/api/v1/projects", Summary: "Livelihood projects (the public see the adopted ones: the progress board)", Tag: "projects", Public: true,
			Query:    append([]Param{{Name: "year", Type: "integer"}, {Name: "status"}, {Name: "congress_id"}, {Name: "q"}}, page...),
			Response: List[project.Project]{}, Handler: a.listProjects},
		{Method: "GET", Path: "/api/v1/projects/{id}", Summary: "One project with milestones, progress reports and inspections", Tag: "projects", Public: true,
			Response: projectResponse{}, Errors: []int{404}, Handler: a.getProject},
		{Method: "POST", Path: "/api/v1/projects/{id}/reports", Summary: "Report progress on a project (its responsible unit, or staff)", Tag: "projects", Roles: []renda.Role{renda.RoleAdmin, renda.RoleStaff, renda.RoleUnit},
			Request: reportInput{}, Response: project.ProgressReport{}, Status: 201, Errors: []int{403, 404, 409}, Handler: a.reportProgress},
		{Method: "POST", Path: "/api/v1/projects/{id}/actions/{action}", Summary: "Act on a project: screen_in, screen_out, plan, milestone, finish_milestone, report, inspect, complete", Tag: "projects", Roles: signedIn,
			Request: actionBody{project.Workflow}, Response: project.Project{}, Errors: []int{403, 404, 409}, Handler: a.projectAction},
	}
}

func (a *API) projectAction(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	rule, err := offeredRule(project.Workflow, r.PathValue("action"))
	if err != nil {
		return err
	}
	if _, err := a.db.Project(r.Context(), u, id); err != nil {
		return err
	}
	in, err := actionValues(r, rule)
	if err != nil {
		return err
	}
	if err := a.db.ActOnProject(r.Context(), u, id, rule.Action, in, nil); err != nil {
		return err
	}
	p, err := a.db.Project(r.Context(), u, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, p)
}

func (a *API) listVotes(w http.ResponseWriter, r *http.Request) error {
	pg, err := page(r)
	if err != nil {
		return err
	}
	var p renda.Problems
	q := r.URL.Query()
	f := vote.Filter{Limit: pg.Limit, Offset: pg.Offset, Scoped: true, Viewer: httpx.User(r),
		Status: p.OneOf("status", "status", q.Get("status"), false, vote.Draft, vote.Open, vote.Closed),
		Kind:   p.OneOf("kind", "kind", q.Get("kind"), false, vote.KindNames()...)}
	idParam(&p, r, "congress_id", &f.CongressID)
	if err := p.Err(); err != nil {
		return err
	}
	items, total, err := a.db.Votes(r.Context(), f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, newList(items, total, pg))
}

type voteResponse struct {
	*vote.Vote
	Turnout vote.Turnout `json:"turnout"`
}

func (a *API) getVote(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v, err := a.db.VoteFor(r.Context(), httpx.User(r), id)
	if err != nil {
		return err
	}
	t, err := a.db.Turnout(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, voteResponse{Vote: v, Turnout: t})
}

type voteInput struct {
	CongressID  string `json:"congress_id"`
	SessionID   string `json:"session_id,omitempty"`
	Kind        string `json:"kind"`
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
	Mode        string `json:"mode,omitempty"`
	// The ballot engine: the choice scheme (default: the kind's first),
	// and the counting rule, given whole or as a preset's name (default:
	// the kind's rule under the deployment's settings).
	Scheme     string     `json:"scheme,omitempty"`
	Rule       *vote.Rule `json:"rule,omitempty"`
	Preset     string     `json:"preset,omitempty"`
	Adopt      int        `json:"adopt"`
	Named      bool       `json:"named,omitempty"` // an open vote (记名表决): choices recorded by name
	OpensAt    time.Time  `json:"opens_at,omitzero"`
	ClosesAt   time.Time  `json:"closes_at,omitzero"`
	Candidates []string   `json:"candidates"`
}

func (a *API) createVote(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	var in voteInput
	if err := decode(r, &in); err != nil {
		return err
	}
	v := &vote.Vote{CongressID: in.CongressID, SessionID: in.SessionID, Kind: in.Kind, Title: in.Title, Description: in.Description,
		Mode: in.Mode, Scheme: in.Scheme, Adopt: in.Adopt, Named: in.Named, OpensAt: in.OpensAt, ClosesAt: in.ClosesAt}
	if in.Rule != nil {
		v.Rule = *in.Rule
	}
	if in.Preset != "" {
		rule, ok := vote.PresetRule(in.Preset)
		if !ok {
			return &renda.Error{Code: renda.EINVALID, Message: "没有这个表决规则预设", Fields: []renda.FieldError{{Field: "preset", Message: "无效"}}}
		}
		v.Rule = rule
	}
	for _, id := range in.Candidates {
		v.Candidates = append(v.Candidates, vote.Candidate{ID: id})
	}
	if err := a.db.SaveVote(r.Context(), u, v); err != nil {
		return err
	}
	v, err := a.db.Vote(r.Context(), v.ID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, v)
}

func (a *API) voteAction(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	action := r.PathValue("action")
	rule, ok := vote.Flow.Rule(action)
	if !ok || !rule.Offered() {
		return renda.Errorf(renda.ENOTFOUND, "没有“%s”这个操作：可用 open 或 close", trunc(action, 20))
	}
	in, err := actionValues(r, rule)
	if err != nil {
		return err
	}
	if err := a.db.ActOnVote(r.Context(), u, id, action, in); err != nil {
		return err
	}
	v, err := a.db.Vote(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

type attendanceInput struct {
	Present map[string]bool `json:"present,omitempty"`
	Paper   map[string]bool `json:"paper,omitempty"`
}

func (a *API) voteAttendance(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in attendanceInput
	if err := decode(r, &in); err != nil {
		return err
	}
	for k := range in.Present {
		if !renda.ValidID(k) {
			return renda.Errorf(renda.EINVALID, "present 中的代表编号“%s”无效", trunc(k, 30))
		}
	}
	for k := range in.Paper {
		if !renda.ValidID(k) {
			return renda.Errorf(renda.EINVALID, "paper 中的代表编号“%s”无效", trunc(k, 30))
		}
	}
	if err := a.db.SetAttendance(r.Context(), u, id, in.Present, in.Paper); err != nil {
		return err
	}
	t, err := a.db.Turnout(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, t)
}

type checkinInput struct {
	Code string `json:"code"`
}

func (a *API) voteCheckin(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in checkinInput
	if err := decode(r, &in); err != nil {
		return err
	}
	if err := a.db.CheckIn(r.Context(), u, id, in.Code); err != nil {
		return err
	}
	t, err := a.db.Turnout(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, t)
}

type ballotInput struct {
	Choices map[string]string `json:"choices"`
}

type receiptResponse struct {
	Receipt string `json:"receipt"`
}

// castBallot: nothing of the ballot is logged; the receipt goes back to the
// voter in this response and nowhere else.
func (a *API) castBallot(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in ballotInput
	if err := decode(r, &in); err != nil {
		return err
	}
	if in.Choices == nil {
		return &renda.Error{Code: renda.EINVALID, Message: "请提供 choices：每个候选项目的选择", Fields: []renda.FieldError{{Field: "choices", Message: "必填"}}}
	}
	receipt, err := a.db.CastBallot(r.Context(), u, id, vote.Ballot(in.Choices))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, receiptResponse{Receipt: receipt})
}

func (a *API) publishedBallots(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	bs, err := a.db.PublishedBallots(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, bs)
}

// namedBallots lists who voted how in a closed named vote, to those who
// may see the vote (a meeting's vote is seen as the meeting is).
func (a *API) namedBallots(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := a.db.VoteFor(r.Context(), httpx.User(r), id); err != nil {
		return err
	}
	bs, err := a.db.NamedBallots(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, bs)
}

// resultResponse is the result with the fixed per-candidate fields first.
type resultResponse struct {
	*vote.Result
	Title  string `json:"title"`
	Status string `json:"status"`
}

func (a *API) voteResult(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	res, err := a.db.Result(r.Context(), id)
	if err != nil {
		return err
	}
	v, err := a.db.Vote(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, resultResponse{Result: res, Title: v.Title, Status: v.Status})
}

func (a *API) voteTurnout(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := a.db.Vote(r.Context(), id); err != nil {
		return err
	}
	t, err := a.db.Turnout(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, t)
}

func (a *API) listProjects(w http.ResponseWriter, r *http.Request) error {
	pg, err := page(r)
	if err != nil {
		return err
	}
	qs, err := query(r, "q", 50)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	var p renda.Problems
	f := project.Filter{Q: qs, Limit: pg.Limit, Offset: pg.Offset}
	if s := q.Get("year"); s != "" {
		if f.Year, err = strconv.Atoi(s); err != nil {
			p.Add("year", "year 应为年份数字")
		}
	}
	f.Status = p.OneOf("status", "status", q.Get("status"), false, "proposed", "candidate", "rejected", "adopted", "not_adopted", "in_progress", "completed", "rated")
	idParam(&p, r, "congress_id", &f.CongressID)
	if err := p.Err(); err != nil {
		return err
	}
	items, total, err := a.db.Projects(r.Context(), optionalUser(r), f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, newList(items, total, pg))
}

type projectResponse struct {
	*project.Project
	Milestones  []project.Milestone       `json:"milestones"`
	Reports     []*project.ProgressReport `json:"reports"`
	Inspections []project.Inspection      `json:"inspections"`
}

func (a *API) getProject(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, d, err := a.db.ProjectDetails(r.Context(), optionalUser(r), id)
	if err != nil {
		return err
	}
	resp := projectResponse{Project: p, Milestones: d.Milestones, Reports: d.Reports, Inspections: d.Inspections}
	if resp.Milestones == nil {
		resp.Milestones = []project.Milestone{}
	}
	if resp.Reports == nil {
		resp.Reports = []*project.ProgressReport{}
	}
	if resp.Inspections == nil {
		resp.Inspections = []project.Inspection{}
	}
	return writeJSON(w, http.StatusOK, resp)
}

type reportInput struct {
	Percent    int    `json:"percent"`
	Text       string `json:"text"`
	ReportedOn string `json:"reported_on,omitempty"`
}

func (a *API) reportProgress(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in reportInput
	if err := decode(r, &in); err != nil {
		return err
	}
	rep := &project.ProgressReport{Percent: in.Percent, Text: in.Text}
	if in.ReportedOn != "" {
		if rep.ReportedOn, err = renda.ParseDate(in.ReportedOn); err != nil {
			return &renda.Error{Code: renda.EINVALID, Message: err.Error(), Fields: []renda.FieldError{{Field: "reported_on", Message: err.Error()}}}
		}
	}
	if err := a.db.ReportProgress(r.Context(), u, id, rep, nil); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, rep)
}

// optionalUser returns the signed-in user, or nil for the public.
func optionalUser(r *http.Request) *renda.User { return httpx.User(r) }
