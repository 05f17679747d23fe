package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
	"testing"

	"github.com/gatehouse/gatehouse/internal/store/storetest"
)

func signalContext() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}

// forEachDB runs f with a fresh database address of each kind.
func forEachDB(t *testing.T, f func(t *testing.T, db string)) {
	storetest.Each(t, func(t *testing.T, o storetest.Opener) { f(t, o.URL(t)) })
}

// postgresOnly returns a fresh PostgreSQL address (skipping without one).
func postgresOnly(t *testing.T) string { return storetest.PostgresURL(t) }
