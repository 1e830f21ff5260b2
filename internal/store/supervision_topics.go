package store

import (
	"context"

	"renda"
	"renda/opinion"
	"renda/suggestion"
)

// SuggestionTopic is one row of the deputies' motions and suggestions of a
// year among the topic sources for next year's plan: a category or a
// handling unit, how many motions and suggestions of the year it has, and
// one example title.
type SuggestionTopic struct {
	Key         string // the category, or the unit's id ("" for no category)
	Name        string
	Motions     int
	Suggestions int
	Example     string
}

// Total is the row's motions and suggestions together.
func (t SuggestionTopic) Total() int { return t.Motions + t.Suggestions }

// SupervisionSuggestionTopics groups the year's motions and suggestions
// (those received: the list's counted=1, as viewer may see them) by
// category and by handling unit, the most raised first. Each count is the
// count of the suggestions list with the same year, kind and category or
// unit (built on its own condition, sugWhere).
func (db *DB) SupervisionSuggestionTopics(ctx context.Context, viewer *renda.User, year int) (byCategory, byUnit []SuggestionTopic, err error) {
	group := func(tx *Tx, key, name, join, groupBy string) ([]SuggestionTopic, error) {
		cond, args := db.sugWhere(viewer, suggestion.Filter{Year: year, Status: suggestion.StatusesCounted}, tx.Today())
		rows, err := tx.query(`SELECT `+key+`, `+name+`,
			COUNT(DISTINCT CASE WHEN s.kind = 'motion' THEN s.id END), COUNT(DISTINCT CASE WHEN s.kind = 'suggestion' THEN s.id END), MAX(s.id)
			FROM suggestions s`+join+cond+` GROUP BY `+groupBy+` ORDER BY COUNT(DISTINCT s.id) DESC, 2 LIMIT 30`, args...)
		if err != nil {
			return nil, err
		}
		var out []SuggestionTopic
		var last []string
		for rows.Next() {
			var t SuggestionTopic
			var id string
			if err := rows.Scan(&t.Key, &t.Name, &t.Motions, &t.Suggestions, &id); err != nil {
				rows.Close()
				return nil, err
			}
			out = append(out, t)
			last = append(last, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		for i, id := range last {
			if err := tx.queryRow("SELECT title FROM suggestions WHERE id = ?", id).Scan(&out[i].Example); err != nil {
				return nil, err
			}
			out[i].Example = trunc(out[i].Example, 60)
		}
		return out, nil
	}
	err = db.read(ctx, func(tx *Tx) error {
		var err error
		if byCategory, err = group(tx, "s.category", "s.category", "", "s.category"); err != nil {
			return err
		}
		byUnit, err = group(tx, "gu.org_id", "o.name", " JOIN suggestion_units gu ON gu.suggestion_id = s.id JOIN organizations o ON o.id = gu.org_id", "gu.org_id, o.name")
		return err
	})
	return byCategory, byUnit, err
}

// SupervisionUnitTopics groups the year's opinions and 12345 orders (as
// viewer may see them) by the handling unit they were forwarded to, the
// most forwarded first, with a row (Key "-") for those not forwarded to a
// unit. Each count is the count of the opinions list with the same year and
// unit (opinion.Filter.UnitID, on the list's own condition opinionWhere),
// and of 12345 orders the same list's channel=hotline.
func (db *DB) SupervisionUnitTopics(ctx context.Context, viewer *renda.User, year int) ([]Topic, error) {
	cond, args := db.opinionWhere(viewer, opinion.Filter{From: renda.NewDate(year, 1, 1), To: renda.NewDate(year, 12, 31)})
	const key = "CASE WHEN o.forward_to = 'unit' AND o.forward_org_id IS NOT NULL THEN o.forward_org_id ELSE '' END"
	const name = "CASE WHEN o.forward_to = 'unit' THEN COALESCE(fo.name, '') ELSE '' END"
	var out []Topic
	err := db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(`SELECT `+key+`, `+name+`, COUNT(*), SUM(CASE WHEN o.channel = 'hotline' THEN 1 ELSE 0 END), MAX(o.id)
			FROM opinions o LEFT JOIN organizations fo ON fo.id = o.forward_org_id`+cond+` GROUP BY `+key+`, `+name+` ORDER BY COUNT(*) DESC, 2 LIMIT 30`, args...)
		if err != nil {
			return err
		}
		var last []string
		for rows.Next() {
			var t Topic
			var id string
			if err := rows.Scan(&t.Key, &t.Name, &t.Count, &t.Hotline, &id); err != nil {
				rows.Close()
				return err
			}
			if t.Key == "" {
				t.Key, t.Name = "-", ""
			}
			out = append(out, t)
			last = append(last, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for i, id := range last {
			if err := tx.queryRow("SELECT content FROM opinions WHERE id = ?", id).Scan(&out[i].Example); err != nil {
				return err
			}
			out[i].Example = trunc(out[i].Example, 60)
		}
		return nil
	})
	return out, err
}
