package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"renda"
	"renda/internal/httpx"
)

// Form is an HTML form described in Go, rendered by the "form" partial.
// On a failed submit it is filled with what was sent and the errors.
type Form struct {
	CSRF      string
	Action    string
	Submit    string // label of the submit button
	Check     string // label of a second button (name "check") that asks for a look before saving
	Cancel    string // link back
	Multipart bool
	Error     string // the message above the form
	Fields    []*Field
	Hidden    map[string]string
}

// Field is one form field.
type Field struct {
	Name     string
	Label    string
	Type     string // text (default), number, date, datetime-local, password, textarea, select, checkbox, file, tel, picker
	Value    string
	Values   []string // selected values of a multiple select
	Options  []Option
	Required bool
	Help     string
	Error    string
	Wide     bool // spans both columns
	Multiple bool
	Max      int // maxlength
	Accept   string
	Rows     int
	ID       string // the element id; default "f-" + Name (see Form.Scope)
}

// HTMLID is the element id of the field's input, for its label.
func (fl *Field) HTMLID() string {
	if fl.ID != "" {
		return fl.ID
	}
	return "f-" + fl.Name
}

// Scope gives the form's fields ids of their own ("f-<scope>-<name>"), for
// pages that show several forms with fields of the same name.
func (f *Form) Scope(scope string) *Form {
	for _, fl := range f.Fields {
		fl.ID = "f-" + scope + "-" + fl.Name
	}
	return f
}

// Option is one choice of a select or picker. A picker shows Detail after
// the label (which 张三: township, occupation) and lists options under
// their Group (the delegation).
type Option struct {
	Value, Label string
	Group        string
	Detail       string
}

// OptionGroup is a picker's options under one heading.
type OptionGroup struct {
	Name    string
	Options []Option
}

// Groups are the options by Group, in the order the groups first appear.
func (fl *Field) Groups() []OptionGroup {
	var out []OptionGroup
	at := map[string]int{}
	for _, o := range fl.Options {
		i, ok := at[o.Group]
		if !ok {
			i = len(out)
			at[o.Group] = i
			out = append(out, OptionGroup{Name: o.Group})
		}
		out[i].Options = append(out[i].Options, o)
	}
	return out
}

// newForm starts a form that posts to action.
func newForm(r *http.Request, action, submit string, fields ...*Field) *Form {
	return &Form{CSRF: httpx.CSRFToken(httpx.SessionToken(r)), Action: action, Submit: submit, Fields: fields}
}

// Field returns the field called name.
func (f *Form) Field(name string) *Field {
	for _, fl := range f.Fields {
		if fl.Name == name {
			return fl
		}
	}
	return nil
}

// Fill sets the fields' values from a submitted form.
func (f *Form) Fill(r *http.Request) {
	for _, fl := range f.Fields {
		switch fl.Type {
		case "file", "password":
		case "checkbox":
			if r.PostForm.Has(fl.Name) {
				fl.Value = "on"
			} else {
				fl.Value = ""
			}
		case "picker":
			fl.Values = r.PostForm[fl.Name]
		default:
			if fl.Multiple {
				fl.Values = r.PostForm[fl.Name]
			} else {
				fl.Value = r.PostFormValue(fl.Name)
			}
		}
	}
}

// Fail puts err's messages on the form: each field's own, and the summary on top.
func (f *Form) Fail(err error) {
	f.Error = renda.ErrorMessage(err)
	for _, fe := range renda.ErrorFields(err) {
		if fl := f.Field(fe.Field); fl != nil && fl.Error == "" {
			fl.Error = fe.Message
		}
	}
}

// Checked reports whether a checkbox is on.
func (fl *Field) Checked() bool { return fl.Value == "on" || fl.Value == "true" || fl.Value == "1" }

// Selected reports whether an option is selected.
func (fl *Field) Selected(v string) bool {
	if fl.Multiple || fl.Type == "picker" {
		for _, s := range fl.Values {
			if s == v {
				return true
			}
		}
		return false
	}
	return fl.Value == v
}

// parseForm reads a submitted form and refuses invalid UTF-8 anywhere in it.
func parseForm(r *http.Request) error {
	// A body over the server's limit (http.MaxBytesError), or a plain form
	// over net/http's own 10 MB, is too large (413), not invalid.
	tooLarge := func(err error) bool {
		var mbe *http.MaxBytesError
		return errors.As(err, &mbe) || strings.Contains(err.Error(), "too large")
	}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		if err := r.ParseMultipartForm(8 << 20); err != nil {
			if tooLarge(err) {
				return renda.Errorf(renda.ETOOLARGE, "上传的文件太大")
			}
			return renda.Errorf(renda.EINVALID, "表单无法读取：%s", err.Error())
		}
	} else if err := r.ParseForm(); err != nil {
		if tooLarge(err) {
			return renda.Errorf(renda.ETOOLARGE, "提交的内容太大")
		}
		return renda.Errorf(renda.EINVALID, "表单无法读取")
	}
	for k, vs := range r.PostForm {
		for _, v := range vs {
			if !utf8.ValidString(k) || !utf8.ValidString(v) {
				return renda.Errorf(renda.EINVALID, "提交的内容含有无效的字符编码")
			}
		}
	}
	return nil
}

// intValue parses an optional whole number from a form; bad input is a field error.
func intValue(p *renda.Problems, r *http.Request, name, label string) int {
	v := strings.TrimSpace(r.PostFormValue(name))
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		p.Add(name, "%s应为整数", label)
	}
	return n
}

// dateValue parses an optional date from a form.
func dateValue(p *renda.Problems, r *http.Request, name, label string) renda.Date {
	d, err := renda.ParseDate(strings.TrimSpace(r.PostFormValue(name)))
	if err != nil {
		p.Add(name, "%s：%s", label, err.Error())
	}
	return d
}

// options turns a list of strings into select options.
func options(values ...string) []Option {
	out := make([]Option, len(values))
	for i, v := range values {
		out[i] = Option{Value: v, Label: v}
	}
	return out
}
