package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"strconv"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"newsbot/content"
	"newsbot/content/contenttest"
)

// recordCases are articles with every field, accents, escapes, times with
// their zone, and empty and missing lists.
func recordCases() []content.Article {
	full := content.Article{
		ID: "a1", SourceURL: "https://portal.example/tin?id=1&x=<2>", Title: "Hội nghị \"trực tuyến\"\ttoàn quốc",
		Lead: "Tóm tắt\nhai dòng", Body: []string{"Đoạn một.", "", "Đoạn ba – 100%"},
		Author: "Minh Anh – Trung tâm VH-TT", Category: content.CategoryConference,
		Published: time.Date(2026, 3, 12, 14, 30, 5, 123456789, time.FixedZone("ICT", 7*3600)),
		Images:    []content.Image{{Name: "a.jpg", URL: "https://portal.example/a.jpg", Caption: "Ảnh", FileID: "AgAD"}},
		Attachments: []content.Attachment{{Name: "cv-112.pdf", Path: "/srv/inbox/cv-112.pdf",
			MediaType: "application/pdf", Size: 12345, Label: "Tải về: Công văn", FileID: "BQAD"},
			{Name: "kh.docx", URL: "https://portal.example/kh.docx", Size: -1}},
		Source: content.SourceTelegram,
	}
	return []content.Article{
		full,
		{ID: "a2", Title: "Không thân bài"},
		{ID: "a3", Body: []string{}, Images: []content.Image{}, Attachments: []content.Attachment{},
			Published: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)},
		contenttest.SyntheticArticle(1, 7),
	}
}

// Ensure that decodeArticle reads a record encodeArticle wrote, and the
// JSON that older schema versions stored, exactly as json.Unmarshal reads
// json.Marshal's: every field, empty and missing lists, times with their
// zone.
func TestArticleRecordDecodesAsJSON(t *testing.T) {
	for _, a := range recordCases() {
		raw, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		var want content.Article
		if err := json.Unmarshal(raw, &want); err != nil {
			t.Fatal(err)
		}
		rec, err := encodeArticle(&a)
		if err != nil {
			t.Fatal(err)
		}
		for name, v := range map[string][]byte{"record": rec, "JSON": raw} {
			var got content.Article
			if err := decodeArticle(v, &got); err != nil {
				t.Fatalf("%s %s: %v", a.ID, name, err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s %s: decoded\n%#v\nwant\n%#v", a.ID, name, got, want)
			}
		}
	}
	if err := decodeArticle([]byte(`{"id":`), new(content.Article)); err == nil {
		t.Error("truncated JSON decodes without error")
	}
}

// Ensure that the record holds every field of content.Article and of the
// types it holds: a field added to them without a place in the record
// fails here.
func TestArticleRecordHoldsEveryField(t *testing.T) {
	var a content.Article
	fillFields(t, reflect.ValueOf(&a).Elem(), "")
	a.Published = time.Date(2026, 3, 12, 14, 30, 5, 0, time.UTC)
	rec, err := encodeArticle(&a)
	if err != nil {
		t.Fatal(err)
	}
	var got content.Article
	if err := decodeArticle(rec, &got); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, a) {
		t.Errorf("decoded\n%#v\nwant\n%#v", got, a)
	}
}

// fillFields sets every field of v, recursively, to a value that names it.
func fillFields(t *testing.T, v reflect.Value, path string) {
	switch v.Kind() {
	case reflect.String:
		v.SetString(path)
	case reflect.Int, reflect.Int64:
		v.SetInt(int64(len(path)) + 1)
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		for i := range 2 {
			fillFields(t, v.Index(i), path+"["+string(rune('0'+i))+"]")
		}
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			return // set by the caller
		}
		for i := range v.NumField() {
			fillFields(t, v.Field(i), path+"."+v.Type().Field(i).Name)
		}
	default:
		t.Fatalf("%s: a field of kind %s: teach encodeArticle and fillFields it", path, v.Kind())
	}
}

