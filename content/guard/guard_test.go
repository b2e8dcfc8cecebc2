package guard

import (
	"bytes"
	"errors"
	"log/slog"
	"strings"
	"testing"
)

// Ensure that Do passes f's error through, and turns a panic into ErrPanic
// that is logged with its stack and counted under the loop's name.
func TestDo(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(slog.NewTextHandler(&buf, nil))
	var counted []string
	count := func(loop string) { counted = append(counted, loop) }

	boom := errors.New("boom")
	if err := Do(log, count, "inbox", func() error { return boom }); err != boom {
		t.Fatalf("err = %v, want f's own error", err)
	}
	if err := Do(log, count, "inbox", func() error { return nil }); err != nil {
		t.Fatalf("err = %v, want nil", err)
	}
	if len(counted) != 0 || buf.Len() != 0 {
		t.Fatalf("no panic, yet counted %v and logged %q", counted, buf.String())
	}

	err := Do(log, count, "sources", func() error {
		var m map[string]int
		m["x"]++ // a nil map: panics
		return nil
	})
	if !errors.Is(err, ErrPanic) || err.Error() != "internal error" {
		t.Fatalf("err = %v, want ErrPanic", err)
	}
	if len(counted) != 1 || counted[0] != "sources" {
		t.Fatalf("counted %v, want [sources]", counted)
	}
	for _, want := range []string{"level=ERROR", "loop=sources", "assignment to entry in nil map", "guard_test.go"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, buf.String())
		}
	}
	if err := Do(nil, nil, "x", func() error { panic("quiet") }); !errors.Is(err, ErrPanic) {
		t.Fatalf("without log or counter: err = %v", err)
	}
}
