package store

import (
	"context"
	"errors"
	"math"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

func (t *tx) SaveWebhookEndpoint(ctx context.Context, e *kyc.WebhookEndpoint) error {
	_, err := t.c.Exec(ctx, t.db.q(qInsertWebhookEndpoint), e.ID, e.InstitutionID, e.URL, e.Secret,
		mustJSON(nonNil(e.Events)), e.Batching, e.Enabled, e.Source, micros(e.CreatedAt), micros(e.UpdatedAt))
	return wrap("save webhook endpoint", err)
}

func scanEndpoint(row Row) (kyc.WebhookEndpoint, error) {
	var e kyc.WebhookEndpoint
	var events string
	var created, updated int64
	if err := row.Scan(&e.ID, &e.InstitutionID, &e.URL, &e.Secret, &events, &e.Batching, &e.Enabled, &e.Source,
		&created, &updated); err != nil {
		return e, err
	}
	e.CreatedAt, e.UpdatedAt = fromMicros(created), fromMicros(updated)
	return e, decodeAll([]string{events}, &e.Events)
}

func (r *reader) endpoints(ctx context.Context, q query, args ...any) ([]kyc.WebhookEndpoint, error) {
	rows, err := r.c.Query(ctx, r.db.q(q), args...)
	if err != nil {
		return nil, internal("webhook endpoints", err)
	}
	defer rows.Close()
	out := []kyc.WebhookEndpoint{}
	for rows.Next() {
		e, err := scanEndpoint(rows)
		if err != nil {
			return nil, internal("scan webhook endpoint", err)
		}
		out = append(out, e)
	}
	return out, wrap("webhook endpoints", rows.Err())
}

func (r *reader) WebhookEndpoints(ctx context.Context, institutionID string) ([]kyc.WebhookEndpoint, error) {
	return r.endpoints(ctx, qWebhookEndpoints, institutionID)
}

func (r *reader) EndpointsWithPending(ctx context.Context, limit int) ([]kyc.WebhookEndpoint, error) {
	return r.endpoints(ctx, qEndpointsWithPending, limit)
}

func (r *reader) WebhookEndpoint(ctx context.Context, institutionID, id string) (*kyc.WebhookEndpoint, error) {
	e, err := scanEndpoint(r.c.QueryRow(ctx, r.db.q(qWebhookEndpoint), institutionID, id))
	if errors.Is(err, ErrNoRows) {
		return nil, kyc.NotFound("webhook endpoint", id)
	}
	if err != nil {
		return nil, internal("webhook endpoint", err)
	}
	return &e, nil
}

// InsertDeliveries stores deliveries, the payload of one about a profile
// sealed under the profile's key.
func (t *tx) InsertDeliveries(ctx context.Context, ds ...kyc.WebhookDelivery) error {
	for _, d := range ds {
		data := string(d.Data)
		if d.ProfileID != "" {
			k, err := t.writeKey(ctx, d.InstitutionID, d.ProfileID)
			if err != nil {
				return err
			}
			data = seal(k, d.ProfileID, "webhook_deliveries.data", d.ID, d.Data)
		}
		_, err := t.c.Exec(ctx, t.db.q(qInsertDelivery), d.ID, d.EventID, d.EndpointID, d.InstitutionID, d.Event,
			data, micros(d.CreatedAt), d.ProfileID)
		if err != nil {
			return internal("insert webhook delivery", err)
		}
	}
	return nil
}

func scanDelivery(row Row) (kyc.WebhookDelivery, error) {
	var d kyc.WebhookDelivery
	var data string
	var created int64
	var delivered *int64
	if err := row.Scan(&d.Seq, &d.ID, &d.EventID, &d.EndpointID, &d.InstitutionID, &d.Event, &data, &d.Status,
		&d.Attempts, &d.LastStatus, &d.LastError, &created, &delivered, &d.ProfileID); err != nil {
		return d, err
	}
	d.Data, d.CreatedAt, d.DeliveredAt = []byte(data), fromMicros(created), fromMicrosPtr(delivered)
	return d, nil
}

func (r *reader) deliveries(ctx context.Context, q query, args ...any) ([]kyc.WebhookDelivery, error) {
	r = r.session()
	rows, err := r.c.Query(ctx, r.db.q(q), args...)
	if err != nil {
		return nil, internal("webhook deliveries", err)
	}
	defer rows.Close()
	out := []kyc.WebhookDelivery{}
	for rows.Next() {
		d, err := scanDelivery(rows)
		if err != nil {
			return nil, internal("scan webhook delivery", err)
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, internal("webhook deliveries", err)
	}
	rows.Close()
	for i := range out {
		if err := r.openDelivery(ctx, &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// openDelivery opens a delivery's sealed payload; an erased profile's
// reads as an empty object.
func (r *reader) openDelivery(ctx context.Context, d *kyc.WebhookDelivery) error {
	if d.ProfileID == "" {
		return nil
	}
	k, err := r.profileKey(ctx, d.InstitutionID, d.ProfileID)
	if err != nil {
		return err
	}
	data, err := r.open(k, d.ProfileID, "webhook_deliveries.data", d.ID, string(d.Data), "{}")
	d.Data = []byte(data)
	return err
}

// PendingDeliveries, inside a transaction, first locks the endpoint's row
// (PostgreSQL: FOR UPDATE; SQLite's one writer serialises anyway). Adding a
// delivery takes a KEY SHARE lock on that row (the foreign key), so the lock
// waits for transactions adding deliveries to commit, and holds off new ones
// until this transaction ends: a delivery job that completes itself after
// this read either sees a delivery, or the delivery's transaction queues a
// new job after the completion commits.
func (r *reader) PendingDeliveries(ctx context.Context, endpointID string, limit int) ([]kyc.WebhookDelivery, error) {
	if r.inTx {
		var id string
		err := r.c.QueryRow(ctx, r.db.q(qLockWebhookEndpoint), endpointID).Scan(&id)
		if err != nil && !errors.Is(err, ErrNoRows) {
			return nil, internal("lock webhook endpoint", err)
		}
	}
	return r.deliveries(ctx, qPendingDeliveries, endpointID, limit)
}

func (r *reader) Deliveries(ctx context.Context, institutionID, endpointID string, beforeSeq int64, limit int) ([]kyc.WebhookDelivery, error) {
	if beforeSeq <= 0 {
		beforeSeq = math.MaxInt64
	}
	return r.deliveries(ctx, qDeliveries, institutionID, endpointID, beforeSeq, limit)
}

func (r *reader) Delivery(ctx context.Context, institutionID, id string) (*kyc.WebhookDelivery, []kyc.WebhookAttempt, error) {
	r = r.session()
	d, err := scanDelivery(r.c.QueryRow(ctx, r.db.q(qDelivery), institutionID, id))
	if errors.Is(err, ErrNoRows) {
		return nil, nil, kyc.NotFound("webhook delivery", id)
	}
	if err != nil {
		return nil, nil, internal("webhook delivery", err)
	}
	if err := r.openDelivery(ctx, &d); err != nil {
		return nil, nil, err
	}
	rows, err := r.c.Query(ctx, r.db.q(qDeliveryAttempts), id)
	if err != nil {
		return nil, nil, internal("webhook attempts", err)
	}
	defer rows.Close()
	as := []kyc.WebhookAttempt{}
	for rows.Next() {
		var a kyc.WebhookAttempt
		var at, latency int64
		if err := rows.Scan(&a.ID, &a.EndpointID, &a.DeliveryID, &at, &a.Status, &latency, &a.Error, &a.Response); err != nil {
			return nil, nil, internal("scan webhook attempt", err)
		}
		a.At, a.Latency = fromMicros(at), time.Duration(latency)*time.Microsecond
		as = append(as, a)
	}
	return &d, as, wrap("webhook attempts", rows.Err())
}

func (t *tx) RecordAttempt(ctx context.Context, a kyc.WebhookAttempt, deliveryIDs []string, ok bool) error {
	if len(deliveryIDs) == 0 {
		return nil
	}
	for _, id := range deliveryIDs {
		_, err := t.c.Exec(ctx, t.db.q(qInsertAttempt), kyc.NewID(), a.EndpointID, id, micros(a.At), a.Status,
			a.Latency.Microseconds(), a.Error, a.Response)
		if err != nil {
			return internal("insert webhook attempt", err)
		}
	}
	// One statement marks every delivery the request carried.
	q, args := qMarkFailedAttempt, []any{a.Status, a.Error}
	if ok {
		q, args = qMarkDelivered, []any{a.Status, micros(a.At)}
	}
	_, err := t.c.Exec(ctx, t.db.expandIDs(q, len(deliveryIDs)), append(args, anyStrings(deliveryIDs)...)...)
	return wrap("update webhook deliveries", err)
}
