package store

import (
	"context"
	"strings"

	"renda"
	"renda/consultation"
	"renda/filing"
	"renda/opinion"
	"renda/project"
	"renda/station"
	"renda/suggestion"
	"renda/vote"
)

// The panels of the workflows on the leaders' screen. Each is one
// RegisterPanel call; a new workflow adds its own beside its store file.

func init() {
	RegisterPanel(Panel{Key: "suggestions", Title: "议案建议", Order: 10, More: "/suggestions/stats", Figures: suggestionPanel})
	RegisterPanel(Panel{Key: "opinions", Title: "群众意见和12345", Order: 20, More: "/opinions/stats", Township: true, Figures: opinionPanel})
	RegisterPanel(Panel{Key: "townships", Title: "各镇（街道）群众意见", Order: 25, ScreenOnly: true, Figures: townshipPanel})
	RegisterPanel(Panel{Key: "stations", Title: "代表联络站", Order: 30, Township: true, Figures: stationPanel})
	RegisterPanel(Panel{Key: "projects", Title: "民生实事项目", Order: 40, More: "/projects", Township: true, Figures: projectPanel})
	RegisterPanel(Panel{Key: "filings", Title: "备案审查", Order: 50, More: "/filings/report", Figures: filingPanel})
	RegisterPanel(Panel{Key: "consultations", Title: "征求意见", Order: 55, Figures: consultationPanel})
	RegisterPanel(Panel{Key: "deputies", Title: "人大代表", Order: 60, Township: true, Figures: deputyPanel})
}

func suggestionPanel(ctx context.Context, db *DB, u *renda.User, sc Scope) ([]Figure, error) {
	sessions, err := db.YearSessions(ctx, sc.Year)
	if err != nil {
		return nil, err
	}
	var out []Figure
	count := func(f suggestion.Filter) (int, error) { return db.CountSuggestions(ctx, u, f) }
	for i, se := range sessions {
		key := ""
		if i > 0 {
			key = "." + itoa(se.Number)
		}
		name := se.ShortName()
		for _, k := range []struct{ kind, key, label, def string }{
			{suggestion.KindMotion, "motions", "代表议案", "大会期间代表依法提出的议案（不含不予立案、并案、撤回的）"},
			{suggestion.KindSuggestion, "suggestions", "代表建议", "大会期间代表提出的建议、批评和意见（不含不予立案、并案、撤回的）"},
		} {
			n, err := count(suggestion.Filter{SessionID: se.ID, Kind: k.kind, Status: suggestion.StatusesCounted})
			if err != nil {
				return nil, err
			}
			out = append(out, Figure{Key: "suggestions." + k.key + key, Label: name + k.label, Value: n, Definition: k.def,
				Href: link("/suggestions", "view", "all", "session", se.ID, "kind", k.kind, "counted", "1")})
		}
		n, err := count(suggestion.Filter{SessionID: se.ID, Kind: suggestion.KindSuggestion, Status: []string{suggestion.Replied, suggestion.Closed}})
		if err != nil {
			return nil, err
		}
		out = append(out, Figure{Key: "suggestions.done" + key, Label: name + "代表建议已答复、办结", Value: n, Definition: "承办单位已答复或已办结的建议",
			Href: link("/suggestions", "view", "done", "session", se.ID, "kind", suggestion.KindSuggestion)})
	}
	n, err := count(suggestion.Filter{Overdue: true})
	if err != nil {
		return nil, err
	}
	out = append(out, Figure{Key: "suggestions.overdue", Label: "已逾期未答复的议案建议", Value: n, Now: true, Alert: n > 0,
		Definition: "现在已过办理期限仍未答复的议案建议", Href: "/suggestions?view=overdue"})
	return out, nil
}

