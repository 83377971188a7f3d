// What the Customer page reads about one customer: the tenant, its
// permissions, its subscriptions, and its Azure plan with the plan's Owners.
import { api, call, type Schemas, type Subscription } from '../../api/client';
import { MAX_PAGE, allPages } from '../../components/paging';
import { listAllSubscriptions } from '../products/subscriptions';

/** The Azure plan product (docs/spec.md §2, §5): the reservations permission rests on it. */
export const AZURE_PLAN = 'DZH318Z0BPS6';

export type Tenant = Schemas['Tenant'];
export type Permissions = Schemas['CustomerPermissionsView'];

export interface CustomerState {
  tenant: Tenant;
  permissions: Permissions;
  subscriptions: Subscription[];
  /** The customer's Active Azure plan subscription, if it has one. */
  plan?: Subscription;
  /** Users holding Owner on that plan; null when the activity log can't tell. */
  owners: string[] | null;
}

export async function loadCustomer(tenantId: string): Promise<CustomerState> {
  const path = { tenantId };
  const [tenant, permissions, subscriptions] = await Promise.all([
    call(api.GET('/v1/tenants/{tenantId}', { params: { path } })),
    call(api.GET('/v1/tenants/{tenantId}/customer-permissions', { params: { path } })),
    listAllSubscriptions(tenantId, {}),
  ]);
  const plan = subscriptions.find((s) => s.productId === AZURE_PLAN && s.status === 'Active');
  const owners = plan ? await planOwners(tenantId, plan).catch(() => null) : [];
  return { tenant, permissions, subscriptions, plan, owners };
}

/**
 * The API has no read of subscription roles, so the plan's Owners are found
 * in the activity log: every AssignSubscriptionRole on the plan since it was
 * created (roles are never taken back).
 */
async function planOwners(tenantId: string, plan: Subscription): Promise<string[]> {
  const activity = await allPages((cursor) =>
    call(api.GET('/v1/tenants/{tenantId}/activity', { params: { path: { tenantId }, query: { from: plan.createdAt, limit: MAX_PAGE, cursor } } })),
  );
  const owners = new Set<string>();
  for (const a of activity) {
    const user = a.after?.['userId'];
    if (a.operation === 'AssignSubscriptionRole' && a.targetId === plan.id && a.after?.['role'] === 'Owner' && typeof user === 'string') {
      owners.add(user);
    }
  }
  return [...owners];
}
