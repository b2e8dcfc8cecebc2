package content

// Category is the kind of an article. Its value is a short ASCII slug that is
// safe in callback data and file names.
type Category string

// The categories the district portal publishes.
const (
	CategoryNews         Category = "tin-tuc"
	CategoryConference   Category = "hoi-nghi"
	CategoryDirective    Category = "chi-dao"
	CategoryAnnouncement Category = "thong-bao"
)

// Categories lists every category, in the order menus show them.
func Categories() []Category {
	return []Category{CategoryNews, CategoryConference, CategoryDirective, CategoryAnnouncement}
}

// Valid reports whether c is one of Categories.
func (c Category) Valid() bool {
	for _, k := range Categories() {
		if c == k {
			return true
		}
	}
	return false
}