// Ensure that a damaged record is an error, never a panic or an article
// made of what was left.
func TestArticleRecordDamaged(t *testing.T) {
	a := recordCases()[0]
	rec, err := encodeArticle(&a)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range [][]byte{rec[:len(rec)-1], rec[:1], append(rec, 0), {articleRecordV1, 0xff}} {
		got := content.Article{ID: "kept?"}
		if err := decodeArticle(v, &got); !errors.Is(err, errBadRecord) {
			t.Errorf("%q: error %v, want errBadRecord", v, err)
		}
		if !reflect.DeepEqual(got, content.Article{}) {
			t.Errorf("%q: left %#v", v, got)
		}
	}
}

// Ensure that opening a file of schema 14, whose articles are JSON,
// rewrites them as records that read the same, over several transactions.
func TestMigrationRewritesArticleRecords(t *testing.T) {
	path := filepath.Join(t.TempDir(), "newsbot.db")
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	cases := recordCases()
	for i := range 2*recordsBatch + 10 {
		cases = append(cases, content.Article{ID: fmt.Sprintf("s%05d", i), Title: "Tin số " + strconv.Itoa(i)})
	}
	err = db.bolt.Update(func(tx *bolt.Tx) error {
		for _, a := range cases {
			v, err := json.Marshal(a)
			if err != nil {
				return err
			}
			if err := tx.Bucket(bucketArticles).Put([]byte(a.ID), v); err != nil {
				return err
			}
		}
		return tx.Bucket(bucketMeta).Put(keySchemaVersion, u64(14))
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if db, err = Open(path, Options{}); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.bolt.View(func(tx *bolt.Tx) error {
		if v := tx.Bucket(bucketMeta).Get(keyRecordsFrom); v != nil {
			t.Errorf("the rewrite's mark is left: %q", v)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range cases {
		err := db.bolt.View(func(tx *bolt.Tx) error {
			if v := tx.Bucket(bucketArticles).Get([]byte(a.ID)); len(v) == 0 || v[0] != articleRecordV1 {
				t.Errorf("%s still stored as %.20q", a.ID, v)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := json.Marshal(a)
		var want content.Article
		if err := json.Unmarshal(raw, &want); err != nil {
			t.Fatal(err)
		}
		got, err := db.Article(context.Background(), a.ID)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%s reads %#v (%v), want %#v", a.ID, got, err, want)
		}
	}
}

// FuzzDecodeArticle checks that any stored value decodes or fails without
// a panic, and that what decodes from a record encodes to the same record.
func FuzzDecodeArticle(f *testing.F) {
	for _, a := range recordCases() {
		rec, err := encodeArticle(&a)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(rec)
	}
	f.Add([]byte(`{"id":"x","body":null}`))
	f.Fuzz(func(t *testing.T, v []byte) {
		var a content.Article
		if err := decodeArticle(v, &a); err != nil || len(v) == 0 || v[0] != articleRecordV1 {
			return
		}
		rec, err := encodeArticle(&a)
		if err != nil {
			t.Fatalf("decoded %#v does not encode: %v", a, err)
		}
		var b content.Article
		if err := decodeArticle(rec, &b); err != nil || !reflect.DeepEqual(a, b) {
			t.Fatalf("re-encoded record decodes to %#v (%v), want %#v", b, err, a)
		}
	})
}

// BenchmarkDecodeArticle decodes a synthetic article of some 6 KB as a
// record and as the JSON that schema versions before 15 stored.
func BenchmarkDecodeArticle(b *testing.B) {
	a := contenttest.SyntheticArticle(1, 3)
	rec, err := encodeArticle(&a)
	if err != nil {
		b.Fatal(err)
	}
	raw, err := json.Marshal(a)
	if err != nil {
		b.Fatal(err)
	}
	for name, v := range map[string][]byte{"record": rec, "JSON": raw} {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(v)))
			for b.Loop() {
				var got content.Article
				if err := decodeArticle(v, &got); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
