package registry

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/gatehouse/gatehouse/internal/screening/sources/ofac"
)

// Source is one list found on disk: its name, where it is and its format.
type Source struct {
	Name   string `json:"name"`
	Path   string `json:"path"`
	Format string `json:"format"`
}

type errUnknownFormat string

func (e errUnknownFormat) Error() string { return "registry: unknown list format " + string(e) }

// Discover finds the lists under the given paths. A path may be a list
// file, a directory holding an OFAC file set or list files, or a root
// whose subdirectories hold lists. A directory with a single list gives
// the list its name ("un"); a directory with several names each
// "dir/file" ("us-bis-dpl/dpl-bench"); a file given directly is named by
// its file name without extension. Files that are not lists are skipped.
func Discover(paths ...string) ([]Source, error) {
	var out []Source
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			f, ok, err := sniff(p)
			if err != nil {
				return nil, err
			}
			if !ok {
				return nil, fmt.Errorf("registry: %s is not a list file this build can read", p)
			}
			out = append(out, Source{Name: stem(p), Path: p, Format: f})
			continue
		}
		found, err := walk(p)
		if err != nil {
			return nil, err
		}
		if len(found) == 0 {
			return nil, fmt.Errorf("registry: no list files under %s", p)
		}
		out = append(out, found...)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	for i := 1; i < len(out); i++ {
		if out[i].Name == out[i-1].Name {
			return nil, fmt.Errorf("registry: two lists named %q (%s and %s)", out[i].Name, out[i-1].Path, out[i].Path)
		}
	}
	return out, nil
}

// walk collects the lists in dir and its subdirectories.
func walk(dir string) ([]Source, error) {
	if ofac.Detect(dir) {
		return []Source{{Name: filepath.Base(dir), Path: dir, Format: "ofac"}}, nil
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var here, below []Source
	for _, e := range ents {
		p := filepath.Join(dir, e.Name())
		if strings.HasPrefix(e.Name(), ".") {
			continue
		}
		if e.IsDir() {
			sub, err := walk(p)
			if err != nil {
				return nil, err
			}
			below = append(below, sub...)
			continue
		}
		f, ok, err := sniff(p)
		if err != nil {
			return nil, err
		}
		if ok {
			here = append(here, Source{Name: filepath.Base(dir) + "/" + stem(p), Path: p, Format: f})
		}
	}
	if len(here) == 1 {
		here[0].Name = filepath.Base(dir)
	}
	return append(here, below...), nil
}

// sniff reads the first bytes of a file and detects its format.
func sniff(path string) (string, bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", false, err
	}
	defer f.Close()
	head := make([]byte, 4096)
	n, err := io.ReadFull(f, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return "", false, err
	}
	fm, ok := detectFile(path, head[:n])
	return fm.name, ok, nil
}

func stem(p string) string {
	b := filepath.Base(p)
	return strings.TrimSuffix(b, filepath.Ext(b))
}
