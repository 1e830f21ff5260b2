package web

import (
	"net/http"

	"renda"
)

// suggestionRoutes are the pages of this workflow.
func (s *Server) suggestionRoutes() []route { return nil }

// suggestionNav are this workflow's entries in the main menu.
func (s *Server) suggestionNav() []NavItem { return nil }

// suggestionWidgets are this workflow's figures on the signed-in user's home page.
func (s *Server) suggestionWidgets(r *http.Request, u *renda.User) ([]Widget, error) { return nil, nil }

// suggestionTiles are this workflow's entries on the public home page.
func (s *Server) suggestionTiles() []Tile { return nil }
