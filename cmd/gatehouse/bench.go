package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/gatehouse/gatehouse/internal/config"
	"github.com/gatehouse/gatehouse/internal/loadgen"
)

// bench drives a running server: `gatehouse bench create --url U --key K`
// creates the guide's individual profile over and over from concurrent
// clients, `gatehouse bench screen` screens a fixed mix of names with
// GET /gatehouse/v1/screen; both print throughput and latency percentiles.
func bench(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if len(args) > 0 && args[0] == "pipeline" {
		return benchPipeline(ctx, args[1:], getenv, stdout)
	}
	if len(args) == 0 || args[0] != "create" && args[0] != "screen" {
		return errors.New("usage: gatehouse bench create|screen --url URL --key KEY [--clients 16] [--duration 30s] [--warmup 3s]")
	}
	fs := flag.NewFlagSet("bench "+args[0], flag.ContinueOnError)
	fs.SetOutput(stdout)
	cfg := loadgen.Config{Path: "/4.0/profiles", Body: []byte(guideIndividual)}
	what := "create profile"
	if args[0] == "screen" {
		cfg = loadgen.Config{Method: "GET", Paths: loadgen.ScreenPaths()}
		what = fmt.Sprintf("screen (%d-query mix)", len(cfg.Paths))
	}
	fs.StringVar(&cfg.URL, "url", "http://127.0.0.1:8080", "base URL of the server")
	env, err := config.FromEnv(getenv, config.ScopeClient)
	if err != nil {
		return err
	}
	fs.StringVar(&cfg.Key, "key", env.APIKey, "API key (env GATEHOUSE_API_KEY)")
	fs.IntVar(&cfg.Clients, "clients", 16, "concurrent clients")
	fs.DurationVar(&cfg.Duration, "duration", 30*time.Second, "measured duration")
	fs.DurationVar(&cfg.Warmup, "warmup", 3*time.Second, "warm-up before measuring")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if cfg.Key == "" {
		return errors.New("bench: --key (or GATEHOUSE_API_KEY) is required")
	}
	res, err := loadgen.Run(ctx, cfg)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s, %d clients: %s\n", what, cfg.Clients, res)
	return nil
}

// benchPipeline measures background work: `gatehouse bench pipeline`
// creates profiles (the demo policy gives each automatic checks), then
// reports how fast the server's workers completed the checks and delivered
// the webhooks to a receiver this command runs on loopback.
func benchPipeline(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	fs := flag.NewFlagSet("bench pipeline", flag.ContinueOnError)
	fs.SetOutput(stdout)
	// The server's /metrics token, when it has one (the same variable).
	env, err := config.FromEnv(getenv, config.ScopeClient)
	if err != nil {
		return err
	}
	cfg := loadgen.PipelineConfig{Body: []byte(guideIndividual), MetricsToken: env.MetricsToken}
	fs.StringVar(&cfg.URL, "url", "http://127.0.0.1:8080", "base URL of the server (on this machine: /metrics answers loopback)")
	fs.StringVar(&cfg.Key, "key", env.APIKey, "API key (env GATEHOUSE_API_KEY)")
	fs.IntVar(&cfg.Profiles, "profiles", 2000, "profiles to create")
	fs.IntVar(&cfg.Clients, "clients", 8, "concurrent creating clients")
	fs.BoolVar(&cfg.Batching, "batching", false, "the receiving endpoint batches webhooks")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if cfg.Key == "" {
		return errors.New("bench: --key (or GATEHOUSE_API_KEY) is required")
	}
	res, err := loadgen.Pipeline(ctx, cfg)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "pipeline (batching %v): %s\n", cfg.Batching, res)
	return nil
}
