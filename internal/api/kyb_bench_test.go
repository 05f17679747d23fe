package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/api"
	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/policy"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
)

// BenchmarkCreateCompanyWithAssociates creates companies over real HTTP on
// loopback, one request at a time, on each database, and reports the
// latency percentiles of those requests: "links=20" links 20 associate
// profiles for the officers task (the request locks them, checks the links
// and gives each its application, in one transaction); "links=0" is the
// same company without them, for comparison. The associates are created
// before the timer starts.
func BenchmarkCreateCompanyWithAssociates(b *testing.B) {
	for _, db := range storetest.Databases() {
		for _, links := range []int{0, 20} {
			b.Run(fmt.Sprintf("%s/links=%d", db.Name, links), func(b *testing.B) {
				s := db.Open(b)
				svc := &kyc.Service{Store: s, Policy: policy.Demo()}
				key, k, inst, err := svc.CreateAPIKey(ctx, "Bench", "bench")
				if err != nil {
					b.Fatal(err)
				}
				actor := kyc.Actor{InstitutionID: inst.ID, APIKey: k}
				data := []byte(`{"entity_type":"INDIVIDUAL","personal_details":{"name":{"given_names":["Dee"],"family_name":"Rector"}}}`)
				facts, _ := kyc.ParseFacts(data)
				bodies := make([][]byte, b.N)
				for n := range bodies {
					directors := make([]any, links)
					for i := range directors {
						p, err := svc.CreateProfile(ctx, actor, kyc.NewProfile{Role: kyc.RoleIndividualAssociated, CollectedData: data, Facts: facts})
						if err != nil {
							b.Fatal(err)
						}
						directors[i] = linked(p.ID, "INDIVIDUAL", map[string]any{"task_variant_ids": []string{officersVariant}})
					}
					bodies[n], _ = json.Marshal(map[string]any{"role": "COMPANY_CUSTOMER",
						"collected_data": companyData(fmt.Sprintf("Bench %d Limited", n), directors, []any{})})
				}
				srv := httptest.NewServer(api.New(svc, api.Config{}, nil, nil, nil))
				defer srv.Close()
				tr := &http.Transport{MaxIdleConnsPerHost: 4}
				defer tr.CloseIdleConnections()
				client := &http.Client{Transport: tr}
				lat := make([]time.Duration, 0, b.N)
				b.ResetTimer()
				for n := 0; n < b.N; n++ {
					req, _ := http.NewRequest("POST", srv.URL+"/4.0/profiles", bytes.NewReader(bodies[n]))
					req.Header.Set("apikey", key)
					req.Header.Set("Content-Type", "application/json")
					start := time.Now()
					resp, err := client.Do(req)
					if err != nil {
						b.Fatal(err)
					}
					out, _ := io.ReadAll(resp.Body)
					resp.Body.Close()
					lat = append(lat, time.Since(start))
					if resp.StatusCode != 200 {
						b.Fatalf("status %d: %s", resp.StatusCode, out)
					}
				}
				b.StopTimer()
				slices.Sort(lat)
				at := func(q float64) float64 {
					return float64(lat[min(len(lat)-1, int(q*float64(len(lat))))].Microseconds()) / 1000
				}
				b.ReportMetric(at(0.50), "p50-ms")
				b.ReportMetric(at(0.99), "p99-ms")
			})
		}
	}
}
