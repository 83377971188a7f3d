// The tenant's order history (ListOrders), shared by the bills and home pages.
import { api, call, type Schemas } from '../../api/client';
import type { PageOf } from '../../components/paging';

export type Order = Schemas['Order'];

/** One page of the tenant's orders, newest first. */
export function ordersPage(tenantId: string, cursor: string | undefined, limit = 50): Promise<PageOf<Order>> {
  return call(api.GET('/v1/tenants/{tenantId}/orders', { params: { path: { tenantId }, query: { limit, cursor } } }));
}
