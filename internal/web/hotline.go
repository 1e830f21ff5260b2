package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"renda"
	"renda/internal/httpx"
	"renda/internal/store"
	"renda/internal/xlsx"
	"renda/opinion"
)

// hotlineRoutes are the pages of the 12345 link: the orders received, the
// import of hotline exports, and the integrations that may call renda.
func (s *Server) hotlineRoutes() []route {
	ref := []renda.Role{renda.RoleAdmin, renda.RoleStaff}
	admin := []renda.Role{renda.RoleAdmin}
	return []route{
		{"GET /hotline", staffSide, s.hotlinePage},
		{"POST /hotline/import", ref, s.hotlineImport},
		{"GET /hotline/template.xlsx", ref, s.hotlineTemplate},
		{"GET /integrations", admin, s.integrationsPage},
		{"POST /integrations", admin, s.integrationCreate},
		{"POST /integrations/{id}/disable", admin, s.integrationToggle(false)},
		{"POST /integrations/{id}/enable", admin, s.integrationToggle(true)},
	}
}

// HotlinePage lists the 12345 orders and takes imports.
type HotlinePage struct {
	Base
	Items     []*opinion.HotlineOrder
	Pager     Pager
	Q         string
	Form      *Form
	Problems  []xlsx.RowError
	CanImport bool
	Endpoint  string
}

func (s *Server) hotlinePage(w http.ResponseWriter, r *http.Request) error {
	return s.renderHotline(w, r, http.StatusOK, nil, nil)
}

func (s *Server) renderHotline(w http.ResponseWriter, r *http.Request, status int, form *Form, problems []xlsx.RowError) error {
	u := httpx.User(r)
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	pg := pager(r, 30)
	items, total, kp, err := s.db.HotlineOrderPage(r.Context(), u, store.HotlineFilter{Q: q, Limit: pg.Limit}, pg.Cursor)
	if err != nil {
		return err
	}
	pg.Total = total
	pg.setPage(kp)
	p := &HotlinePage{Base: s.base(r, "12345 工单"), Items: items, Pager: pg, Q: q, Problems: problems,
		CanImport: u.Is(renda.RoleAdmin, renda.RoleStaff), Endpoint: s.cfg.BaseURL + "/api/v1/hotline/orders"}
	if p.CanImport {
		if form == nil {
			form = s.importForm(r, "/hotline/import")
		}
		p.Form = form
	}
	s.renderStatus(w, r, status, "hotline", p)
	return nil
}

func (s *Server) hotlineImport(w http.ResponseWriter, r *http.Request) error {
	created, repeated, err := s.importWorkbook(r, store.HotlineColumns, func(rows []xlsx.Row, probs []xlsx.RowError) (int, int, error) {
		return s.db.ImportHotlineOrders(r.Context(), httpx.User(r), rows, probs)
	})
	if err != nil {
		f := s.importForm(r, "/hotline/import")
		if ie, ok := err.(*xlsx.ImportError); ok {
			f.Error = ie.Error()
			return s.renderHotline(w, r, http.StatusUnprocessableEntity, f, ie.Rows)
		}
		if renda.ErrorCode(err) == renda.EINTERNAL {
			return err
		}
		f.Fail(err)
		return s.renderHotline(w, r, httpx.Status(renda.ErrorCode(err)), f, nil)
	}
	return redirect(w, r, "/hotline", "导入完成：新增 "+strconv.Itoa(created)+" 条工单，已有 "+strconv.Itoa(repeated)+" 条（未重复导入）")
}

func (s *Server) hotlineTemplate(w http.ResponseWriter, r *http.Request) error {
	now := renda.DateOf(s.db.Clock().Now())
	// The example names one of this county's townships, if there is one.
	code := "000000101"
	if towns, _, err := s.db.Regions(r.Context(), renda.RegionFilter{Level: renda.RegionTownship, Limit: 1}); err == nil && len(towns) > 0 {
		code = towns[0].Code
	}
	example := [][]any{{"CN2405060001", "电话", now.String() + " 09:30", code, "求助", "来电人反映：某某村自来水停水两天。", now.AddDays(7).String() + " 18:00"}}
	return s.writeWorkbook(w, "12345工单导入模板.xlsx", xlsx.Sheet{Name: "工单", Columns: store.HotlineColumns, Rows: example,
		Notes: []string{"带 * 的列必填。可直接导入 12345 平台导出的工单表（列名一致即可）；已导入过的工单编号自动跳过。示例行请删除后再导入。"}})
}

// IntegrationsPage lists the outside systems that may call renda.
type IntegrationsPage struct {
	Base
	Items  []*opinion.Integration
	Form   *Form
	Secret string // shown once, right after creation
	Name   string
	Demo   bool
}

func (s *Server) integrationsPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderIntegrations(w, r, http.StatusOK, nil, "", "")
}

func (s *Server) renderIntegrations(w http.ResponseWriter, r *http.Request, status int, form *Form, secret, name string) error {
	items, err := s.db.Integrations(r.Context(), httpx.User(r))
	if err != nil {
		return err
	}
	if form == nil {
		form = newForm(r, "/integrations", "创建",
			&Field{Name: "kind", Label: "类型", Type: "select", Required: true, Value: opinion.IntegrationHotline,
				Options: []Option{{Value: opinion.IntegrationHotline, Label: "12345 热线平台（签名推送工单）"}, {Value: opinion.IntegrationOpen311, Label: "Open311 应用（api_key）"}, {Value: opinion.IntegrationFinance, Label: "财政预算系统（签名推送预算数据）"}}},
			&Field{Name: "name", Label: "名称", Required: true, Max: 60, Help: "如 12345 政务服务便民热线平台"})
	}
	p := &IntegrationsPage{Base: s.base(r, "外部接口"), Items: items, Form: form, Secret: secret, Name: name, Demo: s.cfg.Demo}
	s.renderStatus(w, r, status, "integrations", p)
	return nil
}

func (s *Server) integrationCreate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	in := &opinion.Integration{Kind: r.PostFormValue("kind"), Name: r.PostFormValue("name")}
	secret, err := s.db.CreateIntegration(r.Context(), httpx.User(r), in)
	if err != nil {
		if renda.ErrorCode(err) == renda.EINTERNAL {
			return err
		}
		f := newForm(r, "/integrations", "创建",
			&Field{Name: "kind", Label: "类型", Type: "select", Required: true,
				Options: []Option{{Value: opinion.IntegrationHotline, Label: "12345 热线平台（签名推送工单）"}, {Value: opinion.IntegrationOpen311, Label: "Open311 应用（api_key）"}, {Value: opinion.IntegrationFinance, Label: "财政预算系统（签名推送预算数据）"}}},
			&Field{Name: "name", Label: "名称", Required: true, Max: 60})
		f.Fill(r)
		f.Fail(err)
		return s.renderIntegrations(w, r, httpx.Status(renda.ErrorCode(err)), f, "", "")
	}
	// The secret is shown on this response only; it is not stored in clear.
	w.Header().Set("Cache-Control", "no-store")
	return s.renderIntegrations(w, r, http.StatusOK, nil, secret, in.Name)
}

func (s *Server) integrationToggle(active bool) func(w http.ResponseWriter, r *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		id := r.PathValue("id")
		if !renda.ValidID(id) {
			return renda.Errorf(renda.ENOTFOUND, "外部接口不存在")
		}
		if err := s.db.SetIntegrationActive(r.Context(), httpx.User(r), id, active); err != nil {
			return err
		}
		msg := "已停用"
		if active {
			msg = "已启用"
		}
		return redirect(w, r, "/integrations", msg)
	}
}

var _ = time.Second
