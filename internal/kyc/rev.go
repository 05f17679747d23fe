package kyc

// Rev tracks whether a record of an aggregate has been stored and whether it
// changed since, so that a store saves exactly what a command touched.
type Rev struct {
	stored bool
	dirty  bool
}

// Stored reports whether the record exists in the store.
func (r *Rev) Stored() bool { return r.stored }

// Dirty reports whether the record changed since it was loaded or saved.
func (r *Rev) Dirty() bool { return r.dirty }

// Touch marks the record changed.
func (r *Rev) Touch() { r.dirty = true }

// MarkStored records that the store holds the current state of the record.
// Stores call it after loading or saving.
func (r *Rev) MarkStored() { r.stored, r.dirty = true, false }
