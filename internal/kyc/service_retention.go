package kyc

import (
	"context"
	"sort"
	"time"
)

// JobRetention erases the profiles whose retention period ran out: a
// durable job, queued hourly (one at a time: its key), run by the
// "checks" pool.
const JobRetention = "retention"

// RetentionJob is the job that applies retention.
func RetentionJob(now time.Time) Job {
	return Job{Kind: JobRetention, Ref: "retention", Key: JobRetention, RunAt: now}
}

// retentionPage is how many candidates retention reads at a time.
const retentionPage = 200

// RetentionItem is a profile retention will erase, and when.
type RetentionItem struct {
	InstitutionID string
	ProfileID     string
	Role          Role
	EndedAt       time.Time // when its relationship ended
	DueAt         time.Time // when it falls due
	Rule          RetentionRule
}

// RetentionReport is what a retention run did.
type RetentionReport struct {
	Checked int             // candidates looked at
	Erased  []RetentionItem // erased now
	Skipped map[string]string
}

// RetentionPlan lists the profiles that fall due for erasure by until
// (gatehouse retention plan): due date first. Held profiles, open
// relationships and profiles no rule covers are not listed.
func (s *Service) RetentionPlan(ctx context.Context, until time.Time) ([]RetentionItem, error) {
	var out []RetentionItem
	err := s.eachDue(ctx, until, func(it RetentionItem) error {
		out = append(out, it)
		return nil
	})
	sort.SliceStable(out, func(i, j int) bool { return out[i].DueAt.Before(out[j].DueAt) })
	return out, err
}

// RunRetention erases every profile due now. Each erasure is its own
// transaction and checks the legal hold and the open applications again
// under the profile's lock: a hold set meanwhile keeps the profile (it is
// reported as skipped, with why). The erasures are audited with reason
// "retention" and send PROFILE_ERASED.
func (s *Service) RunRetention(ctx context.Context) (RetentionReport, error) {
	rep := RetentionReport{Skipped: map[string]string{}}
	err := s.eachDue(ctx, s.now(), func(it RetentionItem) error {
		_, err := s.erase(ctx, System(it.InstitutionID), it.ProfileID, ErasedByRetention, false)
		switch {
		case err == nil:
			rep.Erased = append(rep.Erased, it)
			if s.Log != nil {
				s.Log.Info("retention: profile erased", "profile_id", it.ProfileID, "institution_id", it.InstitutionID,
					"rule", it.Rule.Describe(), "due", it.DueAt.Format(time.RFC3339))
			}
		case IsCode(err, EConstraints), IsCode(err, ENotFound):
			rep.Skipped[it.ProfileID] = err.Error()
		default:
			return err
		}
		return nil
	})
	rep.Checked = len(rep.Erased) + len(rep.Skipped)
	return rep, err
}

// RunRetentionJob runs retention and completes its job.
func (s *Service) RunRetentionJob(ctx context.Context, job Job) error {
	if _, err := s.RunRetention(ctx); err != nil {
		return err
	}
	return s.Store.Update(Background(ctx), func(tx Tx) error { return tx.CompleteJob(ctx, job.ID, job.Owner) })
}

// eachDue calls fn for every profile due by until, reading the candidates
// (not erased, not held, no open application) page by page.
func (s *Service) eachDue(ctx context.Context, until time.Time, fn func(RetentionItem) error) error {
	rules := s.Policy.Retention()
	if len(rules) == 0 {
		return nil
	}
	after := ""
	for {
		refs, err := s.Store.RetentionCandidates(ctx, after, retentionPage)
		if err != nil {
			return err
		}
		byInst := map[string][]string{}
		var insts []string
		for _, r := range refs {
			if byInst[r.InstitutionID] == nil {
				insts = append(insts, r.InstitutionID)
			}
			byInst[r.InstitutionID] = append(byInst[r.InstitutionID], r.ProfileID)
		}
		for _, inst := range insts {
			ps, err := s.Store.Profiles(ctx, inst, byInst[inst])
			if err != nil {
				return err
			}
			for _, p := range ps {
				due, rule, ok := rules.Due(p)
				if !ok || due.After(until) {
					continue
				}
				end, _ := p.RelationshipEnded()
				if err := fn(RetentionItem{InstitutionID: inst, ProfileID: p.ID, Role: p.Role, EndedAt: end, DueAt: due, Rule: rule}); err != nil {
					return err
				}
			}
		}
		if len(refs) < retentionPage {
			return nil
		}
		after = refs[len(refs)-1].ProfileID
	}
}
