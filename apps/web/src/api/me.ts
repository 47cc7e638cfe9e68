// Who is signed in, without TanStack Query: the login route uses this directly, the signed-in shell
// through useMe (session.ts). Handing the user over saves the shell a second /auth/me after login.
import { api, isApiError, setCsrfToken } from "./client";
import type { Me } from "./types";

/** Who is signed in, or null; a 401 here is the normal "not signed in" answer, not an error. */
export async function fetchMe(): Promise<Me | null> {
  try {
    const me = await api<Me>("/auth/me");
    setCsrfToken(me.csrfToken);
    return me;
  } catch (e) {
    if (isApiError(e, "UNAUTHENTICATED")) {
      setCsrfToken(null);
      return null;
    }
    throw e;
  }
}

let handedOver: Me | null = null;

/** The login page found or signed in this user; the shell seeds its query cache with it. */
export function handOverMe(me: Me) {
  handedOver = me;
}

/** Takes the handed-over user once (null when there is none). */
export function takeHandedOverMe(): Me | null {
  const me = handedOver;
  handedOver = null;
  return me;
}

let early: Promise<Me | null> | null = null;

/** Starts /auth/me as the app boots, alongside the shell's and the page's chunks. */
export function probeMeEarly(): Promise<Me | null> {
  early = fetchMe();
  early.catch(() => undefined); // Whoever takes it handles the error.
  return early;
}

/** The early probe's answer the first time (useMe, or the login page), a fresh /auth/me after. */
export function fetchMeOnce(): Promise<Me | null> {
  const p = early;
  early = null;
  return p ?? fetchMe();
}
