// Package attach checks files people upload before renda keeps them: the
// type is decided by content, not by name; size is limited; images are
// decoded and re-encoded, which drops every piece of metadata (EXIF, GPS).
package attach

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"mime"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	_ "image/gif" // decoders for uploads

	_ "golang.org/x/image/webp"

	"renda"
)

// Kind says what sort of file a use accepts.
type Kind int

// Kinds of uploads.
const (
	Image    Kind = 1 << iota // photos: JPEG, PNG, GIF, WebP → re-encoded as JPEG or PNG
	Document                  // PDF, Word, Excel, OFD, plain text
)

// Limits for uploads.
const (
	MaxImageBytes    = 10 << 20 // what a phone camera makes
	MaxDocumentBytes = 20 << 20
	MaxImagePixels   = 40_000_000 // refuse decompression bombs
	// MaxDecodedBytes caps the memory one decoded image may take (pixels ×
	// bytes per pixel of its colour model): a 16-bit PNG takes 8 bytes a pixel.
	MaxDecodedBytes = 128 << 20
	// MaxDecodes is how many images are decoded at once in the process;
	// further uploads wait (at most decodeWait) for their turn.
	MaxDecodes   = 2
	decodeWait   = 20 * time.Second
	maxImageSide = 2400 // re-encoded photos are scaled down to this
)

// File is an upload that passed the checks, ready to store.
type File struct {
	Name        string
	ContentType string
	Data        []byte
}

// Check reads an upload of at most the kind's limit and returns it cleaned,
// or an EINVALID / ETOOLARGE error saying in Chinese what is wrong.
func Check(name string, r io.Reader, kinds Kind) (*File, error) {
	limit := int64(MaxDocumentBytes)
	if kinds == Image {
		limit = MaxImageBytes
	}
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, renda.Errorf(renda.EINVALID, "文件读取失败，请重新上传")
	}
	if int64(len(data)) > limit {
		return nil, renda.Errorf(renda.ETOOLARGE, "文件“%s”太大：最大 %d MB", cleanName(name), limit>>20)
	}
	if len(data) == 0 {
		return nil, renda.Errorf(renda.EINVALID, "文件“%s”是空的", cleanName(name))
	}
	name = cleanName(name)
	sniffed := http.DetectContentType(data)
	switch {
	case strings.HasPrefix(sniffed, "image/") && kinds&Image != 0:
		return cleanImage(name, data)
	case kinds&Document != 0:
		if ct, ok := documentType(name, data, sniffed); ok {
			return &File{Name: keepExtension(name, ct), ContentType: ct, Data: data}, nil
		}
	}
	if kinds == Image {
		return nil, renda.Errorf(renda.EINVALID, "“%s”不是可识别的图片，请上传 JPG、PNG、GIF 或 WebP 格式的照片", name)
	}
	return nil, renda.Errorf(renda.EINVALID, "“%s”的文件类型不支持；请上传 PDF、Word、Excel、OFD、图片或纯文本文件", name)
}

func cleanImage(name string, data []byte) (*File, error) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, renda.Errorf(renda.EINVALID, "图片“%s”已损坏或格式不支持", name)
	}
	if cfg.Width*cfg.Height > MaxImagePixels {
		return nil, renda.Errorf(renda.ETOOLARGE, "图片“%s”尺寸过大（%d×%d）", name, cfg.Width, cfg.Height)
	}
	if n := int64(cfg.Width) * int64(cfg.Height) * bytesPerPixel(cfg.ColorModel); n > MaxDecodedBytes {
		return nil, renda.Errorf(renda.ETOOLARGE, "图片“%s”尺寸过大（%d×%d），请换一张普通照片", name, cfg.Width, cfg.Height)
	}
	select {
	case decodeSlots <- struct{}{}:
	case <-time.After(decodeWait):
		return nil, renda.Errorf(renda.ETOOMANY, "服务器正忙，请稍后再上传照片")
	}
	if n := decoding.Add(1); n > peakDecodes.Load() {
		peakDecodes.Store(n)
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	decoding.Add(-1)
	<-decodeSlots
	if err != nil {
		return nil, renda.Errorf(renda.EINVALID, "图片“%s”已损坏，无法读取", name)
	}
	img = shrink(img, maxImageSide)
	var buf bytes.Buffer
	base := strings.TrimSuffix(name, filepath.Ext(name))
	if format == "png" || format == "gif" {
		if err := png.Encode(&buf, img); err != nil {
			return nil, err
		}
		return &File{Name: base + ".png", ContentType: "image/png", Data: buf.Bytes()}, nil
	}
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 85}); err != nil {
		return nil, err
	}
	return &File{Name: base + ".jpg", ContentType: "image/jpeg", Data: buf.Bytes()}, nil
}

