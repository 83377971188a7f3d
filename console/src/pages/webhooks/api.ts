// The webhook operations this page calls (docs/spec.md §8, §16 Webhooks).
import { api, call, type Schemas } from '../../api/client';
import type { MessageKey } from '../../i18n/catalog';
import type { PageOf } from '../../components/paging';

export type Endpoint = Schemas['WebhookEndpoint'];
export type EndpointWithSecret = Schemas['WebhookEndpointWithSecret'];
export type Delivery = Schemas['Delivery'];
export type EventType = Schemas['WebhookEventType'];

/** Every event type (the WebhookEventType enum) with its name in words. */
export const EVENT_LABELS = {
  'subscription.created': 'webhooks.event.subscription.created',
  'subscription.trial_ending': 'webhooks.event.subscription.trial_ending',
  'subscription.trial_converted': 'webhooks.event.subscription.trial_converted',
  'subscription.trial_expired': 'webhooks.event.subscription.trial_expired',
  'subscription.renewed': 'webhooks.event.subscription.renewed',
  'subscription.expired': 'webhooks.event.subscription.expired',
  'subscription.updated': 'webhooks.event.subscription.updated',
  'subscription.cancellation_scheduled': 'webhooks.event.subscription.cancellation_scheduled',
  'subscription.cancelled': 'webhooks.event.subscription.cancelled',
  'subscription.suspended': 'webhooks.event.subscription.suspended',
  'subscription.reactivated': 'webhooks.event.subscription.reactivated',
  'subscription.deletion_warning': 'webhooks.event.subscription.deletion_warning',
  'subscription.data_deleted': 'webhooks.event.subscription.data_deleted',
  'subscription.refund_window_closed': 'webhooks.event.subscription.refund_window_closed',
  'subscription.taken_over': 'webhooks.event.subscription.taken_over',
  'subscription.past_due': 'webhooks.event.subscription.past_due',
  'subscription.payment_failed': 'webhooks.event.subscription.payment_failed',
  'subscription.payment_succeeded': 'webhooks.event.subscription.payment_succeeded',
  'licenses.changed': 'webhooks.event.licenses.changed',
  'policy.updated': 'webhooks.event.policy.updated',
  'customer_permission.updated': 'webhooks.event.customer_permission.updated',
  'invoice.finalized': 'webhooks.event.invoice.finalized',
  'webhook.test': 'webhooks.event.webhook.test',
} as const satisfies Record<EventType, MessageKey>;

export const EVENT_TYPES = Object.keys(EVENT_LABELS) as EventType[];

export function endpointsPage(tenantId: string, cursor: string | undefined): Promise<PageOf<Endpoint>> {
  return call(api.GET('/v1/tenants/{tenantId}/webhooks', { params: { path: { tenantId }, query: { limit: 50, cursor } } }));
}

export function createEndpoint(tenantId: string, key: string, url: string, eventTypes: EventType[]): Promise<EndpointWithSecret> {
  return call(
    api.POST('/v1/tenants/{tenantId}/webhooks', {
      params: { path: { tenantId }, header: { 'Idempotency-Key': key } },
      body: { url, eventTypes },
    }),
  );
}

type EndpointPath = { tenantId: string; endpointId: string };

export function sendTest(path: EndpointPath, key: string) {
  return call(api.POST('/v1/tenants/{tenantId}/webhooks/{endpointId}/test', { params: { path, header: { 'Idempotency-Key': key } } }));
}

export function rotateSecret(path: EndpointPath, key: string): Promise<EndpointWithSecret> {
  return call(
    api.POST('/v1/tenants/{tenantId}/webhooks/{endpointId}/rotate-secret', { params: { path, header: { 'Idempotency-Key': key } } }),
  );
}

/** Deletes the endpoint; true once done (the answer is a 204 without a body). */
export function deleteEndpoint(path: EndpointPath, key: string): Promise<true> {
  return call(api.DELETE('/v1/tenants/{tenantId}/webhooks/{endpointId}', { params: { path, header: { 'Idempotency-Key': key } } })).then(
    () => true as const,
  );
}

export function deliveriesPage(path: EndpointPath, cursor: string | undefined): Promise<PageOf<Delivery>> {
  return call(api.GET('/v1/tenants/{tenantId}/webhooks/{endpointId}/deliveries', { params: { path, query: { limit: 20, cursor } } }));
}

export function retryDelivery(path: EndpointPath & { deliveryId: string }, key: string): Promise<Delivery> {
  return call(
    api.POST('/v1/tenants/{tenantId}/webhooks/{endpointId}/deliveries/{deliveryId}/retry', {
      params: { path, header: { 'Idempotency-Key': key } },
    }),
  );
}
