package main

import (
	"net/http"
	"net/http/pprof"
)

// pprofMux serves Go's profiling endpoints (only when --pprof-addr is given).
func pprofMux() *http.ServeMux {
	m := http.NewServeMux()
	m.HandleFunc("/debug/pprof/", pprof.Index)
	m.HandleFunc("/debug/pprof/profile", pprof.Profile)
	m.HandleFunc("/debug/pprof/trace", pprof.Trace)
	return m
}
