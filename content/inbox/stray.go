package inbox

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"newsbot/content"
)

// StrayAge is how long a document may lie in the inbox before `newsbot
// doctor` reports it as named by no export: longer than an export waits
// for its documents (DefaultAttachmentWait) and than a scan takes.
const StrayAge = 10 * time.Minute

// StrayDocument is a document file lying in the inbox itself.
type StrayDocument struct {
	Name     string
	Size     int64
	Modified time.Time
}

// StrayDocuments returns the documents (regular files whose name has an
// accepted document extension, content.DocumentMediaType, and no leading
// "." as files being written have) lying in the inbox dir itself, last
// changed before before, by name. The Watcher
// leaves such a file alone until an export names it, and moves it out
// with the export that does (to done/ID/ or failed/): one still there
// long after it arrived is named by no export, and stays there for good.
// It reads nothing but the folder; the error is the folder's.
func StrayDocuments(dir string, before time.Time) ([]StrayDocument, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("inbox: read %s: %w", dir, err)
	}
	var out []StrayDocument
	for _, e := range entries {
		name := e.Name()
		if _, doc := content.DocumentMediaType(name); !doc || !e.Type().IsRegular() || strings.HasPrefix(name, ".") {
			continue
		}
		fi, err := os.Lstat(filepath.Join(dir, name))
		if err != nil || !fi.Mode().IsRegular() || !fi.ModTime().Before(before) {
			continue
		}
		out = append(out, StrayDocument{Name: name, Size: fi.Size(), Modified: fi.ModTime()})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}
