package document

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"newsbot/content"
)

// BenchmarkOpenDocumentStream measures a 50 MB download read through
// OpenDocument over loopback: the bytes stream through, never held whole
// (see B/op).
func BenchmarkOpenDocumentStream(b *testing.B) {
	const size = content.MaxDocumentUpload
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(w, io.LimitReader(&pattern{}, size))
	}))
	defer srv.Close()
	f := NewFetcher(Options{Allow: loopback(b)})
	att := content.Attachment{Name: "lon.pdf", URL: srv.URL + "/lon.pdf"}
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		rc, _, err := f.OpenDocument(context.Background(), att)
		if err != nil {
			b.Fatal(err)
		}
		if n, err := io.Copy(io.Discard, rc); err != nil || n != size {
			b.Fatalf("%d bytes, %v", n, err)
		}
		rc.Close()
	}
}
