package web

import (
	"container/list"
	"fmt"
	"html/template"
	"sync"
)

// maxParsedPages bounds how many pages' templates (a page in a language)
// are kept parsed at once. Each page is parsed with the layout and every
// partial, and html/template cannot share those trees between pages (it
// rewrites them as it escapes), so keeping all of them parsed held about
// 52 MB of the heap (130 pages in two languages, measured with pprof)
// and, with the garbage collector's headroom, about twice that of the
// server's memory. A page is parsed on its first render (about 5 ms) and
// the least recently rendered one goes when the bound is passed.
const maxParsedPages = 64

// pageTemplates parses the pages' templates when they are first rendered
// and keeps at most maxParsedPages of them.
type pageTemplates struct {
	files map[string]string              // page → its file in templateFS
	tr    map[string]func(string) string // language → translator
	mu    sync.Mutex
	kept  map[pageKey]*list.Element // of lru
	lru   *list.List                // of *parsedPage, front: most recently rendered
}

type pageKey struct{ lang, page string }

type parsedPage struct {
	key pageKey
	t   *template.Template
}

func newPageTemplates(files map[string]string, tr map[string]func(string) string) *pageTemplates {
	return &pageTemplates{files: files, tr: tr, kept: map[pageKey]*list.Element{}, lru: list.New()}
}

// has reports whether page is one of the pages.
func (p *pageTemplates) has(page string) bool {
	_, ok := p.files[page]
	return ok
}

// get returns page's template in lang, parsing it if it is not kept.
func (p *pageTemplates) get(lang, page string) (*template.Template, error) {
	k := pageKey{lang: lang, page: page}
	p.mu.Lock()
	if e, ok := p.kept[k]; ok {
		p.lru.MoveToFront(e)
		p.mu.Unlock()
		return e.Value.(*parsedPage).t, nil
	}
	p.mu.Unlock()
	// Parsed outside the lock: other pages render meanwhile. Two first
	// renders of one page at once both parse it; one of them is kept.
	t, err := p.parse(lang, page)
	if err != nil {
		return nil, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if e, ok := p.kept[k]; ok {
		p.lru.MoveToFront(e)
		return e.Value.(*parsedPage).t, nil
	}
	p.kept[k] = p.lru.PushFront(&parsedPage{key: k, t: t})
	for p.lru.Len() > maxParsedPages {
		old := p.lru.Remove(p.lru.Back()).(*parsedPage)
		delete(p.kept, old.key)
	}
	return t, nil
}

// parse parses page with the layout and the partials in lang.
func (p *pageTemplates) parse(lang, page string) (*template.Template, error) {
	file, ok := p.files[page]
	tr, trOK := p.tr[lang]
	if !ok || !trOK {
		return nil, fmt.Errorf("web: no template %s in language %q", page, lang)
	}
	t, err := template.New("layout").Funcs(funcs(lang, tr)).ParseFS(templateFS, "templates/layout.html", "templates/partials/*.html", file)
	if err != nil {
		return nil, fmt.Errorf("web: template %s: %w", page, err)
	}
	foldTranslations(t, tr, lang != "en")
	return t, nil
}

// check parses every page in every language and keeps none, so that a
// broken template stops the server at its start, not at a page's first
// render.
func (p *pageTemplates) check() error {
	for l := range p.tr {
		for page := range p.files {
			if _, err := p.parse(l, page); err != nil {
				return err
			}
		}
	}
	return nil
}

// size is how many pages are kept parsed.
func (p *pageTemplates) size() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.lru.Len()
}
