package portal

import (
	"fmt"
	"html"
	"html/template"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// appView is an application with what the analyst may do with it.
type appView struct {
	App        *kyc.Application
	Flag       kyc.Flag
	Blockers   []blockerView
	Risk       *kyc.Risk
	CanApprove bool
	CanReject  bool // APPLIED → REJECTED
	CanCancel  bool // APPROVED or IN_REVIEW → CANCELLED
	CanRevert  bool
	// FirstApprovalMine: the signed-in user made the pending first
	// approval, so they cannot confirm it.
	FirstApprovalMine bool
}

// blockerView is a blocker in words, with the anchor of what clears it.
type blockerView struct {
	Text   string
	Anchor string
}

func appViewOf(p *kyc.Profile, a *kyc.Application, me *kyc.UserAccount) appView {
	v := appView{App: a, Flag: p.FlagOf(a)}
	if a.Risk.Model != "" {
		v.Risk = &a.Risk
	}
	if !a.Hidden && !a.Decided() {
		for _, b := range p.Blockers(a) {
			v.Blockers = append(v.Blockers, blockerText(p, a, b))
		}
	}
	switch {
	case a.Hidden:
	case a.Status == kyc.AppApplied:
		v.CanApprove, v.CanReject = len(v.Blockers) == 0, true
	case a.Status == kyc.AppInReview:
		v.CanApprove, v.CanCancel = len(v.Blockers) == 0, true
	case a.Status == kyc.AppApproved:
		v.CanCancel = true
	case a.Status.Final():
		v.CanRevert = true
	}
	if ap := a.PendingApproval; ap != nil && ap.User != nil && me != nil && ap.User.ID == me.ID {
		v.FirstApprovalMine = true
	}
	return v
}

func blockerText(p *kyc.Profile, a *kyc.Application, b kyc.Blocker) blockerView {
	switch b.Type {
	case kyc.BlockerIncompleteTask:
		name := string(b.TaskType)
		if b.TaskVariant != nil {
			if b.TaskVariant.Name != "" {
				name = b.TaskVariant.Name
			}
			if t := p.TaskFor(b.TaskVariant.ID); t != nil {
				return blockerView{Text: "Task “" + name + "” is not passed", Anchor: "task-" + t.ID}
			}
		}
		return blockerView{Text: "Task “" + name + "” is not passed"}
	case kyc.BlockerUnresolvedEvent:
		name := "a potential match"
		if e := p.Event(b.EventID); e != nil {
			if h := parseHit(e.Data); h.MatchName != "" {
				name = "potential match “" + h.MatchName + "”"
			}
		}
		return blockerView{Text: strings.ToUpper(name[:1]) + name[1:] + " is unresolved", Anchor: "event-" + b.EventID}
	case kyc.BlockerSuspendedProfile:
		return blockerView{Text: "The profile is " + strings.ToLower(string(p.Status))}
	case kyc.BlockerUndeterminedRisk:
		if len(a.Risk.MissingRequired) > 0 {
			return blockerView{Text: "The risk is undetermined: missing " + strings.Join(a.Risk.MissingRequired, ", "), Anchor: "risk"}
		}
		return blockerView{Text: "The risk is undetermined", Anchor: "risk"}
	}
	return blockerView{Text: human(b.Type)}
}

// taskView is a task version with its notes and the actions open to it.
type taskView struct {
	Task      *kyc.Task
	Label     string
	Notes     []kyc.Note
	Checks    []*kyc.Check
	CanPass   bool
	CanReopen bool
	CanSkip   bool
}

func taskViewOf(p *kyc.Profile, t *kyc.Task, notes []kyc.Note) taskView {
	v := taskView{Task: t, Label: t.Variant.Name, Notes: notes}
	if v.Label == "" {
		v.Label = human(t.Variant.Type)
	}
	for _, id := range t.CheckIDs {
		if c := p.Check(id); c != nil {
			v.Checks = append(v.Checks, c)
		}
	}
	if t.Current() {
		v.CanPass = !t.State.Complete() && !t.IsSkipped
		v.CanReopen = t.State.Complete() || t.IsSkipped
		v.CanSkip = v.CanPass && !t.Variant.Type.IsScreening()
	}
	return v
}

// auditView is an audit item with its place in the hash chain.
type auditView struct {
	Item kyc.AuditItem
	Who  string
	// Sealed items have a chain position; Verified ones hash to their
	// recorded hash after their predecessor's; Broken ones do not.
	Sealed, Verified, Broken bool
}

// chainState sums up the profile's items in the institution's chain.
type chainState struct {
	Sealed, Pending, Verified, Broken int
}

// auditView checks each sealed item against its predecessor in the
// institution's chain (another profile's item, often), read by position.
func (s *Server) auditView(r *http.Request, institutionID string, items []kyc.AuditItem) ([]auditView, chainState, error) {
	var seqs []int64
	for _, it := range items {
		if it.Seq > 1 {
			seqs = append(seqs, it.Seq-1)
		}
	}
	prev, err := s.svc.Store.AuditHashes(r.Context(), institutionID, seqs)
	if err != nil {
		return nil, chainState{}, err
	}
	var st chainState
	out := make([]auditView, 0, len(items))
	for _, it := range slices.Backward(items) {
		v := auditView{Item: it, Who: "Smart policy"}
		switch {
		case it.User != nil:
			v.Who = it.User.Name
		case it.APIKeyName != "":
			v.Who = "API key “" + it.APIKeyName + "”"
		}
		if it.Seq > 0 {
			v.Sealed = true
			st.Sealed++
			p, ok := prev[it.Seq-1]
			if it.Seq == 1 {
				p, ok = "", true
			}
			if ok && it.ChainHash(it.Seq, p) == it.Hash {
				v.Verified = true
				st.Verified++
			} else {
				v.Broken = true
				st.Broken++
			}
		} else {
			st.Pending++
		}
		out = append(out, v)
	}
	return out, st, nil
}

// since formats an optional time.
func since(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.UTC().Format("2006-01-02 15:04")
}

// auditRows renders the audit trail's rows (a long-lived profile has
// hundreds of items: see queueRows for why rows are rendered in Go).
func auditRows(items []auditView) template.HTML {
	var b strings.Builder
	e := html.EscapeString
	for _, v := range items {
		chain := `<span class="muted">not sealed yet</span>`
		switch {
		case v.Verified:
			chain = fmt.Sprintf(`<span class="agree" title="hash %s">#%d ✓</span>`, e(v.Item.Hash), v.Item.Seq)
		case v.Broken:
			chain = fmt.Sprintf(`<span class="differ">#%d ✗ does not match</span>`, v.Item.Seq)
		}
		fmt.Fprintf(&b, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n",
			e(v.Item.Timestamp.UTC().Format("2006-01-02 15:04 UTC")), e(human(v.Item.Action)), e(v.Who), e(v.Item.Message), chain)
	}
	return template.HTML(b.String())
}
