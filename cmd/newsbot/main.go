package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop() // a second signal ends the process at once
		fmt.Fprintln(os.Stderr, "newsbot: stopping (sends in flight may take a few seconds); signal again to exit at once")
	}()
	app := &App{Env: os.Getenv, Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Keyring: systemKeyring{}}
	os.Exit(app.Main(ctx, os.Args[1:]))
}
