package web

import (
	"net/http"

	"renda"
	"renda/internal/httpx"
	"renda/internal/store"
)

// API tokens: a user lists and revokes their own on /account, an admin
// anyone's on /users/{id}.

func (s *Server) tokenRoutes() []route {
	return []route{
		{"POST /account/tokens/{tid}/revoke", signedIn, s.accountTokenRevoke},
		{"POST /users/{id}/tokens/{tid}/revoke", []renda.Role{renda.RoleAdmin}, s.userTokenRevoke},
	}
}

func (s *Server) accountTokenRevoke(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	if err := s.db.RevokeToken(r.Context(), u, u.ID, r.PathValue("tid")); err != nil {
		return err
	}
	return redirect(w, r, "/account", "令牌已吊销")
}

func (s *Server) userTokenRevoke(w http.ResponseWriter, r *http.Request) error {
	acc, err := s.account(r)
	if err != nil {
		return err
	}
	if err := s.db.RevokeToken(r.Context(), httpx.User(r), acc.ID, r.PathValue("tid")); err != nil {
		return err
	}
	return redirect(w, r, "/users/"+acc.ID, "令牌已吊销")
}

// TokenList is what the "tokens" partial shows: the tokens, where their
// revoke buttons post, and the form token.
type TokenList struct {
	Tokens []store.Token
	Action string
	CSRF   string
}

// TokenList gives the partial the signed-in user's own tokens.
func (p *AccountPage) TokenList() TokenList {
	return TokenList{Tokens: p.Tokens, Action: "/account", CSRF: p.CSRF}
}

// TokenList gives the partial the account's tokens.
func (p *UserPage) TokenList() TokenList {
	return TokenList{Tokens: p.Tokens, Action: "/users/" + p.Account.ID, CSRF: p.CSRF}
}
