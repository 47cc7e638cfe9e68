// Who is signed in on this phone. The session cookie lives for months (a device session, FIELD-API.md);
// the user is also kept in the read cache so the app opens offline as the same worker.
import { ApiError, api, isOffline, read, setCsrf } from "./api";
import { readCache, writeCache } from "./db";
import { markOffline, markOnline } from "./load";

export interface Me {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  regionCode: string;
  regionPath: string;
  csrfToken?: string;
  /** A one-time password (import, admin reset): the app shows screens/first-password first. */
  mustChangePassword?: boolean;
}

/** The signed-in user, null when the server says "not signed in", or the cached one when offline. */
export async function whoAmI(): Promise<Me | null> {
  // index.html asked already, while the app's script was still on the wire: one round trip less.
  const early = window.__me;
  window.__me = undefined;
  try {
    const me = await read<Me>(early ?? fetch("/api/v1/auth/me", { credentials: "same-origin" }));
    setCsrf(me.csrfToken ?? null);
    markOnline();
    await writeCache("me", { ...me, csrfToken: undefined });
    return me;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    if (!isOffline(e)) throw e;
    markOffline();
    return (await readCache<Me>("me"))?.data ?? null;
  }
}

declare global {
  interface Window {
    __me?: Promise<Response>;
  }
}

/** A name for this phone in "my devices", guessed from the browser; the worker may change it. */
export function guessDeviceName(): string {
  const ua = navigator.userAgent;
  const model = /Android [\d.]+; ([^;)]+)/.exec(ua)?.[1]?.trim();
  if (model && model !== "K") return model;
  if (/iPhone/.test(ua)) return "iPhone";
  if (/Android/.test(ua)) return "Android";
  return "手机";
}

export async function login(username: string, password: string, deviceName: string): Promise<Me> {
  const me = await api<Me>("/auth/login", {
    method: "POST",
    body: { username, password, device: { name: deviceName } },
  });
  setCsrf(me.csrfToken ?? null);
  markOnline();
  await writeCache("me", { ...me, csrfToken: undefined });
  return me;
}
