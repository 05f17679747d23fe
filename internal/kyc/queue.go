package kyc

import (
	"context"
	"time"
)

// Queue buckets group applications for the analysts' queue. An undecided
// application sits in the bucket of its flag (READY_FOR_DECISION,
// REQUIRES_MANUAL_TASK_COMPLETION, WAITING_ON_CHECKS, ...), except:
const (
	// BucketInReview holds approved customers put back in review.
	BucketInReview = "IN_REVIEW"
	// BucketSecondApproval holds four-eyes applications approved once and
	// waiting for a second analyst's confirmation.
	BucketSecondApproval = "AWAITING_SECOND_APPROVAL"
	// BucketDecided holds approved, rejected and cancelled applications.
	BucketDecided = "DECIDED"
	// BucketHidden holds applications replaced by a reverted decision.
	BucketHidden = "HIDDEN"
)

// QueueBuckets lists the buckets of work still to do, in the order the
// queue shows them: closest to a decision first.
var QueueBuckets = []string{
	string(FlagReadyForDecision), BucketSecondApproval, string(FlagRequiresManualTask), BucketInReview,
	string(FlagRequiresRiskScore), string(FlagWaitingOnCollection), string(FlagWaitingOnChecks),
	string(FlagRecalculatingRisk), string(FlagAutomating),
}

// bucketOf is the bucket of an application in a status with a flag.
func bucketOf(status AppStatus, flag Flag) string {
	switch status {
	case AppApproved, AppRejected, AppCancelled:
		return BucketDecided
	case AppInReview:
		return BucketInReview
	}
	return string(flag)
}

// Bucket returns the queue bucket the application is in, from its status
// and the flag last recorded (stores keep it in a column, for the queue's
// index).
func (a *Application) Bucket() string {
	switch {
	case a.Hidden:
		return BucketHidden
	case a.PendingApproval != nil && !a.Decided():
		return BucketSecondApproval
	}
	return bucketOf(a.Status, a.Flag)
}

// WaitingSince returns when the application entered its bucket: the first
// of the latest run of flag history entries in that bucket, or the first
// approval of a four-eyes application awaiting confirmation.
func (a *Application) WaitingSince() time.Time {
	if a.Bucket() == BucketSecondApproval {
		return a.PendingApproval.At
	}
	b := bucketOf(a.Status, a.Flag)
	since := a.CreatedAt
	for i := len(a.FlagHistory) - 1; i >= 0; i-- {
		h := a.FlagHistory[i]
		if bucketOf(h.Status, h.Flag) != b {
			break
		}
		since = h.Date
	}
	return since
}

// AssigneeNone selects unassigned applications in a QueueQuery.
const AssigneeNone = "none"

// QueueQuery selects one page of a queue bucket, oldest first.
type QueueQuery struct {
	Bucket    string
	ProductID string       // empty: every product
	Risk      RiskCategory // empty: any risk (NONE: applications without a risk model)
	// Assignee is a user id, AssigneeNone, or empty for anyone.
	Assignee string
	// WaitingBefore keeps applications waiting since before it; zero: all.
	WaitingBefore time.Time
	Limit         int
	Offset        int
}

// RiskNone selects applications whose product has no risk model.
const RiskNone RiskCategory = "NONE"

// QueueItem is one application in a queue, with what the queue shows of
// its profile.
type QueueItem struct {
	ApplicationID string
	ProfileID     string
	DisplayName   string
	Role          Role
	ProductID     string
	ProductName   string
	Status        AppStatus
	Flag          Flag
	Bucket        string
	Risk          RiskCategory
	AssigneeID    string
	AssigneeName  string
	WaitingSince  time.Time
	CreatedAt     time.Time // the profile's
}

// NameMatch is a profile found by name or tag.
type NameMatch struct {
	ProfileID   string
	DisplayName string
	CreatedAt   time.Time
}

// QueueReader reads the analysts' queue and finds profiles for the
// portal's search. Every method is bounded by indexes, whatever the number
// of profiles.
type QueueReader interface {
	// QueueCounts counts an institution's applications in each bucket,
	// from totals kept as applications change (no scan).
	QueueCounts(ctx context.Context, institutionID string) (map[string]int, error)
	// Queue returns one page of a bucket, the longest waiting first.
	Queue(ctx context.Context, institutionID string, q QueueQuery) ([]QueueItem, error)
	// QueueItemsOf returns the visible applications of some profiles.
	QueueItemsOf(ctx context.Context, institutionID string, profileIDs []string) ([]QueueItem, error)
	// ProfilesByNameToken returns up to limit profiles with a word of their
	// name starting with prefix (lower case), newest first.
	ProfilesByNameToken(ctx context.Context, institutionID, prefix string, limit int) ([]NameMatch, error)
	// ProfilesByTag returns up to limit profiles carrying a tag, newest first.
	ProfilesByTag(ctx context.Context, institutionID, tagID string, limit int) ([]NameMatch, error)
	// ApplicationProfile returns the profile id of an application; ENotFound when absent.
	ApplicationProfile(ctx context.Context, institutionID, applicationID string) (string, error)
	// ProfileNotes returns every note of a profile's tasks, oldest first.
	ProfileNotes(ctx context.Context, institutionID, profileID string) ([]Note, error)
	// AuditHashes returns the chain hashes of an institution's audit items
	// at the given chain positions.
	AuditHashes(ctx context.Context, institutionID string, seqs []int64) (map[int64]string, error)
}

// QueueWriter keeps the queue's counts compact.
type QueueWriter interface {
	// FoldQueueCounts adds the bucket count changes recorded since the last
	// fold into the totals, and reports whether there were any.
	FoldQueueCounts(ctx context.Context) (int64, error)
}

// FoldQueueCounts folds the queue's recorded count changes into their
// totals, so that reading the counts stays a read of a few rows. The
// background loop runs it every few seconds.
func (s *Service) FoldQueueCounts(ctx context.Context) (int, error) {
	var n int64
	err := s.Store.Update(Background(ctx), func(tx Tx) error {
		var err error
		n, err = tx.FoldQueueCounts(ctx)
		return err
	})
	return int(n), err
}
