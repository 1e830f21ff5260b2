package web_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"renda"
	"renda/internal/apptest"
	"renda/internal/demo"
	"renda/internal/store"
	"renda/internal/storetest"
	"renda/internal/web"
	"renda/opinion"
)

// jpegWithGPS makes a JPEG photo carrying an EXIF block with a GPS position,
// as a phone camera writes it.
func jpegWithGPS(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for x := range 64 {
		for y := range 48 {
			img.Set(x, y, color.RGBA{uint8(x * 4), uint8(y * 5), 120, 255})
		}
	}
	var plain bytes.Buffer
	if err := jpeg.Encode(&plain, img, nil); err != nil {
		t.Fatal(err)
	}
	// TIFF (big endian): IFD0 with one entry, GPSInfo → a GPS IFD with
	// GPSLatitudeRef "N" and GPSLatitude 26/1 11/1 24/1.
	var tiff bytes.Buffer
	be := binary.BigEndian
	w := func(v any) { _ = binary.Write(&tiff, be, v) }
	tiff.WriteString("MM")
	w(uint16(42))
	w(uint32(8))
	w(uint16(1))                                      // IFD0: 1 entry
	w(uint16(0x8825))                                 // GPSInfo
	w(uint16(4))                                      // LONG
	w(uint32(1))                                      //
	w(uint32(26))                                     // offset of the GPS IFD
	w(uint32(0))                                      // no next IFD
	w(uint16(2))                                      // GPS IFD: 2 entries (at 26)
	w(uint16(1))                                      // GPSLatitudeRef
	w(uint16(2))                                      // ASCII
	w(uint32(2))                                      //
	tiff.Write([]byte{'N', 0, 0, 0})                  //
	w(uint16(2))                                      // GPSLatitude
	w(uint16(5))                                      // RATIONAL
	w(uint32(3))                                      //
	w(uint32(56))                                     // offset of the values
	w(uint32(0))                                      // no next IFD
	for _, v := range []uint32{26, 1, 11, 1, 24, 1} { // at 56
		w(v)
	}
	app1 := append([]byte("Exif\x00\x00"), tiff.Bytes()...)
	var out bytes.Buffer
	out.Write(plain.Bytes()[:2]) // SOI
	out.Write([]byte{0xFF, 0xE1})
	_ = binary.Write(&out, be, uint16(len(app1)+2))
	out.Write(app1)
	out.Write(plain.Bytes()[2:])
	if !bytes.Contains(out.Bytes(), []byte("Exif")) {
		t.Fatal("test photo has no EXIF")
	}
	if _, err := jpeg.Decode(bytes.NewReader(out.Bytes())); err != nil {
		t.Fatalf("test photo does not decode: %v", err)
	}
	return out.Bytes()
}

// multipartForm builds a form with fields and files (name → content).
func multipartForm(t *testing.T, fields map[string]string, files map[string][]byte) (string, *bytes.Buffer) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		_ = mw.WriteField(k, v)
	}
	for name, data := range files {
		fw, err := mw.CreateFormFile("photos", name)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(data)
	}
	mw.Close()
	return mw.FormDataContentType(), &buf
}

var trackingCode = regexp.MustCompile(`id="tracking-code">([0-9A-Z]{8})<`)

