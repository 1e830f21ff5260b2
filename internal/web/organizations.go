package web

import (
	"net/http"
	"strconv"
	"strings"

	"renda"
	"renda/internal/httpx"
	"renda/internal/store"
	"renda/internal/xlsx"
)

// OrgsPage lists organisations.
type OrgsPage struct {
	Base
	Items   []*renda.Organization
	Pager   Pager
	Filter  renda.OrgFilter
	Kinds   []renda.OrgKind
	CanEdit bool
}

func (s *Server) orgsPage(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	q := r.URL.Query()
	pg := pager(r, 50)
	f := renda.OrgFilter{Q: strings.TrimSpace(q.Get("q")), Limit: pg.Limit, Offset: pg.Offset, HandlingOnly: q.Get("handling") == "1"}
	if k := renda.OrgKind(q.Get("kind")); k.Valid() {
		f.Kind = k
	}
	items, total, err := s.db.Organizations(r.Context(), u, f)
	if err != nil {
		return err
	}
	pg.Total = total
	return s.render(w, r, "organizations", &OrgsPage{Base: s.base(r, "单位"), Items: items, Pager: pg, Filter: f, Kinds: renda.OrgKinds, CanEdit: renda.CanManageReference(u)})
}

// OrgPage shows one organisation.
type OrgPage struct {
	Base
	Org     *renda.Organization
	History []renda.AuditRecord
	CanEdit bool
}

func (s *Server) org(r *http.Request) (*renda.Organization, error) {
	id := r.PathValue("id")
	if !renda.ValidID(id) {
		return nil, renda.Errorf(renda.ENOTFOUND, "单位不存在")
	}
	return s.db.Organization(r.Context(), httpx.User(r), id)
}

func (s *Server) orgPage(w http.ResponseWriter, r *http.Request) error {
	o, err := s.org(r)
	if err != nil {
		return err
	}
	u := httpx.User(r)
	p := &OrgPage{Base: s.base(r, o.Name), Org: o, CanEdit: renda.CanManageReference(u)}
	if u.IsStaffSide() || u.OrgID == o.ID {
		if p.History, err = s.db.History(r.Context(), "organization", o.ID); err != nil {
			return err
		}
	}
	return s.render(w, r, "organization", p)
}

// OrgFormPage is the form to add or change an organisation.
type OrgFormPage struct {
	Base
	Form *Form
}

func (s *Server) orgForm(r *http.Request, o *renda.Organization) (*Form, error) {
	all, _, err := s.db.Organizations(r.Context(), httpx.User(r), renda.OrgFilter{Limit: 500})
	if err != nil {
		return nil, err
	}
	var parents []Option
	for _, p := range all {
		if p.ID != o.ID {
			parents = append(parents, Option{Value: p.ID, Label: p.Name})
		}
	}
	var kinds []Option
	for _, k := range renda.OrgKinds {
		kinds = append(kinds, Option{Value: string(k), Label: k.Label()})
	}
	handling := ""
	if o.HandlingUnit {
		handling = "on"
	}
	active := "on"
	if o.ID != "" && !o.Active {
		active = ""
	}
	action := "/organizations"
	if o.ID != "" {
		action += "/" + o.ID
	}
	f := newForm(r, action, "保存",
		&Field{Name: "name", Label: "单位名称", Required: true, Max: 60, Value: o.Name, Wide: true},
		&Field{Name: "short_name", Label: "简称", Max: 20, Value: o.ShortName},
		&Field{Name: "code", Label: "单位代码", Required: true, Max: 30, Value: o.Code, Help: "字母、数字、- 或 _，用于导入导出"},
		&Field{Name: "kind", Label: "类别", Type: "select", Required: true, Options: kinds, Value: string(o.Kind)},
		&Field{Name: "parent_id", Label: "上级单位", Type: "select", Options: parents, Value: o.ParentID},
		&Field{Name: "contact_person", Label: "联系人", Max: 30, Value: o.ContactPerson},
		&Field{Name: "contact_phone", Label: "联系电话", Type: "tel", Max: 20, Value: o.ContactPhone},
		&Field{Name: "address", Label: "地址", Max: 100, Value: o.Address, Wide: true},
		&Field{Name: "sort", Label: "排序", Type: "number", Value: strconv.Itoa(o.Sort), Help: "数字小的排在前面"},
		&Field{Name: "handling_unit", Label: "承办单位（可交办议案建议）", Type: "checkbox", Value: handling},
		&Field{Name: "active", Label: "启用", Type: "checkbox", Value: active},
	)
	f.Cancel = "/organizations"
	return f, nil
}

func (s *Server) orgNewPage(w http.ResponseWriter, r *http.Request) error {
	f, err := s.orgForm(r, &renda.Organization{Kind: renda.OrgDepartment, HandlingUnit: true})
	if err != nil {
		return err
	}
	return s.render(w, r, "org_form", &OrgFormPage{Base: s.base(r, "新增单位"), Form: f})
}

