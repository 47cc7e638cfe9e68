import { api } from "./client";

// Page data requested on first load before the page's chunk has arrived (router.tsx); the page's
// query takes it once, if it is fresh, instead of asking again.
const MAX_AGE_MS = 10_000;
const pending = new Map<string, { at: number; promise: Promise<unknown> }>();

export function prefetch(path: string) {
  const promise = api<unknown>(path);
  promise.catch(() => undefined); // The page's query reports errors when it takes the promise.
  pending.set(path, { at: Date.now(), promise });
}

export function takePrefetched<T>(path: string): Promise<T> | null {
  const p = pending.get(path);
  pending.delete(path);
  if (!p || Date.now() - p.at >= MAX_AGE_MS) return null;
  // A failed prefetch is asked again by the page, so errors (and a 401's sign-out) go the usual way.
  return (p.promise as Promise<T>).catch(() => api<T>(path));
}