// TestCitizenPagesWithoutJavaScript is the citizen's path as a browser
// without JavaScript does it: station page, form (with a photo carrying
// GPS data), refusals in Chinese, the code, following and rating.
func TestCitizenPagesWithoutJavaScript(t *testing.T) {
	apptest.Each(t, apptest.Options{Demo: true}, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		b := a.Browser("")
		page := b.Get("/s/" + demo.TashanStation)
		if page.Status != 200 || !strings.Contains(string(page.Body), "盘秀英") || !strings.Contains(string(page.Body), "/s/stashan/new") {
			t.Fatalf("station page: %d", page.Status)
		}
		if r := b.Get("/s/nosuchstation"); r.Status != 404 {
			t.Errorf("unknown station: %d", r.Status)
		}
		if r := b.Get("/s/" + demo.TashanStation + "/new"); r.Status != 200 || !strings.Contains(string(r.Body), `name="consent"`) {
			t.Fatalf("form: %d", r.Status)
		}
		post := func(fields map[string]string, files map[string][]byte) *apptest.Response {
			ct, body := multipartForm(t, fields, files)
			return b.PostRaw("/s/"+demo.TashanStation+"/new", ct, body)
		}
		ok := map[string]string{"content": "塔山村三组的饮水管破裂，已经停水三天。", "category": "饮水水利", "phone": "13855556666", "name": "盘大妈",
			"deputy": "dtashan01", "consent": "on"}
		with := func(k, v string) map[string]string {
			m := map[string]string{}
			for a, b := range ok {
				m[a] = b
			}
			if v == "" {
				delete(m, k)
			} else {
				m[k] = v
			}
			return m
		}
		before, _ := a.DB.VerifyAudit(ctx)
		for name, c := range map[string]struct {
			fields map[string]string
			files  map[string][]byte
			status int
			msg    string
		}{
			"no consent":   {with("consent", ""), nil, 422, "请阅读并同意个人信息保护说明"},
			"no content":   {with("content", ""), nil, 422, "请填写反映内容"},
			"bad phone":    {with("phone", "110"), nil, 422, "手机号码应为 11 位数字"},
			"not an image": {ok, map[string][]byte{"x.jpg": []byte("这不是图片，只是文字")}, 422, "不是可识别的图片"},
			"four photos": {ok, map[string][]byte{"1.jpg": jpegWithGPS(t), "2.jpg": jpegWithGPS(t), "3.jpg": jpegWithGPS(t), "4.jpg": jpegWithGPS(t)},
				422, "最多上传 3 张照片"},
			"bad utf-8": {with("content", "路灯\xff\xfe坏了很久了"), nil, 422, "无效的字符编码"},
		} {
			r := post(c.fields, c.files)
			if r.Status != c.status || !strings.Contains(string(r.Body), c.msg) {
				t.Errorf("%s: %d, want %d with %q", name, r.Status, c.status, c.msg)
			}
			if c.status == 422 && c.fields["content"] != "" && !strings.Contains(string(r.Body), "塔山村三组") && name != "bad utf-8" {
				t.Errorf("%s: the form lost what was typed", name)
			}
		}
		if after, _ := a.DB.VerifyAudit(ctx); after != before {
			t.Errorf("refused submissions wrote %d audit records", after-before)
		}
		r := post(ok, map[string][]byte{"photo.jpg": jpegWithGPS(t)})
		if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/t/") {
			t.Fatalf("submit: %d %s", r.Status, r.Body)
		}
		sent := b.Get(r.Header.Get("Location"))
		m := trackingCode.FindSubmatch(sent.Body)
		if m == nil {
			t.Fatalf("no tracking code on the page: %s", sent.Body)
		}
		code := string(m[1])
		// The photo was re-encoded: a JPEG without EXIF or GPS.
		list, _, err := a.DB.Opinions(ctx, a.World.Deputy1, opinion.Filter{Q: code})
		if err != nil || len(list) != 1 {
			t.Fatalf("inbox: %v %v", list, err)
		}
		atts, err := a.DB.Attachments(ctx, "opinion", list[0].ID)
		if err != nil || len(atts) != 1 {
			t.Fatalf("photos: %v %v", atts, err)
		}
		dep := a.Browser("deputy")
		photo := dep.Get("/opinions/" + list[0].ID + "/photos/" + atts[0].ID)
		if photo.Status != 200 || photo.Header.Get("Content-Type") != "image/jpeg" || bytes.Contains(photo.Body, []byte("Exif")) || bytes.Contains(photo.Body, []byte{0xFF, 0xE1}) {
			t.Errorf("stored photo: %d %s, EXIF kept: %v", photo.Status, photo.Header.Get("Content-Type"), bytes.Contains(photo.Body, []byte("Exif")))
		}
		if _, err := jpeg.Decode(bytes.NewReader(photo.Body)); err != nil {
			t.Errorf("stored photo does not decode: %v", err)
		}
		if r := a.Browser("deputy2").Get("/opinions/" + list[0].ID + "/photos/" + atts[0].ID); r.Status != 404 {
			t.Errorf("another deputy gets the photo: %d", r.Status)
		}
		if r := b.Get("/opinions/" + list[0].ID + "/photos/" + atts[0].ID); r.Status != http.StatusSeeOther {
			t.Errorf("the public gets the photo: %d", r.Status)
		}
		// Following it.
		if r := b.Post("/t/"+code, url.Values{"tail": {"0000"}}); r.Status != 404 || !strings.Contains(string(r.Body), "查询码或手机尾号不正确") {
			t.Errorf("wrong tail: %d", r.Status)
		}
		track := b.Post("/t/"+code, url.Values{"tail": {"6666"}})
		if track.Status != 200 || !strings.Contains(string(track.Body), "已提交，等待代表处理") || strings.Contains(string(track.Body), "13855556666") {
			t.Fatalf("track: %d", track.Status)
		}
		// The deputy answers on the page; the citizen rates it.
		dep.Get("/opinions/" + list[0].ID)
		if r := dep.Post("/opinions/"+list[0].ID+"/answer", url.Values{"text": {""}}); r.Status != 422 || !strings.Contains(string(r.Body), "请填写答复内容") {
			t.Errorf("empty answer: %d", r.Status)
		}
		if r := dep.Post("/opinions/"+list[0].ID+"/answer", url.Values{"text": {"已请水利站今天抢修管道。"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("answer: %d %s", r.Status, r.Body)
		}
		track = b.Post("/t/"+code, url.Values{"tail": {"6666"}})
		if !strings.Contains(string(track.Body), "已请水利站今天抢修管道") || !strings.Contains(string(track.Body), `name="rating"`) {
			t.Fatalf("answer not shown with a rating form")
		}
		if r := b.Post("/t/"+code+"/rate", url.Values{"tail": {"6666"}}); r.Status != 422 || !strings.Contains(string(r.Body), "请选择满意度") {
			t.Errorf("rating without a choice: %d", r.Status)
		}
		if r := b.Post("/t/"+code+"/rate", url.Values{"tail": {"6666"}, "rating": {renda.RatingBasic}, "note": {"希望快一点"}}); r.Status != 200 || !strings.Contains(string(r.Body), "感谢您的评价") {
			t.Errorf("rating: %d", r.Status)
		}
		o, err := a.DB.Opinion(ctx, a.World.Staff, list[0].ID)
		if err != nil || o.State != opinion.Closed || o.Rating != renda.RatingBasic {
			t.Errorf("after rating: %+v %v", o, err)
		}
		// Large text for older people: a cookie, and back to the page.
		r = b.Get("/large?on=1&next=/s/" + demo.TashanStation)
		if r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/s/"+demo.TashanStation {
			t.Errorf("large: %d %s", r.Status, r.Header.Get("Location"))
		}
		if page := b.Get("/s/" + demo.TashanStation); !strings.Contains(string(page.Body), `<html lang="zh-CN" class="large">`) {
			t.Error("large text not on")
		}
		for _, next := range []string{"//evil.example", "/%09/evil.example", "/%0a/evil.example", "/%5cevil.example"} {
			if r := b.Get("/large?on=1&next=" + next); r.Header.Get("Location") != "/" {
				t.Errorf("open redirect with next=%s: %q", next, r.Header.Get("Location"))
			}
		}
	})
}

