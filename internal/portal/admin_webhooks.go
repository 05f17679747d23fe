package portal

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// webhooksData is the webhook endpoints page's data; Secret is a new
// endpoint's signing secret, shown once.
type webhooksData struct {
	Endpoints []kyc.WebhookEndpoint
	Events    []string
	Created   *kyc.WebhookEndpoint
	Secret    string
}

func (s *Server) webhooksPage(w http.ResponseWriter, r *http.Request, rq *request, p *page, d webhooksData) error {
	eps, err := s.svc.WebhookEndpoints(r.Context(), rq.actor())
	if err != nil {
		return err
	}
	d.Endpoints, d.Events = eps, kyc.WebhookEvents
	p.Title, p.Nav, p.Data = "Webhooks", "admin", d
	return s.render(w, "webhooks", p)
}

func (s *Server) webhooks(w http.ResponseWriter, r *http.Request, rq *request) error {
	p := newPage(rq, "", "", nil)
	p.Flash = flashOf(r)
	return s.webhooksPage(w, r, rq, p, webhooksData{})
}

// createWebhook adds an endpoint (the webhook guard checks its URL).
func (s *Server) createWebhook(w http.ResponseWriter, r *http.Request, rq *request) error {
	f := r.PostForm
	u := strings.TrimSpace(f.Get("url"))
	events := f["events"]
	batching := f.Get("batching") == "on"
	in := kyc.WebhookEndpointInput{URL: &u, Events: &events, Batching: &batching}
	if events == nil {
		in.Events = &[]string{}
	}
	e, err := s.svc.CreateWebhookEndpoint(r.Context(), rq.actor(), in)
	if err != nil {
		return s.adminError(w, r, rq, err, func(p *page) error { return s.webhooksPage(w, r, rq, p, webhooksData{}) })
	}
	s.log.Info("portal webhook endpoint created", "request_id", rq.id, "by_user_id", rq.user.ID, "endpoint_id", e.ID)
	return s.webhooksPage(w, r, rq, newPage(rq, "", "", nil), webhooksData{Created: e, Secret: e.Secret})
}

// webhookData is an endpoint's page: its settings and delivery log.
type webhookData struct {
	Endpoint   *kyc.WebhookEndpoint
	Deliveries []kyc.WebhookDelivery
	Selected   *kyc.WebhookDelivery
	Attempts   []kyc.WebhookAttempt
	OlderURL   string
}

// deliveryPage is how many deliveries the log shows at once.
const deliveryPage = 50

func (s *Server) webhook(w http.ResponseWriter, r *http.Request, rq *request) error {
	ctx, actor := r.Context(), rq.actor()
	e, err := s.svc.WebhookEndpoint(ctx, actor, r.PathValue("hook"))
	if err != nil {
		return err
	}
	var before int64
	if b := r.URL.Query().Get("before"); b != "" {
		if before, err = strconv.ParseInt(b, 10, 64); err != nil || before < 0 {
			return kyc.FieldError("before", "must be a delivery sequence number")
		}
	}
	ds, err := s.svc.WebhookDeliveries(ctx, actor, e.ID, before, deliveryPage+1)
	if err != nil {
		return err
	}
	d := webhookData{Endpoint: e}
	if len(ds) > deliveryPage {
		ds = ds[:deliveryPage]
		d.OlderURL = "/portal/admin/webhooks/" + e.ID + "?before=" + strconv.FormatInt(ds[len(ds)-1].Seq, 10)
	}
	d.Deliveries = ds
	if id := r.URL.Query().Get("delivery"); id != "" {
		sel, as, err := s.svc.WebhookDelivery(ctx, actor, e.ID, id)
		if err != nil {
			return err
		}
		d.Selected, d.Attempts = sel, as
	}
	p := newPage(rq, "Webhook endpoint", "admin", d)
	p.Flash = flashOf(r)
	return s.render(w, "webhook", p)
}

// updateWebhook enables or disables an endpoint.
func (s *Server) updateWebhook(w http.ResponseWriter, r *http.Request, rq *request) error {
	var on bool
	switch r.PostForm.Get("action") {
	case "enable":
		on = true
	case "disable":
	default:
		return kyc.FieldError("action", "must be enable or disable")
	}
	e, err := s.svc.UpdateWebhookEndpoint(r.Context(), rq.actor(), r.PathValue("hook"), kyc.WebhookEndpointInput{Enabled: &on})
	if err != nil {
		return err
	}
	return seeOther(w, r, "/portal/admin/webhooks/"+e.ID, "webhook", "")
}

// redeliver queues a delivery again, with its event id.
func (s *Server) redeliver(w http.ResponseWriter, r *http.Request, rq *request) error {
	hook := strings.ToLower(r.PathValue("hook"))
	if _, err := s.svc.Redeliver(r.Context(), rq.actor(), hook, r.PathValue("delivery")); err != nil {
		return err
	}
	return seeOther(w, r, "/portal/admin/webhooks/"+hook, "redelivered", "")
}
