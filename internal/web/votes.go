package web

import (
	"net/http"

	"renda"
)

// voteRoutes are the pages of this workflow.
func (s *Server) voteRoutes() []route { return nil }

// voteNav are this workflow's entries in the main menu.
func (s *Server) voteNav() []NavItem { return nil }

// voteWidgets are this workflow's figures on the signed-in user's home page.
func (s *Server) voteWidgets(r *http.Request, u *renda.User) ([]Widget, error) { return nil, nil }

// voteTiles are this workflow's entries on the public home page.
func (s *Server) voteTiles() []Tile { return nil }
