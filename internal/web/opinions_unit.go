package web

import (
	"net/http"

	"renda"
	"renda/internal/httpx"
)

// opinionUnitName names the handling unit an opinions list is filtered by
// (the topics page links its counts by unit to it): "" for no filter, or a
// unit the viewer may not see.
func (s *Server) opinionUnitName(r *http.Request, unitID string) (string, error) {
	switch unitID {
	case "":
		return "", nil
	case "-":
		return "未转交承办单位", nil
	}
	o, err := s.db.Organization(r.Context(), httpx.User(r), unitID)
	if renda.ErrorCode(err) == renda.ENOTFOUND || renda.ErrorCode(err) == renda.EFORBIDDEN {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	return o.Name, nil
}
