// The public API, with the server's Chinese messages passed straight to the page.
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

const NETWORK = "网络不稳定，请检查网络后重试（已填写的内容不会丢失）";

export async function api<T>(
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api/public${path}`, {
      method: init.method ?? (init.body === undefined ? "GET" : "POST"),
      headers: {
        ...(init.body === undefined ? {} : { "content-type": "application/json" }),
        ...init.headers,
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  } catch {
    throw new ApiError(NETWORK, 0);
  }
  return read<T>(res);
}

async function read<T>(res: Response): Promise<T> {
  const data = await res.json().catch(() => null);
  if (!res.ok)
    throw new ApiError(
      data?.message ?? (res.status === 429 ? "操作过于频繁，请稍后再试" : NETWORK),
      res.status,
    );
  return data as T;
}

declare global {
  interface Window {
    __placeLookup?: Promise<Response>;
  }
}

/** The scanned place: the lookup index.html started early, else a fresh request. */
export function placeInfo(token: string): Promise<PlaceInfo> {
  const early = window.__placeLookup;
  window.__placeLookup = undefined;
  if (!early) return api<PlaceInfo>(`/places/${encodeURIComponent(token)}`);
  return early.then(read<PlaceInfo>, () => {
    throw new ApiError(NETWORK, 0);
  });
}

export function newKey(): string {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

export interface PlaceInfo {
  place: { name: string; kindText: string };
  grid: { name: string };
  village: { name: string } | null;
  families: { code: string; name: string }[];
  categories: { code: string; family: string; name: string }[];
  /** null when the policy promises no callback. */
  callbackMinutes: number | null;
}

/** What a submitted case answers; kept in sessionStorage for the done page (this tab only). */
export interface Submitted {
  code: string;
  pin: string;
  statusText: string;
  message: string;
}

export const doneKey = (code: string) => `fq-done-${code}`;

export function submitted(code: string): Submitted | null {
  try {
    return JSON.parse(sessionStorage.getItem(doneKey(code)) ?? "null") as Submitted | null;
  } catch {
    return null;
  }
}

export interface Tracking {
  code: string;
  statusText: string;
  status: string;
  stepName: string | null;
  stepDueAt: string | null;
  unit: string;
  timeline: { label: string; at: string; comment: string | null }[];
  canRate: boolean;
  /** 信访: the statutory stage and deadline in plain words, with its article; null for other cases. */
  petition?: { stageText: string; dueText: string | null; basis: string | null; extended: boolean } | null;
}

export const fmt = (iso: string) =>
  new Date(iso).toLocaleString("zh-CN", {
    month: "numeric",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  });
