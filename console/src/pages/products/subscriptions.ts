// Reading subscriptions: one with its ETag (for If-Match), a page of a
// filtered list, or every page of it.
import { api, call, type Schemas, type Subscription } from '../../api/client';
import { MAX_PAGE, allPages } from '../../components/paging';

export type Channel = Subscription['channel'];
export type Status = Subscription['status'];
export type CancelReasonCode = Schemas['CancelReasonCode'];

export const CHANNELS: Channel[] = ['selfService', 'central', 'partner'];
export const STATUSES: Status[] = ['Trial', 'Active', 'PastDue', 'Suspended', 'Expired', 'Deleted'];
export const CANCEL_REASONS: CancelReasonCode[] = ['noLongerNeeded', 'tooExpensive', 'switchingProduct', 'boughtByMistake', 'other'];

export interface SubscriptionFilters {
  channel?: Channel;
  status?: Status;
  productId?: string;
  purchaserId?: string;
}

/** A subscription as last read, with the ETag that changes send as If-Match. */
export interface Versioned {
  sub: Subscription;
  etag: string | undefined;
}

export async function getSubscription(tenantId: string, subscriptionId: string): Promise<Versioned> {
  const request = api.GET('/v1/tenants/{tenantId}/subscriptions/{subscriptionId}', {
    params: { path: { tenantId, subscriptionId } },
  });
  const sub = await call(request);
  const { response } = await request;
  return { sub, etag: response.headers.get('ETag') ?? undefined };
}

export async function listSubscriptions(tenantId: string, filters: SubscriptionFilters, cursor?: string) {
  return call(
    api.GET('/v1/tenants/{tenantId}/subscriptions', {
      params: { path: { tenantId }, query: { ...filters, ...(cursor ? { cursor } : {}), limit: MAX_PAGE } },
    }),
  );
}

/** Every subscription the filters match, following the cursors to the end. */
export function listAllSubscriptions(tenantId: string, filters: SubscriptionFilters): Promise<Subscription[]> {
  return allPages((cursor) => listSubscriptions(tenantId, filters, cursor));
}

/** Licenses still free on a subscription (those held for a move in progress are not). */
export function availableLicenses(sub: Subscription): number {
  return Math.max(0, sub.quantity - sub.assignedLicenses - (sub.reservedLicenses ?? 0));
}

export function isAllowed(sub: Subscription, action: Subscription['allowedActions'][number]['action']): boolean {
  return sub.allowedActions.some((a) => a.action === action && a.allowed);
}
