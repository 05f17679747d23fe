package webhook

import (
	"math/rand/v2"
	"time"
)

// MaxBackoff caps the wait between two attempts.
const MaxBackoff = time.Hour

// BackoffMax is the longest wait after the given failed attempt (1 for the
// first): 1 s, 2 s, 4 s, … doubling up to 2048 s (34 min) after attempt 12,
// and MaxBackoff (1 h) from attempt 13 on.
func BackoffMax(attempt int) time.Duration {
	return min(time.Second<<min(max(attempt-1, 0), 12), MaxBackoff)
}

// Backoff is how long to wait after the given failed attempt (1 for the
// first) before the next: a uniformly random duration between 0 and
// BackoffMax(attempt) ("full jitter"). Jitter spreads the retries of many
// deliveries that failed together, when a receiver went down, so they do
// not return in step when it comes back. Twelve failures take about 34
// minutes on average; after that one attempt is made about every 30
// minutes. PassFort retries until a 2xx answer; the caller decides whether
// to give up after some number of attempts.
func Backoff(attempt int) time.Duration {
	return time.Duration(rand.Int64N(int64(BackoffMax(attempt)) + 1))
}