// opinionPanel counts the year's opinions (of the scope's township, on its
// screen) in one pass, each figure under the condition opinionWhere adds
// for its filter, so it equals its list.
func opinionPanel(ctx context.Context, db *DB, u *renda.User, sc Scope) ([]Figure, error) {
	from, to, town := renda.NewDate(sc.Year, 1, 1), renda.NewDate(sc.Year, 12, 31), sc.TownshipID()
	cond, args := db.opinionWhere(u, opinion.Filter{From: from, To: to, TownshipID: town})
	var all, hotline, reception, answered, satisfied int
	err := db.read(ctx, func(tx *Tx) error {
		// From the opinion statistics' margin tables: the county's figures,
		// and a township's all, answered and satisfied (its group there);
		// a township's channels are counted in the range of
		// opinions_township_created (migration 01731).
		sum, ok, err := tx.opinionYearSums(u, from, to)
		if err != nil {
			return err
		}
		if ok {
			k := func(kind, grp string) [3]int { return sum[[2]string{kind, grp}] }
			if town == "" {
				all, answered, satisfied = k("", "")[0], k("", "")[1], k("", "")[2]
				hotline, reception = k("channel", opinion.ChannelHotline)[0], k("channel", opinion.ChannelReception)[0]
				return nil
			}
			all, answered, satisfied = k("township", town)[0], k("township", town)[1], k("township", town)[2]
			return tx.queryRow(`SELECT COALESCE(SUM(CASE WHEN o.channel = ? THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN o.channel = ? THEN 1 ELSE 0 END), 0)`+
				opinionCountFrom(opinion.Filter{})+cond+" AND o.channel IN (?, ?)",
				append(append([]any{opinion.ChannelHotline, opinion.ChannelReception}, args...), opinion.ChannelHotline, opinion.ChannelReception)...).Scan(&hotline, &reception)
		}
		return tx.queryRow(`SELECT COUNT(*), COALESCE(SUM(CASE WHEN o.channel = ? THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN o.channel = ? THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN o.answered_at IS NOT NULL THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN o.rating = ? THEN 1 ELSE 0 END), 0)`+opinionCountFrom(opinion.Filter{})+cond,
			append([]any{opinion.ChannelHotline, opinion.ChannelReception, renda.RatingSatisfied}, args...)...).Scan(&all, &hotline, &reception, &answered, &satisfied)
	})
	if err != nil {
		return nil, err
	}
	overdue := opinion.Filter{State: "overdue", TownshipID: town}
	late, err := db.CountOpinions(ctx, u, overdue)
	if err != nil {
		return nil, err
	}
	q := func(f opinion.Filter) string { f.From, f.To, f.TownshipID = from, to, town; return f.Query() }
	return []Figure{
		{Key: "opinions.received", Label: "收到群众意见（含12345工单）", Value: all, Href: q(opinion.Filter{}), Definition: "本年内收到的群众意见，包括扫码反映、接待日、代表走访和12345热线转来的工单"},
		{Key: "opinions.hotline", Label: "12345热线工单", Value: hotline, Href: q(opinion.Filter{Channel: opinion.ChannelHotline}), Definition: "本年内从12345热线转来的工单"},
		{Key: "opinions.reception", Label: "联络站接待日收到的意见", Value: reception, Href: q(opinion.Filter{Channel: opinion.ChannelReception}), Definition: "本年内代表在联络站接待日当面收到的群众意见"},
		{Key: "opinions.answered", Label: "已答复的群众意见", Value: answered, Href: q(opinion.Filter{Answered: true}), Definition: "本年内收到且已答复的群众意见"},
		{Key: "opinions.satisfied", Label: "群众评价满意", Value: satisfied, Href: q(opinion.Filter{Rating: renda.RatingSatisfied}), Definition: "本年内收到、群众评价为满意的意见"},
		{Key: "opinions.overdue", Label: "逾期待督办的群众意见", Value: late, Href: overdue.Query(), Now: true, Alert: late > 0, Definition: "现在已过期限仍未答复的群众意见"},
	}, nil
}

func stationPanel(ctx context.Context, db *DB, u *renda.User, sc Scope) ([]Figure, error) {
	var out []Figure
	town := sc.TownshipID()
	for _, k := range []struct {
		kind  station.Kind
		key   string
		label string
	}{{"", "stations.all", "代表联络站（点）"}, {station.Township, "stations.township", "乡镇（街道）代表联络站"}, {station.Village, "stations.village", "村（社区）代表联络点"}} {
		_, n, err := db.Stations(ctx, station.Filter{Kind: k.kind, TownshipID: town, Limit: 1})
		if err != nil {
			return nil, err
		}
		out = append(out, Figure{Key: k.key, Label: k.label, Value: n, Href: link("/stations", "kind", string(k.kind), "township", town), Definition: "现有的" + k.label})
	}
	return out, nil
}

