package renda

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// FieldKind says what a field of an action's input holds, and so how a page
// shows it and how the API reads it.
type FieldKind string

// Field kinds.
const (
	FieldLine    FieldKind = "line"    // one line of text (JSON string)
	FieldText    FieldKind = "text"    // several lines of text (JSON string)
	FieldDate    FieldKind = "date"    // a day, 2006-01-02 (JSON string)
	FieldBool    FieldKind = "bool"    // a checkbox (JSON boolean)
	FieldInt     FieldKind = "int"     // a whole number (JSON number)
	FieldChoice  FieldKind = "choice"  // one of the options (JSON string)
	FieldChoices FieldKind = "choices" // several of the options (JSON array of strings)
	FieldRef     FieldKind = "ref"     // the id of another object (JSON string), resolved by the store
	FieldRefs    FieldKind = "refs"    // several ids (JSON array of strings), resolved by the store
	FieldFiles   FieldKind = "files"   // uploaded files (multipart only; not in JSON)
)

// Option is one choice of a choice field.
type Option struct {
	Value string `json:"value"`
	Label string `json:"label"`
}

// Field is one input of an action, declared once: pages draw their form
// from it, the API decodes its JSON by it, and Decode checks it.
type Field struct {
	Name     string // form field and JSON member name
	Label    string // Chinese, on the form and in error messages
	Kind     FieldKind
	Required bool
	Max      int // characters of text (default 2000); the largest int
	Min      int // the smallest int
	Help     string
	Options  []Option // fixed choices
	// OptionsFrom names a setting (KindStrings) whose lines are the choices.
	OptionsFrom string
	// OptionsFunc makes the choices from the settings (e.g. codes and
	// labels parsed from a setting's lines); it wins over OptionsFrom.
	OptionsFunc func(*Settings) []Option
	// Ref names what a ref field points at ("organization", "deputy",
	// "suggestion" …) and Filter narrows it ("handling_unit", "active" …);
	// the store resolves the id and refuses one that does not qualify.
	Ref, Filter string
	Accept      string // files: accepted types, for the browser's picker
}

// Choices returns the options of a choice field under settings set.
func (f *Field) Choices(set *Settings) []Option {
	if f.OptionsFunc != nil && set != nil {
		return f.OptionsFunc(set)
	}
	if f.OptionsFrom == "" || set == nil {
		return f.Options
	}
	var out []Option
	for _, s := range set.Strings(f.OptionsFrom) {
		out = append(out, Option{s, s})
	}
	return out
}

func (f *Field) max() int {
	if f.Max > 0 {
		return f.Max
	}
	return 2000
}

// Values is an action's raw input as it arrived: a form's values, or a JSON
// object turned into strings by the API (see the kinds above).
type Values map[string][]string

// Get returns the first value of name, or "".
func (v Values) Get(name string) string {
	if len(v[name]) == 0 {
		return ""
	}
	return v[name][0]
}

// Ref is an object a ref field named, as the store resolved it.
type Ref struct {
	ID    string
	Name  string
	Extra map[string]string // what the resolver adds (e.g. a deputy's township)
}

// Input is an action's input after Decode: typed, checked against the
// action's fields. Files are counted here; their content stays with the
// store.
type Input struct {
	text  map[string]string
	list  map[string][]string
	dates map[string]Date
	bools map[string]bool
	ints  map[string]int
	refs  map[string][]Ref
	Files int
}

// Text returns a text, choice or ref field's value ("" if none).
func (in *Input) Text(name string) string { return in.text[name] }

// Has reports whether a field was given a value.
func (in *Input) Has(name string) bool {
	_, a := in.text[name]
	_, b := in.list[name]
	_, c := in.dates[name]
	_, d := in.bools[name]
	_, e := in.ints[name]
	return a || b || c || d || e
}

// List returns a choices or refs field's values.
func (in *Input) List(name string) []string { return in.list[name] }

// Date returns a date field's value (zero if none).
func (in *Input) Date(name string) Date { return in.dates[name] }

// Bool returns a checkbox's value.
func (in *Input) Bool(name string) bool { return in.bools[name] }

// Int returns an int field's value.
func (in *Input) Int(name string) int { return in.ints[name] }

// Ref returns the object a ref field names (nil if none).
func (in *Input) Ref(name string) *Ref {
	if len(in.refs[name]) == 0 {
		return nil
	}
	return &in.refs[name][0]
}

// Refs returns the objects a refs field names.
func (in *Input) Refs(name string) []Ref { return in.refs[name] }

// NewInput returns an input built in code, for callers inside renda that
// act without a form (sweeps, the demo, imports, other workflows).
func NewInput() *Input {
	return &Input{text: map[string]string{}, list: map[string][]string{}, dates: map[string]Date{},
		bools: map[string]bool{}, ints: map[string]int{}, refs: map[string][]Ref{}}
}

// Set sets a text, choice or ref field's value (without resolving it).
func (in *Input) Set(name, v string) *Input { in.text[name] = v; return in }

// SetDate sets a date field.
func (in *Input) SetDate(name string, d Date) *Input { in.dates[name] = d; return in }

