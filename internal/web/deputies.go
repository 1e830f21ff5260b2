package web

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"

	"renda"
	"renda/internal/attach"
	"renda/internal/httpx"
	"renda/internal/store"
	"renda/internal/xlsx"
)

// DeputiesPage is the searchable list of deputies.
type DeputiesPage struct {
	Base
	Items       []*renda.Deputy
	Pager       Pager
	Filter      renda.DeputyFilter
	Congresses  []*renda.Congress
	Delegations []renda.Delegation
	Groups      []renda.Group
	CanEdit     bool
}

func (s *Server) deputiesPage(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	q := r.URL.Query()
	pg := pager(r, 30)
	f := renda.DeputyFilter{Q: strings.TrimSpace(q.Get("q")), Limit: pg.Limit, Offset: pg.Offset}
	if l := renda.Level(q.Get("level")); l.Valid() {
		f.Level = l
	}
	if st := renda.DeputyStatus(q.Get("status")); st == renda.DeputyActive || st == renda.DeputySuspended || st == renda.DeputyTerminated {
		f.Status = st
	}
	for name, dst := range map[string]*string{"congress": &f.CongressID, "delegation": &f.DelegationID, "group": &f.GroupID, "region": &f.RegionID} {
		if v := q.Get(name); renda.ValidID(v) {
			*dst = v
		}
	}
	items, total, err := s.db.Deputies(r.Context(), u, f)
	if err != nil {
		return err
	}
	pg.Total = total
	p := &DeputiesPage{Base: s.base(r, "代表名册"), Items: items, Pager: pg, Filter: f, CanEdit: renda.CanManageReference(u)}
	if p.Congresses, err = s.db.Congresses(r.Context()); err != nil {
		return err
	}
	if p.Delegations, err = s.db.Delegations(r.Context(), ""); err != nil {
		return err
	}
	if p.Groups, err = s.db.Groups(r.Context()); err != nil {
		return err
	}
	return s.render(w, r, "deputies", p)
}

// DeputyPage shows one deputy with their history.
type DeputyPage struct {
	Base
	Deputy    *renda.Deputy
	History   []renda.AuditRecord
	CanEdit   bool
	PhotoForm *Form
	Account   bool // the viewer is this deputy
	// CanReadRecord: the deputy and the committee's side may open the duty record.
	CanReadRecord bool
}

func (s *Server) deputyPage(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	d, err := s.deputy(r, u)
	if err != nil {
		return err
	}
	p := &DeputyPage{Base: s.base(r, d.Name), Deputy: d, CanEdit: renda.CanManageReference(u), Account: u.DeputyID == d.ID}
	p.CanReadRecord = u.IsStaffSide() || (p.Account && u.Is(renda.RoleDeputy))
	// The history shows what changed to those who maintain the record, and to the deputy.
	if p.CanEdit || p.Account || u.IsStaffSide() {
		if p.History, err = s.db.History(r.Context(), "deputy", d.ID); err != nil {
			return err
		}
	}
	if p.CanEdit {
		p.PhotoForm = newForm(r, "/deputies/"+d.ID+"/photo", "上传照片", &Field{Name: "photo", Label: "照片", Type: "file", Accept: "image/*", Wide: true,
			Help: "JPG 或 PNG，最大 10 MB；上传后自动去除拍摄地点等信息"})
		p.PhotoForm.Multipart = true
	}
	return s.render(w, r, "deputy", p)
}

func (s *Server) deputy(r *http.Request, u *renda.User) (*renda.Deputy, error) {
	id := r.PathValue("id")
	if !renda.ValidID(id) {
		return nil, renda.Errorf(renda.ENOTFOUND, "代表不存在")
	}
	return s.db.Deputy(r.Context(), u, id)
}

// DeputyFormPage is the form to add or change a deputy.
type DeputyFormPage struct {
	Base
	Form   *Form
	Deputy *renda.Deputy
}

