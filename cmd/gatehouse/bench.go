package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/gatehouse/gatehouse/internal/loadgen"
)

// bench drives a running server: `gatehouse bench create --url U --key K`
// creates the guide's individual profile over and over from concurrent
// clients, `gatehouse bench screen` screens a fixed mix of names with
// GET /gatehouse/v1/screen; both print throughput and latency percentiles.
func bench(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
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
	fs.StringVar(&cfg.Key, "key", getenv("GATEHOUSE_API_KEY"), "API key (env GATEHOUSE_API_KEY)")
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
