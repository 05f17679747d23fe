// Package mrz reads the machine-readable zone of travel documents as ICAO
// Doc 9303 defines it: TD1 cards (3 lines of 30), TD2 cards (2 of 36), TD3
// passports (2 of 44), and the visas that share the TD2 and TD3 sizes
// (MRV-B, MRV-A).
//
// The zone is what a document-verification provider or an applicant's phone
// reads off the document, and it is checkable: each key field carries a
// check digit, and a composite digit covers them together. Parse returns
// every field and every check digit with its verdict, so the caller can
// show an analyst what was read as well as what failed; a zone that cannot
// be cut into fields at all is refused outright.
//
// The package is pure (no I/O, no clock unless the caller leaves
// Options.Now unset) so that a verification provider, the API decoder and
// the demo provider can all call it, and it imports only kyc (the error
// type) and passfort (the ISO country table), never store or api.
package mrz