// TestQRCodesAndPosters decodes the QR images with zbarimg: they hold the
// public URL under --base-url.
func TestQRCodesAndPosters(t *testing.T) {
	a := apptest.New(t, apptest.Options{Dialect: store.SQLite, Demo: true})
	b := a.Browser("")
	zbar, err := exec.LookPath("zbarimg")
	for _, c := range []struct{ path, want, ct string }{
		{"/s/" + demo.TashanStation + "/qr.png", a.URL + "/s/" + demo.TashanStation, "image/png"},
		{"/s/" + demo.TashanStation + "/qr.svg", a.URL + "/s/" + demo.TashanStation, "image/svg+xml"},
		{"/d/dtashan01/qr.png", a.URL + "/d/dtashan01", "image/png"},
		{"/d/dtashan01/qr.svg", a.URL + "/d/dtashan01", "image/svg+xml"},
	} {
		r := b.Get(c.path)
		if r.Status != 200 || r.Header.Get("Content-Type") != c.ct {
			t.Errorf("%s: %d %s", c.path, r.Status, r.Header.Get("Content-Type"))
			continue
		}
		if err != nil {
			continue
		}
		file := filepath.Join(t.TempDir(), "qr"+filepath.Ext(c.path))
		data := r.Body
		if c.ct == "image/svg+xml" {
			// zbarimg reads raster images: check the SVG's modules match the PNG's.
			if !bytes.Contains(data, []byte("<svg")) || !bytes.Contains(data, []byte(`<title>`+c.want+`</title>`)) {
				t.Errorf("%s: not the SVG of %s", c.path, c.want)
			}
			continue
		}
		if err := writeFile(file, data); err != nil {
			t.Fatal(err)
		}
		out, zerr := exec.Command(zbar, "-q", "--raw", file).Output()
		if zerr != nil || strings.TrimSpace(string(out)) != c.want {
			t.Errorf("%s decodes to %q (%v), want %q", c.path, out, zerr, c.want)
		}
	}
	if err != nil {
		storetest.SkipOrFail(t, "zbarimg is not installed (apt-get install -y zbar-tools): QR contents not checked")
	}
	for _, p := range []string{"/s/" + demo.TashanStation + "/poster", "/d/dtashan01/poster"} {
		r := b.Get(p)
		if r.Status != 200 || !strings.Contains(string(r.Body), "poster-sheet") || !strings.Contains(string(r.Body), "个人信息保护") || !strings.Contains(string(r.Body), "qr.svg") {
			t.Errorf("%s: %d", p, r.Status)
		}
	}
	if r := b.Get("/d/nobody/qr.png"); r.Status != 404 {
		t.Errorf("unknown deputy QR: %d", r.Status)
	}
}

