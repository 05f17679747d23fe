package monitor

import (
	"context"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// backfillMarker is the pseudo-list whose recorded version says the
// subjects of profiles screened before subjects were kept have been
// written (screening_lists; no real list has this name).
const backfillMarker = "#monitor-subjects"

// Backfill writes the monitoring subject of every profile screened on the
// screening provider that has none (a database from before subjects were
// kept), once per database: a marker records that it finished, so later
// starts skip it. Safe to run in several processes at once.
func Backfill(ctx context.Context, svc *kyc.Service) (int, error) {
	ctx = kyc.Background(ctx)
	s := svc.Store
	if _, err := s.ScreeningListVersion(ctx, backfillMarker); err == nil || !kyc.IsCode(err, kyc.ENotFound) {
		return 0, err
	}
	n := 0
	after := ""
	for {
		refs, err := s.MonitorCandidates(ctx, after, 200)
		if err != nil {
			return n, err
		}
		if len(refs) == 0 {
			break
		}
		for _, ref := range refs {
			if err := svc.RefreshMonitorSubject(ctx, ref); err != nil {
				return n, err
			}
			after = ref.ProfileID
			n++
		}
	}
	err := s.Update(ctx, func(tx kyc.Tx) error {
		_, err := tx.MoveScreeningListVersion(ctx, backfillMarker, "", "done", time.Now().UTC())
		return err
	})
	return n, err
}
