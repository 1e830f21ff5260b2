// Package pdfstamp lays a reader's name and the time over every page of a
// PDF renda did not write (an uploaded original of a meeting document),
// when it is served: the stored file stays as it was uploaded.
//
// The PDF is read and changed with PDFium (github.com/klippa-app/go-pdfium)
// compiled to WebAssembly and run by wazero: pure Go, no cgo. The stamp
// itself is a page written by package pdfdoc (the same fonts and the same
// diagonal rows as the PDFs renda writes, fonts embedded as a subset of
// the characters used); PDFium turns that page into a form XObject of the
// uploaded document (FPDF_NewXObjectFromPage) and places it over every
// page, fitted to the page's visible box and its rotation. Drawing the
// text with PDFium's own text objects (FPDFText_LoadFont) would embed the
// whole Chinese font (4 MB for Droid Sans Fallback) in every copy.
package pdfstamp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"sync"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/structs"
	"github.com/klippa-app/go-pdfium/webassembly"
	"github.com/tetratelabs/wazero"

	"renda/internal/pdfdoc"
)

// Workers is how many PDFs are stamped at once (each PDFium instance is a
// WebAssembly module with its own memory); more requests wait for one.
const Workers = 2

// ErrUnreadable: the file is not a PDF PDFium can open (damaged, not a
// PDF, or encrypted with a password to open it).
var ErrUnreadable = errors.New("pdfstamp: the PDF cannot be read")

// Stamper stamps PDFs with the text written in its fonts. PDFium runs
// once for the process, shared by every Stamper: it starts on the first
// Stamp (compiling its WebAssembly takes seconds of CPU) and stays up,
// with at most Workers instances at once.
type Stamper struct {
	fonts *pdfdoc.Fonts
}

// New returns a stamper that writes with fonts.
func New(fonts *pdfdoc.Fonts) *Stamper { return &Stamper{fonts: fonts} }

// Check reports whether the fonts can write the stamp (pdfdoc.ErrNoFonts
// when none was found). It does not start PDFium.
func (s *Stamper) Check() error { return s.fonts.Check() }

// shared is the process's one PDFium pool.
var shared struct {
	once sync.Once
	pool pdfium.Pool
	err  error
}

func start() (pdfium.Pool, error) {
	shared.once.Do(func() {
		shared.pool, shared.err = webassembly.Init(webassembly.Config{
			MinIdle:  0,
			MaxIdle:  Workers,
			MaxTotal: Workers,
			// A fresh instance for each document: its memory starts
			// clean (nothing of another reader's document, nothing
			// left by a failure), for about 15 ms of CPU.
			ReuseWorkers: false,
			// No file system: documents are passed as bytes, and
			// PDFium sees none of the server's files.
			FSConfig: wazero.NewFSConfig(),
			// go-pdfium's default runtime. WithCloseOnContextDone
			// would let a request's end stop PDFium mid-document (a
			// PDF on which it never finishes), but it made stamping
			// 2.4 times as costly (BenchmarkStamp20Pages: 300 ms of
			// CPU instead of 120), and uploads come from staff.
			Stdout: io.Discard,
			Stderr: io.Discard,
		})
		if shared.err != nil {
			shared.err = fmt.Errorf("pdfstamp: starting PDFium: %w", shared.err)
		}
	})
	return shared.pool, shared.err
}

// Stamp returns a copy of pdf with text laid over every page (light,
// diagonal, repeated). It fails with ErrUnreadable for a file PDFium
// cannot open, and with the fonts' error when none can write the text;
// it never returns the document unstamped.
func (s *Stamper) Stamp(ctx context.Context, pdf []byte, text string) ([]byte, error) {
	if err := s.fonts.Check(); err != nil {
		return nil, err
	}
	pool, err := start()
	if err != nil {
		return nil, err
	}
	inst, err := pool.GetInstanceWithContext(ctx)
	if err != nil {
		return nil, fmt.Errorf("pdfstamp: waiting for PDFium: %w", err)
	}
	defer inst.Close() // closes the documents left open
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("pdfstamp: %w", err) // the request is gone
	}
	return s.stamp(inst, pdf, text)
}

// box is the part of a page that is shown: its bounding box (media box
// within crop box) in the page's own coordinates, and its rotation in
// quarter turns clockwise.
type box struct {
	l, b, r, t float64
	rot        int
}

// size is the page as shown, in points: turned a quarter, width and
// height swap.
func (bx box) size() [2]float64 {
	w, h := bx.r-bx.l, bx.t-bx.b
	if bx.rot%2 == 1 {
		w, h = h, w
	}
	return [2]float64{round(w), round(h)}
}

func round(v float64) float64 { return math.Round(v*10) / 10 }

// matrix maps the shown page (origin at its lower left corner, as the
// stamp was written) onto the page's own coordinates.
func (bx box) matrix() structs.FPDF_FS_MATRIX {
	l, b, r, t := float32(bx.l), float32(bx.b), float32(bx.r), float32(bx.t)
	switch bx.rot {
	case 1: // 90° clockwise: the shown lower left is the page's lower right
		return structs.FPDF_FS_MATRIX{A: 0, B: 1, C: -1, D: 0, E: r, F: b}
	case 2:
		return structs.FPDF_FS_MATRIX{A: -1, B: 0, C: 0, D: -1, E: r, F: t}
	case 3:
		return structs.FPDF_FS_MATRIX{A: 0, B: -1, C: 1, D: 0, E: l, F: t}
	}
	return structs.FPDF_FS_MATRIX{A: 1, B: 0, C: 0, D: 1, E: l, F: b}
}

