package web

import (
	"net/http"
	"strings"
	"time"

	"renda"
	"renda/internal/httpx"
	"renda/internal/store"
)

// LoginPage is the sign-in form.
type LoginPage struct {
	Base
	Form *Form
	Next string
}

func (s *Server) loginForm(r *http.Request, next string) *LoginPage {
	f := newForm(r, "/login", "登录",
		&Field{Name: "username", Label: "用户名", Required: true, Max: 40, Wide: true},
		&Field{Name: "password", Label: "密码", Type: "password", Required: true, Max: 128, Wide: true})
	f.Hidden = map[string]string{"next": safeNext(next)}
	p := &LoginPage{Base: s.base(r, "登录"), Form: f, Next: safeNext(next)}
	p.BodyClass = "login"
	return p
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) error {
	if httpx.User(r) != nil {
		http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return nil
	}
	return s.render(w, r, "login", s.loginForm(r, r.URL.Query().Get("next")))
}

func (s *Server) loginSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	p := s.loginForm(r, r.PostFormValue("next"))
	p.Form.Fill(r)
	username := strings.TrimSpace(strings.ToLower(r.PostFormValue("username")))
	var probs renda.Problems
	probs.Line("username", "用户名", username, true, 40)
	probs.Text("password", "密码", r.PostFormValue("password"), true, 128)
	err := probs.Err()
	var u *renda.User
	if err == nil {
		u, err = s.db.Login(r.Context(), username, r.PostFormValue("password"), httpx.ClientIP(r))
	}
	if err != nil {
		p.Form.Fail(err)
		s.renderStatus(w, r, httpx.Status(renda.ErrorCode(err)), "login", p)
		return nil
	}
	ttl := 7 * 24 * time.Hour // hard limit; idle sessions end after auth.session_hours
	tok, err := s.db.CreateSession(r.Context(), u, store.WebSession, "", httpx.ClientIP(r), ttl)
	if err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: httpx.SessionCookie, Value: tok, Path: "/", HttpOnly: true,
		Secure: strings.HasPrefix(s.cfg.BaseURL, "https://"), SameSite: http.SameSiteLaxMode, MaxAge: int(ttl.Seconds())})
	return redirect(w, r, p.Next, "")
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	if tok := httpx.SessionToken(r); tok != "" {
		if err := s.db.DeleteSession(r.Context(), httpx.User(r), tok); err != nil {
			return err
		}
	}
	http.SetCookie(w, &http.Cookie{Name: httpx.SessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true})
	return redirect(w, r, "/login", "您已安全退出")
}

// AccountPage shows the signed-in user's account and the password form.
type AccountPage struct {
	Base
	Form      *Form
	PhoneForm *Form
	Phone     string // the recovery phone on record, masked
	Tokens    []store.Token
}

// accountData is the account page of the signed-in user.
func (s *Server) accountData(r *http.Request) (*AccountPage, error) {
	u := httpx.User(r)
	toks, err := s.db.Tokens(r.Context(), u, u.ID)
	if err != nil {
		return nil, err
	}
	p := &AccountPage{Base: s.base(r, "我的账号"), Form: s.passwordForm(r), PhoneForm: s.phoneForm(r), Tokens: toks}
	p.Phone, err = s.db.RecoveryPhone(r.Context(), u.ID)
	return p, err
}

func (s *Server) passwordForm(r *http.Request) *Form {
	return newForm(r, "/account/password", "修改密码",
		&Field{Name: "current", Label: "当前密码", Type: "password", Required: true, Wide: true},
		&Field{Name: "next", Label: "新密码", Type: "password", Required: true, Wide: true, Help: "至少 10 个字符，须同时包含字母和数字。"},
		&Field{Name: "again", Label: "再次输入新密码", Type: "password", Required: true, Wide: true})
}

func (s *Server) accountPage(w http.ResponseWriter, r *http.Request) error {
	p, err := s.accountData(r)
	if err != nil {
		return err
	}
	return s.render(w, r, "account", p)
}

func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	u := httpx.User(r)
	p, err := s.accountData(r)
	if err != nil {
		return err
	}
	if r.PostFormValue("next") != r.PostFormValue("again") {
		err = &renda.Error{Code: renda.EINVALID, Message: "两次输入的新密码不一致", Fields: []renda.FieldError{{Field: "again", Message: "与新密码不一致"}}}
	} else {
		err = s.db.SetPassword(r.Context(), u, u.ID, r.PostFormValue("current"), r.PostFormValue("next"))
	}
	if err != nil {
		p.Form.Fail(err)
		s.renderStatus(w, r, httpx.Status(renda.ErrorCode(err)), "account", p)
		return nil
	}
	// Other sessions were signed out; keep this one by signing in afresh.
	tok, err := s.db.CreateSession(r.Context(), u, store.WebSession, "", httpx.ClientIP(r), 7*24*time.Hour)
	if err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: httpx.SessionCookie, Value: tok, Path: "/", HttpOnly: true,
		Secure: strings.HasPrefix(s.cfg.BaseURL, "https://"), SameSite: http.SameSiteLaxMode, MaxAge: 7 * 24 * 3600})
	return redirect(w, r, "/account", "密码已修改")
}

// NotificationsPage lists the user's messages.
type NotificationsPage struct {
	Base
	Items  []renda.Notification
	Pager  Pager
	Unread int
}

func (s *Server) notificationsPage(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	pg := pager(r, 30)
	items, total, unread, err := s.db.Notifications(r.Context(), u.ID, pg.Limit, pg.Offset)
	if err != nil {
		return err
	}
	pg.Total = total
	b := s.base(r, "消息")
	b.Unread = unread // the top bar's count, as the list counts it
	return s.render(w, r, "notifications", &NotificationsPage{Base: b, Items: items, Pager: pg, Unread: unread})
}

func (s *Server) markRead(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	var ids []string
	for _, id := range r.PostForm["id"] {
		if renda.ValidID(id) {
			ids = append(ids, id)
		}
	}
	if err := s.db.MarkNotificationsRead(r.Context(), httpx.User(r), ids); err != nil {
		return err
	}
	if to := r.PostFormValue("to"); to != "" {
		return redirect(w, r, safeNext(to), "")
	}
	return redirect(w, r, "/notifications", "已标记为已读")
}
