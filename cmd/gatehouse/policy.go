package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/gatehouse/gatehouse/internal/integration"
	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/policy"
)

const policyUsage = "usage: gatehouse policy check FILE [PROFILE.json ...]"

// policyCmd validates a policy file: `gatehouse policy check FILE`. It
// also probes every integration the policy's variants name (GET / and GET
// /config, with the secrets read from their references) and fails on one
// that is unreachable or does not match its variant. Given profiles (a
// create-profile request body, or bare collected data), it also dry-runs
// every product the profile could apply for and prints the risk, the
// tasks and any rejection, with the conditions that failed to evaluate.
func policyCmd(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if len(args) < 2 || args[0] != "check" {
		return errors.New(policyUsage)
	}
	providers, integrations := newProviders(nil)
	p, err := policy.Load(args[1], providers)
	if err != nil {
		return err
	}
	integrations.Resolver = integration.Resolver{Getenv: getenv}
	integrations.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	statuses := connectIntegrations(ctx, integrations, p.CheckVariants(), integrations.Log)
	printIntegrations(stdout, statuses)
	var bad []string
	for _, st := range statuses {
		for _, pr := range st.Problems {
			bad = append(bad, fmt.Sprintf("check variant %s (%s): %s: %s", st.Variant.Alias, st.Status, pr.Field, pr.Reason))
		}
	}
	if len(bad) > 0 {
		return fmt.Errorf("%s: integrations cannot be used:\n  %s", args[1], strings.Join(bad, "\n  "))
	}
	fmt.Fprintf(stdout, "%s: valid policy %q, version %s, %d products\n", args[1], p.Name(), p.Version(), len(p.Products()))
	if p.UsesBuiltinCountryRisk() {
		fmt.Fprintln(stdout, "note: no country_risk table; country_risk() uses the built-in FATF table (see docs/policy.md)")
	}
	for _, path := range args[2:] {
		pr, err := readProfile(path)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		for _, prod := range p.Products() {
			plan, trace, err := p.Explain(pr, prod, time.Now())
			if err != nil {
				continue // no smart policy for this entity type
			}
			printPlan(stdout, path, prod, plan, trace)
		}
	}
	return nil
}

// readProfile reads a create-profile request body or bare collected data.
func readProfile(path string) (*kyc.Profile, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var req struct {
		Role          kyc.Role        `json:"role"`
		CollectedData json.RawMessage `json:"collected_data"`
		EntityType    kyc.EntityType  `json:"entity_type"`
	}
	if err := json.Unmarshal(b, &req); err != nil {
		return nil, err
	}
	data := []byte(req.CollectedData)
	if len(data) == 0 {
		data = b
	}
	f, err := kyc.ParseFacts(data)
	if err != nil {
		return nil, err
	}
	if req.Role == "" {
		req.Role = kyc.RoleIndividualCustomer
		if f.EntityType == kyc.Company {
			req.Role = kyc.RoleCompanyCustomer
		}
	}
	pr := &kyc.Profile{Role: req.Role, Status: kyc.StatusNormal}
	pr.SetCollectedData(data, f)
	return pr, nil
}

func printPlan(w io.Writer, path string, prod kyc.Product, plan kyc.Plan, trace []policy.StepTrace) {
	fmt.Fprintf(w, "\n%s → %s\n", path, prod.Alias)
	if r := plan.Risk; r.Model != "" {
		fmt.Fprintf(w, "  risk %s: %s, score %g", r.Model, r.Category, r.Score)
		if len(r.MissingRequired) > 0 {
			fmt.Fprintf(w, ", missing required: %s", strings.Join(r.MissingRequired, ", "))
		}
		fmt.Fprintln(w)
		for _, c := range r.Components {
			switch {
			case c.Undetermined:
				fmt.Fprintf(w, "    %-28s undetermined  %s\n", c.Name, strings.Join(c.Errors, "; "))
			default:
				fmt.Fprintf(w, "    %-28s %-6s %6g  %s\n", c.Name, c.Category, c.Score, c.InputValue)
				for _, e := range c.Errors {
					fmt.Fprintf(w, "    %-28s error: %s\n", "", e)
				}
			}
		}
	}
	for _, s := range trace {
		if s.Error != "" {
			fmt.Fprintf(w, "  step %d: condition failed, counted as false: %s\n", s.Step+1, s.Error)
		}
	}
	if plan.Reject {
		fmt.Fprintf(w, "  REJECTED: %s\n", plan.RejectReason)
	}
	for _, v := range plan.Tasks {
		fmt.Fprintf(w, "  task %-28s %s", v.Alias, v.Type)
		if d := plan.ExpiryDays[v.ID]; d > 0 {
			fmt.Fprintf(w, " (expires after %d days)", d)
		}
		fmt.Fprintln(w)
	}
}
