package passfort

import (
	"regexp"
	"testing"
)

func TestFormats(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		format func(string) string
		good   []string
		bad    []string
	}{
		{"partialDate", partialDate,
			[]string{"1985", "1985-03", "1985-03-21", "2000-02-29", "0000"},
			[]string{"", "85", "1985-3", "1985-13", "1985-00", "1985-03-32", "1900-02-29", "1985-03-21 ", "１９８５"}},
		{"approxDate", approxDate,
			[]string{"2019-06", "2019-12"},
			[]string{"2019", "2019-06-01", "2019-13", "2019-6"}},
		{"fullDate", fullDate,
			[]string{"2021-02-28", "2024-02-29", "2021-12-31"},
			[]string{"2021-02-30", "2021-04-31", "2021-1-01", "2021-01-01T00:00:00"}},
		{"dateTime", dateTime,
			[]string{"2017-02-08 15:16:01", "2017-02-08 23:59:59"},
			[]string{"2017-02-08T15:16:01", "2017-02-08 24:00:00", "2017-02-08 15:60:00", "2017-02-30 00:00:00", "2017-02-08 1:16:01"}},
		{"uuid", uuid,
			[]string{"60fb11e6-2093-48a4-aee3-608fb927061d", "60FB11E6-2093-48A4-AEE3-608FB927061D"},
			[]string{"60fb11e6209348a4aee3608fb927061d", "60fb11e6-2093-48a4-aee3-608fb927061", "g0fb11e6-2093-48a4-aee3-608fb927061d"}},
		{"base64Data", base64Data,
			[]string{"", "aGVsbG8=", "aGVsbA==", "aGVs", "+/+/", "60fb11e6-2093-48a4-aee3-608fb927061d"},
			[]string{"aGVsbG8", "aGVsb===", "a=Vs", "aGVs\n", "60FB11E6-2093-48A4-AEE3-608FB927061D"}},
		{"countryCode", countryCode, []string{"GBR", "RKS", "USA"}, []string{"GB", "gbr", "GBN", "XXX"}},
		{"icaoCode", icaoCode, []string{"GBR", "RKS", "GBN", "XXX", "UNO"}, []string{"GB", "D", "ZZZ"}},
	}
	for _, tc := range tests {
		for _, s := range tc.good {
			if reason := tc.format(s); reason != "" {
				t.Errorf("%s(%q): got %q, want it accepted", tc.name, s, reason)
			}
		}
		for _, s := range tc.bad {
			if tc.format(s) == "" {
				t.Errorf("%s(%q): accepted, want it refused", tc.name, s)
			}
		}
	}
}

// FuzzFormats checks that the hand-written formats agree with the contract's
// patterns, but for refusing dates and times that do not exist.
func FuzzFormats(f *testing.F) {
	for _, s := range formatSamples {
		f.Add(s)
	}
	schemas := loadSpec(f).Components.Schemas
	formats := map[string]func(string) string{
		"PartialDate": partialDate, "ApproxDate": approxDate, "Date": fullDate,
		"DateTime": dateTime, "UUID": uuid, "Base64": base64Data,
	}
	patterns := map[string]*regexp.Regexp{}
	for name := range formats {
		patterns[name] = regexp.MustCompile(schemas[name].Value.Pattern)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for name, format := range formats {
			reason := format(s)
			if reason == reasonCalDate || reason == reasonClock {
				continue
			}
			if want := patterns[name].MatchString(s); (reason == "") != want {
				t.Errorf("%s(%q): got %q, want accepted %v", name, s, reason, want)
			}
		}
	})
}
