package store

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"renda"
	"renda/internal/search"
	"renda/opinion"
	"renda/suggestion"
)

// Synthetic data (renda seed --synthetic N): a province's volume of
// realistic motions and suggestions, citizens' opinions and 12345 orders,
// made from the places, units, deputies and stations already in the
// database (the demo county's, or a real deployment's reference data), for
// benchmarks and load tests. The generator is deterministic: the same N on
// the same reference data gives the same items (ids, texts, states, dates)
// on either database. Rows are written in batches (multi-row INSERTs, one
// transaction per batch) and indexed for search in the same transaction.

// SyntheticAnchor is the day the synthetic data is "as of": items spread
// over the five years before it, the recent ones still open, some overdue.
var SyntheticAnchor = time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)

// SyntheticPerSuggestion is how many opinions and 12345 orders the
// generator adds per suggestion.
const SyntheticPerSuggestion = 20

// SyntheticCounts is what SeedSynthetic added.
type SyntheticCounts struct {
	Suggestions, Opinions, Hotline int
}

// synthFacts are the reference data the generator draws on.
type synthFacts struct {
	congressID string
	sessions   []synthSession
	deputies   []synthDeputy // county deputies
	units      []synthRef    // handling units
	towns      []synthTown
	stations   []synthStation
}

type synthSession struct {
	id   string
	year int
}
type synthDeputy struct{ id, delegationID string }
type synthRef struct{ id, name string }
type synthTown struct {
	id, code, name string
	villages       []synthRef
}
type synthStation struct {
	id, townID string
	deputies   []string
}

// SeedSynthetic adds n suggestions and SyntheticPerSuggestion×n opinions
// and 12345 orders. progress, if not nil, is told after each batch.
func (db *DB) SeedSynthetic(ctx context.Context, n int, progress func(SyntheticCounts)) (SyntheticCounts, error) {
	var c SyntheticCounts
	if n <= 0 {
		return c, renda.Errorf(renda.EINVALID, "N must be positive")
	}
	f, err := db.synthFacts(ctx)
	if err != nil {
		return c, err
	}
	g := newSynth(f, n)
	// The same N twice would make the same ids: refuse clearly.
	first := g.peekID()
	var exists int
	if err := db.r.QueryRowContext(ctx, db.rebind("SELECT COUNT(*) FROM suggestions WHERE id = ?"), first).Scan(&exists); err != nil {
		return c, err
	}
	if exists > 0 {
		return c, renda.Errorf(renda.ECONFLICT, "this database already holds the synthetic data of N=%d", n)
	}
	if err := db.indexUnindexedSuggestions(ctx); err != nil {
		return c, err
	}
	if db.dialect == SQLite {
		// The writer's page cache (2 MB by default) is far smaller than a
		// batch's index pages at volume: it spills them to the WAL before
		// the commit and reads them back. A larger cache while seeding
		// takes a third off the time; the server's default comes back after.
		if _, err := db.w.ExecContext(ctx, "PRAGMA cache_size = -262144"); err != nil {
			return c, err
		}
		defer db.w.ExecContext(context.WithoutCancel(ctx), "PRAGMA cache_size = -2000")
	}
	const sugBatch = 250
	for done := 0; done < n; {
		k := min(sugBatch, n-done)
		err := db.write(ctx, nil, func(tx *Tx) error {
			sugs := make([][]any, 0, k)
			var units, signers, records, ops, orders [][]any
			var docs []*renda.Doc
			for i := 0; i < k; i++ {
				s := g.suggestion(done + i)
				sugs = append(sugs, s.row)
				units = append(units, s.units...)
				signers = append(signers, s.signers...)
				records = append(records, s.records...)
				for j := 0; j < SyntheticPerSuggestion; j++ {
					o, h := g.opinion((done+i)*SyntheticPerSuggestion + j)
					ops = append(ops, g.opinionRow(tx, o))
					if h != nil {
						orders = append(orders, []any{h.ID, h.Number, h.Channel, ts(h.ReceivedAt), h.RegionCode, h.Type, h.Content, ts(h.Due), h.Source, h.OpinionID, ts(h.CreatedAt)})
						c.Hotline++
					} else {
						c.Opinions++
					}
					docs = append(docs, opinion.Doc(o))
				}
			}
			for _, b := range []struct {
				table string
				cols  string
				rows  [][]any
			}{
				{"suggestions", synthSuggestionCols, sugs},
				{"suggestion_units", "suggestion_id, org_id, role, assigned_on, replied_round", units},
				{"suggestion_signers", "suggestion_id, deputy_id, lead, status, invited_at, answered_at", signers},
				{"suggestion_records", "id, suggestion_id, kind, round, org_id, user_name, on_day, category, body, status, created_at", records},
				{"opinions", synthOpinionCols, ops},
				{"hotline_orders", "id, number, channel, received_at, region_code, type, content, due_at, source, opinion_id, created_at", orders},
			} {
				if err := tx.insertMany(b.table, b.cols, b.rows); err != nil {
					return fmt.Errorf("%s: %w", b.table, err)
				}
			}
			ids := make([]any, len(sugs))
			for i, r := range sugs {
				ids[i] = r[0]
			}
			sdocs, err := tx.suggestionDocs(ids)
			if err != nil {
				return err
			}
			return tx.indexMany(append(docs, sdocs...))
		})
		if err != nil {
			return c, err
		}
		done += k
		c.Suggestions = done
		if progress != nil {
			progress(c)
		}
	}
	return c, nil
}

