package api

import (
	"net/http"
	"strconv"
	"time"

	"renda"
	"renda/internal/httpx"
	"renda/meeting"
)

// meetingDocumentRoutes are the API of a meeting's documents and each
// reader's private notes. Who may read a document is decided on the object
// by the store (a member: what was distributed to their level; the public:
// public documents once the meeting is public); one they may not read is
// 404. Staff add, distribute and revise documents through the meeting's
// actions (add_document, distribute_document, revise_document).
func (a *API) meetingDocumentRoutes() []Route {
	docPath := "/api/v1/meetings/{id}/documents/{doc}"
	return []Route{
		{Method: "GET", Path: "/api/v1/meetings/{id}/documents", Summary: "A meeting's documents the caller may read (staff: every one, distributed or not)", Tag: "meetings", Public: true,
			Response: documentList{}, Errors: []int{404}, Handler: a.listMeetingDocuments},
		{Method: "GET", Path: docPath, Summary: "One meeting document: the text of its current version (or ?version=N), every version, the version the caller had read before, and the watermark text for the reader; reading it is remembered for a signed-in caller",
			Tag: "meetings", Public: true, Query: []Param{{Name: "version", Type: "integer"}}, Response: documentResponse{}, Errors: []int{404}, Handler: a.getMeetingDocument},
		{Method: "GET", Path: docPath + "/notes", Summary: "The caller's own notes on a document (nobody else's, whatever their role)", Tag: "meetings", Roles: signedIn,
			Response: List[*meeting.DocNote]{}, Errors: []int{404}, Handler: a.listDocumentNotes},
		{Method: "POST", Path: docPath + "/notes", Summary: "Add a private note to a document the caller may read", Tag: "meetings", Roles: signedIn,
			Request: noteBody{}, Response: meeting.DocNote{}, Status: 201, Errors: []int{404, 409}, Handler: a.addDocumentNote},
		{Method: "DELETE", Path: docPath + "/notes/{note}", Summary: "Delete one of the caller's own notes", Tag: "meetings", Roles: signedIn,
			Status: 204, Errors: []int{404}, Handler: a.deleteDocumentNote},
	}
}

type documentItem struct {
	ID              string     `json:"id"`
	Title           string     `json:"title"`
	Kind            string     `json:"kind"`
	Access          string     `json:"access"`
	ItemID          string     `json:"item_id"`
	Submitter       string     `json:"submitter"`
	Version         int        `json:"version"`
	ReceivedOn      *string    `json:"received_on"`
	LateReceived    bool       `json:"late_received"`
	DistributedAt   *time.Time `json:"distributed_at"`
	DistributeDue   *string    `json:"distribute_due"`
	LateDistributed bool       `json:"late_distributed"`
}

type documentList struct {
	Items []documentItem `json:"items"`
	Total int            `json:"total"`
}

type versionItem struct {
	N         int        `json:"n"`
	Note      string     `json:"note"`
	CreatedAt time.Time  `json:"created_at"`
	Current   bool       `json:"current"`
	Files     []fileItem `json:"files"`
}

type fileItem struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
	URL         string `json:"url"`
}

type documentResponse struct {
	documentItem
	Shown     int           `json:"shown"` // the version whose body this is
	Body      string        `json:"body"`
	Versions  []versionItem `json:"versions"`
	LastRead  int           `json:"last_read"` // the version the caller had read before (0: never)
	Watermark string        `json:"watermark"` // the reader's name and the time, to lay over the text ("" for the public)
}

type noteBody struct {
	Body string `json:"body"`
}

func day(d renda.Date) *string {
	if d.IsZero() {
		return nil
	}
	s := d.String()
	return &s
}

func documentItemOf(d *meeting.Document) documentItem {
	it := documentItem{ID: d.ID, Title: d.Title, Kind: d.Kind, Access: d.Access, ItemID: d.ItemID, Submitter: d.Submitter, Version: d.Version,
		ReceivedOn: day(d.ReceivedOn), LateReceived: d.LateReceived(), DistributeDue: day(d.DistributeDue), LateDistributed: d.LateDistributed()}
	if d.Distributed() {
		at := d.DistributedAt
		it.DistributedAt = &at
	}
	return it
}

func (a *API) listMeetingDocuments(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	_, docs, err := a.db.MeetingDocuments(r.Context(), httpx.User(r), id)
	if err != nil {
		return err
	}
	out := documentList{Items: []documentItem{}, Total: len(docs)}
	for _, d := range docs {
		out.Items = append(out.Items, documentItemOf(d))
	}
	return writeJSON(w, http.StatusOK, out)
}

func (a *API) getMeetingDocument(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	doc, err := pathID(r, "doc")
	if err != nil {
		return err
	}
	shown := 0
	if v := r.URL.Query().Get("version"); v != "" {
		if shown, err = strconv.Atoi(v); err != nil || shown < 1 {
			return &renda.Error{Code: renda.EINVALID, Message: "输入有误：version 应为正整数", Fields: []renda.FieldError{{Field: "version", Message: "应为正整数"}}}
		}
	}
	u := httpx.User(r)
	rd, err := a.db.ReadMeetingDocument(r.Context(), u, id, doc)
	if err != nil {
		return err
	}
	d := rd.Document
	if shown == 0 {
		shown = d.Version
	}
	v := d.VersionN(shown)
	if v == nil {
		return renda.Errorf(renda.ENOTFOUND, "没有这个版本")
	}
	out := documentResponse{documentItem: documentItemOf(d), Shown: v.N, Body: v.Body, LastRead: rd.LastRead, Versions: []versionItem{},
		Watermark: meeting.Watermark(u, time.Now())}
	for _, x := range d.Versions {
		vi := versionItem{N: x.N, Note: x.Note, CreatedAt: x.CreatedAt, Current: x.N == d.Version, Files: []fileItem{}}
		for _, f := range x.Files {
			vi.Files = append(vi.Files, fileItem{ID: f.ID, Name: f.Name, ContentType: f.ContentType, Size: f.Size,
				URL: "/meetings/" + rd.Meeting.ID + "/documents/" + d.ID + "/files/" + f.ID})
		}
		out.Versions = append(out.Versions, vi)
	}
	return writeJSON(w, http.StatusOK, out)
}

func (a *API) listDocumentNotes(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	doc, err := pathID(r, "doc")
	if err != nil {
		return err
	}
	notes, err := a.db.DocumentNotes(r.Context(), httpx.User(r), id, doc)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, newList(notes, len(notes), Page{Limit: len(notes)}))
}

func (a *API) addDocumentNote(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	doc, err := pathID(r, "doc")
	if err != nil {
		return err
	}
	var in noteBody
	if err := decode(r, &in); err != nil {
		return err
	}
	n, err := a.db.AddDocumentNote(r.Context(), httpx.User(r), id, doc, in.Body)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, n)
}

func (a *API) deleteDocumentNote(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	doc, err := pathID(r, "doc")
	if err != nil {
		return err
	}
	note, err := pathID(r, "note")
	if err != nil {
		return err
	}
	if err := a.db.DeleteDocumentNote(r.Context(), httpx.User(r), id, doc, note); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