var (
	decodeSlots = make(chan struct{}, MaxDecodes)
	decoding    atomic.Int32 // decodes running now
	peakDecodes atomic.Int32 // the most that ran at once (for tests)
)

// bytesPerPixel is how much memory a decoded pixel of the model takes (an
// upper bound; unknown models count as the largest).
func bytesPerPixel(m color.Model) int64 {
	switch m {
	case color.GrayModel, color.AlphaModel:
		return 1
	case color.Gray16Model, color.Alpha16Model:
		return 2
	case color.YCbCrModel:
		return 3 // 4:4:4 at most
	case color.NYCbCrAModel, color.RGBAModel, color.NRGBAModel, color.CMYKModel:
		return 4
	}
	if _, ok := m.(color.Palette); ok {
		return 1
	}
	return 8
}

// shrink scales img down (nearest neighbour on a box average) so that its
// longer side is at most side. Photos of documents stay readable.
func shrink(img image.Image, side int) image.Image {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w <= side && h <= side {
		return img
	}
	scale := float64(side) / float64(max(w, h))
	nw, nh := max(1, int(float64(w)*scale)), max(1, int(float64(h)*scale))
	out := image.NewRGBA(image.Rect(0, 0, nw, nh))
	for y := 0; y < nh; y++ {
		sy := b.Min.Y + int(float64(y)/scale)
		for x := 0; x < nw; x++ {
			out.Set(x, y, img.At(b.Min.X+int(float64(x)/scale), sy))
		}
	}
	return out
}

func documentType(name string, data []byte, sniffed string) (string, bool) {
	ext := strings.ToLower(filepath.Ext(name))
	switch {
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return "application/pdf", true
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		// Office Open XML and OFD are zip files; the extension says which.
		switch ext {
		case ".docx":
			return "application/vnd.openxmlformats-officedocument.wordprocessingml.document", true
		case ".xlsx":
			return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", true
		case ".pptx":
			return "application/vnd.openxmlformats-officedocument.presentationml.presentation", true
		case ".ofd":
			return "application/ofd", true
		}
	case bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}):
		switch ext {
		case ".doc":
			return "application/msword", true
		case ".xls":
			return "application/vnd.ms-excel", true
		}
	case strings.HasPrefix(sniffed, "text/plain") && utf8.Valid(data):
		return "text/plain; charset=utf-8", true
	}
	return "", false
}

// keepExtension gives a document a name whose extension fits its type, so
// that a file kept as text or PDF cannot be saved (and later opened) as
// .html, .svg, .exe or .js: an extension the type does not allow is
// replaced by the type's own.
func keepExtension(name, contentType string) string {
	ext := strings.ToLower(filepath.Ext(name))
	allowed := map[string][]string{
		"application/pdf":           {".pdf"},
		"text/plain; charset=utf-8": {".txt", ".csv"},
	}[contentType]
	if allowed == nil || slices.Contains(allowed, ext) {
		return name // Office and OFD types were recognised by their extension
	}
	return strings.TrimSuffix(name, filepath.Ext(name)) + allowed[0]
}

// cleanName keeps a file name safe to show and to send back in a header.
func cleanName(name string) string {
	name = filepath.Base(strings.ReplaceAll(name, "\\", "/"))
	if !utf8.ValidString(name) {
		name = strings.ToValidUTF8(name, "")
	}
	name = strings.Map(func(r rune) rune {
		if r < 32 || r == '"' || r == '/' || r == 0x7f {
			return -1
		}
		return r
	}, name)
	if r := []rune(name); len(r) > 80 {
		name = string(r[len(r)-80:])
	}
	if name == "" || name == "." {
		name = "file"
	}
	return name
}

// Disposition returns a Content-Disposition header value for name that
// browsers show in Chinese (RFC 6266 / RFC 5987).
func Disposition(kind, name string) string {
	return mime.FormatMediaType(kind, map[string]string{"filename": name})
}