// suggestionDocs are the search index's entries of the suggestions ids,
// as a reindex makes them (each read with its signers and units).
func (tx *Tx) suggestionDocs(ids []any) ([]*renda.Doc, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	rows, err := tx.query("SELECT "+sugColumns+sugFrom+" WHERE s.id IN ("+placeholders(len(ids))+") ORDER BY s.id", ids...)
	if err != nil {
		return nil, err
	}
	var sugs []*suggestion.Suggestion
	for rows.Next() {
		s, err := scanSuggestion(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		sugs = append(sugs, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	docs := make([]*renda.Doc, len(sugs))
	for i, s := range sugs {
		if err := tx.loadSuggestionChildren(s); err != nil {
			return nil, err
		}
		docs[i] = suggestion.Doc(s)
	}
	return docs, nil
}

// indexUnindexedSuggestions adds to the search index the suggestions
// missing from it: those of a database seeded by an earlier version of
// this generator, which indexed only the opinions and orders. One batch of
// suggestions at a time, in the order of their ids.
func (db *DB) indexUnindexedSuggestions(ctx context.Context) error {
	last, added := "", 0
	for {
		var ids []any
		var next string
		err := db.read(ctx, func(tx *Tx) error {
			ids, next = nil, last
			rows, err := tx.query(`SELECT s.id, NOT EXISTS (SELECT 1 FROM search_docs d WHERE d.kind = 'suggestion' AND d.id = s.id)
				FROM suggestions s WHERE s.id > ? ORDER BY s.id LIMIT 1000`, last)
			if err != nil {
				return err
			}
			for rows.Next() {
				var id string
				var missing bool
				if err := rows.Scan(&id, &missing); err != nil {
					rows.Close()
					return err
				}
				if next = id; missing {
					ids = append(ids, id)
				}
			}
			rows.Close()
			return rows.Err()
		})
		if err == nil && len(ids) > 0 {
			err = db.write(ctx, nil, func(tx *Tx) error {
				docs, err := tx.suggestionDocs(ids)
				if err != nil {
					return err
				}
				return tx.indexMany(docs)
			})
		}
		if err != nil {
			return err
		}
		added += len(ids)
		if next == last {
			if added > 0 {
				db.log.Info("synthetic suggestions indexed for search", "suggestions", added)
			}
			return nil
		}
		last = next
	}
}

// insertMany inserts rows (each with one value per column in cols) with
// multi-row INSERTs, as many rows to a statement as the parameter limit
// allows.
func (tx *Tx) insertMany(table, cols string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	width := len(rows[0])
	per := max(1, 30000/width)
	row := "(" + placeholders(width) + ")"
	for len(rows) > 0 {
		k := min(per, len(rows))
		var q strings.Builder
		q.WriteString("INSERT INTO " + table + " (" + cols + ") VALUES ")
		args := make([]any, 0, k*width)
		for i := 0; i < k; i++ {
			if i > 0 {
				q.WriteByte(',')
			}
			q.WriteString(row)
			args = append(args, rows[i]...)
		}
		if _, err := tx.exec(q.String(), args...); err != nil {
			return err
		}
		rows = rows[k:]
	}
	return nil
}

// indexMany adds new items to the search index in a few statements (what
// index does for one item, for many). The items must not be indexed yet.
func (tx *Tx) indexMany(docs []*renda.Doc) error {
	if len(docs) == 0 {
		return nil
	}
	const per = 500
	alloc := tx.newDocs()
	for len(docs) > 0 {
		k := min(per, len(docs))
		batch := docs[:k]
		docs = docs[k:]
		var q strings.Builder
		var args []any
		var fts, readers [][]any
		q.WriteString("INSERT INTO search_docs (")
		if tx.db.dialect == SQLite {
			q.WriteString("doc, ")
		}
		q.WriteString("kind, id, title, body, url, year, township_id, org_id, state, at")
		if tx.db.dialect == Postgres {
			q.WriteString(", uni, bi")
		}
		q.WriteString(") VALUES ")
		toks := make([][2]search.Streams, k)
		for i, d := range batch {
			if i > 0 {
				q.WriteByte(',')
			}
			title, body := search.Tokens(d.Title), search.Tokens(d.Body)
			toks[i] = [2]search.Streams{title, body}
			at := d.At
			if at.IsZero() {
				at = tx.now
			}
			if tx.db.dialect == SQLite {
				doc, err := alloc.next(at)
				if err != nil {
					return err
				}
				args = append(args, doc)
			}
			args = append(args, d.Kind, d.ID, d.Title, d.Body, d.URL, d.Year, d.TownshipID, d.OrgID, d.State, ts(at))
			if tx.db.dialect == Postgres {
				q.WriteString("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, " + pgStreams + ", " + pgStreams + ")")
				rd := readerLexemes(d.Readers)
				args = append(args, title.Uni, body.Uni, rd, title.Bi, body.Bi, rd)
			} else {
				q.WriteString("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			}
		}
		q.WriteString(" RETURNING doc, kind, id")
		rows, err := tx.query(q.String(), args...)
		if err != nil {
			return err
		}
		at := map[string]int{}
		for i, d := range batch {
			at[d.Kind+"|"+d.ID] = i
		}
		for rows.Next() {
			var doc int64
			var kind, id string
			if err := rows.Scan(&doc, &kind, &id); err != nil {
				rows.Close()
				return err
			}
			i, ok := at[kind+"|"+id]
			if !ok {
				rows.Close()
				return errors.New("indexMany: unexpected row")
			}
			if tx.db.dialect == SQLite {
				fts = append(fts, []any{doc, toks[i][0].Uni, toks[i][0].Bi, toks[i][1].Uni, toks[i][1].Bi})
			}
			seen := map[string]bool{}
			for _, r := range batch[i].Readers {
				if !seen[r] {
					seen[r] = true
					readers = append(readers, []any{r, doc})
				}
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if err := tx.insertMany("search_fts", "rowid, t1, t2, b1, b2", fts); err != nil {
			return err
		}
		if err := tx.insertMany("search_readers", "reader, doc", readers); err != nil {
			return err
		}
	}
	return nil
}

// synthFacts reads the reference data: the county congress (the one with
// the most deputies), its sessions, deputies, handling units, townships
// with their villages, and active stations with their deputies.
func (db *DB) synthFacts(ctx context.Context) (*synthFacts, error) {
	f := &synthFacts{}
	err := db.read(ctx, func(tx *Tx) error {
		err := tx.queryRow(`SELECT c.id FROM congresses c JOIN deputies d ON d.congress_id = c.id
			WHERE c.level = 'county' GROUP BY c.id ORDER BY COUNT(*) DESC, c.id LIMIT 1`).Scan(&f.congressID)
		if errNoRows(err) {
			return renda.Errorf(renda.ECONFLICT, "no county congress with deputies in this database: load the reference data first (renda seed --demo)")
		}
		if err != nil {
			return err
		}
		rows, err := tx.query(`SELECT s.id, s.start_date FROM sessions s JOIN terms t ON t.id = s.term_id WHERE t.congress_id = ? ORDER BY s.start_date, s.id`, f.congressID)
		if err != nil {
			return err
		}
		for rows.Next() {
			var s synthSession
			var start string
			if err := rows.Scan(&s.id, &start); err != nil {
				rows.Close()
				return err
			}
			fmt.Sscanf(start, "%d", &s.year)
			f.sessions = append(f.sessions, s)
		}
		rows.Close()
		rows, err = tx.query(`SELECT id, COALESCE(delegation_id, '') FROM deputies WHERE congress_id = ? ORDER BY id`, f.congressID)
		if err != nil {
			return err
		}
		for rows.Next() {
			var d synthDeputy
			if err := rows.Scan(&d.id, &d.delegationID); err != nil {
				rows.Close()
				return err
			}
			f.deputies = append(f.deputies, d)
		}
		rows.Close()
		rows, err = tx.query(`SELECT id, name FROM organizations WHERE handling_unit = ? AND active = ? ORDER BY sort, id`, true, true)
		if err != nil {
			return err
		}
		for rows.Next() {
			var u synthRef
			if err := rows.Scan(&u.id, &u.name); err != nil {
				rows.Close()
				return err
			}
			f.units = append(f.units, u)
		}
		rows.Close()
		rows, err = tx.query(`SELECT t.id, t.code, t.name, COALESCE(v.id, ''), COALESCE(v.name, '') FROM regions t
			LEFT JOIN regions v ON v.parent_id = t.id AND v.level = 'village' WHERE t.level = 'township' ORDER BY t.code, t.id, v.code, v.id`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var t synthTown
			var v synthRef
			if err := rows.Scan(&t.id, &t.code, &t.name, &v.id, &v.name); err != nil {
				rows.Close()
				return err
			}
			if len(f.towns) == 0 || f.towns[len(f.towns)-1].id != t.id {
				f.towns = append(f.towns, t)
			}
			if v.id != "" {
				last := &f.towns[len(f.towns)-1]
				last.villages = append(last.villages, v)
			}
		}
		rows.Close()
		rows, err = tx.query(`SELECT s.id, s.township_id, COALESCE(sd.deputy_id, '') FROM stations s LEFT JOIN station_deputies sd ON sd.station_id = s.id
			WHERE s.active = ? ORDER BY s.code, sd.deputy_id`, true)
		if err != nil {
			return err
		}
		for rows.Next() {
			var s synthStation
			var dep string
			if err := rows.Scan(&s.id, &s.townID, &dep); err != nil {
				rows.Close()
				return err
			}
			if len(f.stations) == 0 || f.stations[len(f.stations)-1].id != s.id {
				f.stations = append(f.stations, s)
			}
			if dep != "" {
				last := &f.stations[len(f.stations)-1]
				last.deputies = append(last.deputies, dep)
			}
		}
		rows.Close()
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	if len(f.deputies) == 0 || len(f.units) == 0 || len(f.towns) == 0 {
		return nil, renda.Errorf(renda.ECONFLICT, "this database lacks deputies, handling units or townships: load the reference data first (renda seed --demo)")
	}
	return f, nil
}

// synth makes the items, one after another, from one random stream.
type synth struct {
	f   *synthFacts
	n   int
	rng *rand.Rand
}

func newSynth(f *synthFacts, n int) *synth {
	return &synth{f: f, n: n, rng: rand.New(rand.NewPCG(uint64(n), 0x72656e6461))}
}

// peekID is the id the first suggestion will have.
func (g *synth) peekID() string {
	return newSynth(g.f, g.n).suggestion(0).row[0].(string)
}

func (g *synth) pick(n int) int { return g.rng.IntN(n) }

func pickS[T any](g *synth, xs []T) T { return xs[g.rng.IntN(len(xs))] }

// id is a sortable id like renda.NewID's, made from the time and the stream.
func (g *synth) id(at time.Time) string {
	ms := at.UnixMilli()
	var b strings.Builder
	b.Grow(26)
	for i := 9; i >= 0; i-- {
		b.WriteByte(crockford32[(ms>>(uint(i)*5))&31])
	}
	r := g.rng.Uint64()
	for i := 0; i < 16; i++ {
		b.WriteByte(crockford32[(r>>(uint(i%12)*5))&31])
		if i == 11 {
			r = g.rng.Uint64()
		}
	}
	return b.String()
}

const crockford32 = "0123456789abcdefghjkmnpqrstvwxyz"

// base32 writes v in width upper-case Crockford digits (the low ones).
func base32(v uint64, width int) string {
	b := make([]byte, width)
	for i := width - 1; i >= 0; i-- {
		b[i] = strings.ToUpper(crockford32)[v&31]
		v >>= 5
	}
	return string(b)
}

// when is an instant within the five years before the anchor, item i of
// total spread evenly (so later items are newer) with some jitter.
func (g *synth) when(i, total int) time.Time {
	span := 5 * 365 * 24 * time.Hour
	base := SyntheticAnchor.Add(-span).Add(time.Duration(float64(span) * float64(i) / float64(total)))
	t := base.Add(-time.Duration(g.rng.Int64N(int64(48 * time.Hour))))
	// Office hours, Beijing time.
	bj := t.In(time.FixedZone("CST", 8*3600))
	return time.Date(bj.Year(), bj.Month(), bj.Day(), 8+g.pick(10), g.pick(60), g.pick(60), 0, bj.Location()).UTC()
}

type synthSug struct {
	row                     []any
	units, signers, records [][]any
}

const synthSuggestionCols = `id, kind, number, seq, title, grounds, body, category, status, proposer_id, delegation_id, congress_id, session_id,
	during_session, lead_unit_id, handling_mode, assigned_on, first_due_on, due_on, round, reply_category, replied_on, first_replied_on,
	replied_on_time, rating, rated_on, rated_round, created_at, submitted_at, registered_at, closed_at, updated_at`

var synthTopics = []struct {
	category string
	subjects []string
	asks     []string
}{
	{"交通运输", []string{"通村公路硬化", "G356国道沿线路灯", "农村客运班线", "危桥改造", "县乡道路安全防护栏", "城区停车位"},
		[]string{"加快建设", "列入年度计划", "安排专项资金", "尽快维修"}},
	{"水利", []string{"山塘清淤扩容", "小型水库除险加固", "农田灌溉渠道", "农村安全饮水工程", "防洪堤加固"},
		[]string{"加快实施", "列入水利建设计划", "加大投入", "尽快修复"}},
	{"教育科技", []string{"乡村学校寄宿条件", "教师周转房", "校车安全管理", "农村幼儿园建设", "职业教育实训基地"},
		[]string{"改善", "加大投入", "统筹解决", "加快建设"}},
	{"医疗卫生", []string{"村卫生室标准化建设", "乡镇卫生院医疗设备", "家庭医生签约服务", "基层医生待遇"},
		[]string{"提升", "加大支持", "完善", "落实"}},
	{"生态环境", []string{"农村生活垃圾转运", "集镇污水处理设施", "河道保洁", "矿区生态修复", "畜禽养殖污染治理"},
		[]string{"加强", "完善", "加快推进", "建立长效机制"}},
	{"农业农村", []string{"油茶产业发展", "高标准农田建设", "塔山茶品牌推广", "农产品冷链物流", "农村集体经济"},
		[]string{"扶持", "加快推进", "加大支持", "完善政策"}},
	{"社会保障", []string{"农村养老服务中心", "残疾人两项补贴", "城乡居民医保缴费", "困难群众临时救助"},
		[]string{"完善", "提高标准", "优化流程", "加强保障"}},
	{"城乡建设", []string{"老旧小区改造", "农贸市场提质改造", "背街小巷路面", "农村危房改造", "集镇供水管网"},
		[]string{"加快实施", "统筹推进", "加大投入", "尽快解决"}},
	{"经济发展", []string{"工业园区配套设施", "小微企业融资", "县域商业体系", "返乡创业扶持"},
		[]string{"优化", "加大扶持", "完善", "支持"}},
	{"政法", []string{"农村治安防控", "矛盾纠纷多元化解", "法律援助服务", "交通安全劝导站"},
		[]string{"加强", "完善", "健全", "推进"}},
}

var synthReplies = []string{
	"经研究，该事项已列入本年度实施计划，预计年底前完成。",
	"我单位已会同相关乡镇实地调查，已安排资金予以解决。",
	"因资金和用地条件限制，暂列入下一年度规划逐步解决。",
	"已组织专班办理，相关工程正在施工，将按期完成。",
	"所提建议对完善相关政策具有参考价值，我们将在今后工作中认真吸纳。",
}

// suggestion makes suggestion i (0-based) of the stream.
func (g *synth) suggestion(i int) synthSug {
	f := g.f
	created := g.when(i, g.n)
	id := g.id(created)
	topic := synthTopics[g.pick(len(synthTopics))]
	town := pickS(g, f.towns)
	place := town.name
	if len(town.villages) > 0 && g.pick(2) == 0 {
		place += pickS(g, town.villages).name
	}
	subject, ask := pickS(g, topic.subjects), pickS(g, topic.asks)
	title := "关于" + ask + place + subject + "的建议"
	kind := suggestion.KindSuggestion
	if g.pick(25) == 0 {
		kind = suggestion.KindMotion
		title = "关于" + ask + place + subject + "的议案"
	}
	grounds := fmt.Sprintf("%s%s问题群众反映强烈，涉及约%d户群众，%s", place, subject, 50+g.pick(2000),
		pickS(g, []string{"多次向有关部门反映未得到解决。", "已成为制约当地发展的突出问题。", "存在安全隐患。", "群众期盼早日解决。"}))
	body := fmt.Sprintf("建议%s%s：一是摸清底数，制定方案；二是%s，落实资金%d万元；三是明确责任单位和完成时限，接受群众监督。",
		ask, subject, pickS(g, []string{"争取上级项目支持", "统筹整合涉农资金", "引导社会资本参与", "分年度实施"}), 20+g.pick(500))
	dep := pickS(g, f.deputies)
	var session any
	during := false
	year := renda.DateOf(created).Year
	for _, s := range f.sessions {
		if s.year == year {
			session, during = s.id, g.pick(3) > 0
		}
	}
	age := SyntheticAnchor.Sub(created)
	// The older an item, the further along its way.
	status := suggestion.Closed
	switch {
	case age < 20*24*time.Hour:
		status = pickS(g, []string{suggestion.Submitted, suggestion.Registered, suggestion.Assigned})
	case age < 200*24*time.Hour:
		status = pickS(g, []string{suggestion.Assigned, suggestion.Assigned, suggestion.Assigned, suggestion.Replied, suggestion.Rehandling, suggestion.Closed})
	case age < 400*24*time.Hour:
		status = pickS(g, []string{suggestion.Replied, suggestion.Closed, suggestion.Closed, suggestion.Closed})
	default:
		if g.pick(40) == 0 {
			status = pickS(g, []string{suggestion.Rejected, suggestion.Withdrawn, suggestion.Merged})
		}
	}
	s := synthSug{}
	submitted := created.Add(time.Duration(g.pick(72)) * time.Hour)
	var number any = ""
	seq := 0
	var registered, assignedOn, firstDue, due, repliedOn, firstReplied, ratedOn, closedAt, lead any
	var replyCat, rating, mode string
	round, ratedRound := 0, 0
	onTime := false
	registeredAt := submitted.Add(time.Duration(24+g.pick(240)) * time.Hour)
	if status != suggestion.Submitted && status != suggestion.Withdrawn {
		seq = i + 1
		number = fmt.Sprintf("%d年第%d号", renda.DateOf(registeredAt).Year, seq)
		registered = ts(registeredAt)
	}
	updated := registeredAt
	switch status {
	case suggestion.Assigned, suggestion.Replied, suggestion.Rehandling, suggestion.Closed:
		unit := pickS(g, f.units)
		lead, mode, round = unit.id, "lead", 1
		aday := renda.DateOf(registeredAt.Add(time.Duration(24+g.pick(240)) * time.Hour))
		assignedOn = aday.String()
		dueDay := aday.AddDays(90)
		firstDue, due = dueDay.String(), dueDay.String()
		s.units = append(s.units, []any{id, unit.id, suggestion.UnitLead, aday.String(), 0})
		if g.pick(4) == 0 {
			co := pickS(g, f.units)
			if co.id != unit.id {
				s.units = append(s.units, []any{id, co.id, suggestion.UnitAssist, aday.String(), 0})
			}
		}
		updated = aday.Start().Add(9 * time.Hour)
		if status != suggestion.Assigned {
			rday := aday.AddDays(20 + g.pick(90))
			if status == suggestion.Rehandling {
				round = 2
				due = rday.AddDays(30).String()
			}
			repliedOn, firstReplied = rday.String(), rday.String()
			onTime = !rday.After(dueDay)
			replyCat = pickS(g, []string{"A", "A", "B", "C", "D"})
			s.units[0][4] = 1
			rt := rday.Start().Add(10 * time.Hour)
			s.records = append(s.records, []any{g.id(rt), id, suggestion.RecReply, 1, unit.id, unit.name, rday.String(), replyCat,
				pickS(g, synthReplies), "", ts(rt)})
			updated = rt
			if status == suggestion.Closed || status == suggestion.Rehandling {
				rating = pickS(g, []string{renda.RatingSatisfied, renda.RatingSatisfied, renda.RatingSatisfied, renda.RatingBasic, renda.RatingUnsatisfied})
				if status == suggestion.Rehandling {
					rating = renda.RatingUnsatisfied
				}
				ratedOn, ratedRound = rday.AddDays(7).String(), 1
				updated = rday.AddDays(7).Start().Add(9 * time.Hour)
			}
			if status == suggestion.Closed {
				closedAt = ts(rday.AddDays(15).Start().Add(9 * time.Hour))
				updated = rday.AddDays(15).Start().Add(9 * time.Hour)
			}
		}
	case suggestion.Submitted:
		updated = submitted
	}
	if updated.After(SyntheticAnchor) {
		updated = SyntheticAnchor
	}
	var delegation any
	if dep.delegationID != "" {
		delegation = dep.delegationID
	}
	s.signers = append(s.signers, []any{id, dep.id, true, "confirmed", ts(created), ts(created)})
	s.row = []any{id, kind, number, seq, title, grounds, body, topic.category, status, dep.id, delegation, f.congressID, session,
		during, lead, mode, assignedOn, firstDue, due, round, replyCat, repliedOn, firstReplied,
		onTime, rating, ratedOn, ratedRound, ts(created), ts(submitted), registered, closedAt, ts(updated)}
	return s
}

const synthOpinionCols = `id, tracking_code, channel, state, station_id, deputy_id, handler_id, township_id, region_id, category,
	content, address, name_enc, phone_enc, phone_index, consent, due, answer, answered_at, forward_to, forward_org_id, forwarded_at,
	unit_reply, replied_at, rating, rated_at, closed_at, hotline_order_id, created_at, updated_at`

var synthProblems = []struct{ category, what string }{
	{"道路交通", "村道路面坑洼不平，雨天积水，车辆和行人通行困难"},
	{"道路交通", "路灯坏了好几盏，晚上出行很不安全"},
	{"道路交通", "学校门口没有减速带和斑马线，孩子上下学有安全隐患"},
	{"饮水水利", "自来水经常停水，水压也不够，高处几户用不上水"},
	{"饮水水利", "山塘多年没有清淤，今年夏天灌溉用水紧张"},
	{"环境卫生", "垃圾收运不及时，垃圾桶满了没人清，气味很大"},
	{"环境卫生", "河边有人倾倒建筑垃圾，影响河道行洪"},
	{"教育", "村小学缺少英语和音乐老师，希望能安排支教"},
	{"医疗卫生", "村卫生室药品种类少，老人买常用药要跑到镇上"},
	{"社会保障", "老人高龄补贴发放时间不固定，希望按月发放"},
	{"农业农村", "高标准农田建设后机耕道损坏，收割机进不去"},
	{"茶叶产业", "茶叶加工厂用电负荷不够，旺季经常跳闸"},
	{"城乡建设", "小区楼道墙皮脱落，屋顶漏水，希望纳入老旧小区改造"},
	{"治安安全", "夜里有人在路口飙车，噪音扰民，存在安全隐患"},
	{"就业创业", "返乡创业贷款手续复杂，希望简化办理流程"},
}

var synthAnswers = []string{
	"已与村委会和镇政府沟通，已安排人员处理，请您留意。",
	"已转有关单位办理，办理结果将及时告知您。",
	"经了解，该问题已列入今年民生实事项目，正在推进。",
	"已现场查看，相关部门已完成维修。",
}

var synthHotlineTypes = []string{"投诉", "求助", "咨询", "建议", "举报"}

// opinion makes opinion or 12345 order j (0-based) of the stream; h is the
// order when it is one.
func (g *synth) opinion(j int) (*opinion.Opinion, *opinion.HotlineOrder) {
	f := g.f
	total := g.n * SyntheticPerSuggestion
	created := g.when(j, total)
	o := &opinion.Opinion{ID: g.id(created), CreatedAt: created, UpdatedAt: created, Consent: true}
	o.TrackingCode = "S" + base32(uint64(g.n), 4) + base32(uint64(j), 6)
	p := synthProblems[g.pick(len(synthProblems))]
	o.Category = p.category
	var town synthTown
	hotline := g.pick(5) == 0
	if hotline || len(f.stations) == 0 {
		town = pickS(g, f.towns)
		o.Channel = opinion.ChannelHotline
	} else {
		st := pickS(g, f.stations)
		o.StationID = st.id
		for _, t := range f.towns {
			if t.id == st.townID {
				town = t
			}
		}
		if town.id == "" {
			town = pickS(g, f.towns)
		}
		o.Channel = pickS(g, []string{opinion.ChannelQR, opinion.ChannelQR, opinion.ChannelQR, opinion.ChannelReception, opinion.ChannelDeputy})
		if len(st.deputies) > 0 && g.pick(3) > 0 {
			o.DeputyID = pickS(g, st.deputies)
			o.HandlerID = o.DeputyID
		}
	}
	o.TownshipID, o.RegionID = town.id, town.id
	place := town.name
	if len(town.villages) > 0 {
		v := pickS(g, town.villages)
		o.RegionID, place = v.id, town.name+v.name
	}
	o.Content = fmt.Sprintf("我是%s的村民，%s。%s", place, p.what,
		pickS(g, []string{"希望有关部门尽快解决。", "已经反映过几次了，请代表帮忙督促。", "麻烦代表关注一下。", "谢谢！"}))
	o.Address = place
	if g.pick(2) == 0 {
		o.Name = pickS(g, []string{"王", "李", "张", "刘", "陈", "杨", "黄", "周"}) + pickS(g, []string{"先生", "女士", "大爷", "阿姨"})
		o.Phone = fmt.Sprintf("13%d%08d", 3+g.pick(7), g.rng.IntN(100000000))
	}
	age := SyntheticAnchor.Sub(created)
	o.State = opinion.Closed
	switch {
	case age < 15*24*time.Hour:
		o.State = pickS(g, []string{opinion.Submitted, opinion.Received, opinion.Forwarded, opinion.Handling})
	case age < 60*24*time.Hour:
		o.State = pickS(g, []string{opinion.Handling, opinion.Replied, opinion.Answered, opinion.Closed})
	}
	o.Due = renda.DateOf(created).AddDays(15)
	var h *opinion.HotlineOrder
	if hotline {
		h = &opinion.HotlineOrder{ID: g.id(created), Number: fmt.Sprintf("%s%06d%d", renda.DateOf(created).Start().Format("20060102"), g.n%1000000, j),
			Channel: pickS(g, []string{"电话", "微信", "网站", "APP"}), ReceivedAt: created, RegionCode: town.code,
			Type: pickS(g, synthHotlineTypes), Content: o.Content, Due: created.Add(10 * 24 * time.Hour), Source: "api",
			OpinionID: o.ID, CreatedAt: created}
		o.HotlineOrderID, o.HotlineNumber, o.Due = h.ID, h.Number, renda.DateOf(h.Due)
	}
	step := created
	if o.State != opinion.Submitted {
		step = step.Add(time.Duration(2+g.pick(48)) * time.Hour)
	}
	if o.State == opinion.Forwarded || o.State == opinion.Handling || o.State == opinion.Replied || (o.State != opinion.Submitted && o.State != opinion.Received && g.pick(3) == 0) {
		u := pickS(g, f.units)
		o.ForwardTo, o.ForwardOrgID, o.ForwardedAt = opinion.ForwardUnit, u.id, step
		if o.State != opinion.Forwarded {
			step = step.Add(time.Duration(24+g.pick(200)) * time.Hour)
			o.UnitReply, o.RepliedAt = pickS(g, synthAnswers), step
		}
	}
	if o.State == opinion.Answered || o.State == opinion.Closed {
		step = step.Add(time.Duration(2+g.pick(72)) * time.Hour)
		o.Answer, o.AnsweredAt = pickS(g, synthAnswers), step
	}
	if o.State == opinion.Closed {
		step = step.Add(time.Duration(24+g.pick(200)) * time.Hour)
		o.ClosedAt = step
		if g.pick(2) == 0 {
			o.Rating, o.RatedAt = pickS(g, []string{renda.RatingSatisfied, renda.RatingSatisfied, renda.RatingBasic, renda.RatingUnsatisfied}), step
		}
	}
	o.UpdatedAt = step
	return o, h
}

func (g *synth) opinionRow(tx *Tx, o *opinion.Opinion) []any {
	box := tx.db.box
	name, phone, index := "", "", ""
	if o.Phone != "" {
		name, phone, index = box.Seal(o.Name), box.Seal(o.Phone), box.Index(o.Phone)
	}
	return []any{o.ID, o.TrackingCode, o.Channel, o.State, nz(o.StationID), nz(o.DeputyID), nz(o.HandlerID), nz(o.TownshipID), nz(o.RegionID), o.Category,
		o.Content, o.Address, name, phone, index, o.Consent, day(o.Due), o.Answer, ts(o.AnsweredAt), o.ForwardTo, nz(o.ForwardOrgID), ts(o.ForwardedAt),
		o.UnitReply, ts(o.RepliedAt), o.Rating, ts(o.RatedAt), ts(o.ClosedAt), o.HotlineOrderID, ts(o.CreatedAt), ts(o.UpdatedAt)}
}