func (s *Server) deputyForm(r *http.Request, d *renda.Deputy) (*Form, error) {
	ctx := r.Context()
	cs, err := s.db.Congresses(ctx)
	if err != nil {
		return nil, err
	}
	var congresses, terms []Option
	for _, c := range cs {
		congresses = append(congresses, Option{Value: c.ID, Label: c.Name})
		for _, t := range c.Terms {
			terms = append(terms, Option{Value: t.ID, Label: c.Name + " " + t.Name()})
		}
	}
	dels, err := s.db.Delegations(ctx, "")
	if err != nil {
		return nil, err
	}
	var delegations []Option
	for _, g := range dels {
		delegations = append(delegations, Option{Value: g.ID, Label: g.Name})
	}
	gs, err := s.db.Groups(ctx)
	if err != nil {
		return nil, err
	}
	var groups []Option
	for _, g := range gs {
		groups = append(groups, Option{Value: g.ID, Label: g.Name})
	}
	towns, _, err := s.db.Regions(ctx, renda.RegionFilter{Level: renda.RegionTownship, OnDate: renda.DateOf(s.db.Clock().Now()), Limit: 500})
	if err != nil {
		return nil, err
	}
	var regions []Option
	for _, t := range towns {
		regions = append(regions, Option{Value: t.ID, Label: t.Name})
	}
	action, submit := "/deputies", "保存"
	if d.ID != "" {
		action = "/deputies/" + d.ID
	}
	by := ""
	if d.BirthYear > 0 {
		by = strconv.Itoa(d.BirthYear)
	}
	status := string(d.Status)
	if status == "" {
		status = string(renda.DeputyActive)
	}
	f := newForm(r, action, submit,
		&Field{Name: "name", Label: "姓名", Required: true, Max: 30, Value: d.Name},
		&Field{Name: "gender", Label: "性别", Type: "select", Required: true, Options: options(renda.Genders...), Value: d.Gender},
		&Field{Name: "ethnicity", Label: "民族", Required: true, Max: 20, Value: d.Ethnicity},
		&Field{Name: "birth_year", Label: "出生年份", Type: "number", Value: by},
		&Field{Name: "party", Label: "政治面貌", Type: "select", Options: options(renda.Parties...), Value: d.Party},
		&Field{Name: "sector", Label: "代表构成", Type: "select", Options: options(renda.Sectors...), Value: d.Sector},
		&Field{Name: "occupation", Label: "工作单位及职务", Max: 100, Value: d.Occupation, Wide: true},
		&Field{Name: "congress_id", Label: "所属人大", Type: "select", Required: true, Options: congresses, Value: d.CongressID},
		&Field{Name: "term_id", Label: "届次", Type: "select", Required: true, Options: terms, Value: d.TermID},
		&Field{Name: "delegation_id", Label: "代表团", Type: "select", Options: delegations, Value: d.DelegationID},
		&Field{Name: "district", Label: "选区", Max: 50, Value: d.District},
		&Field{Name: "group_id", Label: "专业小组", Type: "select", Options: groups, Value: d.GroupID},
		&Field{Name: "region_id", Label: "所在乡镇（街道）", Type: "select", Options: regions, Value: d.RegionID, Help: "代表进站履职的乡镇"},
		&Field{Name: "phone", Label: "手机号码", Type: "tel", Max: 20, Value: d.Phone, Help: "加密保存；仅管理员和工作人员可见完整号码"},
		&Field{Name: "status", Label: "状态", Type: "select", Required: true, Value: status, Options: []Option{
			{Value: string(renda.DeputyActive), Label: renda.DeputyActive.Label()}, {Value: string(renda.DeputySuspended), Label: renda.DeputySuspended.Label()},
			{Value: string(renda.DeputyTerminated), Label: renda.DeputyTerminated.Label()}}},
		&Field{Name: "note", Label: "备注", Type: "textarea", Max: 500, Value: d.Note, Wide: true, Rows: 3},
	)
	f.Cancel = "/deputies"
	if d.ID != "" {
		f.Cancel = "/deputies/" + d.ID
	}
	return f, nil
}

func (s *Server) deputyNewPage(w http.ResponseWriter, r *http.Request) error {
	d := &renda.Deputy{}
	// Prefill the county congress's current term: most deputies added are county deputies.
	if cs, err := s.db.Congresses(r.Context()); err == nil {
		for _, c := range cs {
			if c.Level == renda.LevelCounty && len(c.Terms) > 0 {
				d.CongressID, d.TermID = c.ID, c.Terms[0].ID
				break
			}
		}
	}
	d.Ethnicity = "汉族"
	f, err := s.deputyForm(r, d)
	if err != nil {
		return err
	}
	return s.render(w, r, "deputy_form", &DeputyFormPage{Base: s.base(r, "新增代表"), Form: f, Deputy: d})
}

func deputyFromForm(r *http.Request, id string) (*renda.Deputy, error) {
	var p renda.Problems
	d := &renda.Deputy{ID: id, Name: r.PostFormValue("name"), Gender: r.PostFormValue("gender"), Ethnicity: r.PostFormValue("ethnicity"),
		Party: r.PostFormValue("party"), Sector: r.PostFormValue("sector"), Occupation: r.PostFormValue("occupation"),
		CongressID: r.PostFormValue("congress_id"), TermID: r.PostFormValue("term_id"), DelegationID: r.PostFormValue("delegation_id"),
		District: r.PostFormValue("district"), GroupID: r.PostFormValue("group_id"), RegionID: r.PostFormValue("region_id"),
		Phone: r.PostFormValue("phone"), Status: renda.DeputyStatus(r.PostFormValue("status")), Note: r.PostFormValue("note")}
	d.BirthYear = intValue(&p, r, "birth_year", "出生年份")
	return d, p.Err()
}

