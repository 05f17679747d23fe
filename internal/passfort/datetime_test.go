package passfort

import (
	"encoding/json"
	"testing"
	"time"
)

func TestDateTime(t *testing.T) {
	t.Parallel()
	paris := time.FixedZone("CET", 3600)
	when := time.Date(2017, 2, 8, 16, 16, 1, 999, paris)
	if got, want := FormatDateTime(when), "2017-02-08 15:16:01"; got != want {
		t.Errorf("FormatDateTime: got %q, want %q", got, want)
	}
	b, err := json.Marshal(struct {
		At DateTime `json:"at"`
	}{DateTime(when)})
	if got, want := string(b), `{"at":"2017-02-08 15:16:01"}`; err != nil || got != want {
		t.Errorf("Marshal: got %s (%v), want %s", got, err, want)
	}
	var v struct{ At DateTime }
	if err := json.Unmarshal([]byte(`{"At":"2017-02-08 15:16:01"}`), &v); err != nil {
		t.Fatal(err)
	}
	if got, want := v.At.Time(), when.Truncate(time.Second); !got.Equal(want) || got.Location() != time.UTC {
		t.Errorf("Unmarshal: got %v, want %v in UTC", got, want)
	}
	if err := json.Unmarshal([]byte(`{"At":null}`), &v); err != nil || !v.At.Time().Equal(when.Truncate(time.Second)) {
		t.Errorf("Unmarshal null: got %v (%v), want the value unchanged", v.At, err)
	}
	for _, bad := range []string{`"2017-02-08T15:16:01Z"`, `"2017-02-30 00:00:00"`, `"2017-02-08 5:16:01"`, `1486567000`} {
		if err := json.Unmarshal([]byte(`{"At":`+bad+`}`), &v); err == nil {
			t.Errorf("Unmarshal %s: got no error", bad)
		}
	}
	if _, err := json.Marshal(DateTime(time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC))); err == nil {
		t.Error("Marshal year 10000: got no error")
	}
}
