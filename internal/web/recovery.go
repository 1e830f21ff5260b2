package web

import (
	"net/http"
	"strings"

	"renda"
	"renda/internal/httpx"
	"renda/internal/store"
)

// Password recovery by a text message (找回密码): /password/forgot asks for
// the account and the phone on record and sends a code; /password/reset
// sets a new password with it. /account lets a user record the phone.
func (s *Server) recoveryRoutes() []route {
	return []route{
		{"GET /password/forgot", nil, s.forgotPage},
		{"POST /password/forgot", nil, s.forgotSubmit},
		{"POST /password/reset", nil, s.resetSubmit},
		{"POST /account/phone", signedIn, s.accountPhone},
	}
}

// RecoveryPage is the two steps of recovery: ask for a code, then use it.
type RecoveryPage struct {
	Base
	Ask   *Form // account and phone
	Reset *Form // code and new password; shown once a code was asked for
	// DemoCode is the code in demo mode, where no text message leaves.
	DemoCode string
	Minutes  int
}

func (s *Server) askForm(r *http.Request) *Form {
	return newForm(r, "/password/forgot", "获取验证码",
		&Field{Name: "username", Label: "用户名", Required: true, Max: 40, Wide: true},
		&Field{Name: "phone", Label: "登记的手机号", Type: "tel", Required: true, Max: 20, Wide: true,
			Help: "账号登记的手机号；代表账号为代表登记的手机号。没有登记手机号的，请联系系统管理员重置密码。"})
}

func (s *Server) resetForm(r *http.Request, username string) *Form {
	f := newForm(r, "/password/reset", "重设密码",
		&Field{Name: "code", Label: "短信验证码", Required: true, Max: 12, Wide: true},
		&Field{Name: "next", Label: "新密码", Type: "password", Required: true, Wide: true, Help: "至少 10 个字符，须同时包含字母和数字。"},
		&Field{Name: "again", Label: "再次输入新密码", Type: "password", Required: true, Wide: true})
	f.Hidden = map[string]string{"username": username}
	return f
}

func (s *Server) recoveryPage(r *http.Request) *RecoveryPage {
	p := &RecoveryPage{Base: s.base(r, "找回密码"), Ask: s.askForm(r), Minutes: int(store.RecoveryCodeTTL.Minutes())}
	p.BodyClass = "login"
	return p
}

func (s *Server) forgotPage(w http.ResponseWriter, r *http.Request) error {
	p := s.recoveryPage(r)
	p.Ask.Field("username").Value = strings.TrimSpace(r.URL.Query().Get("username"))
	return s.render(w, r, "password_forgot", p)
}

func (s *Server) forgotSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	p := s.recoveryPage(r)
	p.Ask.Fill(r)
	username := strings.TrimSpace(strings.ToLower(r.PostFormValue("username")))
	code, err := s.db.RequestPasswordCode(r.Context(), username, r.PostFormValue("phone"), httpx.ClientIP(r))
	if err != nil {
		p.Ask.Fail(err)
		s.renderStatus(w, r, httpx.Status(renda.ErrorCode(err)), "password_forgot", p)
		return nil
	}
	p.Reset = s.resetForm(r, username)
	if p.Demo {
		p.DemoCode = code
	}
	return s.render(w, r, "password_forgot", p)
}

func (s *Server) resetSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	username := strings.TrimSpace(strings.ToLower(r.PostFormValue("username")))
	p := s.recoveryPage(r)
	p.Ask.Field("username").Value = username
	p.Reset = s.resetForm(r, username)
	p.Reset.Field("code").Value = strings.TrimSpace(r.PostFormValue("code"))
	var err error
	if r.PostFormValue("next") != r.PostFormValue("again") {
		err = &renda.Error{Code: renda.EINVALID, Message: "两次输入的新密码不一致", Fields: []renda.FieldError{{Field: "again", Message: "与新密码不一致"}}}
	} else {
		err = s.db.ResetPasswordWithCode(r.Context(), username, strings.TrimSpace(r.PostFormValue("code")), r.PostFormValue("next"))
	}
	if err != nil {
		p.Reset.Fail(err)
		s.renderStatus(w, r, httpx.Status(renda.ErrorCode(err)), "password_forgot", p)
		return nil
	}
	return redirect(w, r, "/login", "密码已重设，请用新密码登录")
}

func (s *Server) phoneForm(r *http.Request) *Form {
	return newForm(r, "/account/phone", "保存手机号",
		&Field{Name: "phone", Label: "手机号", Type: "tel", Max: 20, Wide: true, Help: "忘记密码时，验证码发到这个手机号。留空则取消。"},
		&Field{Name: "current", Label: "当前密码", Type: "password", Required: true, Wide: true, ID: "f-phone-current"}) // not f-current: the password form is on the same page
}

func (s *Server) accountPhone(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	u := httpx.User(r)
	err := s.db.SetRecoveryPhone(r.Context(), u, u.ID, r.PostFormValue("current"), r.PostFormValue("phone"))
	if err != nil {
		p, perr := s.accountData(r)
		if perr != nil {
			return perr
		}
		p.PhoneForm.Fill(r)
		p.PhoneForm.Fail(err)
		s.renderStatus(w, r, httpx.Status(renda.ErrorCode(err)), "account", p)
		return nil
	}
	return redirect(w, r, "/account", "找回密码手机号已保存")
}
