package main

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"newsbot/content"
)

// dateLine matches the "Đăng lúc" line of an export.
var dateLine = regexp.MustCompile(`(?m)^Đăng lúc:.*$`)

// exportDated returns the export fixture (under content/inbox/testdata/export)
// with its "Đăng lúc" line set to published, in Vietnam time.
func exportDated(t testing.TB, fixture string, published time.Time) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(fixtures, fixture))
	if err != nil {
		t.Fatal(err)
	}
	line := "Đăng lúc: " + published.In(content.VietnamZone()).Format("15:04:05 02/01/2006") + " (GMT+7)"
	if !dateLine.Match(data) {
		t.Fatalf("fixture %s has no Đăng lúc line", fixture)
	}
	return dateLine.ReplaceAll(data, []byte(line))
}

// freshExport returns the export fixture dated an hour before now: news,
// which the inbox and import push.
func freshExport(t testing.TB, fixture string, now time.Time) []byte {
	t.Helper()
	return exportDated(t, fixture, now.Add(-time.Hour))
}