func (s *Server) deputySave(w http.ResponseWriter, r *http.Request, id string) error {
	if err := parseForm(r); err != nil {
		return err
	}
	u := httpx.User(r)
	d, err := deputyFromForm(r, id)
	if err == nil {
		err = s.db.SaveDeputy(r.Context(), u, d)
	}
	if err != nil {
		f, ferr := s.deputyForm(r, &renda.Deputy{ID: id})
		if ferr != nil {
			return ferr
		}
		f.Fill(r)
		f.Fail(err)
		title := "新增代表"
		if id != "" {
			title = "修改代表信息"
		}
		s.renderStatus(w, r, httpx.Status(renda.ErrorCode(err)), "deputy_form", &DeputyFormPage{Base: s.base(r, title), Form: f, Deputy: d})
		return nil
	}
	return redirect(w, r, "/deputies/"+d.ID, "已保存代表 "+d.Name+" 的信息")
}

func (s *Server) deputyCreate(w http.ResponseWriter, r *http.Request) error {
	return s.deputySave(w, r, "")
}

func (s *Server) deputyUpdate(w http.ResponseWriter, r *http.Request) error {
	d, err := s.deputy(r, httpx.User(r))
	if err != nil {
		return err
	}
	return s.deputySave(w, r, d.ID)
}

func (s *Server) deputyEditPage(w http.ResponseWriter, r *http.Request) error {
	d, err := s.deputy(r, httpx.User(r))
	if err != nil {
		return err
	}
	f, err := s.deputyForm(r, d)
	if err != nil {
		return err
	}
	return s.render(w, r, "deputy_form", &DeputyFormPage{Base: s.base(r, "修改代表信息"), Form: f, Deputy: d})
}

// deputyPhoto serves a deputy's photo: public, as deputies' photos are shown
// at stations and on their public pages.
func (s *Server) deputyPhoto(w http.ResponseWriter, r *http.Request) error {
	d, err := s.deputy(r, nil)
	if err != nil {
		return err
	}
	if d.PhotoID == "" {
		w.Header().Set("Content-Type", "image/svg+xml")
		w.Header().Set("Cache-Control", "public, max-age=3600")
		_, err := w.Write(placeholderPhoto(d.Name))
		return err
	}
	return httpx.ServeAttachment(w, r, s.db, "deputy", d.ID, d.PhotoID)
}

func placeholderPhoto(name string) []byte {
	initial := "代"
	if r := []rune(name); len(r) > 0 {
		initial = string(r[0])
	}
	var b bytes.Buffer
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 96 120"><rect width="96" height="120" fill="#f3e6e6"/>`)
	b.WriteString(`<text x="48" y="74" font-size="44" text-anchor="middle" fill="#a61b1b" font-family="sans-serif">`)
	b.WriteString(htmlEscape(initial))
	b.WriteString(`</text></svg>`)
	return b.Bytes()
}

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}

func (s *Server) deputyPhotoUpload(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	d, err := s.deputy(r, u)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	file, hdr, err := r.FormFile("photo")
	if err != nil {
		return redirect(w, r, "/deputies/"+d.ID, "请选择要上传的照片")
	}
	defer file.Close()
	f, err := attach.Check(hdr.Filename, file, attach.Image)
	if err != nil {
		return err
	}
	if err := s.db.SetDeputyPhoto(r.Context(), u, d.ID, f); err != nil {
		return err
	}
	return redirect(w, r, "/deputies/"+d.ID, "照片已更新")
}

// --- import and export ---

// ImportPage is the form to import a workbook, with the problems found.
type ImportPage struct {
	Base
	Form     *Form
	What     string // 代表 or 单位
	Template string
	Back     string
	Problems []xlsx.RowError
}

func (s *Server) importForm(r *http.Request, action string) *Form {
	f := newForm(r, action, "导入", &Field{Name: "file", Label: "Excel 文件（.xlsx）", Type: "file", Required: true, Wide: true,
		Accept: ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Help: "有任何一行出错则全部不导入，并列出每一处错误。"})
	f.Multipart = true
	return f
}

func (s *Server) deputiesImportPage(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, "import", &ImportPage{Base: s.base(r, "导入代表"), Form: s.importForm(r, "/deputies/import"), What: "代表",
		Template: "/deputies/template.xlsx", Back: "/deputies"})
}

