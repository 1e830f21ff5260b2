package web

import (
	"net/http"
	"strconv"

	"renda"
	"renda/internal/httpx"
	"renda/liaison"
)

// The "two contacts" (两个联系): a committee member sees the deputies linked
// to them, this year's contacts against the yearly minimum and each
// deputy's contacts with voters (from the duty record), and logs a contact;
// staff link members to deputies and see every link.
func (s *Server) liaisonRoutes() []route {
	who := []renda.Role{renda.RoleAdmin, renda.RoleStaff, renda.RoleLeader}
	return []route{
		{"GET /liaison", who, s.liaisonPage},
		{"POST /liaison/contacts", []renda.Role{renda.RoleLeader}, s.liaisonContact},
		{"POST /liaison/links", []renda.Role{renda.RoleAdmin, renda.RoleStaff}, s.liaisonLink},
	}
}

// liaisonNav: the members' and staff's page.
func liaisonNav() []NavItem {
	return []NavItem{{Label: "两个联系", Href: "/liaison", Order: 54, Roles: []renda.Role{renda.RoleAdmin, renda.RoleStaff, renda.RoleLeader}}}
}

// LiaisonPage is a member's (or, for staff, every member's) links and contacts.
type LiaisonPage struct {
	Base
	Year        int
	Links       []liaison.Link
	Contacts    []liaison.Contact
	ContactForm *Form // a member: log a contact
	LinkForm    *Form // staff: link a member to deputies
	Staff       bool
}

func (s *Server) liaisonPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderLiaison(w, r, http.StatusOK, nil, nil)
}

func (s *Server) renderLiaison(w http.ResponseWriter, r *http.Request, status int, contactErr, linkErr error) error {
	ctx, u := r.Context(), httpx.User(r)
	year := s.yearParam(r)
	p := &LiaisonPage{Base: s.base(r, "两个联系"), Year: year, Staff: u.Is(renda.RoleAdmin, renda.RoleStaff)}
	var err error
	if p.Links, err = s.db.LiaisonLinks(ctx, u, "", year); err != nil {
		return err
	}
	if p.Contacts, err = s.db.LiaisonContacts(ctx, u, "", year); err != nil {
		return err
	}
	if u.Is(renda.RoleLeader) {
		var deps []Option
		for _, l := range p.Links {
			deps = append(deps, Option{Value: l.DeputyID, Label: l.DeputyName})
		}
		var kinds []Option
		for _, k := range liaison.Kinds {
			kinds = append(kinds, Option{Value: k.Value, Label: k.Label})
		}
		p.ContactForm = newForm(r, "/liaison/contacts", "登记联系",
			&Field{Name: "deputy", Label: "代表", Type: "select", Options: deps, Required: true},
			&Field{Name: "kind", Label: "联系方式", Type: "select", Options: kinds, Required: true},
			&Field{Name: "day", Label: "日期", Type: "date", Required: true, Value: renda.DateOf(s.db.Clock().Now()).String()},
			&Field{Name: "note", Label: "联系情况", Type: "textarea", Required: true, Max: 1000, Wide: true, Rows: 3})
		if contactErr != nil {
			p.ContactForm.Fill(r)
			p.ContactForm.Fail(contactErr)
		}
	}
	if p.Staff {
		members, err := s.db.CommitteeMembers(ctx)
		if err != nil {
			return err
		}
		var ms []Option
		for _, m := range members {
			ms = append(ms, Option{Value: m.Value, Label: m.Label})
		}
		deps, err := s.refOptions(r, &renda.Field{Ref: "deputy", Filter: "active"}, nil)
		if err != nil {
			return err
		}
		p.LinkForm = newForm(r, "/liaison/links", "确定联系代表",
			&Field{Name: "member", Label: "常委会组成人员", Type: "select", Options: ms, Required: true},
			&Field{Name: "deputies", Label: "联系的代表", Type: "select", Multiple: true, Options: deps, Required: true, Wide: true})
		if linkErr != nil {
			p.LinkForm.Fill(r)
			p.LinkForm.Fail(linkErr)
		}
	}
	s.renderStatus(w, r, status, "liaison", p)
	return nil
}

func (s *Server) liaisonContact(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	c := &liaison.Contact{DeputyID: r.PostForm.Get("deputy"), Kind: r.PostForm.Get("kind"), Note: r.PostForm.Get("note")}
	if d, err := renda.ParseDate(r.PostForm.Get("day")); err == nil {
		c.Day = d
	}
	if err := s.db.LogContact(r.Context(), httpx.User(r), c); err != nil {
		if renda.ErrorCode(err) == renda.EINVALID {
			return s.renderLiaison(w, r, httpx.Status(renda.EINVALID), err, nil)
		}
		return err
	}
	return redirect(w, r, "/liaison?year="+strconv.Itoa(c.Day.Year), "已登记联系情况")
}

func (s *Server) liaisonLink(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	if err := s.db.LinkMember(r.Context(), httpx.User(r), r.PostForm.Get("member"), r.PostForm["deputies"]); err != nil {
		if renda.ErrorCode(err) == renda.EINVALID {
			return s.renderLiaison(w, r, httpx.Status(renda.EINVALID), nil, err)
		}
		return err
	}
	return redirect(w, r, "/liaison", "已确定联系代表")
}
