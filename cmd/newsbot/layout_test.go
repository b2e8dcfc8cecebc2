package main

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// allowedImports says, for each package of the module, which of the
// module's packages it may import: the dependency rules the README's
// Layout section draws. A package not listed may import none of them; a
// listed package only those given ("*" for any).
var allowedImports = map[string][]string{
	"cmd/newsbot":             {"*"},
	"bot":                     {"content", "content/guard", "content/vi"},
	"store":                   {"content", "content/safefile", "content/vi", "store/search"},
	"store/search":            {"content", "content/vi"},
	"content":                 {"content/vi"},
	"content/contenttest":     {"content", "content/vi"},
	"content/inbox":           {"content", "content/guard", "content/safefile", "content/vi"},
	"content/source":          {"content", "content/guard", "content/source/netguard", "content/vi"},
	"content/source/document": {"content", "content/source", "content/source/netguard"},
}

// Ensure that the module's packages import one another only as the Layout
// section says: dependencies point one way, content/vi imports nothing of
// newsbot, the domain only content/vi, and only cmd/newsbot wires bot and
// store together. Test files may import what they test with.
func TestPackageDependencies(t *testing.T) {
	root := filepath.Join("..", "..")
	const module = "newsbot/"
	imports := map[string]map[string]bool{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, filepath.Dir(path))
		if err != nil {
			return err
		}
		pkg := filepath.ToSlash(rel)
		if imports[pkg] == nil {
			imports[pkg] = map[string]bool{}
		}
		for _, s := range f.Imports {
			p, err := strconv.Unquote(s.Path.Value)
			if err != nil {
				return err
			}
			if strings.HasPrefix(p, module) {
				imports[pkg][strings.TrimPrefix(p, module)] = true
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, pkg := range []string{"bot", "store", "store/search", "content", "content/vi"} {
		if imports[pkg] == nil {
			t.Fatalf("package %s not found: the walk of the module is broken", pkg)
		}
	}
	for pkg, deps := range imports {
		allowed := allowedImports[pkg]
		for dep := range deps {
			if !importAllowed(allowed, dep) {
				t.Errorf("%s imports %s: not allowed by the Layout's rules (allowed: %v)", pkg, dep, allowed)
			}
		}
	}
}

// importAllowed reports whether dep is in allowed.
func importAllowed(allowed []string, dep string) bool {
	for _, a := range allowed {
		if a == "*" || a == dep {
			return true
		}
	}
	return false
}
