// Package renda is the domain of renda, the platform on which a county-level
// people's congress (人大) and its deputies (代表) do their work.
//
// This package holds the types every workflow shares (people, organisations,
// regions, congresses), the workflows as pure transition tables, the error
// vocabulary, the clock and the working-day calendar. It imports no I/O
// package: SQL lives in internal/store, HTTP in internal/web and internal/api.
package renda
