package meeting

import (
	"strconv"
	"strings"
	"time"

	"renda"
)

// Meeting documents (会议文件): the reports, drafts and materials of a
// meeting, attached to the meeting or to one of its agenda items, each with
// an access level, distributed to the members within the statutory window
// (监督法: a body's report reaches the committee's working body twenty days
// before the meeting, the members seven days before), replaced by new
// versions (earlier ones kept and listed), and read by members on their
// phones with private notes and their name as a watermark.

var _ = renda.RegisterSettings([]renda.SettingDef{
	{Key: "meeting.report_window", Group: "三会", Label: "专项工作报告送交常委会的期限（会前）", Kind: renda.KindPeriod,
		Default: renda.Period{N: 20, Unit: renda.UnitDays}, Min: 1, Max: 90,
		Help: "报告机关应在常委会会议举行前这么多天将专项工作报告送交常委会有关工作机构征求意见；晚于此日送交的在文件上标明。[I] 监督法第十五条（2024年修正）规定为二十日前，请以正式文本核对。"},
	{Key: "meeting.distribute_window", Group: "三会", Label: "会议文件发给组成人员的期限（会前）", Kind: renda.KindPeriod,
		Default: renda.Period{N: 7, Unit: renda.UnitDays}, Min: 1, Max: 60,
		Help: "常委会办事机构应在会议举行前这么多天将报告发给组成人员；晚于此日分发的标明“迟发”。[I] 监督法第十五条（2024年修正）规定为七日前。按工作日计算时跳过节假日。"},
}...)

// Access levels of a document: who may read it once it is distributed.
const (
	AccessMembers   = "members"   // 仅组成人员
	AccessAttendees = "attendees" // 组成人员和列席人员
	AccessPublic    = "public"    // 会后向社会公开
)

// Accesses are the access levels, for forms.
var Accesses = []renda.Option{{Value: AccessMembers, Label: "仅组成人员"}, {Value: AccessAttendees, Label: "组成人员和列席人员"}, {Value: AccessPublic, Label: "会后向社会公开"}}

// DocumentKinds are the kinds of meeting document; a report (专项工作报告) has
// the twenty-day window besides the seven-day one.
var DocumentKinds = []renda.Option{{Value: "report", Label: "工作报告"}, {Value: "draft", Label: "决议决定草案"},
	{Value: "explanation", Label: "说明"}, {Value: "material", Label: "参阅材料"}}

// Document is one meeting document, with its current version number.
type Document struct {
	ID        string `json:"id"`
	MeetingID string `json:"meeting_id"`
	ItemID    string `json:"item_id,omitempty"` // the agenda item it belongs to, if any
	ItemTitle string `json:"item_title,omitempty"`
	Title     string `json:"title"`
	Kind      string `json:"kind"`
	Access    string `json:"access"`
	Submitter string `json:"submitter,omitempty"` // the body that sent it (报送单位)
	// ReceivedOn is when a report reached the committee; ReceivedDue the
	// last day it should have (the meeting's day less meeting.report_window).
	ReceivedOn  renda.Date `json:"received_on,omitzero"`
	ReceivedDue renda.Date `json:"received_due,omitzero"`
	// DistributedAt is when it was sent to the members (zero: not yet);
	// DistributeDue the last day it should have been.
	DistributedAt time.Time  `json:"distributed_at,omitzero"`
	DistributeDue renda.Date `json:"distribute_due,omitzero"`
	Version       int        `json:"version"`
	CreatedAt     time.Time  `json:"created_at"`
	UpdatedAt     time.Time  `json:"updated_at"`

	// Versions, newest first, filled in for the reading page.
	Versions []*Version `json:"versions,omitempty"`
}

// Version is one version of a document: its text for reading, why it
// changed, and (listed by the store) its files.
type Version struct {
	ID         string              `json:"id"`
	DocumentID string              `json:"-"`
	MeetingID  string              `json:"-"`
	N          int                 `json:"n"`
	Body       string              `json:"body,omitempty"`
	Note       string              `json:"note,omitempty"`
	CreatedAt  time.Time           `json:"created_at"`
	Files      []*renda.Attachment `json:"files,omitempty"`
}

