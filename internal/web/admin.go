package web

import (
	"net/http"
	"strings"

	"renda"
	"renda/internal/httpx"
	"renda/internal/store"
)

// UsersPage lists accounts.
type UsersPage struct {
	Base
	Items []*renda.User
	Pager Pager
	Q     string
	Role  string
	Roles []renda.Role
}

func (s *Server) usersPage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	pg := pager(r, 50)
	f := store.UserFilter{Q: strings.TrimSpace(q.Get("q")), Limit: pg.Limit, Offset: pg.Offset}
	if rl := renda.Role(q.Get("role")); rl.Valid() {
		f.Role = rl
	}
	items, total, err := s.db.Users(r.Context(), httpx.User(r), f)
	if err != nil {
		return err
	}
	pg.Total = total
	return s.render(w, r, "users", &UsersPage{Base: s.base(r, "用户管理"), Items: items, Pager: pg, Q: f.Q, Role: string(f.Role), Roles: renda.Roles})
}

// UserPage shows one account with forms to change it.
type UserPage struct {
	Base
	Account  *renda.User
	Form     *Form
	PassForm *Form
	Tokens   []store.Token
	History  []renda.AuditRecord
}

// UserFormPage creates an account.
type UserFormPage struct {
	Base
	Form *Form
}

func (s *Server) userLinkOptions(r *http.Request) ([]Option, []Option, error) {
	orgs, _, err := s.db.Organizations(r.Context(), httpx.User(r), renda.OrgFilter{Limit: 500})
	if err != nil {
		return nil, nil, err
	}
	var orgOpts []Option
	for _, o := range orgs {
		orgOpts = append(orgOpts, Option{Value: o.ID, Label: o.Name})
	}
	deps, _, err := s.db.Deputies(r.Context(), httpx.User(r), renda.DeputyFilter{Level: renda.LevelCounty, Status: renda.DeputyActive, Limit: 500})
	if err != nil {
		return nil, nil, err
	}
	var depOpts []Option
	for _, d := range deps {
		depOpts = append(depOpts, Option{Value: d.ID, Label: d.Name + "（" + d.DelegationName + "）"})
	}
	return orgOpts, depOpts, nil
}

func roleOptions() []Option {
	var out []Option
	for _, rl := range renda.Roles {
		out = append(out, Option{Value: string(rl), Label: rl.Label()})
	}
	return out
}

func (s *Server) userForm(r *http.Request, u *renda.User, isNew bool) (*Form, error) {
	orgs, deps, err := s.userLinkOptions(r)
	if err != nil {
		return nil, err
	}
	action := "/users"
	if !isNew {
		action += "/" + u.ID
	}
	fields := []*Field{}
	if isNew {
		fields = append(fields, &Field{Name: "username", Label: "用户名", Required: true, Max: 40, Help: "小写字母、数字和 . _ -，登录时使用"})
	}
	fields = append(fields,
		&Field{Name: "display_name", Label: "姓名", Required: true, Max: 40, Value: u.DisplayName},
		&Field{Name: "role", Label: "角色", Type: "select", Required: true, Options: roleOptions(), Value: string(u.Role)},
		&Field{Name: "org_id", Label: "所属单位", Type: "select", Options: orgs, Value: u.OrgID, Help: "承办单位经办人必填；工作人员可选其所在工作机构（乡镇人大的工作人员选本乡镇，一屏共览即显示本乡镇）"},
		&Field{Name: "deputy_id", Label: "关联代表", Type: "select", Options: deps, Value: u.DeputyID, Help: "代表账号必填"})
	if isNew {
		fields = append(fields, &Field{Name: "password", Label: "初始密码", Type: "password", Required: true, Max: 128, Help: "至少 10 个字符，含字母和数字；请通知本人登录后修改"})
	}
	f := newForm(r, action, "保存", fields...)
	f.Cancel = "/users"
	return f, nil
}

func (s *Server) userNewPage(w http.ResponseWriter, r *http.Request) error {
	f, err := s.userForm(r, &renda.User{Role: renda.RoleStaff}, true)
	if err != nil {
		return err
	}
	return s.render(w, r, "user_form", &UserFormPage{Base: s.base(r, "新建用户"), Form: f})
}

