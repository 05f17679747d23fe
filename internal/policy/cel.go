package policy

import (
	"fmt"
	"strings"

	"github.com/google/cel-go/cel"
	"github.com/google/cel-go/common"
	celast "github.com/google/cel-go/common/ast"
	"github.com/google/cel-go/common/types"
	"github.com/google/cel-go/common/types/ref"
	"github.com/google/cel-go/common/types/traits"
	"github.com/google/cel-go/ext"
	"github.com/google/cel-go/interpreter"
)

// envs are the CEL environments of one policy, built once at load time. Every
// expression sees `profile`; a factor's rules also see `value` (the factor's
// input) and a smart policy's step conditions see `risk`.
type envs struct {
	value *cel.Env // factor values: profile
	rule  *cel.Env // factor rules: profile, value
	step  *cel.Env // step conditions: profile, risk
}

func newEnvs(countries countryTable) (*envs, error) {
	base, err := cel.NewEnv(
		cel.Variable("profile", cel.MapType(cel.StringType, cel.DynType)),
		cel.OptionalTypes(),
		cel.CrossTypeNumericComparisons(true),
		ext.Strings(),
		ext.Sets(),
		cel.Function("country_risk",
			cel.Overload("country_risk_string", []*cel.Type{cel.StringType}, cel.StringType,
				cel.UnaryBinding(func(v ref.Val) ref.Val {
					s, ok := v.(types.String)
					if !ok {
						return types.MaybeNoSuchOverloadErr(v)
					}
					return countries.level(string(s))
				})),
			cel.Overload("country_risk_list", []*cel.Type{cel.ListType(cel.StringType)}, cel.StringType,
				cel.UnaryBinding(func(v ref.Val) ref.Val {
					l, ok := v.(traits.Lister)
					if !ok {
						return types.MaybeNoSuchOverloadErr(v)
					}
					worst := celLow
					for it := l.Iterator(); it.HasNext() == types.True; {
						s, ok := it.Next().(types.String)
						if !ok {
							return types.NewErr("country_risk: a country code must be a string")
						}
						if lv := countries.level(string(s)); severity(lv) > severity(worst) {
							worst = lv
						}
					}
					return worst
				}))),
	)
	if err != nil {
		return nil, err
	}
	e := &envs{value: base}
	if e.rule, err = base.Extend(cel.Variable("value", cel.DynType)); err != nil {
		return nil, err
	}
	if e.step, err = base.Extend(cel.Variable("risk", cel.MapType(cel.StringType, cel.DynType))); err != nil {
		return nil, err
	}
	return e, nil
}

// expr is a compiled expression and where it came from.
type expr struct {
	src   string
	prg   cel.Program
	risk  bool    // it reads `risk`
	konst ref.Val // its value when it is a constant, else nil
}

// compileMode says what an expression must give.
type compileMode int

const (
	anyValue  compileMode = iota // a factor's value
	condition                    // a bool; constant false is an error
)

// compile compiles and checks an expression at path `at`, reporting
// problems through bad. It returns nil when the expression is unusable.
func compile(env *cel.Env, at, src string, mode compileMode, bad func(string, ...any)) *expr {
	if strings.TrimSpace(src) == "" {
		bad("%s: is empty", at)
		return nil
	}
	source := common.NewStringSource(src, at)
	checked, iss := env.CompileSource(source)
	if iss.Err() != nil {
		for _, e := range iss.Errors() {
			bad("%s", pointAt(source, at, e.Location, e.Message))
		}
		return nil
	}
	ok := checkFields(checked, at, bad)
	var konst ref.Val
	if mode == condition {
		konst = constant(env, checked)
		if t := checked.OutputType(); !t.IsExactType(cel.BoolType) && !t.IsExactType(cel.DynType) {
			bad("%s: must be a condition (a bool), but %q gives %s", at, src, t)
			ok = false
		}
		if konst == types.False {
			bad("%s: %q is always false: this branch can never apply", at, src)
			ok = false
		}
	}
	if !ok {
		return nil
	}
	prg, err := env.Program(checked, cel.EvalOptions(cel.OptOptimize))
	if err != nil {
		bad("%s: %v", at, err)
		return nil
	}
	e := &expr{src: src, prg: prg, konst: konst}
	for _, r := range checked.NativeRep().ReferenceMap() {
		if r.Name == "risk" {
			e.risk = true
		}
	}
	return e
}

// constant folds an expression and returns its value when it is a
// constant, or nil.
func constant(env *cel.Env, checked *cel.Ast) ref.Val {
	folder, err := cel.NewConstantFoldingOptimizer()
	if err != nil {
		return nil
	}
	opt, err := cel.NewStaticOptimizer(folder)
	if err != nil {
		return nil
	}
	folded, iss := opt.Optimize(env, checked)
	if iss.Err() != nil {
		return nil
	}
	if e := folded.NativeRep().Expr(); e.Kind() == celast.LiteralKind {
		return e.AsLiteral()
	}
	return nil
}

// activation binds the variables of one evaluation without a map.
type activation struct {
	profile, value, risk ref.Val
}

// ResolveName implements interpreter.Activation.
func (a *activation) ResolveName(name string) (any, bool) {
	switch name {
	case "profile":
		return a.profile, true
	case "value":
		return a.value, a.value != nil
	case "risk":
		return a.risk, a.risk != nil
	}
	return nil, false
}

// Parent implements interpreter.Activation.
func (a *activation) Parent() interpreter.Activation { return nil }

// eval runs a program; a panic inside CEL (there should be none) is an error.
func (e *expr) eval(act *activation) (v ref.Val, err error) {
	defer func() {
		if r := recover(); r != nil {
			v, err = nil, fmt.Errorf("internal error evaluating %q: %v", e.src, r)
		}
	}()
	v, _, err = e.prg.Eval(act)
	return v, err
}

// holds evaluates a condition: an error or a non-bool result is false, with
// the reason.
func (e *expr) holds(act *activation) (bool, error) {
	v, err := e.eval(act)
	if err != nil {
		return false, fmt.Errorf("%s: %w", e.src, err)
	}
	b, ok := v.(types.Bool)
	if !ok {
		return false, fmt.Errorf("%s: gives %s, not a bool", e.src, v.Type().TypeName())
	}
	return bool(b), nil
}