// Paragraphs splits the version's text into paragraphs for reading.
func (v *Version) Paragraphs() []string {
	var out []string
	for _, l := range strings.Split(strings.ReplaceAll(v.Body, "\r\n", "\n"), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// Distribution is a document's distribution, for the store to write.
type Distribution struct {
	DocumentID string
	At         time.Time
	Due        renda.Date
}

// DocNote is a reader's private note on a document: only its author ever
// sees it.
type DocNote struct {
	ID         string    `json:"id"`
	DocumentID string    `json:"-"`
	UserID     string    `json:"-"`
	Version    int       `json:"version"`
	Body       string    `json:"body"`
	CreatedAt  time.Time `json:"created_at"`
}

// KindLabel names the document's kind.
func (d *Document) KindLabel() string { return optionLabel(DocumentKinds, d.Kind) }

// AccessLabel names the document's access level.
func (d *Document) AccessLabel() string { return optionLabel(Accesses, d.Access) }

// Distributed reports whether the document has been sent to its readers.
func (d *Document) Distributed() bool { return !d.DistributedAt.IsZero() }

// LateDistributed reports whether it was sent to the members after the
// statutory window closed.
func (d *Document) LateDistributed() bool {
	return d.Distributed() && !d.DistributeDue.IsZero() && renda.DateOf(d.DistributedAt).After(d.DistributeDue)
}

// LateReceived reports whether a report reached the committee after its window.
func (d *Document) LateReceived() bool {
	return !d.ReceivedOn.IsZero() && !d.ReceivedDue.IsZero() && d.ReceivedOn.After(d.ReceivedDue)
}

// Current is the current version, when Versions are loaded.
func (d *Document) Current() *Version { return d.VersionN(d.Version) }

// VersionN is version n, when Versions are loaded.
func (d *Document) VersionN(n int) *Version {
	for _, v := range d.Versions {
		if v.N == n {
			return v
		}
	}
	return nil
}

func optionLabel(opts []renda.Option, v string) string {
	for _, o := range opts {
		if o.Value == v {
			return o.Label
		}
	}
	return v
}

// WindowEnd is the last day something must be done "p before" the meeting
// on day: the day less p, stepping back over holidays for working days.
func WindowEnd(cal *renda.Calendar, day renda.Date, p renda.Period) renda.Date {
	switch p.Unit {
	case renda.UnitWorkingDays:
		for n := p.N; n > 0; {
			day = day.AddDays(-1)
			if cal.IsWorkingDay(day) {
				n--
			}
		}
		return day
	case renda.UnitMonths:
		return day.AddMonths(-p.N)
	default:
		return day.AddDays(-p.N)
	}
}

// Reader is how a user stands to a meeting's documents.
type Reader int

// Readers, from the least to the most.
const (
	Public   Reader = iota // anyone, signed in or not
	Attendee               // 列席: on the roll without a vote
	Voting                 // a member who counts for the quorum
	Staff                  // the staff side: every document, distributed or not
)

// ReaderOf tells how u stands to m's documents.
func ReaderOf(u *renda.User, m *Meeting) Reader {
	if u.IsStaffSide() {
		return Staff
	}
	if u != nil && u.DeputyID != "" {
		if p := m.member(u.DeputyID); p != nil {
			if p.Attends {
				return Attendee
			}
			return Voting
		}
	}
	return Public
}

// CanRead reports whether a reader may read d of meeting m: the staff side
// every document; members and attendees what was distributed to their
// level; everyone a public document once the meeting is public (after it).
func CanRead(r Reader, m *Meeting, d *Document) bool {
	switch {
	case r == Staff:
		return true
	case !d.Distributed():
		return false
	case d.Access == AccessPublic && m.Public():
		return true
	case r == Voting:
		return true
	case r == Attendee:
		return d.Access == AccessAttendees || d.Access == AccessPublic
	}
	return false
}

// Readable filters m's documents to those u may read.
func Readable(u *renda.User, m *Meeting) []*Document {
	r := ReaderOf(u, m)
	out := []*Document{}
	for _, d := range m.Documents {
		if CanRead(r, m, d) {
			out = append(out, d)
		}
	}
	return out
}

// Watermark is the text laid over a document for its reader: their name,
// the time of reading and a warning, so a photo of the page tells whose
// copy it was.
func Watermark(u *renda.User, at time.Time) string {
	if u == nil {
		return ""
	}
	return u.Name() + " " + at.In(renda.CST).Format("2006-01-02 15:04") + " 仅供本人阅读"
}

// documentActs are the meeting's actions on its documents (staff): they
// keep the meeting's state and are recorded in its history.
var documentActs = []renda.Act[Meeting]{
	{Rule: renda.Rule{Action: "add_document", Label: "新增会议文件", From: []string{Planned, Noticed, InSession, Closed}, Who: staff,
		Help: "会议文件须分发后组成人员才能阅读；工作报告请填写报送日期，以核对是否在会前{meeting.report_window}送交", Fields: []renda.Field{
			{Name: "title", Label: "文件名称", Kind: renda.FieldLine, Required: true, Max: 200},
			{Name: "kind", Label: "文件类别", Kind: renda.FieldChoice, Required: true, Options: DocumentKinds},
			{Name: "access", Label: "阅读范围", Kind: renda.FieldChoice, Required: true, Options: Accesses,
				Help: "会后公开的文件在会议公开后任何人可以阅读"},
			{Name: "item", Label: "所属议程", Kind: renda.FieldRef, Ref: "meeting_item", Help: "留空为整个会议的文件"},
			{Name: "submitter", Label: "报送单位", Kind: renda.FieldLine, Max: 100},
			{Name: "received", Label: "送交常委会日期", Kind: renda.FieldDate, Help: "工作报告送达常委会有关工作机构的日期"},
			{Name: "body", Label: "文件正文", Kind: renda.FieldText, Required: true, Max: 200000, Help: "供手机阅读的正文，按段落分行"},
			{Name: "files", Label: "文件原件", Kind: renda.FieldFiles, Accept: ".pdf,.doc,.docx,.ofd,.txt", Help: "可选：PDF、Word、OFD 原件，供下载"},
		}}, Do: addDocument},
	{Rule: renda.Rule{Action: "distribute_document", Label: "分发会议文件", From: []string{Planned, Noticed, InSession}, Who: staff,
		Help: "分发后按阅读范围通知组成人员（和列席人员）；应在会前{meeting.distribute_window}分发，晚于此日的标明迟发", Fields: []renda.Field{
			{Name: "document", Label: "会议文件", Kind: renda.FieldRef, Ref: "meeting_document", Filter: "undistributed", Required: true},
		}}, Pre: hasDocuments(true), Do: distributeDocument},
	{Rule: renda.Rule{Action: "revise_document", Label: "更新会议文件", From: []string{Planned, Noticed, InSession, Closed}, Who: staff,
		Help: "新版本取代原文件，原有版本保留备查；已分发的，通知读者文件已更新", Fields: []renda.Field{
			{Name: "document", Label: "会议文件", Kind: renda.FieldRef, Ref: "meeting_document", Required: true},
			{Name: "note", Label: "修改说明", Kind: renda.FieldLine, Required: true, Max: 200},
			{Name: "body", Label: "新版正文", Kind: renda.FieldText, Required: true, Max: 200000},
			{Name: "files", Label: "新版原件", Kind: renda.FieldFiles, Accept: ".pdf,.doc,.docx,.ofd,.txt"},
		}}, Pre: hasDocuments(false), Do: reviseDocument},
}

// Day is the meeting's day, from which the windows count back.
func (m *Meeting) Day() renda.Date { return renda.DateOf(m.StartsAt) }

func (m *Meeting) document(id string) *Document {
	for _, d := range m.Documents {
		if d.ID == id {
			return d
		}
	}
	return nil
}

// hasDocuments offers an action only while there is a document for it
// (undistributed ones only, for distribution).
func hasDocuments(undistributed bool) func(m *Meeting, env *renda.Env) error {
	return func(m *Meeting, env *renda.Env) error {
		for _, d := range m.Documents {
			if !undistributed || !d.Distributed() {
				return nil
			}
		}
		if undistributed {
			return renda.Errorf(renda.ECONFLICT, "没有待分发的会议文件")
		}
		return renda.Errorf(renda.ECONFLICT, "还没有会议文件")
	}
}

func addDocument(m *Meeting, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	d := &Document{ID: renda.NewID(), MeetingID: m.ID, Title: in.Text("title"), Kind: in.Text("kind"), Access: in.Text("access"),
		Submitter: in.Text("submitter"), ReceivedOn: in.Date("received"), Version: 1, CreatedAt: env.Now, UpdatedAt: env.Now}
	if r := in.Ref("item"); r != nil {
		it := m.item(r.ID)
		if it == nil {
			return renda.Errorf(renda.EINVALID, "输入有误：议程不属于本次会议")
		}
		d.ItemID, d.ItemTitle = it.ID, it.Title
	}
	if !d.ReceivedOn.IsZero() {
		if d.ReceivedOn.After(env.Today()) {
			return &renda.Error{Code: renda.EINVALID, Message: "输入有误：送交日期不能晚于今天", Fields: []renda.FieldError{{Field: "received", Message: "不能晚于今天"}}}
		}
		d.ReceivedDue = WindowEnd(env.Calendar, m.Day(), env.Settings.Period("meeting.report_window"))
	}
	m.Documents = append(append([]*Document{}, m.Documents...), d)
	out.Add(d)
	out.Add(&Version{ID: renda.NewID(), DocumentID: d.ID, MeetingID: m.ID, N: 1, Body: in.Text("body"), CreatedAt: env.Now})
	out.Note = d.Title + "（" + d.AccessLabel() + "，第1版）"
	if d.LateReceived() {
		out.Note += "；报送晚于 " + d.ReceivedDue.Chinese()
	}
	return nil
}

// audience notifies the readers of d: the members, and the attendees when
// its level lets them read it.
func audience(m *Meeting, d *Document, out *renda.Outcome, title, body string) int {
	n := 0
	for _, p := range m.Members {
		if p.Attends && d.Access == AccessMembers {
			continue
		}
		out.Notify(renda.ToDeputy(p.DeputyID), title, body, "/meetings/"+m.ID+"/documents/"+d.ID)
		n++
	}
	return n
}

func distributeDocument(m *Meeting, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	d := m.document(in.Ref("document").ID)
	if d == nil {
		return renda.Errorf(renda.EINVALID, "输入有误：文件不属于本次会议")
	}
	if d.Distributed() {
		return renda.Errorf(renda.ECONFLICT, "“%s”已于 %s 分发", d.Title, d.DistributedAt.In(renda.CST).Format("2006-01-02 15:04"))
	}
	next := *d
	next.DistributedAt = env.Now
	next.DistributeDue = WindowEnd(env.Calendar, m.Day(), env.Settings.Period("meeting.distribute_window"))
	out.Add(&Distribution{DocumentID: d.ID, At: next.DistributedAt, Due: next.DistributeDue})
	n := audience(m, &next, out, "会议文件："+d.Title, m.Title+"（第"+strconv.Itoa(d.Version)+"版）")
	out.Note = d.Title + "：分发 " + strconv.Itoa(n) + " 人"
	if next.LateDistributed() {
		out.Note += "；迟发（应于 " + next.DistributeDue.Chinese() + " 前分发）"
	}
	return nil
}

func reviseDocument(m *Meeting, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	d := m.document(in.Ref("document").ID)
	if d == nil {
		return renda.Errorf(renda.EINVALID, "输入有误：文件不属于本次会议")
	}
	v := &Version{ID: renda.NewID(), DocumentID: d.ID, MeetingID: m.ID, N: d.Version + 1, Body: in.Text("body"), Note: in.Text("note"), CreatedAt: env.Now}
	out.Add(v)
	out.Note = d.Title + "：第" + strconv.Itoa(v.N) + "版（" + v.Note + "）"
	if d.Distributed() {
		audience(m, d, out, "会议文件已更新："+d.Title, "第"+strconv.Itoa(v.N)+"版取代第"+strconv.Itoa(d.Version)+"版："+v.Note)
	}
	return nil
}