func (s *Server) userCreate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	nu, err := s.db.CreateUser(r.Context(), httpx.User(r), store.NewUser{Username: strings.TrimSpace(r.PostFormValue("username")),
		DisplayName: r.PostFormValue("display_name"), Role: renda.Role(r.PostFormValue("role")), OrgID: r.PostFormValue("org_id"),
		DeputyID: r.PostFormValue("deputy_id"), Password: r.PostFormValue("password")})
	if err != nil {
		f, ferr := s.userForm(r, &renda.User{}, true)
		if ferr != nil {
			return ferr
		}
		f.Fill(r)
		f.Fail(err)
		s.renderStatus(w, r, httpx.Status(renda.ErrorCode(err)), "user_form", &UserFormPage{Base: s.base(r, "新建用户"), Form: f})
		return nil
	}
	return redirect(w, r, "/users/"+nu.ID, "已创建用户 "+nu.Username)
}

func (s *Server) account(r *http.Request) (*renda.User, error) {
	id := r.PathValue("id")
	if !renda.ValidID(id) {
		return nil, renda.Errorf(renda.ENOTFOUND, "用户不存在")
	}
	return s.db.User(r.Context(), id)
}

func (s *Server) userPageData(r *http.Request, acc *renda.User) (*UserPage, error) {
	f, err := s.userForm(r, acc, false)
	if err != nil {
		return nil, err
	}
	p := &UserPage{Base: s.base(r, acc.Name()), Account: acc, Form: f,
		PassForm: newForm(r, "/users/"+acc.ID+"/password", "重置密码", &Field{Name: "password", Label: "新密码", Type: "password", Required: true, Max: 128})}
	if p.Tokens, err = s.db.Tokens(r.Context(), httpx.User(r), acc.ID); err != nil {
		return nil, err
	}
	p.History, err = s.db.History(r.Context(), "user", acc.ID)
	return p, err
}

func (s *Server) userPage(w http.ResponseWriter, r *http.Request) error {
	acc, err := s.account(r)
	if err != nil {
		return err
	}
	p, err := s.userPageData(r, acc)
	if err != nil {
		return err
	}
	return s.render(w, r, "user", p)
}

