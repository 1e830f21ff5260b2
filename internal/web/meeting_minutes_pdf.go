package web

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"
	"time"

	"renda"
	"renda/internal/pdfdoc"
	"renda/meeting"
)

// A meeting's minutes (会议纪要) as a page and as an archival PDF written by
// renda itself (package pdfdoc, fonts embedded), both from minutesOf; a
// people's congress session's minutes add the groups' deliberation (分组审议)
// and the 差额 elections' results per candidate.

// MinutesSession is what a session's minutes add: per agenda item the
// groups' opinions and their summary, and the elections.
type MinutesSession struct {
	Items     []MinutesDeliberation
	Elections []MinutesElection
}

// MinutesDeliberation is one item's group deliberation: the summary staff
// wrote, or (Draft) the one drafted from the groups' opinions (each group's
// opinions with who gave them, meeting.DraftSummary).
type MinutesDeliberation struct {
	Item    *meeting.Item
	Summary string
	Draft   bool
}

// MinutesElection is a 差额 election with its count: the base is all
// deputies (Members), Needed the votes a candidate needs.
type MinutesElection struct {
	*meeting.Election
	Counted                  bool
	Members, Ballots, Needed int
}

func (s *Server) meetingMinutes(w http.ResponseWriter, r *http.Request) error {
	p, err := s.minutesOf(r)
	if err != nil {
		return err
	}
	p.PDF = s.fonts.Available()
	return s.render(w, r, "meeting_minutes", p)
}

// minutesOfSession adds a session's deliberation and elections to p.
func (s *Server) minutesOfSession(r *http.Request, p *MinutesPage) error {
	m := p.Meeting
	if !m.IsSession() {
		return nil
	}
	ms := &MinutesSession{}
	for _, it := range m.Items {
		d := MinutesDeliberation{Item: it, Summary: it.Summary}
		if d.Summary == "" {
			d.Summary, d.Draft = meeting.DraftSummary(m, it.ID), true
		}
		if d.Summary != "" {
			ms.Items = append(ms.Items, d)
		}
	}
	for _, e := range m.Elections {
		me := MinutesElection{Election: e, Counted: e.Counted()}
		if e.VoteID != "" {
			res, err := s.db.Result(r.Context(), e.VoteID)
			if err != nil {
				return err
			}
			if res != nil {
				me.Counted, me.Members, me.Ballots, me.Needed = true, res.Members, res.Ballots, res.Needed
			}
		}
		ms.Elections = append(ms.Elections, me)
	}
	if len(ms.Items) > 0 || len(ms.Elections) > 0 {
		p.Session = ms
	}
	return nil
}

