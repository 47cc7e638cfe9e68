// Reads: the network when there is one, else the phone's last copy ("离线 · 上次同步 HH:mm").
import { useEffect, useState } from "preact/hooks";
import { ApiError, api, isOffline } from "./api";
import { readCache, writeCache } from "./db";
import { lastDelivered, onOutbox } from "./outbox";

let offline = !navigator.onLine;
let lastOk = Number(localStorage.getItem("fq.lastSync") ?? 0);
const listeners = new Set<() => void>();
const emit = () => {
  for (const f of listeners) f();
};

export const netState = () => ({ offline, lastOk });
export function onNet(f: () => void): () => void {
  listeners.add(f);
  return () => listeners.delete(f);
}
export function markOnline() {
  offline = false;
  lastOk = Date.now();
  localStorage.setItem("fq.lastSync", String(lastOk));
  emit();
}
export function markOffline() {
  if (!offline) {
    offline = true;
    emit();
  }
}
addEventListener("offline", markOffline);
addEventListener("online", () => {
  offline = false;
  emit();
});

export interface Loaded<T> {
  data: T;
  at: number;
  /** From the phone's cache because the network failed. */
  stale: boolean;
}

export async function load<T>(path: string, key = path): Promise<Loaded<T>> {
  try {
    const data = await api<T>(path);
    await writeCache(key, data);
    markOnline();
    return { data, at: Date.now(), stale: false };
  } catch (e) {
    if (!isOffline(e)) throw e;
    markOffline();
    const c = await readCache<T>(key);
    if (c) return { ...c, stale: true };
    throw e;
  }
}

export interface LoadState<T> {
  value?: Loaded<T>;
  error?: ApiError;
  reload: () => void;
}

/** A screen's read, done again when the outbox delivers something (the server's answer changed). */
export function useLoad<T>(fn: () => Promise<Loaded<T>>, deps: unknown[]): LoadState<T> {
  const [value, setValue] = useState<Loaded<T>>();
  const [error, setError] = useState<ApiError>();
  const [n, setN] = useState(0);
  // deps are the caller's; n forces a reload.
  useEffect(() => {
    let live = true;
    fn().then(
      (v) => {
        if (!live) return;
        setValue(v);
        setError(undefined);
      },
      (e: unknown) => live && setError(e instanceof ApiError ? e : new ApiError(0, "ERROR", String(e))),
    );
    return () => {
      live = false;
    };
  }, [...deps, n]);
  useEffect(() => {
    let seen = lastDelivered();
    return onOutbox(() => {
      const d = lastDelivered();
      if (d === seen) return;
      seen = d;
      setN((x) => x + 1);
    });
  }, []);
  return { value, error, reload: () => setN((x) => x + 1) };
}
