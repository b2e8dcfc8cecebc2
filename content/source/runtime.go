package source

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"

	"newsbot/content"
)

// runtime is the mutable part of a Poller: the sources added at run time
// and one loop per source while Run runs.
type runtime struct {
	mu      sync.Mutex
	added   []Source
	ctx     context.Context // Run's; nil when not running
	loops   map[string]*sourceLoop
	wg      sync.WaitGroup
	running bool
}

// sourceLoop is one source's polling loop: cancel stops it, done is closed
// when it has returned.
type sourceLoop struct {
	cancel context.CancelFunc
	done   chan struct{}
}

// Add adds src (checked with NewSource or ParseConfig) to the polled
// sources. While Run runs, its loop starts at once; otherwise Run starts
// it. A name already configured or added is an error wrapping
// content.ErrSourceExists. Safe for concurrent use.
func (p *Poller) Add(src Source) error {
	p.rt.mu.Lock()
	defer p.rt.mu.Unlock()
	if _, ok := p.cfg.Source(src.Name); ok || p.addedIndex(src.Name) >= 0 {
		return fmt.Errorf("add source %q: %w", src.Name, content.ErrSourceExists)
	}
	p.rt.added = append(p.rt.added, src)
	if p.rt.running {
		p.startLoop(src)
	}
	return nil
}

// Remove stops polling the named source, added with Add, and returns once
// its loop has returned (a poll under way is cancelled) or ctx is done. A
// source of the sources file is an error wrapping content.ErrSourceInFile;
// a name never added, content.ErrUnknownSource. Remove writes nothing: what
// the source stored stays. Safe for concurrent use.
func (p *Poller) Remove(ctx context.Context, name string) error {
	p.rt.mu.Lock()
	if _, ok := p.cfg.Source(name); ok {
		p.rt.mu.Unlock()
		return fmt.Errorf("remove source %q: %w", name, content.ErrSourceInFile)
	}
	i := p.addedIndex(name)
	if i < 0 {
		p.rt.mu.Unlock()
		return fmt.Errorf("remove source %q: %w", name, content.ErrUnknownSource)
	}
	p.rt.added = slices.Delete(p.rt.added, i, i+1)
	l := p.rt.loops[name]
	delete(p.rt.loops, name)
	p.rt.mu.Unlock()
	if l == nil {
		return nil
	}
	l.cancel()
	select {
	case <-l.done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("remove source %q: waiting for its poll to stop: %w", name, ctx.Err())
	}
}

// Sources returns the file's sources followed by the added ones.
func (p *Poller) Sources() []Source {
	p.rt.mu.Lock()
	defer p.rt.mu.Unlock()
	return append(slices.Clone(p.cfg.Sources), p.rt.added...)
}

// Added reports whether name was added with Add (and not removed).
func (p *Poller) Added(name string) bool {
	p.rt.mu.Lock()
	defer p.rt.mu.Unlock()
	return p.addedIndex(name) >= 0
}

// source returns the configured or added source named name.
func (p *Poller) source(name string) (Source, bool) {
	if s, ok := p.cfg.Source(name); ok {
		return s, true
	}
	p.rt.mu.Lock()
	defer p.rt.mu.Unlock()
	if i := p.addedIndex(name); i >= 0 {
		return p.rt.added[i], true
	}
	return Source{}, false
}

// addedIndex is name's index in rt.added, or -1; rt.mu must be held.
func (p *Poller) addedIndex(name string) int {
	return slices.IndexFunc(p.rt.added, func(s Source) bool { return s.Name == name })
}

// start starts a loop per source for Run.
func (p *Poller) start(ctx context.Context) error {
	p.rt.mu.Lock()
	defer p.rt.mu.Unlock()
	if p.rt.running {
		return errors.New("poller: Run called twice")
	}
	p.rt.running, p.rt.ctx, p.rt.loops = true, ctx, map[string]*sourceLoop{}
	for _, src := range p.cfg.Sources {
		p.startLoop(src)
	}
	for _, src := range p.rt.added {
		p.startLoop(src)
	}
	return nil
}

// stop waits for every loop to return once Run's context is done; loops
// are cancelled by it.
func (p *Poller) stop() {
	p.rt.mu.Lock()
	p.rt.running, p.rt.ctx, p.rt.loops = false, nil, nil
	p.rt.mu.Unlock()
	p.rt.wg.Wait()
}

// startLoop starts src's loop under Run's context; rt.mu must be held.
func (p *Poller) startLoop(src Source) {
	ctx, cancel := context.WithCancel(p.rt.ctx)
	l := &sourceLoop{cancel: cancel, done: make(chan struct{})}
	p.rt.loops[src.Name] = l
	p.rt.wg.Go(func() {
		defer close(l.done)
		defer cancel()
		p.loop(ctx, src)
	})
}
