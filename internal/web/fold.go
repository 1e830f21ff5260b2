package web

import (
	"html/template"
	"strconv"
	"text/template/parse"
)

// foldTranslations rewrites the calls of the t function in a page's parsed
// templates before their first use, so that a render calls it less (each
// template function is a reflective call, and a page with a list makes
// hundreds): t of a literal becomes the literal translated, and where
// translating is the identity (Chinese, the language the templates are
// written in) t of anything becomes that thing. What a page writes is the
// same; only the work of writing it is done once, when the page is parsed.
func foldTranslations(t *template.Template, tr func(string) string, identity bool) {
	for _, tt := range t.Templates() {
		if tt.Tree != nil && tt.Tree.Root != nil {
			foldNode(tt.Tree.Root, tr, identity)
		}
	}
}

func foldNode(n parse.Node, tr func(string) string, identity bool) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, c := range n.Nodes {
			foldNode(c, tr, identity)
		}
	case *parse.ActionNode:
		foldPipe(n.Pipe, tr, identity)
	case *parse.IfNode:
		foldBranch(&n.BranchNode, tr, identity)
	case *parse.RangeNode:
		foldBranch(&n.BranchNode, tr, identity)
	case *parse.WithNode:
		foldBranch(&n.BranchNode, tr, identity)
	case *parse.TemplateNode:
		foldPipe(n.Pipe, tr, identity)
	}
}

func foldBranch(b *parse.BranchNode, tr func(string) string, identity bool) {
	foldPipe(b.Pipe, tr, identity)
	foldNode(b.List, tr, identity)
	foldNode(b.ElseList, tr, identity)
}

func foldPipe(p *parse.PipeNode, tr func(string) string, identity bool) {
	if p == nil {
		return
	}
	for _, c := range p.Cmds {
		for _, a := range c.Args {
			if sub, ok := a.(*parse.PipeNode); ok {
				foldPipe(sub, tr, identity)
			}
		}
		if len(c.Args) != 2 {
			continue // t as a later stage of a pipeline ("x | t") is left as it is
		}
		if id, ok := c.Args[0].(*parse.IdentifierNode); !ok || id.Ident != "t" {
			continue
		}
		switch arg := c.Args[1].(type) {
		case *parse.StringNode:
			arg.Text = tr(arg.Text)
			arg.Quoted = strconv.Quote(arg.Text)
			c.Args = c.Args[1:]
		default:
			if identity {
				c.Args = c.Args[1:]
			}
		}
	}
}
