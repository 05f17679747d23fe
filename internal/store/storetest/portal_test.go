package storetest

import (
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/store/postgres"
	"github.com/gatehouse/gatehouse/internal/store/sqlite"
)

// queueIDs returns the profile ids of queue items, in order.
func queueIDs(items []kyc.QueueItem) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.ProfileID
	}
	return out
}

// TestQueue: the queue columns follow the aggregate (bucket, waiting time,
// risk, assignee) and the queue reads a bucket oldest first with its
// filters, one institution at a time.
func TestQueue(t *testing.T) {
	Each(t, func(t *testing.T, db Opener) {
		s := db.Open(t)
		acme, other := newInstitution(t, s, "Acme"), newInstitution(t, s, "Other")
		ana := &kyc.User{ID: kyc.NewID(), Name: "Ana", Email: "ana@example.org"}
		var ps []*kyc.Profile
		for i, name := range []string{"Old", "Middle", "New"} {
			p := newProfile(acme, "Ada", name)
			a := p.Applications[0]
			a.FlagHistory[0].Date = now.Add(time.Duration(i) * time.Hour)
			a.Risk = kyc.Risk{Model: "m", Category: kyc.RiskLow}
			ps = append(ps, p)
		}
		ps[1].Applications[0].Risk.Category = kyc.RiskHigh
		ps[2].Applications[0].Assignee = ana
		for _, p := range ps {
			save(t, s, p)
		}
		save(t, s, newProfile(other, "Ada", "Elsewhere"))
		bucket := string(kyc.FlagRequiresManualTask)

		counts, err := s.QueueCounts(ctx, acme.ID)
		if err != nil || counts[bucket] != 3 || len(counts) != 1 {
			t.Fatalf("got counts %v, %v; want 3 in %s", counts, err, bucket)
		}
		tests := []struct {
			name string
			q    kyc.QueueQuery
			want []*kyc.Profile
		}{
			{"bucket, oldest first", kyc.QueueQuery{Bucket: bucket}, ps},
			{"page", kyc.QueueQuery{Bucket: bucket, Limit: 1, Offset: 1}, ps[1:2]},
			{"risk", kyc.QueueQuery{Bucket: bucket, Risk: kyc.RiskHigh}, ps[1:2]},
			{"no risk model", kyc.QueueQuery{Bucket: bucket, Risk: kyc.RiskNone}, nil},
			{"assignee", kyc.QueueQuery{Bucket: bucket, Assignee: ana.ID}, ps[2:]},
			{"unassigned", kyc.QueueQuery{Bucket: bucket, Assignee: kyc.AssigneeNone}, ps[:2]},
			{"waiting longer than", kyc.QueueQuery{Bucket: bucket, WaitingBefore: now.Add(90 * time.Minute)}, ps[:2]},
			{"product", kyc.QueueQuery{Bucket: bucket, ProductID: ps[0].Applications[0].Product.ID}, ps[:1]},
			{"another bucket", kyc.QueueQuery{Bucket: string(kyc.FlagReadyForDecision)}, nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				if tt.q.Limit == 0 {
					tt.q.Limit = 50
				}
				items, err := s.Queue(ctx, acme.ID, tt.q)
				if err != nil {
					t.Fatal(err)
				}
				var want []string
				for _, p := range tt.want {
					want = append(want, p.ID)
				}
				if got := queueIDs(items); !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
					t.Fatalf("got %v, want %v", got, want)
				}
			})
		}
		items, _ := s.Queue(ctx, acme.ID, kyc.QueueQuery{Bucket: bucket, Assignee: ana.ID, Limit: 1})
		if it := items[0]; it.AssigneeName != "Ana" || it.DisplayName != "Ada New" || it.ProductName != "Basic" ||
			it.Risk != kyc.RiskLow || !it.WaitingSince.Equal(now.Add(2*time.Hour)) {
			t.Errorf("got item %+v", it)
		}

		// A decision moves the application to another bucket.
		p, err := s.Profile(ctx, acme.ID, ps[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if p.Applications[0].Assignee != nil || p.Applications[0].Risk.Category != kyc.RiskLow {
			t.Fatalf("got %+v after a round trip", p.Applications[0])
		}
		p.Applications[0].Status = kyc.AppRejected
		p.Applications[0].Assignee = ana
		p.Refresh(now)
		save(t, s, p)
		if counts, _ := s.QueueCounts(ctx, acme.ID); counts[bucket] != 2 || counts[kyc.BucketDecided] != 1 {
			t.Errorf("got %v, want 2 left in %s and 1 decided", counts, bucket)
		}
		// Folding the changes into the totals keeps every count.
		before, _ := s.QueueCounts(ctx, acme.ID)
		var folded int64
		if err := s.Update(ctx, func(tx kyc.Tx) (err error) { folded, err = tx.FoldQueueCounts(ctx); return err }); err != nil || folded == 0 {
			t.Fatalf("fold: %d, %v", folded, err)
		}
		if after, _ := s.QueueCounts(ctx, acme.ID); !maps.Equal(after, before) {
			t.Errorf("after the fold: got %v, want %v", after, before)
		}
		if err := s.Update(ctx, func(tx kyc.Tx) (err error) { folded, err = tx.FoldQueueCounts(ctx); return err }); err != nil || folded != 0 {
			t.Errorf("a second fold: %d, %v; want nothing left", folded, err)
		}
		save(t, s, newProfile(acme, "Late", "Comer"))
		if after, _ := s.QueueCounts(ctx, acme.ID); after[bucket] != before[bucket]+1 {
			t.Errorf("a change after the fold: got %v", after)
		}
		if items, _ := s.Queue(ctx, acme.ID, kyc.QueueQuery{Bucket: kyc.BucketDecided, Limit: 5}); len(items) != 1 || items[0].AssigneeID != ana.ID {
			t.Errorf("got %+v, want the rejected application, assigned, in DECIDED", items)
		}
		if got, err := s.QueueItemsOf(ctx, acme.ID, []string{ps[0].ID, ps[1].ID}); err != nil || len(got) != 2 {
			t.Errorf("got %v, %v; want the two profiles' applications", got, err)
		}
		if got, _ := s.QueueItemsOf(ctx, other.ID, []string{ps[0].ID}); len(got) != 0 {
			t.Errorf("got %v from another institution, want none", got)
		}
	})
}

