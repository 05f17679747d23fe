//go:build !linux

package sqlite

import "os"

// datasync flushes f's data and the metadata needed to read it back.
func datasync(f *os.File) error { return f.Sync() }
