// Package contenttest makes real JPEG, PNG and PDF files of a chosen size
// for tests of uploads, and upload bodies that stream them as base64 inside
// JSON without holding them in memory.
package contenttest

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"math/rand/v2"
	"strings"
)

func picture() image.Image {
	img := image.NewRGBA(image.Rect(0, 0, 48, 32))
	r := rand.New(rand.NewPCG(1, 2))
	for i := range img.Pix {
		img.Pix[i] = uint8(r.IntN(256))
	}
	img.Set(0, 0, color.RGBA{255, 0, 0, 255})
	return img
}

func noise(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, seed+1))
	b := make([]byte, n)
	for i := range b {
		b[i] = 'a' + byte(r.IntN(26))
	}
	return b
}

// JPEG returns a valid JPEG of size bytes (exactly, unless size is 1 to 3
// bytes over its bare size of about 4 KB): a small picture padded with
// comment segments.
func JPEG(size int) []byte {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, picture(), &jpeg.Options{Quality: 90}); err != nil {
		panic(err)
	}
	bare := buf.Bytes()
	out := append([]byte(nil), bare[:2]...) // SOI
	pad := size - len(bare)
	for seed := uint64(0); pad >= 4; seed++ {
		n := min(pad, 65537) // a COM segment: marker, length, text
		if r := pad - n; r > 0 && r < 4 {
			n -= 4 - r // leave room for a last segment
		}
		out = append(out, 0xFF, 0xFE)
		out = binary.BigEndian.AppendUint16(out, uint16(n-2))
		out = append(out, noise(n-4, seed)...)
		pad -= n
	}
	return append(out, bare[2:]...)
}

// PNG returns a valid PNG of exactly size bytes (at least its bare size):
// a small picture with a private ancillary chunk as padding.
func PNG(size int) []byte {
	var buf bytes.Buffer
	if err := png.Encode(&buf, picture()); err != nil {
		panic(err)
	}
	bare := buf.Bytes()
	pad := size - len(bare) - 12
	if pad < 0 {
		return bare
	}
	const ihdrEnd = 8 + 8 + 13 + 4
	chunk := binary.BigEndian.AppendUint32(nil, uint32(pad))
	chunk = append(chunk, "zpAd"...)
	chunk = append(chunk, noise(pad, 7)...)
	chunk = binary.BigEndian.AppendUint32(chunk, crc32.ChecksumIEEE(chunk[4:]))
	out := append([]byte(nil), bare[:ihdrEnd]...)
	out = append(out, chunk...)
	return append(out, bare[ihdrEnd:]...)
}

const pdfHead = "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
const pdfTail = "trailer<</Root 1 0 R>>\n%%EOF\n"

// PDF returns a PDF of exactly size bytes (at least 150): a document
// padded with comment lines.
func PDF(size int) []byte {
	b, _ := io.ReadAll(PDFReader(int64(size)))
	return b
}

// PDFReader streams a PDF of exactly size bytes without holding it.
func PDFReader(size int64) io.Reader {
	pad := size - int64(len(pdfHead)+len(pdfTail))
	if pad < 0 {
		pad = 0
	}
	return io.MultiReader(strings.NewReader(pdfHead), io.LimitReader(&commentLines{}, pad), strings.NewReader(pdfTail))
}

// commentLines yields "%xxxx…\n" lines forever.
type commentLines struct{ n int }

func (c *commentLines) Read(p []byte) (int, error) {
	for i := range p {
		switch {
		case c.n%64 == 0:
			p[i] = '%'
		case c.n%64 == 63:
			p[i] = '\n'
		default:
			p[i] = 'a' + byte(c.n%26)
		}
		c.n++
	}
	return len(p), nil
}

// Body streams a JSON upload body: the given members (already JSON, such
// as `"image_type":"FRONT"`, may be empty) and then "data", the content in
// base64, encoded as it is read.
func Body(members string, content io.Reader) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		prefix := "{"
		if members != "" {
			prefix += members + ","
		}
		_, err := io.WriteString(pw, prefix+`"data":"`)
		if err == nil {
			enc := base64.NewEncoder(base64.StdEncoding, pw)
			if _, err = io.Copy(enc, content); err == nil {
				err = enc.Close()
			}
		}
		if err == nil {
			_, err = io.WriteString(pw, `"}`)
		}
		pw.CloseWithError(err)
	}()
	return pr
}

// BodySize is the length of Body's output for content of n bytes.
func BodySize(members string, n int64) int64 {
	extra := int64(len(`{"data":""}`))
	if members != "" {
		extra += int64(len(members)) + 1
	}
	return extra + int64(base64.StdEncoding.EncodedLen(int(n)))
}

// JSON returns an upload body for content as one string, for small files.
func JSON(members string, content []byte) string {
	b, _ := io.ReadAll(Body(members, bytes.NewReader(content)))
	return string(b)
}

// Describe names a file for test output.
func Describe(b []byte) string {
	return fmt.Sprintf("%d bytes starting %q", len(b), b[:min(8, len(b))])
}