func (s *Server) orgEditPage(w http.ResponseWriter, r *http.Request) error {
	o, err := s.org(r)
	if err != nil {
		return err
	}
	f, err := s.orgForm(r, o)
	if err != nil {
		return err
	}
	return s.render(w, r, "org_form", &OrgFormPage{Base: s.base(r, "修改单位"), Form: f})
}

func (s *Server) orgSave(w http.ResponseWriter, r *http.Request, id string) error {
	if err := parseForm(r); err != nil {
		return err
	}
	var p renda.Problems
	o := &renda.Organization{ID: id, Code: r.PostFormValue("code"), Name: r.PostFormValue("name"), ShortName: r.PostFormValue("short_name"),
		Kind: renda.OrgKind(r.PostFormValue("kind")), ParentID: r.PostFormValue("parent_id"), ContactPerson: r.PostFormValue("contact_person"),
		ContactPhone: r.PostFormValue("contact_phone"), Address: r.PostFormValue("address"),
		HandlingUnit: r.PostForm.Has("handling_unit"), Active: r.PostForm.Has("active") || id == ""}
	o.Sort = intValue(&p, r, "sort", "排序")
	err := p.Err()
	if err == nil {
		err = s.db.SaveOrganization(r.Context(), httpx.User(r), o)
	}
	if err != nil {
		f, ferr := s.orgForm(r, &renda.Organization{ID: id})
		if ferr != nil {
			return ferr
		}
		f.Fill(r)
		f.Fail(err)
		s.renderStatus(w, r, httpx.Status(renda.ErrorCode(err)), "org_form", &OrgFormPage{Base: s.base(r, "单位"), Form: f})
		return nil
	}
	return redirect(w, r, "/organizations/"+o.ID, "已保存 "+o.Name)
}

func (s *Server) orgCreate(w http.ResponseWriter, r *http.Request) error { return s.orgSave(w, r, "") }

func (s *Server) orgUpdate(w http.ResponseWriter, r *http.Request) error {
	o, err := s.org(r)
	if err != nil {
		return err
	}
	return s.orgSave(w, r, o.ID)
}

func (s *Server) orgsImportPage(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, "import", &ImportPage{Base: s.base(r, "导入单位"), Form: s.importForm(r, "/organizations/import"), What: "单位",
		Template: "/organizations/template.xlsx", Back: "/organizations"})
}

func (s *Server) orgsImport(w http.ResponseWriter, r *http.Request) error {
	p := &ImportPage{Base: s.base(r, "导入单位"), Form: s.importForm(r, "/organizations/import"), What: "单位", Template: "/organizations/template.xlsx", Back: "/organizations"}
	created, updated, err := s.importWorkbook(r, store.OrgColumns, func(rows []xlsx.Row, probs []xlsx.RowError) (int, int, error) {
		return s.db.ImportOrganizations(r.Context(), httpx.User(r), rows, probs)
	})
	if err != nil {
		return s.importFailed(w, r, p, err)
	}
	return redirect(w, r, "/organizations", "导入完成：新增 "+strconv.Itoa(created)+" 个，更新 "+strconv.Itoa(updated)+" 个单位")
}

func (s *Server) orgsExport(w http.ResponseWriter, r *http.Request) error {
	all, _, err := s.db.Organizations(r.Context(), httpx.User(r), renda.OrgFilter{Limit: 500})
	if err != nil {
		return err
	}
	codes := map[string]string{}
	for _, o := range all {
		codes[o.ID] = o.Code
	}
	if err := s.db.NoteExport(r.Context(), httpx.User(r), "organizations", "单位名录 "+strconv.Itoa(len(all))+" 个（含联系电话）"); err != nil {
		return err
	}
	return s.writeWorkbook(w, "单位名录.xlsx", xlsx.Sheet{Name: "单位", Title: "单位名录", Columns: store.OrgColumns, Rows: store.OrgRows(all, codes)})
}

func (s *Server) orgsTemplate(w http.ResponseWriter, r *http.Request) error {
	return s.writeWorkbook(w, "单位导入模板.xlsx", xlsx.Sheet{Name: "单位", Columns: store.OrgColumns,
		Notes: []string{
			"在“单位”工作表中每行填写一个单位，带 * 的列必填。",
			"单位代码：字母、数字、- 或 _；填写系统中已有的代码则更新该单位。",
			"类别：人大常委会、常委会工作机构、人民政府、政府工作部门、人民法院、人民检察院、监察委员会、乡镇（街道）、驻市单位及企业、其他。",
			"承办单位填 是 或 否；上级单位代码可引用本表中其他行的代码。",
			"示例：jtj | 某某市交通运输局 | 交通运输局 | 政府工作部门 |  | 是 | 王五 | 0734-7221234 | 某某市某某街道 | 10",
		}})
}
