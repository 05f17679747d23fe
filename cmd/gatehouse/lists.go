package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/gatehouse/gatehouse/internal/config"
	"github.com/gatehouse/gatehouse/internal/screening/registry"
)

const listsUsage = `usage: gatehouse lists import PATH... [--dir DIR] [--name NAME]

Validates each list file or list directory (an OFAC file set, a directory of
list files) with the loaders and copies it into DIR/NAME, replacing the
version there; a running server picks it up at its next list check. NAME
defaults to the file's or directory's name; give --name (with one PATH) to
keep a list's name when a download's name changes: monitoring compares
versions of one name. DIR defaults to $GATEHOUSE_LISTS_DIR or data/lists.`

// listsCmd is `gatehouse lists import`.
func listsCmd(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "import" {
		return errors.New(listsUsage)
	}
	fs := flag.NewFlagSet("lists import", flag.ContinueOnError)
	fs.SetOutput(stdout)
	cfg, err := config.FromEnv(getenv, config.ScopeLists)
	if err != nil {
		return err
	}
	dir := cfg.ListsDir
	fs.StringVar(&dir, "dir", dir, "lists directory the server watches (env GATEHOUSE_LISTS_DIR)")
	name := fs.String("name", "", "name of the list in the directory (one PATH only)")
	var paths []string
	rest := args[1:]
	for {
		if err := fs.Parse(rest); err != nil {
			return err
		}
		if fs.NArg() == 0 {
			break
		}
		paths, rest = append(paths, fs.Arg(0)), fs.Args()[1:]
	}
	if len(paths) == 0 || *name != "" && len(paths) > 1 {
		return errors.New(listsUsage)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var errs []error
	for _, p := range paths {
		n := *name
		if n == "" {
			n = strings.TrimSuffix(filepath.Base(p), filepath.Ext(p))
			if st, err := os.Stat(p); err == nil && st.IsDir() {
				n = filepath.Base(filepath.Clean(p))
			}
		}
		if err := importList(ctx, p, dir, n, stdout); err != nil {
			errs = append(errs, fmt.Errorf("%s: not imported: %w", p, err))
		}
	}
	return errors.Join(errs...)
}

// importList validates one list path and swaps it into dir/name.
func importList(ctx context.Context, src, dir, name string, stdout io.Writer) error {
	if name == "" || strings.HasPrefix(name, ".") || strings.ContainsAny(name, `/\`) {
		return fmt.Errorf("invalid list name %q", name)
	}
	if _, err := registry.Load(ctx, src); err != nil {
		return err
	}
	stage, err := os.MkdirTemp(dir, ".import-"+name+"-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(stage)
	if err := os.Chmod(stage, 0o755); err != nil {
		return err
	}
	if err := copyTree(src, stage); err != nil {
		return err
	}
	// The staged copy is what the server will read: load it once more.
	reg, err := registry.Load(ctx, stage)
	if err != nil {
		return fmt.Errorf("the copy does not load: %w", err)
	}
	dst := filepath.Join(dir, name)
	var old string
	if _, err := os.Stat(dst); err == nil {
		old = filepath.Join(dir, ".replaced-"+name+"-"+randomSuffix())
		if err := os.Rename(dst, old); err != nil {
			return err
		}
	}
	if err := os.Rename(stage, dst); err != nil {
		if old != "" {
			_ = os.Rename(old, dst)
		}
		return err
	}
	if old != "" {
		_ = os.RemoveAll(old)
	}
	base := filepath.Base(stage)
	for _, l := range reg.Lists() {
		listName := l.Name // a list in a subdirectory keeps that directory's name
		if rest, ok := strings.CutPrefix(l.Name, base); ok {
			listName = name + rest
		}
		fmt.Fprintf(stdout, "imported %s: version %s, %d entities → %s\n", listName, l.Version, len(l.Entities), dst)
	}
	return nil
}

// copyTree copies a list file, or a directory's regular files (hidden ones
// left out), into dst.
func copyTree(src, dst string) error {
	st, err := os.Stat(src)
	if err != nil {
		return err
	}
	if !st.IsDir() {
		return copyFile(src, filepath.Join(dst, filepath.Base(src)))
	}
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if rel == "." {
			return nil
		}
		if strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		return copyFile(p, filepath.Join(dst, rel))
	})
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func randomSuffix() string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
