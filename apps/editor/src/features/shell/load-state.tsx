import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { ApiError } from '../../api/api-client';
import { latestRequest, type LatestRequest } from '../../api/latest';

export type Load<T> =
  | { status: 'loading'; data?: T }
  | { status: 'error'; error: string; data?: T }
  | { status: 'ready'; data: T };

/** What a failed request means for the person looking at the page. */
export function plainError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 403) return 'Your role does not allow this.';
    if (error.status === 404) return 'This no longer exists (it may have been removed).';
    if (error.status >= 500) return 'Something went wrong on the server. Try again in a moment.';
    return error.details.length ? error.details.join(' ') : error.message;
  }
  return 'The server could not be reached. Check your connection and try again.';
}

/** A component's own `latestRequest()` (api/latest): only the answer to its latest request may land. */
export function useLatest(): LatestRequest {
  const [latest] = useState(latestRequest);
  return latest;
}

/** What a page shows now, or how to change what it shows (from the data as it is when applied). */
export type SetLoaded<T> = (data: T | ((current: T | undefined) => T)) => void;

/**
 * Loads data for a page and reloads when `key` changes; an answer that arrives after a newer request
 * started is dropped. `reload()` asks again (after a change, or from the error box). `set` shows
 * data the page has (an answer to a change); an answer arriving late changes the data as it is by
 * then (`set(current => ...)`) rather than putting back what it saw when it started.
 */
export function useLoad<T>(load: () => Promise<T>, key: string): [Load<T>, () => void, SetLoaded<T>] {
  const [state, setState] = useState<Load<T>>({ status: 'loading' });
  const latest = useLatest();
  const loader = useRef(load);
  loader.current = load;
  const run = useCallback(() => {
    const isLatest = latest.start();
    setState((previous) => ({ status: 'loading', data: previous.data }));
    loader.current().then(
      (data) => isLatest() && setState({ status: 'ready', data }),
      (error: unknown) =>
        isLatest() &&
        setState((previous) => ({ status: 'error', error: plainError(error), data: previous.data })),
    );
  }, [latest]);
  useEffect(run, [key, run]);
  const set = useCallback<SetLoaded<T>>(
    (data) =>
      setState((previous) => ({
        status: 'ready',
        data: typeof data === 'function' ? (data as (current: T | undefined) => T)(previous.data) : data,
      })),
    [],
  );
  return [state, run, set];
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="page__loading" role="status">
      Loading {what}…
    </p>
  );
}

export function ErrorBox({ message, retry }: { message: string; retry?: () => void }) {
  return (
    <div className="error-box" role="alert">
      {message}{' '}
      {retry && (
        <button type="button" className="button button--small" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

/** Dates as people read them, in their own locale and time zone. */
export function formatWhen(iso: string | null | undefined, empty = '—'): string {
  if (!iso) return empty;
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function saveFile(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}
