package source

import (
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"newsbot/content"
	"newsbot/content/source/netguard"
)

// Kind says how a source is read.
type Kind string

// The kinds of source. KindFeed detects RSS, Atom or JSON Feed; the others
// insist on one format.
const (
	KindFeed     Kind = "feed"
	KindRSS      Kind = "rss"
	KindAtom     Kind = "atom"
	KindJSONFeed Kind = "jsonfeed"
	KindHTML     Kind = "html"
)

// IsFeed reports whether k is one of the feed kinds.
func (k Kind) IsFeed() bool {
	return k == KindFeed || k == KindRSS || k == KindAtom || k == KindJSONFeed
}

// Defaults of the sources file.
const (
	DefaultInterval      = 5 * time.Minute
	DefaultMaxItems      = 20
	DefaultMaxInFlight   = 4
	DefaultTimeout       = 30 * time.Second
	DefaultMaxBackoff    = 6 * time.Hour
	DefaultFailThreshold = 3
	DefaultPushMaxAge    = content.DefaultPushMaxAge
	// MaxConfigSize bounds the sources file.
	MaxConfigSize = 1 << 20
)

// Selectors are the CSS selectors (goquery/cascadia syntax) of an HTML
// source. Each may be empty; an empty one, or one that finds nothing, falls
// back to what the page says of itself (see ParseArticle and ParseListing).
type Selectors struct {
	// List selects the article links on the listing page (an <a>, or an
	// element holding one).
	List string `toml:"list"`
	// On article pages:
	Title     string `toml:"title"`
	Published string `toml:"published"`
	Body      string `toml:"body"`
	Author    string `toml:"author"`
	Image     string `toml:"image"`
	Section   string `toml:"section"`
	// Attachments selects the document links (.pdf, .doc, .docx, .xls,
	// .xlsx, .odt, .zip, .rar) on article pages: <a href> elements, or
	// elements holding them.
	Attachments string `toml:"attachments"`
}

// Source is one configured source.
type Source struct {
	// Name identifies the source in the database, logs and /sources:
	// lower-case letters, digits, '.', '_' and '-', at most 40 bytes.
	Name string
	URL  string
	Kind Kind
	// Interval is the time between polls (jittered by ±10%).
	Interval time.Duration
	// Category is given to articles no rule classifies; empty: guessed from
	// the title (content.GuessCategory).
	Category content.Category
	// Section is the source's own section name ("Văn bản chỉ đạo"), which
	// rules may match besides each item's own sections.
	Section string
	// MaxItems bounds the article pages fetched in one poll (HTML sources
	// and full-text feeds).
	MaxItems int
	// FullText makes a feed source fetch each new item's page for its text.
	FullText  bool
	Selectors Selectors
}

// Config is a parsed sources file.
type Config struct {
	Sources []Source
	// Rules classify articles; the file's rules replace DefaultRules.
	Rules []Rule
	// MaxInFlight bounds the requests under way at once, all sources together.
	MaxInFlight int
	// Timeout bounds one request, redirects and body included.
	Timeout time.Duration
	// MaxBackoff bounds the wait after repeated failures.
	MaxBackoff time.Duration
	// FailThreshold is the number of failed polls in a row after which the
	// admins are told, once.
	FailThreshold int
	// PushMaxAge: an item dated longer ago than this when found is stored
	// but not pushed (0: no limit).
	PushMaxAge time.Duration
	// AllowPrivate lists the internal addresses (IPs, CIDR blocks) and host
	// names fetches may reach, such as an intranet portal; every other
	// internal address is refused (netguard). ParseConfig checks each entry.
	AllowPrivate []string
}

// Source returns the source named name.
func (c Config) Source(name string) (Source, bool) {
	for _, s := range c.Sources {
		if s.Name == name {
			return s, true
		}
	}
	return Source{}, false
}

// fileConfig is the sources file as TOML spells it.
type fileConfig struct {
	MaxInFlight   int          `toml:"max_in_flight"`
	Timeout       string       `toml:"timeout"`
	MaxBackoff    string       `toml:"max_backoff"`
	FailThreshold int          `toml:"fail_threshold"`
	PushMaxAge    string       `toml:"push_max_age"`
	AllowPrivate  []string     `toml:"allow_private"`
	Sources       []fileSource `toml:"source"`
	Rules         []fileRule   `toml:"rule"`
}

