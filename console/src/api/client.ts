// The API client: openapi-fetch over the types generated from
// docs/openapi.yaml, with the bearer token and problem+json errors.
import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];
export type Subscription = Schemas['SubscriptionView'];
export type Money = Schemas['Money'];
export type AllowedAction = Schemas['AllowedAction'];
export type ActionName = AllowedAction['action'];
export type ActionReason = NonNullable<AllowedAction['reason']>;

/** An RFC 9457 problem; `field` names the request member at fault, when one is. */
export type Problem = Schemas['Problem'] & { field?: string };

/** A refused or failed request; network failures have status 0 and code "network". */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail);
  }
  get code(): string {
    return this.problem.code;
  }
}

let token: () => string | null = () => null;
let onUnauthorized: () => void = () => {};

/** Connects the client to the session: where the token comes from, what a 401 does. */
export function configureAuth(getToken: () => string | null, unauthorized: () => void): void {
  token = getToken;
  onUnauthorized = unauthorized;
}

const auth: Middleware = {
  onRequest({ request }) {
    const t = token();
    if (t) request.headers.set('Authorization', `Bearer ${t}`);
    return request;
  },
  onResponse({ response }) {
    if (response.status === 401) onUnauthorized();
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: typeof window === 'undefined' ? '' : window.location.origin });
api.use(auth);

function asProblem(status: number, body: unknown): Problem {
  if (body && typeof body === 'object' && 'code' in body && 'detail' in body) return body as Problem;
  return {
    type: 'about:blank',
    title: 'Error',
    status,
    code: status === 0 ? 'network' : 'unexpected',
    detail: typeof body === 'object' && body && 'message' in body ? String(body.message) : `HTTP ${status}`,
  };
}

/**
 * The data of an openapi-fetch call, or an ApiError with the API's problem.
 * A fetch that never reached the API is an ApiError with code "network".
 */
export async function call<T>(p: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let r: { data?: T; error?: unknown; response: Response };
  try {
    r = await p;
  } catch {
    throw new ApiError(0, asProblem(0, null));
  }
  if (r.error !== undefined || !r.response.ok) throw new ApiError(r.response.status, asProblem(r.response.status, r.error));
  return r.data as T;
}

/** A fresh Idempotency-Key. */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}

/** Whether a request answered with this error is worth sending again as is. */
export function retryable(e: unknown): boolean {
  return e instanceof ApiError && (e.status === 0 || e.status === 503 || e.status === 502 || e.status === 504 || e.code === 'idempotency_key_in_use');
}
