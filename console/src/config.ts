// The console's runtime configuration, written into index.html by whoever
// serves it (the local runner, or the Console function when deployed).

export type Config =
  | { auth: 'local' }
  | { auth: 'oidc'; issuer: string; clientId: string; scope: string };

export function readConfig(doc: Document = document): Config {
  const el = doc.getElementById('selfserve-config');
  if (!el?.textContent) return { auth: 'local' }; // vite dev server, no runner
  const c = JSON.parse(el.textContent) as Partial<{ auth: string; issuer: string; clientId: string; scope: string }>;
  if (c.auth === 'oidc' && c.issuer && c.clientId) {
    return { auth: 'oidc', issuer: c.issuer, clientId: c.clientId, scope: c.scope || 'openid profile email' };
  }
  return { auth: 'local' };
}
