package web

import (
	"net/http"

	"renda"
	"renda/internal/httpx"
	"renda/internal/store"
)

// A group's page: professional groups and practice bases (实践基地), their
// members and what they did together; each activity credits the deputies who
// took part in their duty records.
func (s *Server) groupRoutes() []route {
	ref := []renda.Role{renda.RoleAdmin, renda.RoleStaff}
	readers := []renda.Role{renda.RoleAdmin, renda.RoleStaff, renda.RoleLeader, renda.RoleDeputy}
	return []route{
		{"GET /groups/{id}", readers, s.groupPage},
		{"POST /groups/{id}/members", ref, s.groupMembersAdd},
		{"POST /groups/{id}/activities", ref, s.groupActivityAdd},
		{"GET /groups/activities/{id}", readers, s.groupActivityPage},
	}
}

// GroupPage shows one group.
type GroupPage struct {
	Base
	Group        *renda.Group
	KindLabel    string
	Members      []store.GroupMember
	Activities   []renda.GroupActivity
	MemberForm   *Form
	ActivityForm *Form
}

func (s *Server) groupPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderGroup(w, r, http.StatusOK, "", nil)
}

// renderGroup shows the group, with one of its forms failed by err.
func (s *Server) renderGroup(w http.ResponseWriter, r *http.Request, status int, failed string, err error) error {
	ctx := r.Context()
	id := r.PathValue("id")
	if !renda.ValidID(id) {
		return renda.Errorf(renda.ENOTFOUND, "小组不存在")
	}
	g, gerr := s.db.Group(ctx, id)
	if gerr != nil {
		return gerr
	}
	p := &GroupPage{Base: s.base(r, g.Name), Group: g, KindLabel: renda.GroupKindLabel(g.Kind)}
	var lerr error
	if p.Members, lerr = s.db.GroupMembers(ctx, id); lerr != nil {
		return lerr
	}
	if p.Activities, lerr = s.db.GroupActivities(ctx, id); lerr != nil {
		return lerr
	}
	if renda.CanManageReference(httpx.User(r)) {
		var members []Option
		for _, m := range p.Members {
			members = append(members, Option{Value: m.DeputyID, Label: m.Name + "（" + m.Region + "）"})
		}
		p.ActivityForm = newForm(r, "/groups/"+id+"/activities", "登记活动",
			&Field{Name: "day", Label: "日期", Type: "date", Required: true},
			&Field{Name: "title", Label: "活动名称", Required: true, Max: 100},
			&Field{Name: "summary", Label: "活动情况", Type: "textarea", Max: 2000, Wide: true},
			&Field{Name: "deputies", Label: "参加的代表", Type: "picker", Options: members, Required: true, Wide: true,
				Help: "参加的代表各计一项“专业小组、联络站活动”履职记录"}).Scope("act")
		deps, _, derr := s.db.Deputies(ctx, httpx.User(r), renda.DeputyFilter{Level: renda.LevelCounty, Status: renda.DeputyActive, Limit: 500})
		if derr != nil {
			return derr
		}
		var all []Option
		for _, d := range deps {
			all = append(all, Option{Value: d.ID, Label: d.Name + "（" + d.RegionName + "，" + d.Occupation + "）"})
		}
		p.MemberForm = newForm(r, "/groups/"+id+"/members", "添加成员",
			&Field{Name: "deputies", Label: "代表", Type: "picker", Options: all, Required: true, Wide: true}).Scope("mem")
		switch failed {
		case "activity":
			p.ActivityForm.Fill(r)
			p.ActivityForm.Fail(err)
		case "members":
			p.MemberForm.Fill(r)
			p.MemberForm.Fail(err)
		}
	}
	s.renderStatus(w, r, status, "group", p)
	return nil
}

func (s *Server) groupMembersAdd(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	id := r.PathValue("id")
	if err := s.db.AddGroupMembers(r.Context(), httpx.User(r), id, r.PostForm["deputies"]); renda.ErrorCode(err) == renda.EINVALID {
		return s.renderGroup(w, r, http.StatusUnprocessableEntity, "members", err)
	} else if err != nil {
		return err
	}
	return redirect(w, r, "/groups/"+id, "已添加成员")
}

func (s *Server) groupActivityAdd(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	id := r.PathValue("id")
	a := &renda.GroupActivity{GroupID: id, Title: r.PostFormValue("title"), Summary: r.PostFormValue("summary"), DeputyIDs: r.PostForm["deputies"]}
	if v := r.PostFormValue("day"); v != "" {
		d, err := renda.ParseDate(v)
		if err != nil {
			return s.renderGroup(w, r, http.StatusUnprocessableEntity, "activity", &renda.Error{Code: renda.EINVALID, Message: "日期格式不对",
				Fields: []renda.FieldError{{Field: "day", Message: "请按 2024-05-01 的格式填写日期"}}})
		}
		a.Day = d
	}
	if err := s.db.RecordGroupActivity(r.Context(), httpx.User(r), a); renda.ErrorCode(err) == renda.EINVALID {
		return s.renderGroup(w, r, http.StatusUnprocessableEntity, "activity", err)
	} else if err != nil {
		return err
	}
	return redirect(w, r, "/groups/"+id+"#a-"+a.ID, "已登记活动")
}

// groupActivityPage sends a duty record's link to the activity on its group's page.
func (s *Server) groupActivityPage(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	if !renda.ValidID(id) {
		return renda.Errorf(renda.ENOTFOUND, "活动不存在")
	}
	g, err := s.db.GroupOfActivity(r.Context(), id)
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/groups/"+g+"#a-"+id, http.StatusSeeOther)
	return nil
}
