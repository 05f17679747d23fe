package deliver

import "github.com/prometheus/client_golang/prometheus"

// Metrics are the delivery worker's Prometheus metrics.
type Metrics struct {
	requests *prometheus.CounterVec
	messages *prometheus.CounterVec
}

// NewMetrics registers the webhook metrics on reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "gatehouse_webhook_requests_total",
			Help: "Webhook HTTP requests sent, by result (ok: a 2xx answer, failed).",
		}, []string{"result"}),
		messages: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "gatehouse_webhook_messages_total",
			Help: "Webhook events sent (several per request when batching), by result.",
		}, []string{"result"}),
	}
	reg.MustRegister(m.requests, m.messages)
	return m
}

func (m *Metrics) observe(ok bool, n int) {
	if m == nil {
		return
	}
	r := "failed"
	if ok {
		r = "ok"
	}
	m.requests.WithLabelValues(r).Inc()
	m.messages.WithLabelValues(r).Add(float64(n))
}
