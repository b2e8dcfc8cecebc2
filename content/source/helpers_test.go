package source

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"testing"
	"time"

	"newsbot/content"
	"newsbot/content/contenttest"
	"newsbot/content/source/netguard"
)

// fixture reads a file of testdata.
func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// testAllow is the allowlist of tests: their portals are httptest servers
// on 127.0.0.1, which the production default refuses.
var testAllow = []string{"127.0.0.1"}

// loopback returns the policy of testAllow.
func loopback(t testing.TB) netguard.Policy {
	t.Helper()
	p, err := netguard.NewPolicy(testAllow)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// page is what the test site serves at one path.
type page struct {
	body        []byte
	contentType string
	etag        string
	lastMod     string
	// status, when set, is answered instead of the body (with location for
	// redirects).
	status   int
	location string
}

// site is a portal on a loopback port whose pages tests change while it
// runs. It records every request.
type site struct {
	srv *httptest.Server

	mu    sync.Mutex
	pages map[string]page
	reqs  []*http.Request
}

func newSite(t testing.TB) *site {
	return newSiteOn(t, "127.0.0.1")
}

// newSiteOn returns a site listening on ip, a loopback address such as
// 127.0.0.2 (Linux answers on all of 127.0.0.0/8), so that a test can have
// a portal and an internal server the policy tells apart.
func newSiteOn(t testing.TB, ip string) *site {
	t.Helper()
	l, err := net.Listen("tcp", net.JoinHostPort(ip, "0"))
	if err != nil {
		t.Skipf("cannot listen on %s (this system does not route all of 127.0.0.0/8 to loopback): %v", ip, err)
	}
	s := &site{pages: map[string]page{}}
	s.srv = httptest.NewUnstartedServer(http.HandlerFunc(s.serve))
	s.srv.Listener.Close()
	s.srv.Listener = l
	s.srv.Start()
	t.Cleanup(s.srv.Close)
	return s
}

// count returns how many requests the site received.
func (s *site) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.reqs)
}

func (s *site) url(path string) string { return s.srv.URL + path }

// set serves body at path with contentType.
func (s *site) set(path string, p page) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pages[path] = p
}

// requests returns the requests made for path so far.
func (s *site) requests(path string) []*http.Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*http.Request
	for _, r := range s.reqs {
		if r.URL.Path == path {
			out = append(out, r)
		}
	}
	return out
}

func (s *site) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.reqs = append(s.reqs, r.Clone(context.Background()))
	p, ok := s.pages[r.URL.Path]
	s.mu.Unlock()
	switch {
	case !ok:
		http.NotFound(w, r)
		return
	case p.status != 0:
		if p.location != "" {
			w.Header().Set("Location", p.location)
		}
		w.WriteHeader(p.status)
		return
	}
	if p.etag != "" {
		w.Header().Set("ETag", p.etag)
		if r.Header.Get("If-None-Match") == p.etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	if p.lastMod != "" {
		w.Header().Set("Last-Modified", p.lastMod)
		if r.Header.Get("If-Modified-Since") == p.lastMod {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	if p.contentType != "" {
		w.Header().Set("Content-Type", p.contentType)
	}
	_, _ = w.Write(p.body)
}

// memSink is a Sink in memory that records what was pushed.
type memSink struct {
	mu       sync.Mutex
	articles map[string]content.Article
	byURL    map[string]string
	pushed   []string // article IDs, in order
	urgent   map[string]bool
	updated  []string
	fail     error
}

func newMemSink() *memSink {
	return &memSink{articles: map[string]content.Article{}, byURL: map[string]string{}, urgent: map[string]bool{}}
}

func (m *memSink) Known(_ context.Context, id string) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	_, ok := m.articles[id]
	return ok, nil
}

func (m *memSink) Publish(_ context.Context, a content.Article, o PublishOptions) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fail != nil {
		return false, m.fail
	}
	if _, ok := m.articles[a.ID]; ok {
		return false, nil
	}
	if _, ok := m.byURL[a.SourceURL]; ok && a.SourceURL != "" {
		return false, nil
	}
	m.articles[a.ID] = a
	if a.SourceURL != "" {
		m.byURL[a.SourceURL] = a.ID
	}
	if o.Push {
		m.pushed = append(m.pushed, a.ID)
		m.urgent[a.ID] = o.Urgent
	}
	return true, nil
}

