import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, newIdempotencyKey, retryable } from '../api/client';

/** Loads data when deps change; reload() loads again. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]) {
  const [state, setState] = useState<{ data?: T; error?: ApiError; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true, error: undefined }));
    load().then(
      (data) => live && setState({ data, loading: false }),
      (e: unknown) => live && setState({ error: toApiError(e), loading: false }),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- deps are the caller's
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}

export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  return new ApiError(0, { type: 'about:blank', title: 'Error', status: 0, code: 'unexpected', detail: String(e) });
}

/**
 * A form's submission: one request at a time (a double click sends once),
 * under one Idempotency-Key that is kept when the request may be sent again
 * as is (network failure, 503) and renewed after an answer. onError also
 * hands a failure to whoever shows it (a row's problem shown by its page).
 */
export function useSubmit<A extends unknown[], T>(send: (key: string, ...args: A) => Promise<T>, onError?: (e: ApiError) => void) {
  const key = useRef<string | null>(null);
  const busy = useRef(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const submit = useCallback(
    async (...args: A): Promise<T | undefined> => {
      if (busy.current) return undefined;
      busy.current = true;
      setPending(true);
      setError(null);
      key.current ??= newIdempotencyKey();
      try {
        const out = await send(key.current, ...args);
        key.current = null;
        return out;
      } catch (e) {
        if (!retryable(e)) key.current = null;
        const err = toApiError(e);
        setError(err);
        onError?.(err);
        return undefined;
      } finally {
        busy.current = false;
        setPending(false);
      }
    },
    [send, onError],
  );
  const fieldError = (field: string) => (error?.problem.field === field ? error.problem.detail : undefined);
  return { submit, pending, error, setError, fieldError };
}
