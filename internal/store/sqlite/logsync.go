package sqlite

import "os"

// logFile makes the database's write-ahead log durable for the writer's
// syncer: the connection commits with synchronous=NORMAL (frames written,
// not synced) and the syncer syncs the log file through a descriptor of its
// own, which on Linux flushes every write to that file, whoever made it.
// SQLite itself syncs the log before each checkpoint copies it into the
// database file, and frames are only overwritten after a checkpoint has
// copied them, so a sync here never misses a committed frame.
type logFile struct {
	path string
	f    *os.File
}

// sync flushes the log to disk. The log is looked up by name each time and
// reopened if it is a different file from the one held (SQLite deletes it
// when the last connection closes).
func (l *logFile) sync() error {
	fi, err := os.Stat(l.path)
	if err != nil {
		return err
	}
	if l.f != nil {
		if cur, err := l.f.Stat(); err != nil || !os.SameFile(cur, fi) {
			l.f.Close()
			l.f = nil
		}
	}
	if l.f == nil {
		if l.f, err = os.Open(l.path); err != nil {
			return err
		}
	}
	return datasync(l.f)
}

func (l *logFile) close() error {
	if l.f == nil {
		return nil
	}
	return l.f.Close()
}
