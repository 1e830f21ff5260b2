package api

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"
	"time"

	"renda"
	"renda/internal/httpx"
	"renda/internal/store"
	"renda/news"
)

// portalRoutes are the open data (public, no token), the year's figures
// (staff side) and the published news.
func (a *API) portalRoutes() []Route {
	return []Route{
		{Method: "GET", Path: "/api/v1/open/datasets", Summary: "The open datasets (public, no token): id, title, formats, last change, licence", Tag: "open",
			Public: true, Response: datasetList{}, Handler: a.listDatasets},
		{Method: "GET", Path: "/api/v1/open/datasets/{file}", Summary: "Download an open dataset as {id}.csv or {id}.json (public, no token; no personal data)", Tag: "open",
			Public: true, Content: "text/csv", Response: datasetDownload{}, Errors: []int{404}, Handler: a.downloadDataset},
		{Method: "GET", Path: "/api/v1/yearbook/{year}", Summary: "The year's figures (年度履职报告数据), each with the list it counts (staff side); with township, one township's (its opinions, stations, projects, votes and deputies' activities, each list filtered by it); a township's staff always get their own", Tag: "open",
			Query: []Param{{Name: "township", Type: "string", Description: "a township's region id: its own figures"}}, Roles: staffSide, Response: yearbookResponse{}, Errors: []int{404}, Handler: a.yearbook},
		a.popoloRoute(),
		{Method: "GET", Path: "/api/v1/news", Summary: "Published articles, newest first (public)", Tag: "open", Public: true,
			Query: []Param{{Name: "column"}, {Name: "limit", Type: "integer"}, {Name: "offset", Type: "integer"}}, Response: List[news.Article]{}, Handler: a.listNews},
	}
}

type datasetList struct {
	Items []store.Dataset `json:"items"`
	Total int             `json:"total"`
}

// datasetDownload is a dataset in JSON: its description and its rows, one
// object per row keyed by the fields' names.
type datasetDownload struct {
	ID        string               `json:"id"`
	Title     string               `json:"title"`
	Licence   string               `json:"licence"`
	UpdatedAt time.Time            `json:"updated_at"`
	Fields    []store.DatasetField `json:"fields"`
	Items     []map[string]string  `json:"items"`
	Total     int                  `json:"total"`
}

type yearbookResponse struct {
	Year     int            `json:"year"`
	Township string         `json:"township,omitempty"` // the township's region id, for a township's figures
	Figures  []store.Figure `json:"figures"`
}

func (a *API) listDatasets(w http.ResponseWriter, r *http.Request) error {
	ds, err := a.db.Datasets(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, datasetList{Items: ds, Total: len(ds)})
}

func (a *API) downloadDataset(w http.ResponseWriter, r *http.Request) error {
	file := r.PathValue("file")
	id, format := file, ""
	if i := strings.LastIndexByte(file, '.'); i > 0 {
		id, format = file[:i], file[i+1:]
	}
	if format != "csv" && format != "json" {
		return renda.Errorf(renda.ENOTFOUND, "没有这个数据集：请以 .csv 或 .json 结尾")
	}
	ds, rows, err := a.db.OpenDataset(r.Context(), id)
	if err != nil {
		return err
	}
	w.Header().Set("Last-Modified", ds.UpdatedAt.UTC().Format(http.TimeFormat))
	if format == "json" {
		out := datasetDownload{ID: ds.ID, Title: ds.Title, Licence: ds.Licence, UpdatedAt: ds.UpdatedAt, Fields: ds.Fields, Items: []map[string]string{}, Total: len(rows)}
		for _, row := range rows {
			m := make(map[string]string, len(row))
			for i, f := range ds.Fields {
				m[f.Name] = row[i]
			}
			out.Items = append(out.Items, m)
		}
		return writeJSON(w, http.StatusOK, out)
	}
	var b bytes.Buffer
	b.WriteString("\uFEFF") // so that Excel reads UTF-8
	cw := csv.NewWriter(&b)
	head := make([]string, len(ds.Fields))
	for i, f := range ds.Fields {
		head[i] = f.Name
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	if err := cw.WriteAll(rows); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+ds.ID+`.csv"`)
	_, err = w.Write(b.Bytes())
	return err
}

func (a *API) yearbook(w http.ResponseWriter, r *http.Request) error {
	y, err := strconv.Atoi(r.PathValue("year"))
	if err != nil || y < 2000 || y > 2100 {
		return renda.Errorf(renda.ENOTFOUND, "年度不对")
	}
	sc := store.Scope{Year: y}
	home, err := a.db.HomeTownship(r.Context(), httpx.User(r))
	if err != nil {
		return err
	}
	switch id := r.URL.Query().Get("township"); {
	case home != nil:
		sc.Township = home
	case id != "":
		if sc.Township, err = a.db.ScreenTownship(r.Context(), id); err != nil {
			return err
		}
	}
	figs, err := a.db.YearbookOf(r.Context(), httpx.User(r), sc)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, yearbookResponse{Year: y, Township: sc.TownshipID(), Figures: figs})
}

func (a *API) listNews(w http.ResponseWriter, r *http.Request) error {
	pg, err := page(r)
	if err != nil {
		return err
	}
	items, total, err := a.db.Articles(r.Context(), nil, news.Filter{Public: true, Column: r.URL.Query().Get("column"), Limit: pg.Limit, Offset: pg.Offset})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, newList(items, total, pg))
}
