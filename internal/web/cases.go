package web

import (
	"net/http"

	"renda"
	"renda/assist"
	"renda/internal/httpx"
	"renda/opinion"
)

// Problems that keep coming back (package assist): near-duplicate opinions
// and 12345 orders of one township grouped into cases by a sweep.

func (s *Server) caseRoutes() []route {
	inside := []renda.Role{renda.RoleAdmin, renda.RoleStaff, renda.RoleLeader, renda.RoleDeputy}
	return []route{
		{"GET /cases", inside, s.casesPage},
		{"GET /cases/{id}", inside, s.casePage},
	}
}

// CasesPage lists the recurring cases.
type CasesPage struct {
	Base
	Items  []*assist.Case
	State  string
	States []renda.StateDef
	Size   int
	Deputy bool
}

func (s *Server) casesPage(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	state := r.URL.Query().Get("state")
	if state != "" && assist.CaseFlow.StateLabel(state) == state {
		state = ""
	}
	items, err := s.db.RecurringCases(r.Context(), u, state)
	if err != nil {
		return err
	}
	set, err := s.db.Settings(r.Context())
	if err != nil {
		return err
	}
	return s.render(w, r, "cases", &CasesPage{Base: s.base(r, "内容相近的重复反映"), Items: items, State: state,
		States: assist.CaseFlow.Table().States, Size: assist.CaseSize(set), Deputy: u.Role == renda.RoleDeputy})
}

// CasePage shows a case with its items and its history.
type CasePage struct {
	Base
	Case       *assist.Case
	Deputy     bool
	ItemStates map[string]string
	History    []renda.AuditRecord
}

func (s *Server) casePage(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	k, err := s.db.RecurringCase(r.Context(), u, r.PathValue("id"))
	if err != nil {
		return err
	}
	p := &CasePage{Base: s.base(r, "重复反映："+k.Title), Case: k, Deputy: u.Role == renda.RoleDeputy, ItemStates: map[string]string{}}
	for _, it := range k.Items {
		p.ItemStates[it.ID] = opinion.Flow.StateLabel(it.State)
	}
	if p.History, err = s.db.History(r.Context(), assist.CaseFlow.Entity, k.ID); err != nil {
		return err
	}
	return s.render(w, r, "case", p)
}
