// Package cli implements the "gatehouse screen" command: screen one name,
// screen a batch of names (NDJSON in, NDJSON out), or evaluate the engine
// on labelled queries.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/gatehouse/gatehouse/internal/screening"
	"github.com/gatehouse/gatehouse/internal/screening/registry"
)

// DefaultListsDir is where lists are looked for when --lists is not given:
// the bundled data next to the repository checkout.
const DefaultListsDir = "../shared/data/sanctions"

// superseded are bundled list directories left out of the default set
// because a newer version of the same list is bundled too.
var superseded = map[string]bool{"ofac-sdn-2021-07": true}

const usage = `usage:
  screen NAME [--type person|company] [--dob DATE] [--country CODE] [--limit N] [--threshold T] [--all] [--lists PATH]...
  screen --batch FILE|- [same flags]     NDJSON in ({"name","type","dob","country"} per line), NDJSON out
  screen eval --data FILE [--lists PATH]... [--label-list NAME[,NAME]] [--threshold T] [--part K/N] [--json]
--lists may be repeated or comma-separated; each PATH is a list file, a list
directory or a directory of list directories. Default: every list under
` + DefaultListsDir + ` except superseded versions.`

// Main runs the screen command. args are the command-line arguments after
// the program name; a leading "screen" is accepted and skipped. Output goes
// to stdout, diagnostics (list load warnings) to stderr.
func Main(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "screen" {
		args = args[1:]
	}
	if len(args) > 0 && args[0] == "eval" {
		return runEval(ctx, args[1:], stdout, stderr)
	}
	return runScreen(ctx, args, stdin, stdout, stderr)
}

// listFlag collects --lists values, repeated or comma-separated.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(v string) error {
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			*l = append(*l, p)
		}
	}
	return nil
}

// parse parses flags that may come before or after positional arguments.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// listPaths returns the paths to load: those given, or the default set.
func listPaths(given []string) ([]string, error) {
	if len(given) > 0 {
		return given, nil
	}
	ents, err := os.ReadDir(DefaultListsDir)
	if err != nil {
		return nil, fmt.Errorf("no --lists given and the default %s cannot be read: %w", DefaultListsDir, err)
	}
	var out []string
	for _, e := range ents {
		if e.IsDir() && !superseded[e.Name()] && !strings.HasPrefix(e.Name(), ".") {
			out = append(out, filepath.Join(DefaultListsDir, e.Name()))
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no list directories under %s", DefaultListsDir)
	}
	return out, nil
}

// loadIndex loads the lists and builds the index. Any list failing to load
// is an error: at start there is no earlier version to fall back on.
func loadIndex(ctx context.Context, given []string) (*screening.Index, error) {
	paths, err := listPaths(given)
	if err != nil {
		return nil, err
	}
	reg, err := registry.Load(ctx, paths...)
	if err != nil {
		return nil, err
	}
	return reg.Index(), nil
}

var errUsage = errors.New(usage)
