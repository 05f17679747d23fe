package monitor

import "github.com/prometheus/client_golang/prometheus"

// Metrics are the list and monitoring Prometheus metrics. A nil *Metrics
// records nothing.
type Metrics struct {
	entities *prometheus.GaugeVec
	stale    *prometheus.GaugeVec
	failed   *prometheus.GaugeVec
	reloads  *prometheus.CounterVec
	runs     prometheus.Counter
	profiles prometheus.Counter
	events   prometheus.Counter
}

// NewMetrics registers the metrics on reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		entities: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "gatehouse_screening_list_entities",
			Help: "Entities of each screening list in service.",
		}, []string{"list"}),
		stale: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "gatehouse_screening_list_stale",
			Help: "1 when a list's last reload failed and its last good version stays in service.",
		}, []string{"list"}),
		failed: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "gatehouse_screening_path_failed",
			Help: "1 when a configured list path failed to load at its last reload.",
		}, []string{"path"}),
		reloads: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "gatehouse_screening_reloads_total",
			Help: "List reloads, by outcome (ok, error).",
		}, []string{"outcome"}),
		runs: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "gatehouse_monitor_runs_total",
			Help: "Monitoring runs recorded after a list changed.",
		}),
		profiles: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "gatehouse_monitor_profiles_total",
			Help: "Monitored profiles re-screened against a list delta.",
		}),
		events: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "gatehouse_monitor_events_total",
			Help: "Events raised by ongoing monitoring.",
		}),
	}
	reg.MustRegister(m.entities, m.stale, m.failed, m.reloads, m.runs, m.profiles, m.events)
	return m
}

// lists records the state of every path and list.
func (m *Metrics) lists(st []PathStatus, reloadErr error) {
	if m == nil {
		return
	}
	outcome := "ok"
	if reloadErr != nil {
		outcome = "error"
	}
	m.reloads.WithLabelValues(outcome).Inc()
	m.entities.Reset()
	m.stale.Reset()
	m.failed.Reset()
	for _, p := range st {
		m.failed.WithLabelValues(p.Path).Set(b2f(p.Err != ""))
		for _, l := range p.Lists {
			m.entities.WithLabelValues(l.Name).Set(float64(l.Entities))
			m.stale.WithLabelValues(l.Name).Set(b2f(l.Stale))
		}
	}
}

func (m *Metrics) run() {
	if m != nil {
		m.runs.Inc()
	}
}

func (m *Metrics) screened(profiles, events int) {
	if m != nil {
		m.profiles.Add(float64(profiles))
		m.events.Add(float64(events))
	}
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