func (m *memSink) Update(_ context.Context, a content.Article) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	old, ok := m.articles[a.ID]
	if !ok {
		return false, ErrNotStored
	}
	if a.Published.IsZero() {
		a.Published = old.Published
	}
	if reflect.DeepEqual(old, a) {
		return false, nil
	}
	m.articles[a.ID] = a
	m.updated = append(m.updated, a.ID)
	return true, nil
}

// titles returns the titles of the articles with the given IDs.
func (m *memSink) titles(ids []string) []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = m.articles[id].Title
	}
	return out
}

func (m *memSink) pushedTitles() []string {
	m.mu.Lock()
	ids := append([]string(nil), m.pushed...)
	m.mu.Unlock()
	return m.titles(ids)
}

func (m *memSink) count() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.articles)
}

func (m *memSink) byTitle(title string) (content.Article, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, a := range m.articles {
		if a.Title == title {
			return a, true
		}
	}
	return content.Article{}, false
}

// memState is a StateStore in memory.
type memState struct {
	mu sync.Mutex
	m  map[string]State
}

func newMemState() *memState { return &memState{m: map[string]State{}} }

func (s *memState) SourceState(_ context.Context, name string) (State, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.m[name], nil
}

func (s *memState) PutSourceState(_ context.Context, st State) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if st.Name == "" {
		return errors.New("no name")
	}
	st.Paused = s.m[st.Name].Paused
	s.m[st.Name] = st
	return nil
}

func (s *memState) get(name string) State {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.m[name]
}

func (s *memState) pause(name string, paused bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.m[name]
	st.Name, st.Paused = name, paused
	s.m[name] = st
}

// logBuffer collects log lines for assertions.
type logBuffer struct {
	mu sync.Mutex
	b  []byte
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.b = append(l.b, p...)
	return len(p), nil
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return string(l.b)
}

// rig is a poller wired to memory sink and state, with a fixed clock.
type rig struct {
	p     *Poller
	sink  *memSink
	state *memState
	clock *contenttest.Clock
	logs  *logBuffer
	// failing and recovered record the hooks' calls.
	mu        sync.Mutex
	failing   []string
	recovered []string
}

// testNow is a time when the fixtures' items are recent (a few days old
// at most for the 2021 ones, so PushMaxAge is set wide by newRig).
var testNow = time.Date(2021, 3, 15, 12, 0, 0, 0, content.VietnamZone())

func newRig(t testing.TB, cfg Config) *rig {
	t.Helper()
	r := &rig{sink: newMemSink(), state: newMemState(), clock: contenttest.NewClock(testNow), logs: &logBuffer{}}
	if cfg.Rules == nil {
		cfg.Rules = DefaultRules()
	}
	if cfg.AllowPrivate == nil {
		cfg.AllowPrivate = testAllow
	}
	for i := range cfg.Sources {
		s := &cfg.Sources[i]
		if s.Interval == 0 {
			s.Interval = time.Minute
		}
		if s.MaxItems == 0 {
			s.MaxItems = DefaultMaxItems
		}
	}
	r.p = New(cfg, Options{
		Sink: r.sink, State: r.state, Now: r.clock.Now, Rand: func() float64 { return 0.5 },
		Log: slog.New(slog.NewTextHandler(r.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		OnSourceFailing: func(_ context.Context, name string, err error) {
			r.mu.Lock()
			defer r.mu.Unlock()
			r.failing = append(r.failing, fmt.Sprintf("%s: %v", name, err))
		},
		OnSourceRecovered: func(_ context.Context, name string) {
			r.mu.Lock()
			defer r.mu.Unlock()
			r.recovered = append(r.recovered, name)
		},
	})
	return r
}

func (r *rig) poll(t testing.TB, name string) Result {
	t.Helper()
	res, err := r.p.PollOnce(context.Background(), name)
	if err != nil {
		t.Fatalf("poll %s: %v\nlogs:\n%s", name, err, r.logs.String())
	}
	return res
}

func (r *rig) hooks() (failing, recovered []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.failing...), append([]string(nil), r.recovered...)
}