// projectPanel counts the year's livelihood projects by state: on a
// township's screen those of its own congress (none for a subdistrict,
// which elects no congress: the panel is left out).
func projectPanel(ctx context.Context, db *DB, u *renda.User, sc Scope) ([]Figure, error) {
	congress := ""
	if sc.Township != nil {
		var err error
		if congress, err = db.townshipCongress(ctx, sc.Township.ID); err != nil || congress == "" {
			return nil, err
		}
	}
	public := !u.IsStaffSide() // as the list shows them to this viewer
	var out []Figure
	for _, k := range []struct{ status, key, label, def string }{
		{"", "projects.all", "民生实事项目", "本年度的民生实事项目（含征集、候选和票决产生的）"},
		{project.Adopted, "projects.adopted", "票决产生、待实施的项目", "代表票决产生、尚未开工的项目"},
		{project.InProgress, "projects.in_progress", "实施中的民生实事项目", "正在实施的项目"},
		{project.Completed, "projects.completed", "已完成的民生实事项目", "已完成、尚未测评的项目"},
		{project.Rated, "projects.rated", "已测评的民生实事项目", "已完成并经代表满意度测评的项目"},
	} {
		_, n, err := db.Projects(ctx, u, project.Filter{Year: sc.Year, Status: k.status, CongressID: congress, Public: public, Limit: 1})
		if err != nil {
			return nil, err
		}
		out = append(out, Figure{Key: k.key, Label: k.label, Value: n, Href: link("/projects", "year", itoa(sc.Year), "status", k.status, "congress", congress), Definition: k.def})
	}
	if sc.Township != nil {
		return out, nil
	}
	votes, _, err := db.Votes(ctx, vote.Filter{Status: vote.Open, Limit: 200, Scoped: true, Viewer: u}) // as the list shows them
	if err != nil {
		return nil, err
	}
	n := len(votes)
	out = append(out, Figure{Key: "votes.open", Label: "进行中的票决", Value: n, Href: "/votes?status=open", Now: true, Definition: "现在正在投票的票决"})
	return out, nil
}

func filingPanel(ctx context.Context, db *DB, u *renda.User, sc Scope) ([]Figure, error) {
	year := sc.Year
	var out []Figure
	for _, k := range []struct{ flag, key, label, def string }{
		{"", "filings.filed", "报送备案的规范性文件", "本年内报送备案的规范性文件"},
		{"reviewed", "filings.reviewed", "已审查的规范性文件", "本年内报送、已完成审查的规范性文件"},
		{"issue", "filings.issue", "审查发现问题的规范性文件", "本年内报送、审查发现问题的规范性文件"},
	} {
		_, n, err := db.Filings(ctx, u, filing.Filter{Year: year, Flag: k.flag, Limit: 1})
		if err != nil {
			return nil, err
		}
		out = append(out, Figure{Key: k.key, Label: k.label, Value: n, Href: link("/filings", "year", itoa(year), "flag", k.flag), Definition: k.def})
	}
	return out, nil
}

func consultationPanel(ctx context.Context, db *DB, u *renda.User, sc Scope) ([]Figure, error) {
	_, n, err := db.Consultations(ctx, u, consultation.Filter{Limit: 200})
	if err != nil {
		return nil, err
	}
	return []Figure{{Key: "consultations.all", Label: "征求意见的草案", Value: n, Href: "/consultations", Now: true, Definition: "已建立的草案征求意见（含准备中的）"}}, nil
}

// deputyPanel counts the active deputies of the county and township
// levels: on a township's screen those stationed in it (their township,
// renda.Deputy.RegionID), of every level.
func deputyPanel(ctx context.Context, db *DB, u *renda.User, sc Scope) ([]Figure, error) {
	var out []Figure
	if sc.Township != nil {
		for _, l := range []struct {
			level           renda.Level
			key, label, def string
		}{
			{"", "all", "在本镇（街道）履职的各级人大代表", "现有的、所在乡镇为本镇（街道）的各级人大代表"},
			{renda.LevelCounty, string(renda.LevelCounty), "县级人大代表", "现有的、所在乡镇为本镇（街道）的县级人大代表"},
			{renda.LevelTownship, string(renda.LevelTownship), "乡镇人大代表", "本镇现有的乡镇人大代表"},
		} {
			_, n, err := db.Deputies(ctx, u, renda.DeputyFilter{RegionID: sc.Township.ID, Level: l.level, Status: renda.DeputyActive, Limit: 1})
			if err != nil {
				return nil, err
			}
			out = append(out, Figure{Key: "deputies." + l.key, Label: l.label, Value: n, Now: true,
				Href:       link("/deputies", "region", sc.Township.ID, "level", string(l.level), "status", string(renda.DeputyActive)),
				Definition: l.def})
		}
		return out, nil
	}
	counts, err := db.DeputyCounts(ctx)
	if err != nil {
		return nil, err
	}
	for _, l := range []struct {
		level renda.Level
		label string
	}{{renda.LevelCounty, "县级人大代表"}, {renda.LevelTownship, "乡镇人大代表"}} {
		out = append(out, Figure{Key: "deputies." + string(l.level), Label: l.label, Value: counts[l.level], Now: true,
			Href: link("/deputies", "level", string(l.level), "status", string(renda.DeputyActive)), Definition: "现有的" + l.label})
	}
	return out, nil
}

