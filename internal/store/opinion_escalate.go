package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"renda"
	"renda/internal/attach"
)

// EscalateOpinion turns an opinion into a draft suggestion (建议) of its
// handling deputy, with the opinion as evidence. It is the "escalate"
// action: ActOnOpinion does it, in one transaction with the opinion's own
// transition.
func (db *DB) EscalateOpinion(ctx context.Context, actor *renda.User, id string, in renda.ActionInput) (*renda.Opinion, error) {
	return db.ActOnOpinion(ctx, actor, id, "escalate", in)
}

// suggestionCategoryOf maps an opinion category onto the suggestions'
// categories (the same name, or a near one), or "".
func suggestionCategoryOf(category string, set *renda.Settings) string {
	cats := set.Strings("suggestions.categories")
	if slices.Contains(cats, category) {
		return category
	}
	near := map[string]string{"道路交通": "交通运输", "饮水水利": "水利", "环境卫生": "生态环境", "教育": "教育科技", "茶叶产业": "农业农村",
		"治安安全": "政法", "就业创业": "社会保障"}
	if c := near[category]; slices.Contains(cats, c) {
		return c
	}
	return ""
}

// escalate creates the draft suggestion of an opinion in this transaction:
// the deputy's title, the opinion and the deputy's reason as its content,
// the same problem's other recent reports in the township as evidence, and
// the opinion's photos as attachments. It returns the draft's id.
func (tx *Tx) escalate(env *OpinionEnv, o *renda.Opinion, in renda.ActionInput, p *renda.Problems) (string, error) {
	if tx.actor == nil || tx.actor.DeputyID == "" {
		return "", renda.Errorf(renda.EFORBIDDEN, "只有处理该意见的代表可以转为代表建议")
	}
	title := p.Line("title", "建议标题", in.Title, true, 100)
	reason := p.Text("text", "理由", in.Text, false, 2000)
	if p.Err() != nil {
		return "", nil
	}
	var b strings.Builder
	where := firstNonEmpty(o.StationName, o.TownshipName)
	fmt.Fprintf(&b, "一、群众反映（%s，%s%s）\n%s\n", renda.ChannelLabel(o.Channel), renda.DateOf(o.CreatedAt).Chinese(), prefixed("，", where), o.Content)
	if o.Address != "" {
		fmt.Fprintf(&b, "地点：%s\n", o.Address)
	}
	if reason != "" {
		fmt.Fprintf(&b, "\n二、代表意见\n%s\n", reason)
	}
	// The same problem reported by others: the evidence of a recurring problem.
	if o.TownshipID != "" && o.Category != "" {
		since := tx.now.Add(-time.Duration(env.set.Int("opinion.recurrence_days")) * 24 * time.Hour)
		rows, err := tx.query(`SELECT o.created_at, o.channel, o.content, COALESCE(ho.number, '') FROM opinions o LEFT JOIN hotline_orders ho ON ho.opinion_id = o.id
			WHERE o.township_id = ? AND o.category = ? AND o.created_at >= ? AND o.id <> ? ORDER BY o.created_at DESC LIMIT 30`,
			o.TownshipID, o.Category, ts(since), o.ID)
		if err != nil {
			return "", err
		}
		n := 0
		for rows.Next() {
			var at time.Time
			var channel, content, number string
			if err := rows.Scan(tsScan{&at}, &channel, &content, &number); err != nil {
				rows.Close()
				return "", err
			}
			if n == 0 {
				fmt.Fprintf(&b, "\n三、近 %d 天%s同类问题反映\n", env.set.Int("opinion.recurrence_days"), o.TownshipName)
			}
			n++
			src := renda.ChannelLabel(channel)
			if number != "" {
				src += " " + number
			}
			fmt.Fprintf(&b, "%d. %s（%s）%s\n", n, renda.DateOf(at).Chinese(), src, trunc(strings.Join(strings.Fields(content), " "), 80))
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return "", err
		}
	}
	// The opinion's photos go with the draft (they were checked on upload).
	var files []*attach.File
	rows, err := tx.query("SELECT name, content_type, content FROM attachments WHERE entity = 'opinion' AND entity_id = ? ORDER BY id", o.ID)
	if err != nil {
		return "", err
	}
	for rows.Next() {
		var f attach.File
		if err := rows.Scan(&f.Name, &f.ContentType, &f.Data); err != nil {
			rows.Close()
			return "", err
		}
		files = append(files, &f)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return "", err
	}
	draft, err := tx.CreateSuggestionDraft(SuggestionDraft{ProposerDeputyID: tx.actor.DeputyID, Title: title, Body: b.String(),
		Category: suggestionCategoryOf(o.Category, env.set), SourceEntity: "opinion", SourceID: o.ID, Files: files})
	if err != nil {
		return "", err
	}
	return draft.ID, nil
}

func prefixed(p, s string) string {
	if s == "" {
		return ""
	}
	return p + s
}

// suggestionPublicStatus returns what the public may know of a suggestion.
func (tx *Tx) suggestionPublicStatus(id string) (*SuggestionPublic, error) {
	s, err := tx.suggestion(id)
	if err != nil {
		return nil, err
	}
	set, _, err := tx.sugConfig()
	if err != nil {
		return nil, err
	}
	return publicView(s, set), nil
}