// SetBool sets a checkbox.
func (in *Input) SetBool(name string, b bool) *Input { in.bools[name] = b; return in }

// SetInt sets an int field.
func (in *Input) SetInt(name string, n int) *Input { in.ints[name] = n; return in }

// SetList sets a choices or refs field.
func (in *Input) SetList(name string, v []string) *Input { in.list[name] = v; return in }

// SetRef sets a resolved ref field.
func (in *Input) SetRef(name string, r Ref) *Input {
	in.text[name] = r.ID
	in.refs[name] = []Ref{r}
	return in
}

// SetRefs sets a resolved refs field.
func (in *Input) SetRefs(name string, rs []Ref) *Input {
	ids := make([]string, len(rs))
	for i, r := range rs {
		ids[i] = r.ID
	}
	in.list[name] = ids
	in.refs[name] = rs
	return in
}

// Resolver looks up the objects ref fields name. The store implements it;
// an id that does not exist or does not qualify under the field's Filter is
// reported by returning ok false.
type Resolver func(f *Field, id string) (r Ref, ok bool, err error)

// Decode checks raw input against fields and returns it typed. Unknown
// names are refused (a typo in an API call must not pass silently). Every
// fault is reported, each on its field, as an EINVALID error.
func Decode(fields []Field, raw Values, set *Settings, resolve Resolver, files int) (*Input, error) {
	in := NewInput()
	in.Files = files
	var p Problems
	for name := range raw {
		if !slices.ContainsFunc(fields, func(f Field) bool { return f.Name == name }) {
			p.Add(name, "不认识的输入项“%s”", truncate(name, 30))
		}
	}
	for i := range fields {
		f := &fields[i]
		vals := raw[f.Name]
		v := ""
		if len(vals) > 0 {
			v = vals[0]
		}
		switch f.Kind {
		case FieldLine:
			if s := p.Line(f.Name, f.Label, v, f.Required, f.max()); s != "" {
				in.text[f.Name] = s
			}
		case FieldText:
			if s := p.Text(f.Name, f.Label, v, f.Required, f.max()); s != "" {
				in.text[f.Name] = s
			}
		case FieldDate:
			v = strings.TrimSpace(v)
			if v == "" {
				if f.Required {
					p.Add(f.Name, "请填写%s", f.Label)
				}
				continue
			}
			d, err := ParseDate(v)
			if err != nil {
				p.Add(f.Name, "%s：%s", f.Label, err.Error())
				continue
			}
			in.dates[f.Name] = d
		case FieldBool:
			switch strings.ToLower(strings.TrimSpace(v)) {
			case "", "false", "0", "off":
				if len(vals) > 0 {
					in.bools[f.Name] = false
				}
			case "true", "1", "on", "yes":
				in.bools[f.Name] = true
			default:
				p.Add(f.Name, "%s应为是或否", f.Label)
			}
		case FieldInt:
			v = strings.TrimSpace(v)
			if v == "" {
				if f.Required {
					p.Add(f.Name, "请填写%s", f.Label)
				}
				continue
			}
			n, err := strconv.Atoi(v)
			if err != nil {
				p.Add(f.Name, "%s应为整数", f.Label)
				continue
			}
			if (f.Min != 0 || f.Max != 0) && (n < f.Min || n > f.Max) {
				p.Add(f.Name, "%s应在 %d 到 %d 之间", f.Label, f.Min, f.Max)
				continue
			}
			in.ints[f.Name] = n
		case FieldChoice:
			opts := f.Choices(set)
			allowed := make([]string, len(opts))
			for i, o := range opts {
				allowed[i] = o.Value
			}
			if s := p.OneOf(f.Name, f.Label, v, f.Required, allowed...); s != "" && !p.Has(f.Name) {
				in.text[f.Name] = s
			}
		case FieldChoices:
			opts := f.Choices(set)
			var got []string
			for _, s := range vals {
				s = strings.TrimSpace(s)
				if s == "" || slices.Contains(got, s) {
					continue
				}
				if !slices.ContainsFunc(opts, func(o Option) bool { return o.Value == s }) {
					p.Add(f.Name, "%s的取值“%s”无效", f.Label, truncate(s, 20))
					break
				}
				got = append(got, s)
			}
			if len(got) == 0 && f.Required {
				p.Add(f.Name, "请选择%s", f.Label)
			}
			in.list[f.Name] = got
		case FieldRef, FieldRefs:
			var ids []string
			for _, s := range vals {
				if s = strings.TrimSpace(s); s != "" && !slices.Contains(ids, s) {
					ids = append(ids, s)
				}
			}
			if f.Kind == FieldRef && len(ids) > 1 {
				p.Add(f.Name, "%s只能选一个", f.Label)
				continue
			}
			if len(ids) == 0 {
				if f.Required {
					p.Add(f.Name, "请选择%s", f.Label)
				}
				continue
			}
			var refs []Ref
			for _, id := range ids {
				if !ValidID(id) {
					p.Add(f.Name, "所选%s不存在", f.Label)
					break
				}
				if resolve == nil {
					refs = append(refs, Ref{ID: id})
					continue
				}
				r, ok, err := resolve(f, id)
				if err != nil {
					return nil, err
				}
				if !ok {
					p.Add(f.Name, "所选%s不存在或不符合条件", f.Label)
					break
				}
				refs = append(refs, r)
			}
			if p.Has(f.Name) {
				continue
			}
			in.refs[f.Name] = refs
			in.list[f.Name] = ids
			in.text[f.Name] = ids[0]
		case FieldFiles:
			if f.Required && files == 0 {
				p.Add(f.Name, "请上传%s", f.Label)
			}
		}
	}
	if files > 0 && !slices.ContainsFunc(fields, func(f Field) bool { return f.Kind == FieldFiles }) {
		p.Add("files", "此操作不能附带文件")
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return in, nil
}

// Env is what an action may know besides the item and its input: the time,
// who acts and how they relate to the item, the settings and the calendar,
// and facts the workflow's store loads for it (Facts). It holds no
// connection: a workflow's Apply is a pure function of item, input and Env.
type Env struct {
	Now      time.Time
	Actor    *User // nil for the public and for sweeps
	Rel      Rel
	Settings *Settings
	Calendar *Calendar
	Facts    any
}

// Today is the day of Now.
func (e *Env) Today() Date { return DateOf(e.Now) }

// Due returns the deadline a period setting gives from day from.
func (e *Env) Due(from Date, key string) Date { return e.Calendar.Due(from, e.Settings.Period(key)) }

// ActorName names who acts, for notes and messages.
func (e *Env) ActorName() string {
	if e.Actor == nil {
		return "系统"
	}
	return e.Actor.Name()
}

// Audience is who an in-app notice goes to.
type Audience struct {
	Kind  string // user, org, deputy, roles, township (deputies stationed there)
	ID    string
	Roles []Role
}

// Audiences.
func ToUser(id string) Audience        { return Audience{Kind: "user", ID: id} }
func ToOrg(id string) Audience         { return Audience{Kind: "org", ID: id} }
func ToDeputy(id string) Audience      { return Audience{Kind: "deputy", ID: id} }
func ToRoles(r ...Role) Audience       { return Audience{Kind: "roles", Roles: r} }
func ToStationed(town string) Audience { return Audience{Kind: "township", ID: town} }

// Notice is an in-app notification an action causes.
type Notice struct {
	To    Audience
	Title string
	Body  string
	Link  string
}

// Outcome is everything an action decides: the state it leads to, the note
// for the history, notices and messages, child records for the workflow's
// store to write, audit records on other items, and requests to other
// workflows (Effects) that the store carries out in the same transaction.
type Outcome struct {
	Action   string
	From, To string
	Note     string
	Notices  []Notice
	Messages []Message
	Records  []any
	Also     []Change
	Effects  []any
	// Credits and Uncredits change deputies' duty records.
	Credits, Uncredits []Credit
}

// Notify adds an in-app notice.
func (o *Outcome) Notify(to Audience, title, body, link string) {
	o.Notices = append(o.Notices, Notice{To: to, Title: title, Body: body, Link: link})
}

// Send adds an outbound message.
func (o *Outcome) Send(m Message) { o.Messages = append(o.Messages, m) }

// Add adds a child record for the workflow's store to write.
func (o *Outcome) Add(rec any) { o.Records = append(o.Records, rec) }

// Effect adds a request to another workflow.
func (o *Outcome) Effect(e any) { o.Effects = append(o.Effects, e) }

// V makes raw input from name, value pairs, for code that acts without a
// form (the demo, sweeps, tests): strings, bools, ints, Dates and string
// slices, as a form or the API would send them. A zero value is left out.
func V(pairs ...any) Values {
	v := Values{}
	for i := 0; i+1 < len(pairs); i += 2 {
		name, _ := pairs[i].(string)
		switch x := pairs[i+1].(type) {
		case string:
			if x != "" {
				v[name] = []string{x}
			}
		case bool:
			if x {
				v[name] = []string{"true"}
			}
		case int:
			v[name] = []string{strconv.Itoa(x)}
		case Date:
			if !x.IsZero() {
				v[name] = []string{x.String()}
			}
		case []string:
			if len(x) > 0 {
				v[name] = x
			}
		default:
			panic(fmt.Sprintf("renda.V: %s: unsupported %T", name, x))
		}
	}
	return v
}

// Credit is one thing a deputy did, for their duty record (履职档案): the
// workflows say so as they decide each action, so the record is computed
// from the work itself and nobody types it twice. A credit is kept once per
// deputy, kind and source item.
type Credit struct {
	DeputyID string
	Kind     string // e.g. suggestion_lead, suggestion_cosign, opinion, reception, meeting, vote, inspection, report
	Title    string
	At       time.Time
	Entity   string // the source item: what the record links to
	EntityID string
}

// Credit adds to a deputy's duty record.
func (o *Outcome) Credit(c Credit) { o.Credits = append(o.Credits, c) }

// Uncredit takes back a credit (an item withdrawn, a signature declined).
func (o *Outcome) Uncredit(c Credit) { o.Uncredits = append(o.Uncredits, c) }