func (s *Stamper) stamp(inst pdfium.Pdfium, pdf []byte, text string) ([]byte, error) {
	opened, err := inst.FPDF_LoadMemDocument(&requests.FPDF_LoadMemDocument{Data: &pdf})
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUnreadable, err)
	}
	doc := opened.Document
	defer inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: doc})
	count, err := inst.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: doc})
	if err != nil || count.PageCount == 0 {
		return nil, fmt.Errorf("%w: no pages (%v)", ErrUnreadable, err)
	}

	// Each page's shown box, and one stamp page for each size.
	boxes := make([]box, count.PageCount)
	var sizes [][2]float64
	sizeIndex := map[[2]float64]int{}
	for i := range boxes {
		page := requests.Page{ByIndex: &requests.PageByIndex{Document: doc, Index: i}}
		bb, err := inst.FPDF_GetPageBoundingBox(&requests.FPDF_GetPageBoundingBox{Page: page})
		if err != nil {
			return nil, fmt.Errorf("%w: page %d: %v", ErrUnreadable, i+1, err)
		}
		rot, err := inst.FPDFPage_GetRotation(&requests.FPDFPage_GetRotation{Page: page})
		if err != nil {
			return nil, fmt.Errorf("%w: page %d: %v", ErrUnreadable, i+1, err)
		}
		bx := box{l: float64(bb.Rect.Left), b: float64(bb.Rect.Bottom), r: float64(bb.Rect.Right), t: float64(bb.Rect.Top), rot: int(rot.PageRotation) % 4}
		if bx.r-bx.l < 1 || bx.t-bx.b < 1 {
			return nil, fmt.Errorf("%w: page %d has no size", ErrUnreadable, i+1)
		}
		boxes[i] = bx
		if _, ok := sizeIndex[bx.size()]; !ok {
			sizeIndex[bx.size()] = len(sizes)
			sizes = append(sizes, bx.size())
		}
	}
	overlay, err := s.fonts.Overlay(text, sizes)
	if err != nil {
		return nil, err
	}
	ov, err := inst.FPDF_LoadMemDocument(&requests.FPDF_LoadMemDocument{Data: &overlay})
	if err != nil {
		return nil, fmt.Errorf("pdfstamp: the stamp: %w", err)
	}
	defer inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: ov.Document})
	xobjects := make([]references.FPDF_XOBJECT, len(sizes))
	for i := range sizes {
		// go-pdfium v1.21.5 passes Source and Destination to PDFium in
		// the wrong order (PDFium's FPDF_NewXObjectFromPage takes the
		// destination first), so they are named crossed here: the
		// stamp page is copied from the overlay into doc. TestStamp
		// fails if a newer go-pdfium puts them right.
		x, err := inst.FPDF_NewXObjectFromPage(&requests.FPDF_NewXObjectFromPage{Source: doc, Destination: ov.Document, SourcePageIndex: i})
		if err != nil {
			return nil, fmt.Errorf("pdfstamp: the stamp: %w", err)
		}
		xobjects[i] = x.XObject
		defer inst.FPDF_CloseXObject(&requests.FPDF_CloseXObject{XObject: x.XObject})
	}

	for i, bx := range boxes {
		if err := placeOn(inst, doc, i, xobjects[sizeIndex[bx.size()]], bx); err != nil {
			return nil, fmt.Errorf("%w: page %d: %v", ErrUnreadable, i+1, err)
		}
	}
	saved, err := inst.FPDF_SaveAsCopy(&requests.FPDF_SaveAsCopy{Document: doc, Flags: requests.SaveFlagNoIncremental})
	if err != nil || saved.FileBytes == nil {
		return nil, fmt.Errorf("pdfstamp: saving the stamped PDF: %v", err)
	}
	return *saved.FileBytes, nil
}

// placeOn puts the stamp x over page i and writes the page's content anew.
func placeOn(inst pdfium.Pdfium, doc references.FPDF_DOCUMENT, i int, x references.FPDF_XOBJECT, bx box) error {
	p, err := inst.FPDF_LoadPage(&requests.FPDF_LoadPage{Document: doc, Index: i})
	if err != nil {
		return err
	}
	defer inst.FPDF_ClosePage(&requests.FPDF_ClosePage{Page: p.Page})
	page := requests.Page{ByReference: &p.Page}
	form, err := inst.FPDF_NewFormObjectFromXObject(&requests.FPDF_NewFormObjectFromXObject{XObject: x})
	if err != nil {
		return err
	}
	if _, err := inst.FPDFPageObj_Transform(&requests.FPDFPageObj_Transform{PageObject: form.PageObject, Transform: bx.matrix()}); err != nil {
		return err
	}
	if _, err := inst.FPDFPage_InsertObject(&requests.FPDFPage_InsertObject{Page: page, PageObject: form.PageObject}); err != nil {
		return err
	}
	_, err = inst.FPDFPage_GenerateContent(&requests.FPDFPage_GenerateContent{Page: page})
	return err
}
