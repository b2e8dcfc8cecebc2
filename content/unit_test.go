package content

import (
	"errors"
	"strings"
	"testing"
)

// Ensure that a units file is read, and bad ones are refused with a reason.
func TestParseUnits(t *testing.T) {
	f, err := ParseUnits(strings.NewReader("[[units]]\nslug = \"hoang-tien\"\nname = \" Xã Hoằng Tiến \"\n\n[[units]]\nslug = \"chi-bo-3\"\nname = \"Chi bộ 3\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	us := f.Units
	if !f.SelfService {
		t.Error("a file that does not say is not self-service")
	}
	if f, err := ParseUnits(strings.NewReader("self_service = false\n[[units]]\nslug = \"a\"\nname = \"x\"\n")); err != nil || f.SelfService {
		t.Errorf("self_service = false: %+v, %v", f, err)
	}
	if len(us) != 2 || us[0] != (Unit{Slug: "hoang-tien", Name: "Xã Hoằng Tiến"}) || us[1].Slug != "chi-bo-3" {
		t.Fatalf("units=%+v", us)
	}
	for _, bad := range []string{
		"[[units]]\nslug = \"Hoằng Tiến\"\nname = \"x\"\n",
		"[[units]]\nslug = \"a\"\nname = \"  \"\n",
		"[[units]]\nslug = \"a\"\nname = \"x\"\n[[units]]\nslug = \"a\"\nname = \"y\"\n",
		"[[units]]\nslug = \"a\"\nnam = \"x\"\n",
		"[[units]\n",
		"self_service = \"no\"\n",
	} {
		if _, err := ParseUnits(strings.NewReader(bad)); err == nil {
			t.Errorf("accepted %q", bad)
		}
	}
	if err := (Unit{Slug: strings.Repeat("a", MaxUnitSlugLen+1), Name: "x"}).Check(); !errors.Is(err, ErrBadUnit) {
		t.Errorf("a long slug: %v", err)
	}
}
