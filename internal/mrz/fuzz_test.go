package mrz

import (
	"strings"
	"testing"
)

// FuzzParse feeds arbitrary lines to Parse. It must never panic, and its two
// kinds of answer must stay consistent: no document means a structural
// error; a document comes with exactly the error its problems describe, and
// a zone with no problems has every check digit valid.
func FuzzParse(f *testing.F) {
	for _, z := range [][]string{td3Specimen, td1Specimen, td2Specimen, mrvaSpecimen, mrvbSpecimen, td1Long, td2Long, german} {
		l3 := ""
		if len(z) == 3 {
			l3 = z[2]
		}
		f.Add(z[0], z[1], l3)
	}
	f.Add("I<UTOD23145890<<<<<<<<<<<<<<<<", "3407127M9507122UTO<<<<<<<<<<<2", "<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<")
	f.Add(strings.Repeat("<", 36), strings.Repeat("<", 36), "")
	f.Add("V", "", "\n")
	f.Fuzz(func(t *testing.T, l1, l2, l3 string) {
		d, err := Parse(specimen, l1, l2, l3)
		if d == nil {
			if err == nil {
				t.Fatal("got no document and no error")
			}
			return
		}
		if (err == nil) != d.Valid() {
			t.Fatalf("got error %v with %d problems", err, len(d.Problems))
		}
		if err != nil && err.Error() != d.Err().Error() {
			t.Fatalf("got error %q, want Document.Err %q", err, d.Err())
		}
		for _, c := range d.Checks {
			if !c.Valid && err == nil {
				t.Fatalf("got check %+v invalid but no error", c)
			}
		}
		if d.Valid() && d.DocumentNumber == "" {
			t.Fatal("got a valid zone without a document number")
		}
	})
}
