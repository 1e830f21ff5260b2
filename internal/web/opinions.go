package web

import (
	"net/http"

	"renda"
)

// opinionRoutes are the pages of this workflow.
func (s *Server) opinionRoutes() []route { return nil }

// opinionNav are this workflow's entries in the main menu.
func (s *Server) opinionNav() []NavItem { return nil }

// opinionWidgets are this workflow's figures on the signed-in user's home page.
func (s *Server) opinionWidgets(r *http.Request, u *renda.User) ([]Widget, error) { return nil, nil }

// opinionTiles are this workflow's entries on the public home page.
func (s *Server) opinionTiles() []Tile { return nil }