// meetingMinutesPDF writes the minutes as an A4 PDF with the fonts embedded,
// in the page's language, for the archive (归档). Without a Chinese
// TrueType font on the server it answers 503 with what to install.
func (s *Server) meetingMinutesPDF(w http.ResponseWriter, r *http.Request) error {
	p, err := s.minutesOf(r)
	if err != nil {
		return err
	}
	if err := s.fonts.Check(); err != nil {
		s.log.Error("minutes PDF: no fonts", "err", err)
		s.renderStatus(w, r, http.StatusServiceUnavailable, "error", &ErrorPage{Base: s.base(r, "无法生成PDF"), Status: http.StatusServiceUnavailable,
			Message: "服务器上没有可嵌入的中文字体（TrueType），无法生成PDF。请管理员安装 fonts-droid-fallback 和 fonts-dejavu-core，或以 --pdf-font 指定字体文件；也可打印网页版会议纪要。"})
		return nil
	}
	var buf bytes.Buffer
	if err := s.minutesPDF(r, p, &buf); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="minutes-`+p.Meeting.ID+`.pdf"`)
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(buf.Bytes())
	return nil
}

// minutesPDF writes what the minutes page shows, in the same order.
func (s *Server) minutesPDF(r *http.Request, p *MinutesPage, w *bytes.Buffer) error {
	l := lang(r)
	mw := &minutesWriter{t: s.tr[l], lang: l} // every language of lang(r) has its translator
	m := p.Meeting
	docLang := "zh-CN"
	if l == "en" {
		docLang = "en"
	}
	t := mw.t
	d, err := s.fonts.New(pdfdoc.Meta{Title: m.Title + " " + t("会议纪要"), Subject: t("会议纪要"), Author: p.Site.Name, Created: s.db.Clock().Now(), Lang: docLang})
	if err != nil {
		return err
	}
	mw.d = d
	mw.head(p)
	mw.agenda(p.Items)
	if p.Session != nil {
		mw.session(p.Session)
	}
	mw.resolutions(m.Resolutions)
	mw.documents(p.Documents)
	d.Space(4)
	d.Small(t("无记名表决只载明票数；记名表决载明每位组成人员的表决意见。"))
	d.Small(t("本纪要由系统根据会议记录生成") + "：" + p.Site.Name + "，" + datetime(s.db.Clock().Now()))
	return d.Write(w)
}

// minutesWriter writes the sections of the minutes' PDF in one language.
type minutesWriter struct {
	d    *pdfdoc.Doc
	t    func(string) string
	lang string
}

// datetime is a time in China time to the minute, "" for none.
func datetime(x time.Time) string {
	if x.IsZero() {
		return ""
	}
	return x.In(renda.CST).Format("2006-01-02 15:04")
}

// names lists names with 、, or 无.
func (mw *minutesWriter) names(ns []string) string {
	if len(ns) == 0 {
		return mw.t("无")
	}
	return strings.Join(ns, "、")
}

// head: the meeting's time, place, chair, quorum and roll.
func (mw *minutesWriter) head(p *MinutesPage) {
	t, n, m := mw.t, strconv.Itoa, p.Meeting
	mw.d.Title(m.Title)
	mw.d.Subtitle(t("会议纪要"))
	mw.d.Para(t("时间") + "：" + datetime(m.StartsAt) + "　" + t("地点") + "：" + m.Place + "　" + t("主持人") + "：" + m.Chair)
	q := t("全体组成人员") + " " + n(p.Quorum.Members) + " " + t("人") + "，" + t("出席") + " " + n(p.Quorum.Present) + " " + t("人")
	if p.Quorum.Reached {
		q += "，" + t("符合法定人数")
	}
	mw.d.Para(q + "。")
	for _, roll := range []struct {
		label string
		names []string
	}{{"出席", p.Present}, {"请假", p.Leave}, {"缺席", p.Absent}, {"列席", p.Attending}} {
		if len(roll.names) > 0 {
			mw.d.Para(t(roll.label) + "：" + mw.names(roll.names))
		}
	}
}

// agenda: each item with its result and, for a named vote, who voted how.
func (mw *minutesWriter) agenda(items []MinuteItem) {
	t, n := mw.t, strconv.Itoa
	mw.d.Heading(t("会议议程和表决结果"))
	for i, mi := range items {
		line := n(i+1) + ". "
		if mi.Depth > 0 {
			line += "（" + t("子议程") + "）"
		}
		line += mi.Item.Title
		if mi.Item.Reporter != "" {
			line += "（" + mi.Item.Reporter + "）"
		}
		if mi.Voted {
			line += "：" + t("赞成") + " " + n(mi.Yes) + " " + t("票") + "，" + t("反对") + " " + n(mi.No) + " " + t("票") + "，" + t("弃权") + " " + n(mi.Abstain) + " " + t("票") +
				"（" + t("全体组成人员") + " " + n(mi.Members) + " " + t("人") + "，" + t("通过需") + " " + n(mi.Needed) + " " + t("票") + "），" + t(mi.Item.ResultLabel()) + "。"
			if mi.Named {
				line += "\n" + t("记名表决") + "：" + t("赞成") + "：" + mw.names(mi.ByYes) + "；" + t("反对") + "：" + mw.names(mi.ByNo) + "；" + t("弃权") + "：" + mw.names(mi.ByAbstain) + "。"
			} else {
				line += "（" + t("无记名表决") + "）"
			}
		}
		mw.d.Indented(line, mi.Depth)
		for _, sp := range mi.Item.Speeches {
			mw.d.Indented(sp.Speaker+t("发言")+"："+sp.Summary, mi.Depth+1)
		}
	}
}

// session: a congress session's group deliberations and elections.
func (mw *minutesWriter) session(ss *MinutesSession) {
	t, n := mw.t, strconv.Itoa
	if len(ss.Items) > 0 {
		mw.d.Heading(t("分组审议情况"))
		for _, di := range ss.Items {
			mw.d.Para(di.Item.Title)
			label := t("汇总意见")
			if di.Draft {
				label = t("汇总草稿")
			}
			mw.d.Indented(label+"："+di.Summary, 1)
		}
	}
	if len(ss.Elections) == 0 {
		return
	}
	mw.d.Heading(t("选举结果"))
	for _, e := range ss.Elections {
		head := e.Title + "：" + t("应选") + " " + n(e.Seats) + " " + t("人") + "，" + t("候选人") + " " + n(len(e.Candidates)) + " " + t("人")
		if e.Members > 0 {
			head += "；" + t("全体代表") + " " + n(e.Members) + " " + t("人") + "，" + t("参加投票") + " " + n(e.Ballots) + " " + t("人") + "，" + t("当选需") + " " + n(e.Needed) + " " + t("票")
		}
		mw.d.Para(head + "。")
		if !e.Counted {
			mw.d.Indented(t("尚未计票"), 1)
			continue
		}
		for _, c := range e.Candidates {
			mw.d.Indented(c.Name+"："+n(c.Votes)+" "+t("票")+"，"+t(candidateResult(c)), 1)
		}
		if e.Left() > 0 {
			mw.d.Indented(t("尚有名额未选出，另行选举")+"："+n(e.Left())+" "+t("人"), 1)
		}
	}
}

// resolutions: the resolutions and their supervised tasks.
func (mw *minutesWriter) resolutions(rs []*meeting.Resolution) {
	t := mw.t
	if len(rs) == 0 {
		return
	}
	mw.d.Heading(t("决议决定和督办事项"))
	for _, res := range rs {
		line := res.Title
		if res.Body != "" {
			line += "：" + res.Body
		}
		mw.d.Para(line)
		for _, task := range res.Tasks {
			mw.d.Indented(task.OrgName+"："+task.Body+"（"+t("期限")+" "+dateIn(mw.lang, task.Due)+"，"+t(task.StateLabel())+"）", 1)
		}
	}
}

// documents: each meeting document, its distribution and its versions.
func (mw *minutesWriter) documents(docs []*meeting.Document) {
	t, n := mw.t, strconv.Itoa
	if len(docs) == 0 {
		return
	}
	mw.d.Heading(t("会议文件"))
	for i, doc := range docs {
		line := n(i+1) + ". " + doc.Title + "（" + t(doc.KindLabel()) + "，" + t(doc.AccessLabel())
		if doc.Submitter != "" {
			line += "，" + doc.Submitter
		}
		line += "）"
		if doc.Distributed() {
			line += t("分发时间") + "：" + datetime(doc.DistributedAt)
			if doc.LateDistributed() {
				line += "，" + t("迟发") + "（" + t("应于") + " " + dateIn(mw.lang, doc.DistributeDue) + " " + t("前分发") + "）"
			}
		} else {
			line += t("尚未分发")
		}
		if doc.LateReceived() {
			line += "；" + t("报送晚于法定期限") + "（" + t("送交日期") + " " + dateIn(mw.lang, doc.ReceivedOn) + "）"
		}
		mw.d.Para(line)
		if vs := mw.versions(doc); len(vs) > 0 {
			mw.d.Indented(t("版本")+"："+strings.Join(vs, "；"), 1)
		}
	}
}

// versions describes a document's versions, one string each.
func (mw *minutesWriter) versions(doc *meeting.Document) []string {
	t, n := mw.t, strconv.Itoa
	var vs []string
	for _, v := range doc.Versions {
		x := t("第") + n(v.N) + t("版") + " " + datetime(v.CreatedAt)
		if v.Note != "" {
			x += "（" + v.Note + "）"
		}
		if len(v.Files) > 0 {
			x += "，" + t("原件")
			for _, f := range v.Files {
				x += " " + f.Name
			}
		}
		vs = append(vs, x)
	}
	return vs
}

// candidateResult names a candidate's result once counted.
func candidateResult(c *meeting.Candidate) string {
	switch {
	case c.Elected:
		return "当选"
	case c.Tie:
		return "票数相等，另行选举"
	}
	return "未当选"
}