// TestPendingApprovalRoundTrip: a four-eyes first approval is stored with
// its application.
func TestPendingApprovalRoundTrip(t *testing.T) {
	Each(t, func(t *testing.T, db Opener) {
		s := db.Open(t)
		inst := newInstitution(t, s, "Acme")
		p := newProfile(inst, "Ada", "Lovelace")
		p.Applications[0].PendingApproval = &kyc.Approval{User: &kyc.User{ID: kyc.NewID(), Name: "Ana"}, At: now, Comment: "fine"}
		p.Applications[0].Product.FourEyes = true
		save(t, s, p)
		got, err := s.Profile(ctx, inst.ID, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		a := got.Applications[0]
		if a.PendingApproval == nil || a.PendingApproval.User.Name != "Ana" || !a.PendingApproval.At.Equal(now) || !a.Product.FourEyes {
			t.Fatalf("got %+v", a.PendingApproval)
		}
		if a.Bucket() != kyc.BucketSecondApproval {
			t.Errorf("got bucket %s", a.Bucket())
		}
	})
}

// TestNameTokens: the store keeps a blind index of the words of profile
// names, which finds a profile by the first three letters or more of any
// word of its name (a shorter word: whole), also after a rename, and never
// another institution's.
func TestNameTokens(t *testing.T) {
	Each(t, func(t *testing.T, db Opener) {
		s := db.Open(t)
		acme, other := newInstitution(t, s, "Acme"), newInstitution(t, s, "Other")
		p := newProfile(acme, "Alex", "Wheeler-Smith")
		save(t, s, p)
		save(t, s, newProfile(other, "Alex", "Wheeler"))
		find := func(prefix string) []string {
			t.Helper()
			ms, err := s.ProfilesByNameToken(ctx, acme.ID, prefix, 10)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, m := range ms {
				out = append(out, m.DisplayName)
			}
			return out
		}
		for _, q := range []string{"alex", "ale", "wheeler", "wheeler-smith", "smith", "Smi"} {
			if got := find(q); len(got) != 1 || got[0] != "Alex Wheeler-Smith" {
				t.Errorf("%q: got %v, want Acme's profile", q, got)
			}
		}
		for _, q := range []string{"al", "lex", "x", "mith", "alexa"} {
			if got := find(q); len(got) != 0 {
				t.Errorf("%q: got %v, want nothing (words are matched from their start, by three letters or more)", q, got)
			}
		}
		p.DisplayName = "Alexandra Ng"
		p.Touch()
		save(t, s, p)
		if got := find("wheeler"); len(got) != 0 {
			t.Errorf("after a rename: got %v for the old name", got)
		}
		if got := find("ng"); len(got) != 1 {
			t.Errorf("after a rename: got %v for the new name", got)
		}
	})
}

// TestSearchProfilesByText: a name search counts every match, pages them
// newest first, answers the count past the end, and keeps to the
// institution; a tag finds its profiles too.
func TestSearchProfilesByText(t *testing.T) {
	Each(t, func(t *testing.T, db Opener) {
		s := db.Open(t)
		acme, other := newInstitution(t, s, "Acme"), newInstitution(t, s, "Other")
		var ids []string
		for i := range 5 {
			p := newProfile(acme, "Grace", "Hopper")
			p.CreatedAt = now.Add(time.Duration(i) * time.Minute)
			save(t, s, p)
			ids = append(ids, p.ID)
		}
		save(t, s, newProfile(acme, "Grace", "Kelly"))
		save(t, s, newProfile(other, "Grace", "Hopper"))
		search := func(text string, limit, offset int) (int, []string) {
			t.Helper()
			page, err := s.SearchProfiles(ctx, acme.ID, kyc.ProfileQuery{Text: text, Limit: limit, Offset: offset})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range page.Profiles {
				got = append(got, p.ID)
			}
			return page.Count, got
		}
		if n, got := search("grace hop", 2, 0); n != 5 || !slices.Equal(got, []string{ids[4], ids[3]}) {
			t.Errorf("first page: count %d, %v; want 5 and the two newest", n, got)
		}
		if n, got := search("hopper grace", 2, 4); n != 5 || !slices.Equal(got, []string{ids[0]}) {
			t.Errorf("last page: count %d, %v; want 5 and the oldest", n, got)
		}
		if n, got := search("hopper", 2, 10); n != 5 || len(got) != 0 {
			t.Errorf("past the end: count %d, %v; want 5 and nothing", n, got)
		}
		if n, got := search("grace", 50, 0); n != 6 || len(got) != 6 {
			t.Errorf("given name: count %d, %d profiles; want Acme's 6", n, len(got))
		}
		if n, got := search("nobody", 50, 0); n != 0 || len(got) != 0 {
			t.Errorf("no match: count %d, %v", n, got)
		}
	})
}

// TestProfilesByTagAndNotes: tagged profiles newest first; a profile's
// notes across its tasks; audit hashes by chain position.
func TestProfilesByTagAndNotes(t *testing.T) {
	Each(t, func(t *testing.T, db Opener) {
		s := db.Open(t)
		inst := newInstitution(t, s, "Acme")
		tag := kyc.Tag{ID: kyc.NewID(), Name: "vip"}
		if err := s.Update(ctx, func(tx kyc.Tx) error { return tx.CreateTag(ctx, inst.ID, tag) }); err != nil {
			t.Fatal(err)
		}
		var ids []string
		for i := range 3 {
			p := newProfile(inst, "Ada", "T"+strconv.Itoa(i))
			p.UpdatedAt = now.Add(time.Duration(i) * time.Minute)
			p.AttachTag(tag)
			save(t, s, p)
			ids = append(ids, p.ID)
		}
		ms, err := s.ProfilesByTag(ctx, inst.ID, tag.ID, 2)
		if err != nil || len(ms) != 2 || ms[0].ProfileID != ids[2] || ms[1].ProfileID != ids[1] {
			t.Fatalf("got %+v, %v; want the two newest tagged", ms, err)
		}
		p, _ := s.Profile(ctx, inst.ID, ids[0])
		err = s.Update(ctx, func(tx kyc.Tx) error {
			for i, tk := range p.Tasks {
				n := &kyc.Note{ID: kyc.NewID(), ProfileID: p.ID, TaskID: tk.ID, Text: "note " + strconv.Itoa(i),
					AuthorName: "Ana", CreatedAt: now.Add(time.Duration(i) * time.Second), AttachmentIDs: []string{}}
				if err := tx.InsertNote(ctx, inst.ID, n); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		notes, err := s.ProfileNotes(ctx, inst.ID, p.ID)
		if err != nil || len(notes) != 2 || notes[0].Text != "note 0" {
			t.Fatalf("got %+v, %v", notes, err)
		}
		if got, _ := s.ProfileNotes(ctx, kyc.NewID(), p.ID); len(got) != 0 {
			t.Errorf("got %v for another institution", got)
		}
		svc := &kyc.Service{Store: s}
		if _, err := svc.SealAudit(ctx, 100); err != nil {
			t.Fatal(err)
		}
		hashes, err := s.AuditHashes(ctx, inst.ID, []int64{1, 2, 99})
		if err != nil || len(hashes) != 2 || hashes[1] == "" {
			t.Fatalf("got %v, %v; want the hashes of positions 1 and 2", hashes, err)
		}
		if app, err := s.ApplicationProfile(ctx, inst.ID, p.Applications[0].ID); err != nil || app != p.ID {
			t.Errorf("got %q, %v", app, err)
		}
	})
}

// TestUsersAndSessions: the user and session rows round-trip, emails are
// unique across institutions, and failures count within a window.
func TestUsersAndSessions(t *testing.T) {
	Each(t, func(t *testing.T, db Opener) {
		s := db.Open(t)
		inst := newInstitution(t, s, "Acme")
		u := &kyc.UserAccount{ID: kyc.NewID(), InstitutionID: inst.ID, Email: "ana@example.org", Name: "Ana",
			Role: kyc.UserAnalyst, PasswordHash: "h", CreatedAt: now, UpdatedAt: now}
		if err := s.Update(ctx, func(tx kyc.Tx) error { return tx.InsertUser(ctx, u) }); err != nil {
			t.Fatal(err)
		}
		dup := *u
		dup.ID = kyc.NewID()
		if err := s.Update(ctx, func(tx kyc.Tx) error { return tx.InsertUser(ctx, &dup) }); !kyc.IsCode(err, kyc.EConflict) {
			t.Fatalf("got %v, want the email taken", err)
		}
		u.TOTPSecret, u.TOTPEnabled, u.TOTPLastStep, u.Role = "SECRET", true, 42, kyc.UserAdmin
		if err := s.Update(ctx, func(tx kyc.Tx) error { return tx.UpdateUser(ctx, u) }); err != nil {
			t.Fatal(err)
		}
		got, err := s.UserByEmail(ctx, "ana@example.org")
		if err != nil || *got != *u {
			t.Fatalf("got %+v, %v; want %+v", got, err, u)
		}
		sess := &kyc.Session{ID: kyc.SessionID("tok"), UserID: u.ID, InstitutionID: inst.ID, CSRF: "c", Stage: kyc.SessionFull,
			CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(time.Hour)}
		keep := *sess
		keep.ID = kyc.SessionID("other")
		err = s.Update(ctx, func(tx kyc.Tx) error {
			if err := tx.InsertSession(ctx, sess); err != nil {
				return err
			}
			if err := tx.InsertSession(ctx, &keep); err != nil {
				return err
			}
			return tx.TouchSession(ctx, sess.ID, now.Add(time.Minute))
		})
		if err != nil {
			t.Fatal(err)
		}
		gs, err := s.Session(ctx, sess.ID)
		if err != nil || !gs.LastSeenAt.Equal(now.Add(time.Minute)) || gs.CSRF != "c" {
			t.Fatalf("got %+v, %v", gs, err)
		}
		if err := s.Update(ctx, func(tx kyc.Tx) error { return tx.DeleteUserSessions(ctx, u.ID, keep.ID) }); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Session(ctx, sess.ID); !kyc.IsCode(err, kyc.ENotFound) {
			t.Errorf("got %v, want the session ended", err)
		}
		if _, err := s.Session(ctx, keep.ID); err != nil {
			t.Errorf("got %v, want the kept session", err)
		}
		err = s.Update(ctx, func(tx kyc.Tx) error {
			for i := range 3 {
				if err := tx.RecordSigninFailure(ctx, "k", now.Add(time.Duration(i)*time.Minute)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		n, oldest, err := s.SigninFailures(ctx, "k", now.Add(30*time.Second))
		if err != nil || n != 2 || !oldest.Equal(now.Add(time.Minute)) {
			t.Errorf("got %d since %s, %v; want 2 since a minute later", n, oldest, err)
		}
	})
}

// TestPortalQueriesUseIndexes: the queue, its counts and the portal's
// searches are index ranges, not scans of every application or profile.
func TestPortalQueriesUseIndexes(t *testing.T) {
	want := map[string][]string{
		"Queue":                {"applications_queue"},
		"QueueAssigned":        {"applications_assignee"},
		"QueueCounts":          {"queue_counts", "queue_count_changes_institution"},
		"ProfilesByNameToken":  {"profile_names"},
		"ProfilesByTag":        {"profile_tags_tag_created"},
		"ProfileNotes":         {"task_notes_profile"},
		"AuditHashes":          {"audit_items_chain"},
		"SigninFailures":       {"signin_failures_key"},
		"DeleteSessionsBefore": {"sessions_expires", "sessions_last_seen"},
	}
	t.Run("sqlite", func(t *testing.T) {
		db := OpenSQLite(t)
		qs, err := sqlite.QuerySet()
		if err != nil {
			t.Fatal(err)
		}
		for name, idx := range want {
			q, ok := qs.Named(name)
			if !ok {
				t.Fatalf("no query %s", name)
			}
			q = strings.ReplaceAll(q, "/*ids*/", "?, ?")
			args := make([]any, strings.Count(q, "?"))
			for i := range args {
				args[i] = 0
			}
			rows, err := db.Reader.QueryContext(ctx, "EXPLAIN QUERY PLAN "+q, args...)
			if err != nil {
				t.Fatal(name, err)
			}
			var plan strings.Builder
			for rows.Next() {
				var id, parent, notused int
				var detail string
				if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
					t.Fatal(err)
				}
				plan.WriteString(detail + "\n")
			}
			rows.Close()
			p := plan.String()
			for _, ix := range idx {
				if !strings.Contains(p, ix) {
					t.Errorf("%s: no %q in the plan:\n%s", name, ix, p)
				}
			}
			if strings.Contains(p, "SCAN applications") || strings.Contains(p, "SCAN profiles") || strings.Contains(p, "SCAN p\n") || strings.Contains(p, "SCAN a\n") {
				t.Errorf("%s: a table scan in the plan:\n%s", name, p)
			}
		}
	})
	t.Run("postgres", func(t *testing.T) {
		db := OpenPostgres(t)
		qs, err := postgres.QuerySet()
		if err != nil {
			t.Fatal(err)
		}
		for name, idx := range want {
			q, ok := qs.Named(name)
			if !ok {
				t.Fatalf("no query %s", name)
			}
			n := strings.Count(q, "$")
			q = strings.ReplaceAll(q, "/*ids*/", "$"+strconv.Itoa(n+1)+", $"+strconv.Itoa(n+2))
			plan := explainPostgres(t, db, q)
			for _, ix := range idx {
				if !strings.Contains(plan, ix) {
					t.Errorf("%s: no %s in the plan:\n%s", name, ix, plan)
				}
			}
			if strings.Contains(plan, "Seq Scan") {
				t.Errorf("%s: a sequential scan in the plan:\n%s", name, plan)
			}
		}
	})
}

// rawTOTP reads a user's second-factor secret as stored.
func rawTOTP(t *testing.T, s kyc.Store, userID string) string {
	return QueryString(t, s, "SELECT totp_secret FROM users WHERE id = ?", userID)
}

// setRawTOTP writes a user's second-factor secret as stored.
func setRawTOTP(t *testing.T, s kyc.Store, userID, v string) {
	Exec(t, s, "UPDATE users SET totp_secret = ? WHERE id = ?", v, userID)
}

// TestTOTPSecretSealed: a user's second-factor secret is stored sealed
// under the institution's key and bound to the user; every read opens it;
// one stored in clear (before sealing existed) reads back and is sealed
// at the next save; a sealed secret copied into another user's row does
// not open.
func TestTOTPSecretSealed(t *testing.T) {
	Each(t, func(t *testing.T, db Opener) {
		s := db.Open(t)
		inst := newInstitution(t, s, "Acme")
		users := make([]*kyc.UserAccount, 2)
		for i, email := range []string{"ana@example.org", "bo@example.org"} {
			users[i] = &kyc.UserAccount{ID: kyc.NewID(), InstitutionID: inst.ID, Email: email, Name: "U", Role: kyc.UserAnalyst,
				PasswordHash: "h", TOTPSecret: "JBSWY3DPEHPK3PXP", CreatedAt: now, UpdatedAt: now}
			if err := s.Update(ctx, func(tx kyc.Tx) error { return tx.InsertUser(ctx, users[i]) }); err != nil {
				t.Fatal(err)
			}
		}
		u := users[0]
		raw := rawTOTP(t, s, u.ID)
		if !strings.HasPrefix(raw, "gh1:") || strings.Contains(raw, u.TOTPSecret) {
			t.Fatalf("stored secret %q: want it sealed", raw)
		}
		sess := &kyc.Session{ID: kyc.SessionID("tok"), UserID: u.ID, InstitutionID: inst.ID, CSRF: "c", Stage: kyc.SessionFull,
			CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(time.Hour)}
		if err := s.Update(ctx, func(tx kyc.Tx) error { return tx.InsertSession(ctx, sess) }); err != nil {
			t.Fatal(err)
		}
		check := func(want string) {
			t.Helper()
			if got, err := s.UserByID(ctx, u.ID); err != nil || got.TOTPSecret != want {
				t.Errorf("UserByID: %v, %v; want %q", got, err, want)
			}
			if got, err := s.UserByEmail(ctx, u.Email); err != nil || got.TOTPSecret != want {
				t.Errorf("UserByEmail: %v, %v; want %q", got, err, want)
			}
			all, err := s.Users(ctx, inst.ID)
			if err != nil || len(all) != 2 {
				t.Fatalf("Users: %+v, %v", all, err)
			}
			for _, got := range all {
				if w := map[bool]string{true: want, false: "JBSWY3DPEHPK3PXP"}[got.ID == u.ID]; got.TOTPSecret != w {
					t.Errorf("Users: %s has %q, want %q", got.Email, got.TOTPSecret, w)
				}
			}
			if _, su, _, err := s.SessionUser(ctx, sess.ID); err != nil || su.TOTPSecret != want {
				t.Errorf("SessionUser: %v, %v; want %q", su, err, want)
			}
		}
		check("JBSWY3DPEHPK3PXP")

		// A secret stored in clear reads back, and is sealed at the next save.
		setRawTOTP(t, s, u.ID, "LEGACYSECRET2345")
		check("LEGACYSECRET2345")
		u.TOTPSecret, u.TOTPLastStep = "LEGACYSECRET2345", 7
		if err := s.Update(ctx, func(tx kyc.Tx) error { return tx.UpdateUser(ctx, u) }); err != nil {
			t.Fatal(err)
		}
		if raw := rawTOTP(t, s, u.ID); !strings.HasPrefix(raw, "gh1:") || strings.Contains(raw, "LEGACY") {
			t.Fatalf("after a save the secret is stored as %q, want it sealed", raw)
		}
		check("LEGACYSECRET2345")

		// Another user's sealed secret pasted into this row does not open.
		setRawTOTP(t, s, u.ID, rawTOTP(t, s, users[1].ID))
		if _, err := s.UserByID(ctx, u.ID); err == nil {
			t.Error("a secret sealed for another user opened")
		}
	})
}
