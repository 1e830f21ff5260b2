package web

import (
	"bytes"
	"fmt"
	"net/http"

	"github.com/skip2/go-qrcode"
)

// qrPNG makes a QR code of url as a PNG of size×size pixels. Medium error
// correction survives a poster that is scuffed or partly in shadow.
func qrPNG(url string, size int) ([]byte, error) {
	return qrcode.Encode(url, qrcode.Medium, size)
}

// qrSVG draws the same QR code as SVG from the code's module bitmap (with
// its quiet zone): one path, a horizontal run of dark modules per
// subpath, crisp at any print size.
func qrSVG(url string) ([]byte, error) {
	q, err := qrcode.New(url, qrcode.Medium)
	if err != nil {
		return nil, err
	}
	bm := q.Bitmap()
	n := len(bm)
	var b bytes.Buffer
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" shape-rendering="crispEdges">`, n, n, n*8, n*8)
	fmt.Fprintf(&b, `<title>%s</title><rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="`, htmlEscape(url), n, n)
	for y, row := range bm {
		for x := 0; x < len(row); {
			if !row[x] {
				x++
				continue
			}
			start := x
			for x < len(row) && row[x] {
				x++
			}
			fmt.Fprintf(&b, "M%d %dh%dv1h-%dz", start, y, x-start, x-start)
		}
	}
	b.WriteString(`"/></svg>`)
	return b.Bytes(), nil
}

// writeQR sends a QR code image; it may be cached, as a code's URL does not change.
func writeQR(w http.ResponseWriter, url, format string) error {
	var data []byte
	var err error
	ct := "image/png"
	if format == "svg" {
		data, err = qrSVG(url)
		ct = "image/svg+xml"
	} else {
		data, err = qrPNG(url, 640)
	}
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Cache-Control", "public, max-age=86400")
	_, err = w.Write(data)
	return err
}