// TestNoFullPhoneWhereNotEntitled visits every page route and every opinion
// API route, as the public and as every demo role, and checks that a
// citizen's full phone number appears only for those entitled: the deputy
// handling the opinion and authorised staff (admin, staff).
func TestNoFullPhoneWhereNotEntitled(t *testing.T) {
	a := apptest.New(t, apptest.Options{Dialect: store.SQLite, Demo: true})
	ctx := context.Background()
	const phone = "13912345678"
	w := a.World
	o, err := a.DB.SubmitOpinion(ctx, nil, opinion.Submission{Channel: opinion.ChannelQR, StationCode: demo.TashanStation, DeputyCode: "dtashan01",
		Content: "塔山村小学门口的路灯坏了，孩子放学看不清路。", Category: "道路交通", Name: "盘晓红", Phone: phone, Consent: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Forwarded to the demo unit, so its clerk sees it too (masked).
	if _, err := a.DB.ActOnOpinion(ctx, w.Deputy1, o.ID, "forward", renda.V("to", opinion.ForwardUnit, "org_id", w.Orgs["zjj"].ID)); err != nil {
		t.Fatal(err)
	}
	// And an Open311 request with a phone, and a reception matter with one.
	o311, err := a.DB.SubmitOpinion(ctx, nil, opinion.Submission{Channel: opinion.ChannelOpen311, StationCode: demo.TashanStation, Content: "塔山村公路边坡塌方。",
		Category: "道路交通", Address: "塔山村", Phone: phone, Consent: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	recs, _, err := a.DB.Receptions(ctx, "", 1, 0)
	if err != nil || len(recs) == 0 {
		t.Fatal(err)
	}
	fill := strings.NewReplacer("{code}", demo.TashanStation, "{id}", o.ID, "{aid}", o.ID, "{action}", "answer")
	entitled := map[string]bool{"admin": true, "staff": true, "deputy": true}
	users := []string{"", "admin", "staff", "leader", "deputy", "deputy2", "unit", "unit2"}
	browsers := map[string]*apptest.Browser{}
	for _, u := range users {
		browsers[u] = a.Browser(u)
	}
	srv, err := web.New(a.DB, web.Config{BaseURL: a.URL, Demo: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for pattern := range srv.Patterns() {
		method, path, _ := strings.Cut(pattern, " ")
		if method != "GET" || strings.Contains(path, "{$}") && path != "/{$}" {
			continue
		}
		p := strings.TrimSuffix(path, "{$}")
		switch {
		case strings.HasPrefix(p, "/stations/{id}"):
			p = strings.Replace(p, "{id}", o.StationID, 1)
		case strings.HasPrefix(p, "/receptions/"):
			p = strings.Replace(p, "{id}", recs[0].ID, 1)
		case strings.HasPrefix(p, "/d/"):
			p = strings.Replace(p, "{code}", "dtashan01", 1)
		case strings.HasPrefix(p, "/t/"):
			p = strings.Replace(p, "{code}", o.TrackingCode, 1)
		}
		p = fill.Replace(p)
		if strings.Contains(p, "{") {
			continue
		}
		for _, u := range users {
			r := browsers[u].Get(p)
			if r.Status >= 500 {
				t.Errorf("%s as %q: %d", p, u, r.Status)
			}
			if bytes.Contains(r.Body, []byte(phone)) && !entitled[u] {
				t.Errorf("%s as %q shows the full phone", p, u)
			}
			checked++
		}
	}
	// The pages an entitled reader sees it on, and those where it is masked.
	if r := browsers["deputy"].Get("/opinions/" + o.ID); !bytes.Contains(r.Body, []byte(phone)) {
		t.Error("the handling deputy does not see the phone")
	}
	for _, u := range []string{"leader", "unit"} {
		if r := browsers[u].Get("/opinions/" + o.ID); r.Status != 200 || !bytes.Contains(r.Body, []byte("139****5678")) {
			t.Errorf("%s: %d, want the page with the phone masked", u, r.Status)
		}
	}
	// The tracking page, for the citizen themselves, shows neither name nor phone.
	if r := browsers[""].Post("/t/"+o.TrackingCode, url.Values{"tail": {"5678"}}); r.Status != 200 || bytes.Contains(r.Body, []byte(phone)) || bytes.Contains(r.Body, []byte("盘晓红")) {
		t.Errorf("tracking page: %d", r.Status)
	}
	// The API, as every role.
	tokens := map[string]string{}
	for _, u := range users[1:] {
		tokens[u] = a.Token(u)
	}
	tokens[""] = ""
	for _, path := range []string{"/api/v1/opinions?limit=500", "/api/v1/opinions?q=" + o.TrackingCode, "/api/v1/opinions/" + o.ID, "/api/v1/opinions/" + o311.ID,
		"/api/v1/opinions/recurring", "/api/v1/opinions/stats", "/api/v1/hotline/orders", "/api/v1/stations", "/api/v1/stations/" + demo.TashanStation,
		"/api/v1/opinions/track/" + o.TrackingCode + "?phone_tail=5678", "/api/v1/audit?entity=opinion&entity_id=" + o.ID,
		"/open311/v2/requests.json", "/open311/v2/requests/" + o311.ID + ".json"} {
		for u, tok := range tokens {
			r := a.Call("GET", path, tok, nil)
			if bytes.Contains(r.Body, []byte(phone)) && !(entitled[u] && !strings.Contains(path, "/track/") && !strings.Contains(path, "open311") && !strings.Contains(path, "/audit")) {
				t.Errorf("GET %s as %q shows the full phone", path, u)
			}
			checked++
		}
	}
	if checked < 300 {
		t.Errorf("only %d responses checked", checked)
	}
	// The audit trail holds no phone at all, not even masked.
	h, err := a.DB.History(ctx, "opinion", o.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, rec := range h {
		if bytes.Contains(rec.After, []byte("5678")) || bytes.Contains(rec.Before, []byte("5678")) || bytes.Contains(rec.After, []byte("晓红")) {
			t.Errorf("audit record %d holds personal data: %s", rec.Seq, rec.After)
		}
	}
}

func writeFile(name string, data []byte) error { return os.WriteFile(name, data, 0o644) }
