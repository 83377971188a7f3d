// Who is signed in: the bearer token and what the console reads from its
// claims to choose pages. The API decides every request on its own.
import { UserManager, WebStorageStateStore } from 'oidc-client-ts';
import type { Config } from '../config';
import { isLocale, type Locale } from '../i18n/locales';

export type Role = 'GlobalAdmin' | 'BillingAdmin' | 'AdminAgent' | 'SalesAgent' | 'HelpdeskAgent' | 'Operator';
export const ROLES: readonly Role[] = ['GlobalAdmin', 'BillingAdmin', 'AdminAgent', 'SalesAgent', 'HelpdeskAgent', 'Operator'];

export interface Session {
  token: string;
  expiresAt: number; // ms since the epoch
  tenantId: string;
  userId: string;
  name: string;
  email: string;
  roles: Role[];
  locale: Locale;
}

const KEY = 'selfserve.session';

/** Claims of a JWT, read without verifying it (the API verifies). */
export function claimsOf(token: string): Record<string, unknown> {
  const part = token.split('.')[1];
  if (!part) throw new Error('not a JWT');
  const b64 = part.replace(/-/g, '+').replace(/_/g, '/');
  const json = new TextDecoder().decode(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));
  return JSON.parse(json) as Record<string, unknown>;
}

/** Roles as the API reads them: an array, or API Gateway's "[a b]" string. */
export function rolesOf(claim: unknown): Role[] {
  const values = Array.isArray(claim)
    ? claim.map(String)
    : typeof claim === 'string' && claim.startsWith('[') && claim.endsWith(']')
      ? claim.slice(1, -1).split(' ')
      : typeof claim === 'string'
        ? [claim]
        : [];
  return ROLES.filter((r) => values.includes(r));
}

export function sessionFromToken(token: string, locale?: string): Session {
  const c = claimsOf(token);
  const claimLocale = typeof c['locale'] === 'string' ? c['locale'] : undefined;
  const chosen = [claimLocale, locale].find(isLocale);
  return {
    token,
    expiresAt: typeof c['exp'] === 'number' ? c['exp'] * 1000 : Date.now() + 3600_000,
    tenantId: String(c['tid'] ?? ''),
    userId: String(c['sub'] ?? ''),
    name: typeof c['name'] === 'string' ? c['name'] : '',
    email: typeof c['email'] === 'string' ? c['email'] : '',
    roles: rolesOf(c['roles']),
    locale: chosen ?? 'en',
  };
}

export function loadSession(): Session | null {
  const raw = sessionStorage.getItem(KEY);
  if (!raw) return null;
  const s = JSON.parse(raw) as Session;
  return s.expiresAt > Date.now() ? s : null;
}

export function saveSession(s: Session | null): void {
  if (s) sessionStorage.setItem(KEY, JSON.stringify(s));
  else sessionStorage.removeItem(KEY);
}

/** What the local "Sign in as" form asks: the session's claims, without the token. */
export type LocalSignIn = Omit<Session, 'token' | 'expiresAt'>;

/** Local runs: the runner mints a signed token (POST /_local/tokens). */
export async function signInLocal(f: LocalSignIn): Promise<Session> {
  const body: Record<string, unknown> = { tenantId: f.tenantId, userId: f.userId, roles: f.roles, locale: f.locale };
  if (f.name) body['name'] = f.name;
  if (f.email) body['email'] = f.email;
  const res = await fetch('/_local/tokens', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const out = (await res.json()) as { token?: string; detail?: string; code?: string };
  if (!res.ok || !out.token) throw Object.assign(new Error(out.detail ?? res.statusText), { problem: out });
  return sessionFromToken(out.token, f.locale);
}

/**
 * The OpenID Connect provider to sign in with (authorization code + PKCE):
 * deployed, the API's issuer; on the runner, the runner itself plays one.
 */
export function oidcSettings(c: Config): Extract<Config, { auth: 'oidc' }> {
  if (c.auth === 'oidc') return c;
  return { auth: 'oidc', issuer: `${window.location.origin}/_local`, clientId: 'selfserve-console', scope: 'openid profile email' };
}

export function userManager(c: Extract<Config, { auth: 'oidc' }>): UserManager {
  return new UserManager({
    authority: c.issuer,
    client_id: c.clientId,
    redirect_uri: `${window.location.origin}/`,
    post_logout_redirect_uri: `${window.location.origin}/`,
    response_type: 'code',
    scope: c.scope,
    userStore: new WebStorageStateStore({ store: window.sessionStorage }),
  });
}

/** Finishes a sign-in redirect when the URL carries one; null otherwise. */
export async function completeOidc(um: UserManager, locale: Locale): Promise<Session | null> {
  const q = new URLSearchParams(window.location.search);
  if (!q.has('code') || !q.has('state')) return null;
  const user = await um.signinRedirectCallback();
  window.history.replaceState(null, '', window.location.pathname + window.location.hash);
  return sessionFromToken(user.access_token, locale);
}
