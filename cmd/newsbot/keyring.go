package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/zalando/go-keyring"
)

// Keyring is the OS secret store (Secret Service on Linux, Keychain on macOS).
type Keyring interface {
	Get(service, user string) (string, error)
	Set(service, user, secret string) error
	Delete(service, user string) error
}

// The keyring entry that holds the token.
const (
	keyringService = "newsbot"
	keyringUser    = "telegram-bot-token"
	keyringTimeout = 3 * time.Second
)

// errNoKeyringEntry means the keyring works but holds no token.
var errNoKeyringEntry = errors.New("no token in the keyring")

// systemKeyring is the real OS keyring, through go-keyring.
type systemKeyring struct{}

func (systemKeyring) Get(service, user string) (string, error) {
	s, err := keyring.Get(service, user)
	if errors.Is(err, keyring.ErrNotFound) {
		return "", errNoKeyringEntry
	}
	return s, err
}

func (systemKeyring) Set(service, user, secret string) error {
	return keyring.Set(service, user, secret)
}

func (systemKeyring) Delete(service, user string) error {
	err := keyring.Delete(service, user)
	if errors.Is(err, keyring.ErrNotFound) {
		return errNoKeyringEntry
	}
	return err
}

// withTimeout runs a keyring call that may hang (a headless server has no
// Secret Service, and D-Bus can block), giving up after keyringTimeout. A
// call that hangs is abandoned; the command ends soon after anyway.
func withTimeout[T any](ctx context.Context, f func() (T, error)) (T, error) {
	type result struct {
		v   T
		err error
	}
	ch := make(chan result, 1)
	go func() {
		v, err := f()
		ch <- result{v, err}
	}()
	t := time.NewTimer(keyringTimeout)
	defer t.Stop()
	select {
	case r := <-ch:
		return r.v, r.err
	case <-t.C:
		var zero T
		return zero, fmt.Errorf("the OS keyring did not answer within %s (a server without a desktop session usually has none)", keyringTimeout)
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
}
