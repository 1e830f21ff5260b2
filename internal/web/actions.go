package web

import (
	"net/http"
	"slices"

	"renda"
	"renda/internal/httpx"
)

// ActionForm is one action the viewer may take on an item, with its form,
// made from the workflow's declaration of the action (renda.Rule).
type ActionForm struct {
	Action  string
	Label   string
	Help    string
	Confirm string // asked before an irreversible action
	Form    *Form
	Primary bool // the action the viewer is expected to take: shown open
	Danger  bool
}

// actionCtx is what the forms of one item need besides its rules: where
// they post, the settings (choices and labels), values to prefill, and
// what narrows the choices of ref fields (e.g. the item's township).
type actionCtx struct {
	post  func(action string) string
	set   *renda.Settings
	fill  map[string]map[string]string // action → field → value
	near  map[string]string            // e.g. "region_id" → the item's township
	scope bool                         // give each form's fields ids of their own
}

// actionForms makes a form for each rule, the expected actions first and
// the dangerous ones last.
func (s *Server) actionForms(r *http.Request, rules []renda.Rule, c actionCtx) ([]*ActionForm, error) {
	var out []*ActionForm
	for _, rule := range rules {
		f, err := s.ruleForm(r, rule, c)
		if err != nil {
			return nil, err
		}
		out = append(out, &ActionForm{Action: rule.Action, Label: rule.Label, Help: c.set.Expand(rule.Help), Confirm: rule.Confirm,
			Form: f, Primary: rule.Tone == "primary", Danger: rule.Tone == "danger"})
	}
	slices.SortStableFunc(out, func(a, b *ActionForm) int {
		rank := func(f *ActionForm) int {
			switch {
			case f.Primary:
				return 0
			case f.Danger:
				return 2
			}
			return 1
		}
		return rank(a) - rank(b)
	})
	return out, nil
}

// itemActions draws an item page's action forms: after a failed action its
// form filled with what was sent and its errors, otherwise the first one
// marked primary.
func (s *Server) itemActions(r *http.Request, rules []renda.Rule, c actionCtx, failed string, failedErr error) ([]*ActionForm, error) {
	forms, err := s.actionForms(r, rules, c)
	if err != nil {
		return nil, err
	}
	if failed != "" {
		failAction(r, forms, failed, failedErr)
	} else if len(forms) > 0 {
		forms[0].Primary = true
	}
	return forms, nil
}

// ruleForm draws one action's form from its fields.
func (s *Server) ruleForm(r *http.Request, rule renda.Rule, c actionCtx) (*Form, error) {
	var fields []*Field
	multipart := false
	for i := range rule.Fields {
		rf := &rule.Fields[i]
		fl := &Field{Name: rf.Name, Label: c.set.Expand(rf.Label), Help: c.set.Expand(rf.Help), Required: rf.Required, Max: rf.Max}
		switch rf.Kind {
		case renda.FieldLine:
			fl.Wide = true
		case renda.FieldText:
			fl.Type, fl.Wide, fl.Rows = "textarea", true, 4
			if fl.Max == 0 {
				fl.Max = 2000
			}
		case renda.FieldDate:
			fl.Type = "date"
		case renda.FieldBool:
			fl.Type = "checkbox"
		case renda.FieldInt:
			fl.Type, fl.Max = "number", 0
		case renda.FieldChoice, renda.FieldChoices:
			fl.Type, fl.Max = "select", 0
			if rf.Kind == renda.FieldChoices {
				fl.Type = "picker" // ticks work on a phone, without Ctrl
			}
			for _, o := range rf.Choices(c.set) {
				fl.Options = append(fl.Options, Option{Value: o.Value, Label: o.Label})
			}
		case renda.FieldRef, renda.FieldRefs:
			fl.Type, fl.Max, fl.Wide = "select", 0, true
			if rf.Kind == renda.FieldRefs {
				fl.Type = "picker"
			}
			opts, err := s.refOptions(r, rf, c.near)
			if err != nil {
				return nil, err
			}
			fl.Options = opts
		case renda.FieldFiles:
			fl.Type, fl.Max, fl.Multiple, fl.Wide, fl.Accept = "file", 0, true, true, rf.Accept
			multipart = true
		}
		if v, ok := c.fill[rule.Action][rf.Name]; ok {
			fl.Value = v
		}
		fields = append(fields, fl)
	}
	if rule.Confirm != "" {
		// An irreversible action asks first, without JavaScript: a box to
		// tick, checked again by confirmed when the form comes back.
		fields = append(fields, &Field{Name: "confirm", Label: c.set.Expand(rule.Confirm), Type: "checkbox", Required: true, Wide: true})
	}
	f := newForm(r, c.post(rule.Action), rule.Label, fields...)
	f.Multipart = multipart
	if c.scope {
		f.Scope(rule.Action)
	}
	return f, nil
}

