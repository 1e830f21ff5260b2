package browsertest

import (
	_ "embed"
	"fmt"
	"strings"

	"github.com/chromedp/chromedp"
)

// axe-core (https://github.com/dequelabs/axe-core, MPL-2.0, see axe/LICENSE),
// vendored unmodified from the npm package axe-core.
//
//go:embed axe/axe.min.js
var axeSource string

// Violation is one axe-core rule broken on a page, with the offending
// elements' selectors.
type Violation struct {
	ID      string   `json:"id"`
	Impact  string   `json:"impact"`
	Help    string   `json:"help"`
	Targets []string `json:"targets"`
}

func (v Violation) String() string {
	return fmt.Sprintf("%s (%s): %s at %s", v.ID, v.Impact, v.Help, strings.Join(v.Targets, ", "))
}

// Axe runs axe-core (WCAG 2 A and AA rules) on the open page and returns
// its serious and critical violations.
func (b *Browser) Axe() []Violation {
	b.t.Helper()
	if _, err := chromedp.Run(b.Ctx, chromedp.Evaluate[any](`if (!window.axe) {`+axeSource+`}; true`)); err != nil {
		b.t.Fatalf("browser: loading axe-core: %v", err)
	}
	const run = `axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}, resultTypes: ['violations']})
  .then(r => r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' ' + (n.failureSummary || '').split('\n').slice(1, 2).join(''))})))`
	out, err := chromedp.Run(b.Ctx, chromedp.Evaluate[[]Violation](run, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("browser: running axe-core: %v", err)
	}
	return out
}
