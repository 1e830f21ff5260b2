package web

import (
	"container/list"
	"fmt"
	"html/template"
	"reflect"
	"strings"
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

	fragments map[fragmentKey]template.HTML // rendered fragments (fragment), under mu
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
	var t *template.Template
	fm := funcs(lang, tr)
	fm["fragment"] = func(name string, data any) (template.HTML, error) {
		return p.fragment(fragmentKey{lang: lang, page: page, name: name, data: data}, t)
	}
	fm["fragments"] = func(name string, list any) (template.HTML, error) {
		v := reflect.ValueOf(list)
		if v.Kind() != reflect.Slice && v.Kind() != reflect.Array {
			return "", fmt.Errorf("fragments %s: %T is not a list", name, list)
		}
		parts, n := make([]template.HTML, v.Len()), 0
		for i := range parts {
			h, err := p.fragment(fragmentKey{lang: lang, page: page, name: name, data: v.Index(i).Interface()}, t)
			if err != nil {
				return "", err
			}
			parts[i], n = h, n+len(h)
		}
		var b strings.Builder
		b.Grow(n)
		for _, h := range parts {
			b.WriteString(string(h))
		}
		return template.HTML(b.String()), nil
	}
	t, err := template.New("layout").Funcs(fm).ParseFS(templateFS, "templates/layout.html", "templates/partials/*.html", file)
	if err != nil {
		return nil, fmt.Errorf("web: template %s: %w", page, err)
	}
	foldTranslations(t, tr, lang != "en")
	return t, nil
}

// maxFragments bounds how many rendered fragments are kept; past it they
// are all rendered again.
const maxFragments = 4096

// fragmentKey is a rendered fragment: a template of a page in a language,
// executed with a comparable value.
type fragmentKey struct {
	lang, page, name string
	data             any
}

// fragment executes the template key.name of t (the page key.page in
// key.lang) with key.data, for {{fragment "name" .}}: the same output as
// {{template "name" .}} in HTML text, where it must be used.
// {{fragments "name" .List}} is {{range .List}}{{fragment "name" .}}{{end}}
// in one call of a template function instead of two an element. A template's
// output depends on nothing but its data and language, so for data of a
// plain type (plainType: strings, numbers and structs of them, as dates) it
// is kept and the same data reuses it: the public station page
// executes its deputies' cards, a dozen escaping calls each, once per
// deputy instead of once per request.
func (p *pageTemplates) fragment(key fragmentKey, t *template.Template) (template.HTML, error) {
	keep := key.data != nil && plainType(reflect.TypeOf(key.data))
	if keep {
		p.mu.Lock()
		h, ok := p.fragments[key]
		p.mu.Unlock()
		if ok {
			return h, nil
		}
	}
	var b strings.Builder
	if err := t.ExecuteTemplate(&b, key.name, key.data); err != nil {
		return "", err
	}
	h := template.HTML(b.String())
	if keep {
		p.mu.Lock()
		if p.fragments == nil || len(p.fragments) >= maxFragments {
			p.fragments = map[fragmentKey]template.HTML{}
		}
		p.fragments[key] = h
		p.mu.Unlock()
	}
	return h, nil
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

// plainTypes remembers plainType's answers (reflect.Type → bool).
var plainTypes sync.Map

// plainType reports whether values of t are equal exactly when everything
// a template can read of them is: booleans, numbers, strings, and arrays
// and structs of them. Pointers, interfaces, maps, slices, channels and
// functions are not (compared by identity, or not at all).
func plainType(t reflect.Type) bool {
	if v, ok := plainTypes.Load(t); ok {
		return v.(bool)
	}
	plain := false
	switch t.Kind() {
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Complex64, reflect.Complex128, reflect.String:
		plain = true
	case reflect.Array:
		plain = plainType(t.Elem())
	case reflect.Struct:
		plain = true
		for i := range t.NumField() {
			if !plainType(t.Field(i).Type) {
				plain = false
				break
			}
		}
	}
	plainTypes.Store(t, plain)
	return plain
}
