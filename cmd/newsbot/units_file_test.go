package main

import (
	"strings"
	"testing"

	"newsbot/content"
)

// Ensure that a units file is read, and bad ones are refused with a reason.
func TestParseUnits(t *testing.T) {
	f, err := parseUnits(strings.NewReader("[[units]]\nslug = \"hoang-tien\"\nname = \" Xã Hoằng Tiến \"\n\n[[units]]\nslug = \"chi-bo-3\"\nname = \"Chi bộ 3\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	us := f.Units
	if !f.SelfService {
		t.Error("a file that does not say is not self-service")
	}
	if f, err := parseUnits(strings.NewReader("self_service = false\n[[units]]\nslug = \"a\"\nname = \"x\"\n")); err != nil || f.SelfService {
		t.Errorf("self_service = false: %+v, %v", f, err)
	}
	if len(us) != 2 || us[0] != (content.Unit{Slug: "hoang-tien", Name: "Xã Hoằng Tiến"}) || us[1].Slug != "chi-bo-3" {
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
		if _, err := parseUnits(strings.NewReader(bad)); err == nil {
			t.Errorf("accepted %q", bad)
		}
	}
}

// Ensure that a units file's errors about one unit name its [[units]]
// table's line and say what was expected.
func TestParseUnitsErrorLines(t *testing.T) {
	for _, tc := range []struct{ name, file, want string }{
		{"a bad slug", "[[units]]\nslug = \"a\"\nname = \"A\"\n\n[[units]]\nslug = \"Hoang Tien\"\nname = \"B\"\n",
			"unit 2 (line 5): bad unit: slug \"Hoang Tien\": use 1 to 32 of a-z, 0-9 and -"},
		{"a slug twice", "[[units]]\nslug = \"a\"\nname = \"A\"\n[[units]]\nslug = \"a\"\nname = \"B\"\n",
			"unit 2 (line 4): unit a defined twice: expected each slug once"},
		{"an unknown key", "[[units]]\nslug = \"a\"\nnam = \"A\"\n", "unknown key units.nam: expected self_service, and slug and name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := parseUnits(strings.NewReader(tc.file)); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("parseUnits error %v, want it to contain %q", err, tc.want)
			}
		})
	}
}
