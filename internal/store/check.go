package store

import (
	"context"
	"encoding/json"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/vault"
)

type checkErrorJSON struct {
	Code    int            `json:"code"`
	Message string         `json:"message"`
	Source  string         `json:"source"`
	Info    map[string]any `json:"info,omitempty"`
}

type checkProviderJSON struct {
	Name        string `json:"name"`
	IsMonitored bool   `json:"is_monitored,omitempty"`
}

type checkVariantJSON struct {
	ID            string         `json:"id"`
	Alias         string         `json:"alias,omitempty"`
	Name          string         `json:"name,omitempty"`
	CheckType     string         `json:"check_type,omitempty"`
	Provider      string         `json:"provider,omitempty"`
	Config        map[string]any `json:"config,omitempty"`
	FallThroughOn []string       `json:"fall_through_on,omitempty"`
}

func toCheckVariantJSON(v kyc.CheckVariant) checkVariantJSON {
	return checkVariantJSON{ID: v.ID, Alias: v.Alias, Name: v.Name, CheckType: v.CheckType, Provider: v.Provider,
		Config: v.Config, FallThroughOn: v.FallThroughOn}
}

func (v checkVariantJSON) kyc() kyc.CheckVariant {
	return kyc.CheckVariant{ID: v.ID, Alias: v.Alias, Name: v.Name, CheckType: v.CheckType, Provider: v.Provider,
		Config: v.Config, FallThroughOn: v.FallThroughOn}
}

func checkJSON(c *kyc.Check) (variant, errs, tasks, providers, waterfall string) {
	es := make([]checkErrorJSON, len(c.Errors))
	for i, e := range c.Errors {
		es[i] = checkErrorJSON{Code: e.Code, Message: e.Message, Source: e.Source, Info: e.Info}
	}
	ps := make([]checkProviderJSON, len(c.Providers))
	for i, p := range c.Providers {
		ps[i] = checkProviderJSON{Name: p.Name, IsMonitored: p.IsMonitored}
	}
	ws := make([]checkVariantJSON, len(c.Waterfall))
	for i, w := range c.Waterfall {
		ws[i] = toCheckVariantJSON(w)
	}
	return mustJSON(toCheckVariantJSON(c.Variant)), mustJSON(es), mustJSON(nonNil(c.TaskIDs)), mustJSON(ps), mustJSON(ws)
}

// saveCheck writes a check, its input and output sealed under k (its
// profile's key).
func (t *tx) saveCheck(ctx context.Context, k *vault.Key, c *kyc.Check) error {
	if c.Stored() && !c.Dirty() {
		return nil
	}
	variant, errs, tasks, providers, waterfall := checkJSON(c)
	output := c.Output
	if len(output) == 0 {
		output = []byte("{}")
	}
	input := seal(k, c.ProfileID, "checks.input_data", c.ID, c.Input)
	sealedOutput := seal(k, c.ProfileID, "checks.output_data", c.ID, output)
	if !c.Stored() {
		_, err := t.c.Exec(ctx, t.db.q(qInsertCheck), c.ID, c.ProfileID, string(c.Type), variant, string(c.State), c.Result,
			errs, tasks, providers, input, sealedOutput, c.DemoResult, c.DocumentID, c.Automatic, c.ManualOf, c.Attempts, waterfall,
			micros(c.CreatedAt), microsPtr(c.PerformedOn))
		return wrap("insert check", err)
	}
	_, err := t.c.Exec(ctx, t.db.q(qUpdateCheck), string(c.State), c.Result, errs, tasks, providers, input, sealedOutput,
		c.Attempts, waterfall, microsPtr(c.PerformedOn), c.ID)
	if err != nil {
		return internal("update check", err)
	}
	// A check's state at its external provider ends with the check, in
	// the same transaction: no callback or image download reaches a
	// finished check.
	if c.State == kyc.CheckComplete && c.Variant.Provider == kyc.ProviderIntegration {
		return t.DeleteProviderCheck(ctx, c.ID)
	}
	return nil
}