func (s *Server) userUpdate(w http.ResponseWriter, r *http.Request) error {
	acc, err := s.account(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	err = s.db.UpdateUser(r.Context(), httpx.User(r), acc.ID, store.UserUpdate{DisplayName: r.PostFormValue("display_name"),
		Role: renda.Role(r.PostFormValue("role")), OrgID: r.PostFormValue("org_id"), DeputyID: r.PostFormValue("deputy_id")})
	if err != nil {
		p, perr := s.userPageData(r, acc)
		if perr != nil {
			return perr
		}
		p.Form.Fill(r)
		p.Form.Fail(err)
		s.renderStatus(w, r, httpx.Status(renda.ErrorCode(err)), "user", p)
		return nil
	}
	return redirect(w, r, "/users/"+acc.ID, "已保存")
}

func (s *Server) userSetDisabled(w http.ResponseWriter, r *http.Request, disabled bool) error {
	acc, err := s.account(r)
	if err != nil {
		return err
	}
	if err := s.db.SetUserDisabled(r.Context(), httpx.User(r), acc.ID, disabled); err != nil {
		return err
	}
	msg := "账号已启用"
	if disabled {
		msg = "账号已停用，该用户的所有登录已失效"
	}
	return redirect(w, r, "/users/"+acc.ID, msg)
}

func (s *Server) userDisable(w http.ResponseWriter, r *http.Request) error {
	return s.userSetDisabled(w, r, true)
}
func (s *Server) userEnable(w http.ResponseWriter, r *http.Request) error {
	return s.userSetDisabled(w, r, false)
}

func (s *Server) userResetPassword(w http.ResponseWriter, r *http.Request) error {
	acc, err := s.account(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	if err := s.db.SetPassword(r.Context(), httpx.User(r), acc.ID, "", r.PostFormValue("password")); err != nil {
		p, perr := s.userPageData(r, acc)
		if perr != nil {
			return perr
		}
		p.PassForm.Fail(err)
		s.renderStatus(w, r, httpx.Status(renda.ErrorCode(err)), "user", p)
		return nil
	}
	return redirect(w, r, "/users/"+acc.ID, "密码已重置，请通知本人尽快修改")
}

// AuditPage browses the audit log.
type AuditPage struct {
	Base
	Items    []renda.AuditRecord
	Pager    Pager
	Filter   renda.AuditFilter
	Entities []Option
	Error    string
}

func (s *Server) auditPage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	pg := pager(r, 50)
	f := renda.AuditFilter{Entity: q.Get("entity"), EntityID: q.Get("entity_id"), Action: q.Get("action"), Q: strings.TrimSpace(q.Get("q")), Limit: pg.Limit}
	p := &AuditPage{Base: s.base(r, "审计日志"), Filter: f}
	var err error
	if f.From, err = renda.ParseDate(q.Get("from")); err != nil {
		p.Error = "开始日期：" + err.Error()
	}
	if f.To, err = renda.ParseDate(q.Get("to")); err != nil {
		p.Error = "结束日期：" + err.Error()
	}
	p.Filter = f
	for _, e := range []string{"user", "deputy", "organization", "region", "congress", "term", "session", "delegation", "group", "setting", "calendar",
		"suggestion", "opinion", "hotline_order", "station", "vote", "project"} {
		p.Entities = append(p.Entities, Option{Value: e, Label: renda.EntityLabel(e)})
	}
	var kp store.Page
	if p.Items, pg.Total, kp, err = s.db.AuditLogPage(r.Context(), httpx.User(r), f, pg.Cursor); err != nil {
		return err
	}
	pg.setPage(kp)
	p.Pager = pg
	return s.render(w, r, "audit", p)
}

// SettingsPage edits the per-deployment settings.
type SettingsPage struct {
	Base
	Groups []SettingGroup
	Error  string
	Errors map[string]string
}

// SettingGroup is one heading of the settings page.
type SettingGroup struct {
	Name  string
	Items []SettingItem
}

// SettingItem is one setting with its current value.
type SettingItem struct {
	Def   renda.SettingDef
	Value string
	Error string
}

func (s *Server) settingsData(r *http.Request, input map[string]string, err error) (*SettingsPage, error) {
	set, e := s.db.Settings(r.Context())
	if e != nil {
		return nil, e
	}
	errs := map[string]string{}
	for _, fe := range renda.ErrorFields(err) {
		errs[fe.Field] = fe.Message
	}
	p := &SettingsPage{Base: s.base(r, "系统设置"), Errors: errs}
	if err != nil {
		p.Error = renda.ErrorMessage(err)
	}
	idx := map[string]int{}
	for _, d := range renda.AllSettings() {
		v := set.Display(d)
		if in, ok := input[d.Key]; ok {
			v = in
		}
		i, ok := idx[d.Group]
		if !ok {
			i = len(p.Groups)
			idx[d.Group] = i
			p.Groups = append(p.Groups, SettingGroup{Name: d.Group})
		}
		p.Groups[i].Items = append(p.Groups[i].Items, SettingItem{Def: d, Value: v, Error: errs[d.Key]})
	}
	return p, nil
}

func (s *Server) settingsPage(w http.ResponseWriter, r *http.Request) error {
	p, err := s.settingsData(r, nil, nil)
	if err != nil {
		return err
	}
	return s.render(w, r, "settings", p)
}

func (s *Server) settingsSave(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	input := map[string]string{}
	for _, d := range renda.AllSettings() {
		if d.Kind == renda.KindBool {
			if r.PostForm.Has(d.Key) {
				input[d.Key] = "true"
			} else {
				input[d.Key] = "false"
			}
			continue
		}
		if r.PostForm.Has(d.Key) {
			input[d.Key] = r.PostFormValue(d.Key)
		}
	}
	if err := s.db.UpdateSettings(r.Context(), httpx.User(r), input); err != nil {
		p, perr := s.settingsData(r, input, err)
		if perr != nil {
			return perr
		}
		s.renderStatus(w, r, httpx.Status(renda.ErrorCode(err)), "settings", p)
		return nil
	}
	return redirect(w, r, "/settings", "设置已保存")
}

// OutboxPage lists messages leaving renda and their delivery state.
type OutboxPage struct {
	Base
	Items  []renda.Message
	Pager  Pager
	Status string
}

func (s *Server) outboxPage(w http.ResponseWriter, r *http.Request) error {
	pg := pager(r, 50)
	st := r.URL.Query().Get("status")
	if st != renda.MessagePending && st != renda.MessageSent && st != renda.MessageDead {
		st = ""
	}
	items, total, err := s.db.Outbox(r.Context(), store.OutboxFilter{Status: st, Limit: pg.Limit, Offset: pg.Offset})
	if err != nil {
		return err
	}
	pg.Total = total
	return s.render(w, r, "outbox", &OutboxPage{Base: s.base(r, "外发消息"), Items: items, Pager: pg, Status: st})
}
