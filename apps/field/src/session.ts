// Who is signed in on this phone. The session cookie lives for months (a device session, FIELD-API.md);
// the user is also kept in the read cache so the app opens offline as the same worker.
import { ApiError, api, isOffline, read, setCsrf } from "./api";
import { readCache, writeCache } from "./db";
import { markOffline, markOnline } from "./load";
import { setOutboxUser } from "./outbox";

// Signed out with no network: the server still holds the session. It is ended the next time this
// phone reaches the server, before anyone is let in again (a shared phone).
const LOGOUT_PENDING = "fq.logoutPending";

// "Someone signed in on this phone": without it the login screen is drawn at once on a cold first
// visit, instead of after the /auth/me round trip (public/me.js asks only when it is set).
const SIGNED_IN = "fq.me";
export const hasSession = () => localStorage.getItem(SIGNED_IN) !== null;
const signedIn = (yes: boolean) =>
  yes ? localStorage.setItem(SIGNED_IN, "1") : localStorage.removeItem(SIGNED_IN);

export function forgetUser(offline: boolean) {
  signedIn(false);
  setOutboxUser(null);
  if (offline) localStorage.setItem(LOGOUT_PENDING, "1");
}

async function endPendingLogout(): Promise<void> {
  const me = await read<Me>(fetch("/api/v1/auth/me", { credentials: "same-origin" })).catch((e) => {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  });
  if (me) {
    setCsrf(me.csrfToken ?? null);
    await api("/auth/logout", { method: "POST", body: {} });
    setCsrf(null);
  }
  localStorage.removeItem(LOGOUT_PENDING);
}

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
    if (localStorage.getItem(LOGOUT_PENDING)) {
      await endPendingLogout();
      return null;
    }
    const me = await read<Me>(early ?? fetch("/api/v1/auth/me", { credentials: "same-origin" }));
    setCsrf(me.csrfToken ?? null);
    markOnline();
    await writeCache("me", { ...me, csrfToken: undefined });
    setOutboxUser(me.id);
    signedIn(true);
    return me;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      signedIn(false);
      return null;
    }
    if (!isOffline(e)) throw e;
    markOffline();
    const cached = (await readCache<Me>("me"))?.data ?? null;
    if (cached) setOutboxUser(cached.id);
    return cached;
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
  if (localStorage.getItem(LOGOUT_PENDING)) await endPendingLogout();
  const me = await api<Me>("/auth/login", {
    method: "POST",
    body: { username, password, device: { name: deviceName } },
  });
  setCsrf(me.csrfToken ?? null);
  markOnline();
  await writeCache("me", { ...me, csrfToken: undefined });
  setOutboxUser(me.id);
  signedIn(true);
  return me;
}
