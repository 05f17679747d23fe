package api_test

import (
	"slices"
	"testing"

	"github.com/gatehouse/gatehouse/internal/api"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
)

// TestTaskCheckIDs: a task links only checks of its own profile; another
// profile's check, another institution's, or an unknown id is a 400
// naming the entry, and nothing changes. A link shows on both sides.
func TestTaskCheckIDs(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db, api.Config{})
		instruct := func(c clientDo, profileID string) string {
			t.Helper()
			status, body := c.Do("POST", "/4.0/profiles/"+profileID+"/checks", `{"check_type":"IDENTITY_CHECK"}`)
			if status != 200 {
				t.Fatalf("instruct: %d %s", status, body)
			}
			return decode[checkView](t, body).ID
		}
		_, body := e.c.Do("POST", "/4.0/profiles", guideIndividual)
		p := decode[profileView](t, body)
		task := "/4.0/profiles/" + p.ID + "/tasks/" + p.Tasks[0].ID
		own := instruct(e.c, p.ID)
		sibling := instruct(e.c, newQuietProfile(t, e, "Bea", "Other"))
		other := e.client("Other")
		_, body = other.Do("POST", "/4.0/profiles", guideIndividual)
		foreign := instruct(other, decode[profileView](t, body).ID)
		e.settle()
		before := string(must(e.c.Do("GET", task, nil)))

		for _, tc := range []struct{ name, body, field string }{
			{"another institution's check", `{"check_ids":["` + foreign + `"]}`, "check_ids[0]"},
			{"another profile's check", `{"check_ids":["` + own + `","` + sibling + `"]}`, "check_ids[1]"},
			{"an unknown check", `{"check_ids":["3d7a333c-418d-72a1-007b-06854dbb28eb"]}`, "check_ids[0]"},
			{"with a state", `{"state":"COMPLETED_PASS","check_ids":["` + foreign + `"]}`, "check_ids[0]"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				status, out := e.c.Do("POST", task, tc.body)
				if code, field := errorOf(t, out); status != 400 || code != 201 || field != tc.field {
					t.Errorf("got %d code %d field %q, want 400 201 %q: %s", status, code, field, tc.field, out)
				}
			})
		}
		if after := string(must(e.c.Do("GET", task, nil))); after != before {
			t.Errorf("refused updates changed the task:\n got %s\nwant %s", after, before)
		}

		status, out := e.c.Do("POST", task, `{"check_ids":["`+own+`"]}`)
		if ids := decode[struct {
			CheckIDs []string `json:"check_ids"`
		}](t, out).CheckIDs; status != 200 || !slices.Equal(ids, []string{own}) {
			t.Fatalf("got %d %s linking the profile's own check, want check_ids [%s]", status, out, own)
		}
		c := decode[checkView](t, must(e.c.Do("GET", "/4.0/profiles/"+p.ID+"/checks/"+own, nil)))
		if !slices.Contains(c.TaskIDs, p.Tasks[0].ID) {
			t.Errorf("got check task_ids %v, want the linked task %s", c.TaskIDs, p.Tasks[0].ID)
		}
		e.c.Do("POST", task, `{"check_ids":[]}`)
		c = decode[checkView](t, must(e.c.Do("GET", "/4.0/profiles/"+p.ID+"/checks/"+own, nil)))
		if slices.Contains(c.TaskIDs, p.Tasks[0].ID) {
			t.Errorf("got check task_ids %v after unlinking, want no %s", c.TaskIDs, p.Tasks[0].ID)
		}
	})
}

// clientDo is what TestTaskCheckIDs needs of a client.
type clientDo interface {
	Do(method, path string, body any, header ...string) (int, []byte)
}
