package screening

import (
	"encoding/json"
	"testing"
)

func TestParseDates(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want []string
	}{
		{"1948", []string{"1948"}},
		{"10 Dec 1948", []string{"1948-12-10"}},
		{"Dec 1948", []string{"1948-12"}},
		{"circa 1970", []string{"1970"}},
		{"1960 to 1962", []string{"1960", "1961", "1962"}},
		{"1978-04-28", []string{"1978-04-28"}},
		{"1978-04", []string{"1978-04"}},
		{"2024-03-21T08:44:01", []string{"2024-03-21"}},
		{"04/28/1978", []string{"1978-04-28"}},
		{"1960; 1961", []string{"1960", "1961"}},
		{"not a date", nil},
		{"31 Foo 1999", nil},
		{"99", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, d := range ParseDates(tt.in) {
			got = append(got, d.String())
		}
		if len(got) != len(tt.want) {
			t.Errorf("ParseDates(%q) = %v, want %v", tt.in, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("ParseDates(%q) = %v, want %v", tt.in, got, tt.want)
			}
		}
	}
}

func TestDateJSON(t *testing.T) {
	t.Parallel()
	d := Date{Year: 1971, Month: 3}
	b, err := json.Marshal(d)
	if err != nil || string(b) != `"1971-03"` {
		t.Fatalf("Marshal = %s, %v; want \"1971-03\"", b, err)
	}
	var back Date
	if err := json.Unmarshal(b, &back); err != nil || back != d {
		t.Fatalf("Unmarshal = %v, %v; want %v", back, err, d)
	}
}

func TestDOBAgreement(t *testing.T) {
	t.Parallel()
	tests := []struct {
		q, l Date
		want float64
		how  string
	}{
		{Date{1970, 5, 17}, Date{1970, 5, 17}, adjDOBExact, "same date"},
		{Date{1970, 0, 0}, Date{1970, 5, 17}, adjDOBYear, "same year"},
		{Date{1970, 5, 0}, Date{1970, 5, 17}, adjDOBMonth, "same month"},
		{Date{1971, 0, 0}, Date{1970, 5, 17}, adjDOBNear, "one year apart"},
		{Date{1980, 0, 0}, Date{1970, 5, 17}, adjDOBConflict, "10 years apart"},
		{Date{1970, 6, 1}, Date{1970, 5, 17}, adjDOBConflict, "same year, different month"},
	}
	for _, tt := range tests {
		if got, _ := dobAgreement(tt.q, tt.l, false); got != tt.want {
			t.Errorf("dobAgreement(%v, %v) = %v, want %v", tt.q, tt.l, got, tt.want)
		}
		if got, how := dobAgreement(tt.q, tt.l, true); got != tt.want || how != tt.how {
			t.Errorf("dobAgreement(%v, %v, explain) = %v, %q, want %v, %q", tt.q, tt.l, got, how, tt.want, tt.how)
		}
	}
}
