// Package builtin assembles the check providers built into Gatehouse: the
// demo sandbox, the screening engine, machine-readable-zone document
// verification and manual review. The server adds the partner-protocol
// provider for its integrations; tests that validate policies use this
// registry so they know every provider the server does.
package builtin

import (
	"github.com/gatehouse/gatehouse/internal/checks"
	"github.com/gatehouse/gatehouse/internal/checks/demo"
	"github.com/gatehouse/gatehouse/internal/checks/documents"
	"github.com/gatehouse/gatehouse/internal/checks/listscreen"
	"github.com/gatehouse/gatehouse/internal/screening"
)

// Providers returns the built-in providers, with more added after them;
// lists is the screening index in service (nil when only validating).
func Providers(lists *screening.Holder, more ...checks.Provider) []checks.Provider {
	return append([]checks.Provider{demo.New(), listscreen.New(lists), documents.New(), checks.Manual{}}, more...)
}

// Registry returns a registry of the built-in providers and more.
func Registry(lists *screening.Holder, more ...checks.Provider) *checks.Registry {
	return checks.NewRegistry(Providers(lists, more...)...)
}
