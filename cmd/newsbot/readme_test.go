package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"
)

// Ensure that the README's links within itself lead to a heading and that
// the repository files it names (the sample article, the example sources
// file, the screenshot…) exist, so that the first screen's steps work on a
// fresh clone.
func TestREADMELinksAndFiles(t *testing.T) {
	root := filepath.Join("..", "..")
	data, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	anchors := map[string]bool{}
	inFence := false
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "```") {
			inFence = !inFence
		}
		if !inFence && strings.HasPrefix(line, "#") {
			anchors[headingAnchor(strings.TrimLeft(line, "# "))] = true
		}
	}
	for _, m := range regexp.MustCompile(`\]\(#([^)]+)\)`).FindAllStringSubmatch(string(data), -1) {
		if !anchors[m[1]] {
			t.Errorf("link to #%s, which no heading has", m[1])
		}
	}
	paths := regexp.MustCompile("[`(]((?:cmd|bot|content|store)/[A-Za-z0-9_./-]+\\.[a-z]+)[`)]")
	for _, m := range paths.FindAllStringSubmatch(string(data), -1) {
		if _, err := os.Stat(filepath.Join(root, m[1])); err != nil {
			t.Errorf("the README names %s: %v", m[1], err)
		}
	}
}

// headingAnchor is the anchor GitHub gives a heading: lower case, spaces
// as "-", punctuation other than "-" and "_" dropped.
func headingAnchor(h string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(h)) {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}