// townshipPanel splits the year's opinions by township (on the screen
// only): from the opinion statistics' margin tables (opinionYearSums); for
// a viewer who does not see every opinion, each township's count under its
// list's own condition, all in one statement.
func townshipPanel(ctx context.Context, db *DB, u *renda.User, sc Scope) ([]Figure, error) {
	year := sc.Year
	towns, _, err := db.Regions(ctx, renda.RegionFilter{Level: renda.RegionTownship, Limit: 200})
	if err != nil {
		return nil, err
	}
	from, to := renda.NewDate(year, 1, 1), renda.NewDate(year, 12, 31)
	counts := map[string]int{}
	if len(towns) == 0 {
		return nil, nil
	}
	var parts []string
	var args []any
	for i, t := range towns {
		f := opinion.Filter{From: from, To: to, TownshipID: t.ID}
		cond, cargs := db.opinionWhere(u, f)
		parts = append(parts, "SELECT "+itoa(i)+", COUNT(*)"+opinionCountFrom(f)+cond)
		args = append(args, cargs...)
	}
	err = db.read(ctx, func(tx *Tx) error {
		if sum, ok, err := tx.opinionYearSums(u, from, to); err != nil || ok {
			for _, t := range towns {
				counts[t.ID] = sum[[2]string{"township", t.ID}][0]
			}
			return err
		}
		rows, err := tx.query(strings.Join(parts, " UNION ALL "), args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var i, n int
			if err := rows.Scan(&i, &n); err != nil {
				return err
			}
			counts[towns[i].ID] = n
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	var out []Figure
	for _, t := range towns {
		f := opinion.Filter{From: from, To: to, TownshipID: t.ID}
		out = append(out, Figure{Key: "opinions.township." + t.Code, Label: t.Name, Value: counts[t.ID], Href: f.Query(), Breakdown: true, Place: t.ID,
			Definition: "本年内该镇（街道）收到的群众意见和12345工单"})
	}
	return out, nil
}

// opinionYearSums sums the opinion statistics' margin tables (migration
// 01600: opinion_stat_days and opinion_stat_months, kept in step by
// triggers) over the days from..to by kind and group (” all, 'channel',
// 'township'): how many opinions, answered, rated satisfied — what the
// list with From and To (and a channel or a township) counts, for a viewer
// who sees every opinion (ok false for others: their lists are counted).
func (tx *Tx) opinionYearSums(u *renda.User, from, to renda.Date) (map[[2]string][3]int, bool, error) {
	if scope, _ := opinionScope(u); scope != "1 = 1" {
		return nil, false, nil
	}
	days1, months, days2 := statSpans(from, to)
	rows, err := tx.query(`SELECT kind, grp, SUM(total), SUM(answered), SUM(satisfied) FROM (
			SELECT kind, grp, total, answered, satisfied FROM opinion_stat_days WHERE day >= ? AND day <= ?
			UNION ALL SELECT kind, grp, total, answered, satisfied FROM opinion_stat_months WHERE month >= ? AND month <= ?
			UNION ALL SELECT kind, grp, total, answered, satisfied FROM opinion_stat_days WHERE day >= ? AND day <= ?) u
		WHERE kind IN ('', 'channel', 'township') GROUP BY kind, grp`, days1[0], days1[1], months[0], months[1], days2[0], days2[1])
	if err != nil {
		return nil, false, err
	}
	defer rows.Close()
	out := map[[2]string][3]int{}
	for rows.Next() {
		var kind, grp string
		var n [3]int
		if err := rows.Scan(&kind, &grp, &n[0], &n[1], &n[2]); err != nil {
			return nil, false, err
		}
		out[[2]string{kind, grp}] = n
	}
	return out, true, rows.Err()
}