func (r *reader) loadChecks(ctx context.Context, ids []any, byID map[string]*kyc.Profile) error {
	if err := r.loadKeysOf(ctx, byID); err != nil {
		return err
	}
	rows, err := r.c.Query(ctx, r.db.expandIDs(qChecks, len(ids)), ids...)
	if err != nil {
		return internal("checks", err)
	}
	defer rows.Close()
	for rows.Next() {
		var c kyc.Check
		var variant, errs, tasks, providers, input, output, waterfall string
		var created int64
		var performed *int64
		if err := rows.Scan(&c.ID, &c.ProfileID, &c.Type, &variant, &c.State, &c.Result, &errs, &tasks, &providers,
			&input, &output, &c.DemoResult, &c.DocumentID, &c.Automatic, &c.ManualOf, &c.Attempts, &waterfall, &created, &performed); err != nil {
			return internal("scan check", err)
		}
		var vj checkVariantJSON
		var es []checkErrorJSON
		var ps []checkProviderJSON
		var ws []checkVariantJSON
		if err := decodeAll([]string{variant, errs, tasks, providers, waterfall}, &vj, &es, &c.TaskIDs, &ps, &ws); err != nil {
			return internal("decode check "+c.ID, err)
		}
		c.Variant = vj.kyc()
		for _, e := range es {
			c.Errors = append(c.Errors, kyc.CheckError{Code: e.Code, Message: e.Message, Source: e.Source, Info: e.Info})
		}
		for _, p := range ps {
			c.Providers = append(c.Providers, kyc.CheckProvider{Name: p.Name, IsMonitored: p.IsMonitored})
		}
		for _, w := range ws {
			c.Waterfall = append(c.Waterfall, w.kyc())
		}
		k := r.cachedKey(c.ProfileID)
		if input, err = r.open(k, c.ProfileID, "checks.input_data", c.ID, input, "{}"); err != nil {
			return err
		}
		if output, err = r.open(k, c.ProfileID, "checks.output_data", c.ID, output, "{}"); err != nil {
			return err
		}
		c.Input, c.Output = []byte(input), []byte(output)
		c.CreatedAt, c.PerformedOn = fromMicros(created), fromMicrosPtr(performed)
		if p := byID[c.ProfileID]; p != nil {
			p.Checks = append(p.Checks, &c)
		}
	}
	return wrap("checks", rows.Err())
}

type stepJSON struct {
	Type             string   `json:"collection_type"`
	ID               string   `json:"id,omitempty"`
	Category         string   `json:"category,omitempty"`
	FacialSimilarity bool     `json:"facial_similarity,omitempty"`
	AllowedTypes     []string `json:"allowed_types,omitempty"`
}

func encodeSteps(steps []kyc.CollectionStep) string {
	out := make([]stepJSON, len(steps))
	for i, s := range steps {
		out[i] = stepJSON{Type: string(s.Type), ID: s.DocumentID, Category: s.Category, FacialSimilarity: s.FacialSimilarity, AllowedTypes: s.AllowedTypes}
	}
	return mustJSON(out)
}

func decodeSteps(text string) ([]kyc.CollectionStep, error) {
	var js []stepJSON
	if err := json.Unmarshal([]byte(text), &js); err != nil {
		return nil, err
	}
	out := make([]kyc.CollectionStep, len(js))
	for i, s := range js {
		out[i] = kyc.CollectionStep{Type: kyc.CollectionType(s.Type), DocumentID: s.ID, Category: s.Category,
			FacialSimilarity: s.FacialSimilarity, AllowedTypes: s.AllowedTypes}
	}
	return out, nil
}

func (r *reader) StaleChecks(ctx context.Context, before time.Time, limit int) ([]kyc.CheckRef, error) {
	rows, err := r.c.Query(ctx, r.db.q(qStaleChecks), micros(before), limit)
	if err != nil {
		return nil, internal("stale checks", err)
	}
	defer rows.Close()
	var out []kyc.CheckRef
	for rows.Next() {
		var ref kyc.CheckRef
		if err := rows.Scan(&ref.InstitutionID, &ref.ProfileID, &ref.CheckID); err != nil {
			return nil, internal("scan stale check", err)
		}
		out = append(out, ref)
	}
	return out, wrap("stale checks", rows.Err())
}