func (s *Server) deputiesImport(w http.ResponseWriter, r *http.Request) error {
	p := &ImportPage{Base: s.base(r, "导入代表"), Form: s.importForm(r, "/deputies/import"), What: "代表", Template: "/deputies/template.xlsx", Back: "/deputies"}
	created, updated, err := s.importWorkbook(r, store.DeputyColumns, func(rows []xlsx.Row, probs []xlsx.RowError) (int, int, error) {
		return s.db.ImportDeputies(r.Context(), httpx.User(r), rows, probs)
	})
	if err != nil {
		return s.importFailed(w, r, p, err)
	}
	return redirect(w, r, "/deputies", "导入完成：新增 "+strconv.Itoa(created)+" 名，更新 "+strconv.Itoa(updated)+" 名代表")
}

func (s *Server) importWorkbook(r *http.Request, cols []xlsx.Column, run func([]xlsx.Row, []xlsx.RowError) (int, int, error)) (int, int, error) {
	if err := parseForm(r); err != nil {
		return 0, 0, err
	}
	file, _, err := r.FormFile("file")
	if err != nil {
		return 0, 0, &renda.Error{Code: renda.EINVALID, Message: "请选择要导入的 Excel 文件", Fields: []renda.FieldError{{Field: "file", Message: "请选择文件"}}}
	}
	defer file.Close()
	rows, probs, err := xlsx.Read(file, cols)
	if err != nil {
		return 0, 0, err
	}
	return run(rows, probs)
}

func (s *Server) importFailed(w http.ResponseWriter, r *http.Request, p *ImportPage, err error) error {
	if ie, ok := err.(*xlsx.ImportError); ok {
		p.Problems = ie.Rows
		p.Form.Error = ie.Error()
		s.renderStatus(w, r, http.StatusUnprocessableEntity, "import", p)
		return nil
	}
	if renda.ErrorCode(err) == renda.EINTERNAL {
		return err
	}
	p.Form.Fail(err)
	s.renderStatus(w, r, httpx.Status(renda.ErrorCode(err)), "import", p)
	return nil
}

func (s *Server) writeWorkbook(w http.ResponseWriter, filename string, sheets ...xlsx.Sheet) error {
	b, err := xlsx.Build(sheets...)
	if err != nil {
		return err
	}
	defer b.Close()
	return sendBook(w, filename, b)
}

// sendBook sends a workbook built in full (so that an error while building
// it could still be shown as a page) as a download.
func sendBook(w http.ResponseWriter, filename string, b *xlsx.Book) error {
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", attach.Disposition("attachment", filename))
	_, err := b.WriteTo(w)
	return err
}

func (s *Server) deputiesExport(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	q := r.URL.Query()
	f := renda.DeputyFilter{Q: q.Get("q"), Limit: 500}
	if l := renda.Level(q.Get("level")); l.Valid() {
		f.Level = l
	}
	var all []*renda.Deputy
	for {
		items, total, err := s.db.Deputies(r.Context(), u, f)
		if err != nil {
			return err
		}
		all = append(all, items...)
		f.Offset += len(items)
		if f.Offset >= total || len(items) == 0 {
			break
		}
	}
	if err := s.db.NoteExport(r.Context(), u, "deputies", "代表名册 "+strconv.Itoa(len(all))+" 人（含联系电话）"+exportFilterNote(r)); err != nil {
		return err
	}
	return s.writeWorkbook(w, "代表名册.xlsx", xlsx.Sheet{Name: "代表名册", Title: "代表名册（导出于 " + renda.DateOf(s.db.Clock().Now()).Chinese() + "）",
		Columns: store.DeputyColumns, Rows: store.DeputyRows(all)})
}

func (s *Server) deputiesTemplate(w http.ResponseWriter, r *http.Request) error {
	return s.writeWorkbook(w, "代表导入模板.xlsx", xlsx.Sheet{Name: "代表", Columns: store.DeputyColumns,
		Notes: []string{
			"在“代表”工作表中每行填写一名代表，带 * 的列必填。",
			"代码：留空表示新增；填写系统中已有的代表代码则更新该代表（可先导出名册再修改后导入）。",
			"所属人大须与系统中的名称一致，如：某某市人民代表大会；届次填数字，如 18。",
			"性别填 男 或 女；状态填 在任、暂停履职 或 资格终止，留空为在任；手机号码为 11 位。",
			"示例：张三 | 男 | 汉族 | 1975 | 中共党员 | 某某村党支部书记 | 农民 | 某某市人民代表大会 | 18 | 某某镇代表团",
			"任何一行有错，系统都不会导入，并列出每一处错误。",
		}})
}
