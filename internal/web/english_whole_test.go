package web_test

import (
	"database/sql"
	"fmt"
	"html"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"

	_ "modernc.org/sqlite"

	"renda"
	"renda/internal/apptest"
	"renda/internal/store"
	"renda/internal/storetest"
)

var (
	scriptRE = regexp.MustCompile(`(?is)<(script|style)[^>]*>.*?</(?:script|style)>`)
	attrRE   = regexp.MustCompile(`(?i)\s(?:title|placeholder|aria-label|alt)="([^"]*)"`)
	linkRE   = regexp.MustCompile(`href="(/[^"#]*)"`)
	idSegRE  = regexp.MustCompile(`/[0-9a-zA-Z_-]*[0-9][0-9a-zA-Z_-]*`)
	cnDateRE = regexp.MustCompile(`\d{4}年\d{1,2}月(\d{1,2}日)?`)
)

// dataCorpus is every text value the database holds, except the texts renda
// writes itself (notifications and outbound messages are generated from
// templates that have English): what users typed or imported — names,
// titles, bodies, townships, the deployment's name. Three kinds of data are
// not stored as the pages show them, and are added as shown:
//   - personal data is sealed at rest (columns named *_enc): its clear text;
//   - a setting left at its default is not stored, yet its value fills the
//     settings form to be edited (the objection reasons, the categories);
//   - a message to the 12345 platform is JSON in its wire format, shown on
//     the outbox page exactly as sent: it is the platform's data, not words
//     of the page (an SMS, written for a person, is translated).
func dataCorpus(t *testing.T, dsn string) string {
	t.Helper()
	db, err := sql.Open("sqlite", strings.TrimPrefix(dsn, "sqlite:")+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_fts%'`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, n)
	}
	rows.Close()
	skip := map[string]bool{"notifications": true, "outbox": true}
	var b strings.Builder
	box := storetest.Box()
	for _, d := range renda.AllSettings() {
		if list, ok := d.Default.([]string); ok {
			b.WriteString(strings.Join(list, "\n"))
		} else {
			fmt.Fprint(&b, d.Default)
		}
		b.WriteByte('\x00')
	}
	hotline, err := db.Query(`SELECT body FROM outbox WHERE channel = 'hotline'`)
	if err != nil {
		t.Fatal(err)
	}
	for hotline.Next() {
		var body string
		if err := hotline.Scan(&body); err != nil {
			t.Fatal(err)
		}
		b.WriteString(body)
		b.WriteByte('\x00')
	}
	hotline.Close()
	for _, tb := range tables {
		if skip[tb] {
			continue
		}
		rs, err := db.Query(`SELECT * FROM "` + tb + `"`)
		if err != nil {
			continue // a virtual table's shadow, say
		}
		cols, _ := rs.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rs.Next() {
			if err := rs.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for i, v := range vals {
				var s string
				switch x := v.(type) {
				case string:
					s = x
				case []byte:
					s = string(x)
				default:
					continue
				}
				if strings.HasSuffix(cols[i], "_enc") {
					if clear, err := box.Open(s); err == nil {
						s = clear
					}
				}
				b.WriteString(s)
				b.WriteByte('\x00')
			}
		}
		rs.Close()
	}
	return b.String()
}

// pageTexts returns the visible text of a page and the attributes a reader
// hears or sees (title, placeholder, aria-label, alt).
func pageTexts(body string) []string {
	body = scriptRE.ReplaceAllString(body, " ")
	var out []string
	for _, m := range attrRE.FindAllStringSubmatch(body, -1) {
		out = append(out, html.UnescapeString(m[1]))
	}
	for _, part := range tagRE.Split(body, -1) {
		if s := strings.TrimSpace(html.UnescapeString(part)); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// TestEnglishWholePages: with ?lang=en, no Chinese is left on the pages each
// role reaches in two clicks except what comes from the data (names, titles,
// bodies that users typed), and no date is written the Chinese way (issue 9,
// point 25). Which text is data is decided by the database itself: a run of
// Chinese characters that occurs in no stored value is the site's own text.
func TestEnglishWholePages(t *testing.T) {
	a := apptest.New(t, apptest.Options{Dialect: store.SQLite, Demo: true})
	corpus := dataCorpus(t, a.DSN)
	if len(corpus) < 10000 {
		t.Fatalf("the demo's data holds only %d bytes of text", len(corpus))
	}
	skipHref := regexp.MustCompile(`^/(static|logout|lang)|\.(xlsx|csv|ics|doc|pdf|svg|png|jpg|xml|json|atom)(\?|$)|/files/|/download|/export|/api/`)
	problems := map[string][]string{}
	for _, user := range []string{"", "staff", "deputy", "unit", "admin", "leader", "member1"} {
		b := a.Browser(user)
		seen := map[string]bool{}
		queue := []string{"/"}
		for depth := 0; depth < 3; depth++ {
			var next []string
			for _, p := range queue {
				shape := idSegRE.ReplaceAllString(strings.SplitN(p, "?", 2)[0], "/:id")
				if seen[shape] || len(seen) >= 150 {
					continue
				}
				seen[shape] = true
				sep := "?"
				if strings.Contains(p, "?") {
					sep = "&"
				}
				resp := b.Get(p + sep + "lang=en")
				if resp.Status != 200 {
					continue
				}
				body := string(resp.Body)
				if !strings.Contains(body, `<html lang="en"`) {
					continue // not a page (a feed, a file)
				}
				for _, text := range pageTexts(body) {
					for _, d := range cnDateRE.FindAllString(text, -1) {
						if !strings.Contains(corpus, d) {
							problems[shape] = append(problems[shape], fmt.Sprintf("Chinese date %q in %q", d, text))
						}
					}
					for _, run := range hanRE.FindAllString(text, -1) {
						if run != "中文" && !strings.Contains(corpus, run) { // the language switch names Chinese in Chinese
							problems[shape] = append(problems[shape], fmt.Sprintf("%q in %q", run, text))
						}
					}
				}
				for _, m := range linkRE.FindAllStringSubmatch(body, -1) {
					h := html.UnescapeString(m[1])
					if skipHref.MatchString(h) {
						continue
					}
					if u, err := url.Parse(h); err == nil {
						q := u.Query()
						q.Del("lang")
						u.RawQuery = q.Encode()
						h = u.String()
					}
					next = append(next, h)
				}
			}
			queue = next
		}
	}
	var shapes []string
	for s := range problems {
		shapes = append(shapes, s)
	}
	sort.Strings(shapes)
	for _, s := range shapes {
		ps := problems[s]
		seen := map[string]bool{}
		var uniq []string
		for _, p := range ps {
			if !seen[p] {
				seen[p] = true
				uniq = append(uniq, p)
			}
		}
		if len(uniq) > 40 {
			uniq = append(uniq[:40], fmt.Sprintf("… and %d more", len(uniq)-40))
		}
		t.Errorf("%s: not in English:\n  %s", s, strings.Join(uniq, "\n  "))
	}
}
