package bot

import (
	"context"
	"sync"
	"time"
)

// Bounds of the test reads /sources add starts in the background.
const (
	// maxSourceChecks is how many test reads may run at once; another
	// /sources add is asked to wait.
	maxSourceChecks = 2
	// sourceCheckTimeout bounds one test read with the saving that follows
	// (the backend bounds the fetch itself more tightly).
	sourceCheckTimeout = 30 * time.Second
	// sourceCheckReplyTimeout bounds sending a check's result once the bot
	// is stopping.
	sourceCheckReplyTimeout = 5 * time.Second
)

// sourceChecks tracks the test reads of /sources add, which run outside
// the update that asked for them so that no chat waits for a slow portal.
// At most maxSourceChecks run at once; stop cancels those under way and
// waits for them. The zero value is ready to use.
type sourceChecks struct {
	mu      sync.Mutex
	wg      sync.WaitGroup
	running int
	// ctx is cancelled by stop; set by the first start after a stop.
	ctx    context.Context
	cancel context.CancelFunc
}

// start runs f in a goroutine with a context cancelled by stop or after
// sourceCheckTimeout, unless maxSourceChecks already run; it reports
// whether f was started.
func (c *sourceChecks) start(f func(ctx context.Context)) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.running >= maxSourceChecks {
		return false
	}
	if c.ctx == nil {
		c.ctx, c.cancel = context.WithCancel(context.Background())
	}
	c.running++
	c.wg.Go(func() {
		defer func() {
			c.mu.Lock()
			c.running--
			c.mu.Unlock()
		}()
		ctx, cancel := context.WithTimeout(c.ctx, sourceCheckTimeout)
		defer cancel()
		f(ctx)
	})
	return true
}

// stop cancels the checks under way and waits for them to return. Checks
// started later get a new context; stop may be called more than once.
func (c *sourceChecks) stop() {
	c.mu.Lock()
	if c.cancel != nil {
		c.cancel()
	}
	c.ctx, c.cancel = nil, nil
	c.mu.Unlock()
	c.wg.Wait()
}

// StopSourceChecks cancels the test reads of /sources add still under way
// and waits for them; each tells its admin that nothing was saved when the
// read was cut short. Poll and ServeWebhook call it when they return; a
// caller that hands updates to HandleUpdate or HandleBatch itself calls it
// when it is done.
func (b *Bot) StopSourceChecks() { b.checks.stop() }
