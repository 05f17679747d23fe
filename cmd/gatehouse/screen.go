package main

import (
	"context"
	"io"
	"os"
	"strings"

	"github.com/gatehouse/gatehouse/internal/config"
	"github.com/gatehouse/gatehouse/internal/screening/cli"
)

// screenCmd is `gatehouse screen`: ad-hoc and batch screening, and the
// engine's evaluation (internal/screening/cli). Without --lists it screens
// against the server's lists ($GATEHOUSE_LISTS and the lists directory)
// when there are any, else against the bundled data next to the checkout.
func screenCmd(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if !hasListsFlag(args) {
		cfg, err := config.FromEnv(getenv, config.ScopeLists)
		if err != nil {
			return err
		}
		paths, dir := cfg.ListPaths(), cfg.ListsDir
		if ents, err := os.ReadDir(dir); err == nil && hasVisible(ents) {
			paths = append(paths, dir)
		}
		for _, p := range paths {
			args = append(args, "--lists", p)
		}
	}
	return cli.Main(ctx, args, os.Stdin, stdout, os.Stderr)
}

func hasListsFlag(args []string) bool {
	for _, a := range args {
		if a == "--" {
			return false
		}
		if strings.HasPrefix(strings.TrimLeft(a, "-"), "lists") && strings.HasPrefix(a, "-") {
			return true
		}
	}
	return false
}

func hasVisible(ents []os.DirEntry) bool {
	for _, e := range ents {
		if !strings.HasPrefix(e.Name(), ".") {
			return true
		}
	}
	return false
}
