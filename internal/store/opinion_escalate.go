package store

import (
	"fmt"
	"time"

	"renda/internal/attach"
	"renda/meeting"
	"renda/opinion"
)

// recentReports are the same problem's other reports in the opinion's
// township within the recurrence window: an escalation's evidence.
func (tx *Tx) recentReports(o *opinion.Opinion) ([]opinion.Report, error) {
	if o.TownshipID == "" || o.Category == "" {
		return nil, nil
	}
	set, _, err := tx.config()
	if err != nil {
		return nil, err
	}
	since := tx.now.Add(-time.Duration(set.Int("opinion.recurrence_days")) * 24 * time.Hour)
	rows, err := tx.query(`SELECT o.created_at, o.channel, o.content, COALESCE(ho.number, '') FROM opinions o LEFT JOIN hotline_orders ho ON ho.opinion_id = o.id
		WHERE o.township_id = ? AND o.category = ? AND o.created_at >= ? AND o.id <> ? ORDER BY o.created_at DESC LIMIT 30`,
		o.TownshipID, o.Category, ts(since), o.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []opinion.Report
	for rows.Next() {
		var r opinion.Report
		if err := rows.Scan(tsScan{&r.At}, &r.Channel, &r.Content, &r.Number); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// effect carries out one request an outcome makes of another workflow.
func (tx *Tx) effect(e any) error {
	switch e := e.(type) {
	case opinion.DraftSuggestion:
		return tx.draftFromOpinion(e)
	case *meeting.OpenVote:
		return tx.openMeetingVote(e)
	case *meeting.OpenElection:
		return tx.openElection(e)
	}
	return fmt.Errorf("store: no handler for effect %T", e)
}

// draftFromOpinion creates the draft suggestion an escalation asks for,
// with the opinion's photos as attachments (they were checked on upload).
func (tx *Tx) draftFromOpinion(e opinion.DraftSuggestion) error {
	var files []*attach.File
	if e.CopyFiles {
		rows, err := tx.query("SELECT name, content_type, content FROM attachments WHERE entity = ? AND entity_id = ? ORDER BY id", e.SourceEntity, e.SourceID)
		if err != nil {
			return err
		}
		for rows.Next() {
			var f attach.File
			if err := rows.Scan(&f.Name, &f.ContentType, &f.Data); err != nil {
				rows.Close()
				return err
			}
			files = append(files, &f)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	_, err := tx.CreateSuggestionDraft(SuggestionDraft{ID: e.ID, ProposerDeputyID: e.DeputyID, Title: e.Title, Body: e.Body,
		Category: e.Category, SourceEntity: e.SourceEntity, SourceID: e.SourceID, Files: files})
	return err
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
