package attach_test

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"runtime"
	"strings"
	"sync"
	"testing"

	"renda"
	"renda/internal/attach"
)

// jpegWithGPS returns a JPEG carrying an EXIF segment with a GPS tag, as a
// phone camera writes.
func jpegWithGPS(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for x := 0; x < 64; x++ {
		img.Set(x, x%48, color.RGBA{200, 30, 30, 255})
	}
	var plain bytes.Buffer
	if err := jpeg.Encode(&plain, img, nil); err != nil {
		t.Fatal(err)
	}
	// APP1 "Exif" segment with a marker string that stands for the GPS block.
	payload := append([]byte("Exif\x00\x00"), []byte("GPSLatitude=26.4206N;GPSLongitude=112.3969E")...)
	seg := []byte{0xFF, 0xE1, byte((len(payload) + 2) >> 8), byte(len(payload) + 2)}
	seg = append(seg, payload...)
	b := plain.Bytes()
	out := append([]byte{}, b[:2]...) // SOI
	out = append(out, seg...)
	return append(out, b[2:]...)
}

func TestImagesAreReencodedWithoutMetadata(t *testing.T) {
	raw := jpegWithGPS(t)
	if !bytes.Contains(raw, []byte("GPSLatitude")) {
		t.Fatal("test image lacks its GPS marker")
	}
	f, err := attach.Check("现场照片.JPG", bytes.NewReader(raw), attach.Image)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(f.Data, []byte("GPS")) || bytes.Contains(f.Data, []byte("Exif")) {
		t.Error("metadata survived the check")
	}
	if f.ContentType != "image/jpeg" || f.Name != "现场照片.jpg" {
		t.Errorf("got %s %s", f.ContentType, f.Name)
	}
	if _, _, err := image.Decode(bytes.NewReader(f.Data)); err != nil {
		t.Errorf("the result is not an image: %v", err)
	}
}

func TestRefusals(t *testing.T) {
	var pngBuf bytes.Buffer
	_ = png.Encode(&pngBuf, image.NewGray(image.Rect(0, 0, 4, 4)))
	cases := []struct {
		name  string
		data  []byte
		kinds attach.Kind
		code  string
	}{
		{"x.jpg", []byte("<html><script>alert(1)</script>"), attach.Image, renda.EINVALID},
		{"x.png", pngBuf.Bytes()[:20], attach.Image, renda.EINVALID}, // truncated
		{"x.jpg", nil, attach.Image, renda.EINVALID},
		{"x.exe", []byte("MZ\x90\x00\x03\x00\x00\x00"), attach.Document, renda.EINVALID},
		{"big.jpg", bytes.Repeat([]byte{0xFF}, attach.MaxImageBytes+1), attach.Image, renda.ETOOLARGE},
	}
	for _, c := range cases {
		_, err := attach.Check(c.name, bytes.NewReader(c.data), c.kinds)
		if renda.ErrorCode(err) != c.code {
			t.Errorf("%s: %v, want %s", c.name, err, c.code)
		}
		if err != nil && !strings.ContainsAny(renda.ErrorMessage(err), "图文件") {
			t.Errorf("%s: message not in Chinese: %v", c.name, err)
		}
	}
	pdf, err := attach.Check("答复函.pdf", strings.NewReader("%PDF-1.7\n..."), attach.Document|attach.Image)
	if err != nil || pdf.ContentType != "application/pdf" {
		t.Errorf("pdf: %v %+v", err, pdf)
	}
	if f, err := attach.Check("../../etc/passwd.png", bytes.NewReader(pngBuf.Bytes()), attach.Image); err != nil || strings.Contains(f.Name, "/") {
		t.Errorf("path in name: %v %+v", err, f)
	}
}

// pngHeader returns a PNG that declares w×h pixels of the given bit depth
// and colour type, with a tiny broken image body: what a decompression
// bomb looks like to the cheap checks.
func pngHeader(w, h uint32, depth, colorType byte) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(typ string, data []byte) {
		_ = binary.Write(&b, binary.BigEndian, uint32(len(data)))
		b.WriteString(typ)
		b.Write(data)
		_ = binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(append([]byte(typ), data...)))
	}
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = depth, colorType
	chunk("IHDR", ihdr)
	chunk("IDAT", []byte{0x78, 0x9c, 0x03, 0x00})
	chunk("IEND", nil)
	return b.Bytes()
}

// TestImageBombsRefusedBeforeDecoding: a 6300×6300 PNG at 16 bits a
// channel (317 MB decoded, under the pixel limit) is refused from its
// header, without allocating its pixels.
func TestImageBombsRefusedBeforeDecoding(t *testing.T) {
	bomb := pngHeader(6300, 6300, 16, 6)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := attach.Check("bomb.png", bytes.NewReader(bomb), attach.Image)
	runtime.ReadMemStats(&after)
	if renda.ErrorCode(err) != renda.ETOOLARGE {
		t.Errorf("16-bit 6300×6300 PNG: %v, want ETOOLARGE", err)
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 32<<20 {
		t.Errorf("checking the bomb allocated %d MB", grew>>20)
	}
	// An ordinary photo's size in 8-bit grey is decoded (and found broken).
	if _, err := attach.Check("grey.png", bytes.NewReader(pngHeader(6000, 6000, 8, 0)), attach.Image); renda.ErrorCode(err) != renda.EINVALID {
		t.Errorf("8-bit grey header with a broken body: %v, want EINVALID", err)
	}
}

// TestDecodesAreLimited: many uploads at once decode at most MaxDecodes
// images at a time.
func TestDecodesAreLimited(t *testing.T) {
	var buf bytes.Buffer
	_ = png.Encode(&buf, image.NewNRGBA(image.Rect(0, 0, 800, 800)))
	var wg sync.WaitGroup
	for range 12 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := attach.Check("a.png", bytes.NewReader(buf.Bytes()), attach.Image); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if p := attach.PeakDecodes(); p < 1 || p > attach.MaxDecodes {
		t.Errorf("%d decodes ran at once, want 1..%d", p, attach.MaxDecodes)
	}
}

// TestDocumentsKeepOnlyAllowedExtensions: a document is stored under an
// extension its type allows.
func TestDocumentsKeepOnlyAllowedExtensions(t *testing.T) {
	for _, c := range []struct{ name, data, want string }{
		{"答复.pdf", "%PDF-1.7\n...", "答复.pdf"},
		{"答复.PDF", "%PDF-1.7\n...", "答复.PDF"},
		{"page.html", "%PDF-1.7\n<script>alert(1)</script>", "page.pdf"},
		{"说明.txt", "纯文本说明", "说明.txt"},
		{"名单.csv", "姓名,电话\n", "名单.csv"},
		{"evil.html", "<p>just text, sniffed as text</p> hello", "evil.txt"},
		{"x.svg", "plain words", "x.txt"},
		{"run.exe", "plain words", "run.txt"},
		{"noext", "plain words", "noext.txt"},
	} {
		f, err := attach.Check(c.name, strings.NewReader(c.data), attach.Document|attach.Image)
		if err != nil {
			if c.name == "evil.html" && renda.ErrorCode(err) == renda.EINVALID {
				continue // refused outright is fine too
			}
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if f.Name != c.want {
			t.Errorf("%s stored as %s, want %s", c.name, f.Name, c.want)
		}
	}
}
