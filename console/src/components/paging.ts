// Cursor-paged lists (docs/spec.md §9): every page at once, or page by page
// with "Load more" (PagedList in ui.tsx shows one).
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiError } from '../api/client';
import { toApiError } from './hooks';

export interface PageOf<T> {
  items: T[];
  nextCursor?: string;
}

/** The largest page the API gives (docs/spec.md §9). */
export const MAX_PAGE = 200;

/** Every item of a list, following nextCursor to the last page. */
export async function allPages<T>(page: (cursor: string | undefined) => Promise<PageOf<T>>): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  do {
    const p = await page(cursor);
    out.push(...p.items);
    cursor = p.nextCursor;
  } while (cursor);
  return out;
}

interface PagedState<T> {
  /** The items of the pages read so far; undefined until the first page answers. */
  items?: T[];
  cursor?: string;
  /** The last request's problem: the first page's (no items) or the next one's (items kept). */
  error?: ApiError;
  loading: boolean;
}

/** A list read page by page, as usePaged gives it. */
export type Paged<T> = PagedState<T> & { hasMore: boolean; more: () => void; reload: () => void };

function sameDeps(a: unknown[], b: unknown[]): boolean {
  return a.length === b.length && a.every((x, i) => Object.is(x, b[i]));
}

/**
 * A list loaded page by page: the first page when deps change (the items
 * shown go), the next one on more(). reload(), or a change of reloadDeps,
 * starts again from the first page, keeping the items shown until it answers.
 */
export function usePaged<T>(page: (cursor: string | undefined) => Promise<PageOf<T>>, deps: unknown[], reloadDeps: unknown[] = []): Paged<T> {
  const [state, setState] = useState<PagedState<T>>({ loading: true });
  const [tick, setTick] = useState(0);
  // Answers of an older load (deps changed meanwhile) are dropped.
  const generation = useRef(0);
  const pageRef = useRef(page);
  const loadedFor = useRef<unknown[] | null>(null);
  // The latest state, for more() to read without re-creating itself.
  const latest = useRef(state);
  useEffect(() => {
    pageRef.current = page;
    latest.current = state;
  });

  useEffect(() => {
    const gen = ++generation.current;
    const keep = loadedFor.current !== null && sameDeps(loadedFor.current, deps);
    loadedFor.current = deps;
    setState((s) => ({ items: keep ? s.items : undefined, loading: true }));
    page(undefined).then(
      (p) => gen === generation.current && setState({ items: p.items, cursor: p.nextCursor, loading: false }),
      (e: unknown) => gen === generation.current && setState({ error: toApiError(e), loading: false }),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps -- deps are the caller's
  }, [...deps, tick, ...reloadDeps]);

  const more = useCallback(() => {
    const { cursor, loading } = latest.current;
    if (!cursor || loading) return;
    const gen = generation.current;
    latest.current = { ...latest.current, loading: true };
    setState((s) => ({ ...s, error: undefined, loading: true }));
    pageRef.current(cursor).then(
      (p) =>
        gen === generation.current &&
        setState((s) => ({ items: [...(s.items ?? []), ...p.items], cursor: p.nextCursor, loading: false })),
      (e: unknown) => gen === generation.current && setState((s) => ({ ...s, error: toApiError(e), loading: false })),
    );
  }, []);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, hasMore: Boolean(state.cursor), more, reload };
}
