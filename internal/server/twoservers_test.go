package server_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"mime/multipart"
	"net/http"
	"strings"
	"sync"
	"testing"

	"renda"
	"renda/internal/apptest"
	"renda/internal/store"
	"renda/internal/storetest"
	"renda/station"
)

// TestTwoServersOnePostgres runs two renda servers — each with its own
// connections, caches and background jobs — on one PostgreSQL database, as
// behind a load balancer: a session made on one works on the other (and
// signing out on one ends it on both), a file uploaded through one is
// served by the other, settings changed on one apply on the other at once,
// a change made through one is found by the other's search, and with both
// servers delivering the outbox and sweeping reminders at the same time
// each message goes out once and each reminder fires once.
func TestTwoServersOnePostgres(t *testing.T) {
	ctx := context.Background()
	a1 := apptest.New(t, apptest.Options{Dialect: store.Postgres})
	f := storetest.Fixture(t, a1.DB)
	a2 := apptest.New(t, apptest.Options{Dialect: store.Postgres, Share: a1})

	t.Run("sessions", func(t *testing.T) {
		b1 := a1.Browser("staff")
		b2 := b1.On(a2)
		if r := b2.Get("/account"); r.Status != 200 || !strings.Contains(string(r.Body), f.Staff.DisplayName) {
			t.Fatalf("session of server 1 on server 2: %d", r.Status)
		}
		if r := b2.Post("/logout", nil); r.Status != http.StatusSeeOther {
			t.Fatalf("sign out on server 2: %d", r.Status)
		}
		if r := b1.Get("/account"); r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login") {
			t.Errorf("server 1 still knows the session ended on server 2: %d %s", r.Status, r.Header.Get("Location"))
		}
	})

	t.Run("uploads", func(t *testing.T) {
		b1 := a1.Browser("staff")
		img := image.NewRGBA(image.Rect(0, 0, 40, 50))
		for x := range 40 {
			img.Set(x, x, color.RGBA{200, 30, 30, 255})
		}
		var pic bytes.Buffer
		_ = png.Encode(&pic, img)
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		fw, _ := mw.CreateFormFile("photo", "photo.png")
		fw.Write(pic.Bytes())
		mw.WriteField("csrf", b1.CSRF())
		mw.Close()
		if r := b1.PostRaw("/deputies/"+f.Deputy1.ID+"/photo", mw.FormDataContentType(), &body); r.Status != http.StatusSeeOther {
			t.Fatalf("upload on server 1: %d %s", r.Status, r.Body)
		}
		one, two := b1.Get("/deputies/"+f.Deputy1.ID+"/photo"), a2.Browser("").Get("/deputies/"+f.Deputy1.ID+"/photo")
		if one.Status != 200 || two.Status != 200 || !bytes.Equal(one.Body, two.Body) || !strings.HasPrefix(two.Header.Get("Content-Type"), "image/") {
			t.Errorf("photo: server 1 %d (%d bytes), server 2 %d (%d bytes) %s", one.Status, len(one.Body), two.Status, len(two.Body), two.Header.Get("Content-Type"))
		}
	})

	t.Run("settings", func(t *testing.T) {
		admin1, admin2 := a1.Token("admin"), a2.Token("admin")
		// Both servers have read (and cached) the settings.
		for _, a := range []*apptest.App{a1, a2} {
			if r := a.Call("GET", "/api/v1/settings", admin1, nil); r.Status != 200 {
				t.Fatal(r.Status)
			}
		}
		if r := a1.Call("PUT", "/api/v1/settings", admin1, map[string]string{"opinion.rate_ip_per_hour": "4321"}); r.Status != 204 {
			t.Fatalf("change on server 1: %d %s", r.Status, r.Body)
		}
		var got map[string]any
		a2.Call("GET", "/api/v1/settings", admin2, nil).JSON(t, &got)
		if fmt.Sprint(got["opinion.rate_ip_per_hour"]) != "4321" {
			t.Errorf("server 2 still has the old setting: %v", got["opinion.rate_ip_per_hour"])
		}
	})

	t.Run("search", func(t *testing.T) {
		st := &station.Station{Code: "sshuangfeng", Name: "双峰村人大代表联络点", Kind: station.Village, RegionID: f.Town1.ID, Address: "双峰村", Active: true}
		if err := a1.DB.SaveStation(ctx, f.Staff, st); err != nil {
			t.Fatal(err)
		}
		find := func(q string) int {
			var out struct{ Total int }
			a2.Call("GET", "/api/v1/search?q="+q, "", nil).JSON(t, &out)
			return out.Total
		}
		if n := find("双峰"); n != 1 {
			t.Errorf("server 2 finds %d for a station saved on server 1", n)
		}
		st.Name = "青山村人大代表联络点"
		if err := a1.DB.SaveStation(ctx, f.Staff, st); err != nil {
			t.Fatal(err)
		}
		if old, now := find("双峰村人大"), find("青山"); old != 0 || now != 1 {
			t.Errorf("after the edit on server 1, server 2 finds the old name %d times and the new %d", old, now)
		}
	})

	t.Run("outbox and reminders once", func(t *testing.T) {
		const n = 60
		if err := a1.DB.Sweep(ctx, func(tx *store.Tx) error {
			for i := range n {
				if err := tx.Enqueue(renda.Message{Channel: "sms", Recipient: "13800000000", Body: fmt.Sprintf("提醒 %d", i), Key: fmt.Sprintf("two-servers-%d", i)}); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		fired := map[string]int{}
		errs := make(chan error, 16)
		for _, a := range []*apptest.App{a1, a2, a1, a2} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := a.Jobs.Deliver(ctx); err != nil {
					errs <- err
				}
				// A reminder fires once whichever server's sweep gets there.
				for i := range n {
					if err := a.DB.Sweep(ctx, func(tx *store.Tx) error {
						first, err := tx.Once(fmt.Sprintf("reminder:two-servers:%d", i))
						if first {
							mu.Lock()
							fired[fmt.Sprint(i)]++
							mu.Unlock()
						}
						return err
					}); err != nil {
						errs <- err
						return
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		sent := map[string]int{}
		for _, m := range append(a1.Sent.Messages(), a2.Sent.Messages()...) {
			if strings.HasPrefix(m.Key, "two-servers-") {
				sent[m.Key]++
			}
		}
		if len(sent) != n {
			t.Errorf("%d messages delivered, want %d", len(sent), n)
		}
		for k, c := range sent {
			if c != 1 {
				t.Errorf("%s delivered %d times", k, c)
			}
		}
		if len(fired) != n {
			t.Errorf("%d reminders fired, want %d", len(fired), n)
		}
		for k, c := range fired {
			if c != 1 {
				t.Errorf("reminder %s fired %d times", k, c)
			}
		}
		t.Logf("server 1 delivered %d, server 2 %d", len(a1.Sent.Messages()), len(a2.Sent.Messages()))
	})
}
