package store

import (
	"context"

	"renda"
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
