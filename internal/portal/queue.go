package portal

import (
	"fmt"
	"html"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// queuePageSize is how many applications a queue page lists.
const queuePageSize = 50

// bucketTab is one bucket of the queue with its count.
type bucketTab struct {
	Name    string
	Count   int
	Counted bool
	Current bool
	URL     string
}

// waitOption is a choice of the waiting-time filter.
type waitOption struct {
	Value, Label string
	D            time.Duration
}

var waitOptions = []waitOption{
	{"", "Any time", 0}, {"1h", "Over an hour", time.Hour}, {"1d", "Over a day", 24 * time.Hour},
	{"3d", "Over 3 days", 72 * time.Hour}, {"7d", "Over a week", 7 * 24 * time.Hour},
	{"30d", "Over 30 days", 30 * 24 * time.Hour},
}

var riskOptions = []string{"LOW", "MEDIUM", "HIGH", "UNDETERMINED", "NONE"}

// queueFilter is the queue's query string: opaque ids and enum values
// only, never a name.
type queueFilter struct {
	Bucket, Product, Risk, Assignee, Waiting string
	Page                                     int
}

func (f queueFilter) url(page int) string {
	v := url.Values{}
	v.Set("bucket", f.Bucket)
	for k, x := range map[string]string{"product": f.Product, "risk": f.Risk, "assignee": f.Assignee, "waiting": f.Waiting} {
		if x != "" {
			v.Set(k, x)
		}
	}
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	return "/portal/queue?" + v.Encode()
}

// queueData is the queue page's data.
type queueData struct {
	Tabs     []bucketTab
	Filter   queueFilter
	Label    string
	Products []kyc.Product
	Users    []kyc.UserAccount
	Risks    []string
	Waits    []waitOption
	Rows     template.HTML // the rendered rows of the page (see queueRows)
	PrevURL  string
	NextURL  string
	Me       string
}

// parseQueueFilter reads and checks the queue's query string.
func (s *Server) parseQueueFilter(q url.Values) (queueFilter, error) {
	f := queueFilter{Bucket: q.Get("bucket"), Product: q.Get("product"), Risk: q.Get("risk"),
		Assignee: q.Get("assignee"), Waiting: q.Get("waiting"), Page: 1}
	if f.Bucket == "" {
		f.Bucket = string(kyc.FlagReadyForDecision)
	}
	if !slices.Contains(kyc.QueueBuckets, f.Bucket) && f.Bucket != kyc.BucketDecided {
		return f, kyc.FieldError("bucket", "is not a queue")
	}
	if f.Product != "" && !slices.ContainsFunc(s.products(), func(p kyc.Product) bool { return p.ID == f.Product }) {
		return f, kyc.FieldError("product", "is not a product of the policy")
	}
	if f.Risk != "" && !slices.Contains(riskOptions, f.Risk) {
		return f, kyc.FieldError("risk", "must be LOW, MEDIUM, HIGH, UNDETERMINED or NONE")
	}
	if f.Assignee != "" && f.Assignee != "me" && f.Assignee != kyc.AssigneeNone && !kyc.ValidID(f.Assignee) {
		return f, kyc.FieldError("assignee", "must be me, none or a user id")
	}
	if !slices.ContainsFunc(waitOptions, func(o waitOption) bool { return o.Value == f.Waiting }) {
		return f, kyc.FieldError("waiting", "is not a waiting-time filter")
	}
	if p := q.Get("page"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 10000 {
			return f, kyc.FieldError("page", "must be a page number")
		}
		f.Page = n
	}
	return f, nil
}

// productLister is the policy's list of products (package policy has it).
type productLister interface{ Products() []kyc.Product }

func (s *Server) products() []kyc.Product {
	if pl, ok := s.svc.Policy.(productLister); ok {
		return pl.Products()
	}
	return nil
}

// queue lists one bucket, oldest waiting first, with every bucket's count.
func (s *Server) queue(w http.ResponseWriter, r *http.Request, rq *request) error {
	f, err := s.parseQueueFilter(r.URL.Query())
	if err != nil {
		return err
	}
	ctx := r.Context()
	inst := rq.user.InstitutionID
	counts, err := s.svc.Store.QueueCounts(ctx, inst)
	if err != nil {
		return err
	}
	q := kyc.QueueQuery{Bucket: f.Bucket, ProductID: f.Product, Risk: kyc.RiskCategory(f.Risk), Assignee: f.Assignee,
		Limit: queuePageSize + 1, Offset: (f.Page - 1) * queuePageSize}
	if q.Assignee == "me" {
		q.Assignee = rq.user.ID
	}
	for _, o := range waitOptions {
		if o.Value == f.Waiting && o.D > 0 {
			q.WaitingBefore = s.now().Add(-o.D)
		}
	}
	items, err := s.svc.Store.Queue(ctx, inst, q)
	if err != nil {
		return err
	}
	users, err := s.acc.Users(ctx, inst)
	if err != nil {
		return err
	}
	d := queueData{Filter: f, Label: human(f.Bucket), Products: s.products(), Risks: riskOptions, Waits: waitOptions, Me: rq.user.ID}
	for _, u := range users {
		if u.Role.Can(kyc.CapEditTaskCompletion) && !u.Disabled {
			d.Users = append(d.Users, u)
		}
	}
	for _, b := range append(slices.Clone(kyc.QueueBuckets), kyc.BucketDecided) {
		tf := f
		tf.Bucket = b
		d.Tabs = append(d.Tabs, bucketTab{Name: b, Count: counts[b], Counted: true, Current: b == f.Bucket, URL: tf.url(1)})
	}
	if len(items) > queuePageSize {
		items, d.NextURL = items[:queuePageSize], f.url(f.Page+1)
	}
	if f.Page > 1 {
		d.PrevURL = f.url(f.Page - 1)
	}
	d.Rows = queueRows(items)
	p := newPage(rq, "Queue", "queue", d)
	p.Flash = flashOf(r)
	return s.render(w, "queue", p)
}

// queueRows renders a page of the queue's rows as HTML in Go: fifty rows
// of ten fields through html/template cost a reflective call per field
// and escaper, most of a queue request's CPU. Every value is escaped here;
// the markup around them is constant.
func queueRows(items []kyc.QueueItem) template.HTML {
	var b strings.Builder
	b.Grow(len(items) * 600)
	for _, it := range items {
		name := it.DisplayName
		if name == "" {
			name = "Unnamed profile"
		}
		risk, riskClass := "—", ""
		if it.Risk != "" {
			risk, riskClass = human(it.Risk), "risk risk-"+strings.ToLower(string(it.Risk))
		}
		assignee := `<span class="muted">Unassigned</span>`
		if it.AssigneeName != "" {
			assignee = html.EscapeString(it.AssigneeName)
		}
		e := html.EscapeString
		fmt.Fprintf(&b, `<tr><td><a href="/portal/profiles/%s">%s</a><br><small>%s</small></td><td>%s</td>`+
			`<td><span class="badge status-%s">%s</span></td><td><span class="badge">%s</span></td>`+
			`<td><span class="%s">%s</span></td><td>%s</td><td title="since %s">%s</td></tr>`+"\n",
			e(url.PathEscape(it.ProfileID)), e(name), e(human(it.Role)), e(it.ProductName),
			e(strings.ToLower(string(it.Status))), e(human(it.Status)), e(human(it.Flag)),
			e(riskClass), e(risk), assignee, e(it.WaitingSince.UTC().Format("2006-01-02 15:04 UTC")), e(ago(it.WaitingSince)))
	}
	return template.HTML(b.String())
}
