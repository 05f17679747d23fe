package csl

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/screening"
	"github.com/gatehouse/gatehouse/internal/screening/screeningtest"
)

const header = "source,entity_number,type,programs,name,title,addresses,federal_register_notice,start_date,end_date,standard_order,license_requirement,license_policy,call_sign,vessel_type,gross_tonnage,gross_registered_tonnage,vessel_flag,vessel_owner,remarks,source_list_url,alt_names,citizenships,dates_of_birth,nationalities,places_of_birth,source_information_url,ids\n"

const sample = header +
	"Sectoral Sanctions Identifications List (SSI) - Treasury Department,20660,Entity,UKRAINE-EO13662,\"AGROKREDIT-INFORM, AO\",,\"3 per. Gagarinski, Moscow, 119034, RU\",,,,,,,,,,,,,\"For more; (Linked To: RUSSIAN AGRICULTURAL BANK)\",,\"AKTSIONERNOE OBSHCHESTVO 'AGROKREDIT-INFORM'; CLOSED JOINT-STOCK COMPANY 'AGROCREDIT-INFORM'\",,,,,,\"1087746334400, Registration ID; RU, 7704681172, Tax ID No.\"\n" +
	"Entity List (EL) - Bureau of Industry and Security,,,,Some Person,,,,,,,,,,,,,,,,,,,1970; 1971,IR,,,\n"

func TestParse(t *testing.T) {
	t.Parallel()
	l, err := Parse("csl", []byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Entities) != 2 {
		t.Fatalf("%d entities, want 2", len(l.Entities))
	}
	a, b := l.Entities[0], l.Entities[1]
	tests := []struct {
		name      string
		got, want any
	}{
		{"id", a.ListID, "20660"},
		{"type", a.Type, screening.Organisation},
		{"aliases", len(a.Names), 3},
		{"country", strings.Join(a.Countries, ","), "RUS"},
		{"ids", len(a.Identifiers), 2},
		{"tax id country", a.Identifiers[1].Country, "RUS"},
		{"linked", strings.Join(a.LinkedTo, ","), "RUSSIAN AGRICULTURAL BANK"},
		{"sanction", a.IsSanctioned(), true},
		{"export control", b.HasTopic(screening.TopicExportControl), true},
		{"dobs", len(b.DatesOfBirth), 2},
		{"derived id", len(b.ListID), 12},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, tt.got, tt.want)
		}
	}
}

func TestParseRejectsMalformed(t *testing.T) {
	t.Parallel()
	for name, in := range map[string]string{
		"empty":     "",
		"no name":   "source,x\na,b\n",
		"short row": header + "a,b,c\n",
		"no rows":   header,
	} {
		if _, err := Parse("csl", []byte(in)); err == nil {
			t.Errorf("%s: Parse succeeded, want error", name)
		}
	}
}

func TestLoadBundled(t *testing.T) {
	t.Parallel()
	l, err := LoadFile("csl", filepath.Join(screeningtest.DataDir(t), "us-csl-sample", "csl.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Entities) != 115 {
		t.Errorf("%d entities, want 115", len(l.Entities))
	}
}

// FuzzParse checks that no input makes the loader panic.
func FuzzParse(f *testing.F) {
	f.Add([]byte(sample))
	f.Add([]byte("source,name,alt_names,ids\nx,y,z,\"a, b, c\"\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if l, err := Parse("f", b); err == nil {
			for _, e := range l.Entities {
				if e.ListID == "" || len(e.Names) == 0 {
					t.Fatalf("entity without id or name: %+v", e)
				}
			}
		}
	})
}
