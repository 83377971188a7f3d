// Hash routing: #/products/sub_1 → ['products', 'sub_1']. Hash URLs keep the
// console to one file on the server (/), apart from /assets.
import { useSyncExternalStore } from 'react';

function subscribe(cb: () => void): () => void {
  window.addEventListener('hashchange', cb);
  return () => window.removeEventListener('hashchange', cb);
}

function current(): string {
  return window.location.hash.replace(/^#/, '') || '/';
}

/** The route's path segments and query. */
export function useRoute(): { segments: string[]; query: URLSearchParams } {
  const h = useSyncExternalStore(subscribe, current);
  const [path = '/', q = ''] = h.split('?');
  return { segments: path.split('/').filter(Boolean).map(decodeURIComponent), query: new URLSearchParams(q) };
}

export function href(...segments: string[]): string {
  return '#/' + segments.map(encodeURIComponent).join('/');
}

export function navigate(to: string): void {
  window.location.hash = to.replace(/^#/, '');
}