// refOptionSources list what ref fields of further kinds may name, by the
// field's Ref: each workflow adds its own kinds (from an init function).
var refOptionSources = map[string]func(s *Server, r *http.Request, f *renda.Field) ([]Option, error){}

// refOptions lists what a ref field may name, for its select.
func (s *Server) refOptions(r *http.Request, f *renda.Field, near map[string]string) ([]Option, error) {
	if src, ok := refOptionSources[f.Ref]; ok {
		return src(s, r, f)
	}
	ctx, u := r.Context(), httpx.User(r)
	var out []Option
	switch f.Ref {
	case "organization":
		orgs, _, err := s.db.Organizations(ctx, u, renda.OrgFilter{HandlingOnly: f.Filter == "handling_unit", ActiveOnly: true, Limit: 500})
		if err != nil {
			return nil, err
		}
		for _, o := range orgs {
			out = append(out, Option{Value: o.ID, Label: o.Name, Group: o.Kind.Label()})
		}
	case "deputy":
		df := renda.DeputyFilter{RegionID: near["region_id"], Limit: 500}
		if f.Filter == "active" {
			df.Status = renda.DeputyActive
		}
		ds, _, err := s.db.Deputies(ctx, u, df)
		if err != nil {
			return nil, err
		}
		for _, d := range ds {
			out = append(out, Option{Value: d.ID, Label: d.Name + "（" + d.Level.Label() + "，" + d.RegionName + "）", Group: d.DelegationName, Detail: d.Occupation})
		}
	case "suggestion": // items of the same kind still open, another may join (near: kind, id)
		items, err := s.db.MergeTargets(ctx, u, near["kind"], near["id"], 500)
		if err != nil {
			return nil, err
		}
		for _, it := range items {
			label := it.Title
			if it.Number != "" {
				label = it.Number + " " + it.Title
			}
			out = append(out, Option{Value: it.ID, Label: label})
		}
	}
	return out, nil
}

// confirmed checks that the box of an action that asks first was ticked.
func confirmed(r *http.Request, rule renda.Rule) error {
	if rule.Confirm == "" || r.PostForm.Get("confirm") != "" {
		return nil
	}
	return &renda.Error{Code: renda.EINVALID, Message: "请确认后再提交", Fields: []renda.FieldError{{Field: "confirm", Message: "这一步不能撤回，请勾选确认"}}}
}

// actionValues reads an action's declared fields from a posted form
// (nothing else: the CSRF token and stray fields stay out).
func actionValues(r *http.Request, rule renda.Rule) renda.Values {
	v := renda.Values{}
	for _, f := range rule.Fields {
		if f.Kind == renda.FieldFiles {
			continue
		}
		if vals, ok := r.PostForm[f.Name]; ok {
			v[f.Name] = vals
		}
	}
	return v
}

// failAction reopens the action that failed, with what was sent and why.
func failAction(r *http.Request, forms []*ActionForm, action string, err error) {
	for _, af := range forms {
		af.Primary = af.Primary && action == ""
		if af.Action == action {
			af.Form.Fill(r)
			af.Form.Fail(err)
			af.Primary = true
		}
	}
}