type fileSource struct {
	Name      string    `toml:"name"`
	URL       string    `toml:"url"`
	Kind      string    `toml:"kind"`
	Interval  string    `toml:"interval"`
	Category  string    `toml:"category"`
	Section   string    `toml:"section"`
	MaxItems  int       `toml:"max_items"`
	FullText  bool      `toml:"full_text"`
	Selectors Selectors `toml:"selectors"`
}

type fileRule struct {
	Words    []string `toml:"words"`
	Category string   `toml:"category"`
	Urgent   bool     `toml:"urgent"`
	In       string   `toml:"in"`
}

// sourceName is what a source's name may be; it also keeps names short
// enough for Telegram's 64-byte callback data.
var sourceName = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,39}$`)

// LoadConfig reads and checks the sources file at path (see ParseConfig).
func LoadConfig(path string) (Config, error) {
	f, err := os.Open(path)
	if err != nil {
		return Config{}, fmt.Errorf("sources file: %w", err)
	}
	defer f.Close()
	return ParseConfig(f, path)
}

// ParseConfig reads a sources file (TOML) from r; name is used in errors.
// Unknown keys are errors, so a misspelt key never goes unnoticed. Every
// source needs a name and an http(s) URL; kind defaults to "feed", interval
// to 5m, max_items to 20. A file without [[rule]] tables gets DefaultRules.
func ParseConfig(r io.Reader, name string) (Config, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxConfigSize+1))
	if err != nil {
		return Config{}, fmt.Errorf("%s: %w", name, err)
	}
	if len(data) > MaxConfigSize {
		return Config{}, fmt.Errorf("%s: larger than %d bytes", name, MaxConfigSize)
	}
	var fc fileConfig
	md, err := toml.Decode(string(data), &fc)
	if err != nil {
		return Config{}, fmt.Errorf("%s: %w", name, err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		keys := make([]string, len(und))
		for i, k := range und {
			keys[i] = k.String()
		}
		return Config{}, fmt.Errorf("%s: unknown keys: %s", name, strings.Join(keys, ", "))
	}
	c, err := fc.check()
	if err != nil {
		return Config{}, fmt.Errorf("%s: %w", name, err)
	}
	return c, nil
}

func (fc fileConfig) check() (Config, error) {
	c := Config{MaxInFlight: fc.MaxInFlight, FailThreshold: fc.FailThreshold, AllowPrivate: fc.AllowPrivate}
	var errs []error
	if _, err := netguard.NewPolicy(fc.AllowPrivate); err != nil {
		errs = append(errs, fmt.Errorf("allow_private: %w", err))
	}
	durations := []struct {
		key string
		raw string
		def time.Duration
		dst *time.Duration
	}{
		{"timeout", fc.Timeout, DefaultTimeout, &c.Timeout},
		{"max_backoff", fc.MaxBackoff, DefaultMaxBackoff, &c.MaxBackoff},
		{"push_max_age", fc.PushMaxAge, DefaultPushMaxAge, &c.PushMaxAge},
	}
	for _, d := range durations {
		v, err := parseDuration(d.raw, d.def)
		if err != nil || v < 0 {
			errs = append(errs, fmt.Errorf("%s %q: want a duration such as 30s, 5m or 6h", d.key, d.raw))
		}
		*d.dst = v
	}
	if c.MaxInFlight <= 0 {
		c.MaxInFlight = DefaultMaxInFlight
	}
	if c.FailThreshold <= 0 {
		c.FailThreshold = DefaultFailThreshold
	}
	if len(fc.Sources) == 0 {
		errs = append(errs, errors.New("no [[source]] given"))
	}
	seen := map[string]bool{}
	for i, fs := range fc.Sources {
		s, err := fs.check()
		if err != nil {
			errs = append(errs, fmt.Errorf("source %d (%q): %w", i+1, fs.Name, err))
			continue
		}
		if seen[s.Name] {
			errs = append(errs, fmt.Errorf("source %d: name %q used twice", i+1, s.Name))
		}
		seen[s.Name] = true
		c.Sources = append(c.Sources, s)
	}
	if len(fc.Rules) == 0 {
		c.Rules = DefaultRules()
	}
	for i, fr := range fc.Rules {
		r, err := fr.check()
		if err != nil {
			errs = append(errs, fmt.Errorf("rule %d: %w", i+1, err))
			continue
		}
		c.Rules = append(c.Rules, r)
	}
	return c, errors.Join(errs...)
}

func (fs fileSource) check() (Source, error) {
	s := Source{Name: fs.Name, URL: strings.TrimSpace(fs.URL), Kind: Kind(strings.ToLower(fs.Kind)),
		Category: content.Category(fs.Category), Section: strings.TrimSpace(fs.Section),
		MaxItems: fs.MaxItems, FullText: fs.FullText, Selectors: fs.Selectors}
	var errs []error
	if !sourceName.MatchString(s.Name) {
		errs = append(errs, errors.New("name: want 1–40 lower-case letters, digits, '.', '_' or '-'"))
	}
	if u, err := url.Parse(s.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		errs = append(errs, fmt.Errorf("url %q: want an absolute http or https URL", Redact(fs.URL)))
	}
	switch s.Kind {
	case "":
		s.Kind = KindFeed
	case KindFeed, KindRSS, KindAtom, KindJSONFeed, KindHTML:
	default:
		errs = append(errs, fmt.Errorf("kind %q: want rss, atom, jsonfeed, feed or html", fs.Kind))
	}
	var err error
	if s.Interval, err = parseDuration(fs.Interval, DefaultInterval); err != nil || s.Interval <= 0 {
		errs = append(errs, fmt.Errorf("interval %q: want a positive duration such as 5m", fs.Interval))
	}
	if s.Category != "" && !s.Category.Valid() {
		errs = append(errs, fmt.Errorf("category %q: want one of %v", fs.Category, content.Categories()))
	}
	if s.MaxItems <= 0 {
		s.MaxItems = DefaultMaxItems
	}
	sel := s.Selectors
	for _, f := range []struct{ key, v string }{{"list", sel.List}, {"title", sel.Title}, {"published", sel.Published},
		{"body", sel.Body}, {"author", sel.Author}, {"image", sel.Image}, {"section", sel.Section},
		{"attachments", sel.Attachments}} {
		if err := checkSelector(f.v); err != nil {
			errs = append(errs, fmt.Errorf("selectors.%s %q: %w", f.key, f.v, err))
		}
	}
	return s, errors.Join(errs...)
}

func (fr fileRule) check() (Rule, error) {
	r := Rule{Category: content.Category(fr.Category), Urgent: fr.Urgent, In: RuleField(strings.ToLower(fr.In))}
	for _, w := range fr.Words {
		if w = strings.TrimSpace(w); w != "" {
			r.Words = append(r.Words, w)
		}
	}
	var errs []error
	if len(r.Words) == 0 {
		errs = append(errs, errors.New("words: give at least one word or phrase"))
	}
	if r.Category != "" && !r.Category.Valid() {
		errs = append(errs, fmt.Errorf("category %q: want one of %v", fr.Category, content.Categories()))
	}
	if r.Category == "" && !r.Urgent {
		errs = append(errs, errors.New("a rule needs a category, urgent = true, or both"))
	}
	switch r.In {
	case "":
		r.In = InAny
	case InTitle, InSection, InAny:
	default:
		errs = append(errs, fmt.Errorf("in %q: want title, section or any", fr.In))
	}
	return r, errors.Join(errs...)
}

// parseDuration parses s, or returns def when s is empty.
func parseDuration(s string, def time.Duration) (time.Duration, error) {
	if strings.TrimSpace(s) == "" {
		return def, nil
	}
	return time.ParseDuration(strings.TrimSpace(s))
}

// NewSource checks one source given outside the file (by an admin in the
// bot) with the same rules as the file's [[source]] tables: name, http(s)
// URL, kind (default "feed"), category (empty or a known slug). Its
// interval is DefaultInterval; an HTML source has no selectors, so the
// fallbacks read it. The error says what is wrong, in the file's words.
func NewSource(name, rawURL, kind, category string) (Source, error) {
	return fileSource{Name: name, URL: rawURL, Kind: kind, Category: category}.check()
}

// DefaultConfig is the configuration without a sources file: no sources,
// DefaultRules and the default limits.
func DefaultConfig() Config {
	c, _ := fileConfig{}.check() // the only error is "no [[source]] given"
	return c
}
