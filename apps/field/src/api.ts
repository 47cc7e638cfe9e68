// JSON over fetch with the session cookie and the CSRF token on writes, as the console does; errors
// keep their HTTP status and machine code so the outbox can tell "retry" from "the case moved on".
import { lang } from "./i18n";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

let csrf: string | null = null;
export const setCsrf = (t: string | null) => {
  csrf = t;
};
export const hasCsrf = () => csrf !== null;

export interface SendOptions {
  method?: "GET" | "POST" | "DELETE";
  body?: unknown;
  file?: Blob;
  idempotencyKey?: string;
}

export async function api<T>(path: string, opts: SendOptions = {}): Promise<T> {
  const method = opts.method ?? (opts.body === undefined && !opts.file ? "GET" : "POST");
  const headers: Record<string, string> = { Accept: "application/json", "Accept-Language": lang() };
  let body: BodyInit | undefined;
  if (opts.file) {
    const form = new FormData();
    form.append("file", opts.file, opts.file.type === "image/png" ? "photo.png" : "photo.jpg");
    body = form;
  } else if (opts.body !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(opts.body);
  }
  if (method !== "GET" && csrf) headers["x-csrf-token"] = csrf;
  if (opts.idempotencyKey) headers["Idempotency-Key"] = opts.idempotencyKey;
  return read<T>(fetch(`/api/v1${path}`, { method, headers, body, credentials: "same-origin" }));
}

/** A request's answer as JSON, or an ApiError with the status and code (status 0: no network). */
export async function read<T>(request: Promise<Response>): Promise<T> {
  let res: Response;
  try {
    res = await request;
  } catch {
    throw new ApiError(0, "NETWORK", lang() === "en" ? "No network" : "网络不通");
  }
  if (res.status === 204) return undefined as T;
  const data = (await res.json().catch(() => null)) as Record<string, unknown> | null;
  if (!res.ok) {
    // Today's shape is { error: CODE, message, messages }; FIELD-API.md writes { error: { code, message } }.
    const err = data?.error;
    const code =
      typeof err === "string" ? err : ((err as { code?: string } | undefined)?.code ?? `HTTP_${res.status}`);
    const msgs = (data?.messages ?? (err as { message?: unknown } | undefined)?.message) as
      | { zh?: string; en?: string }
      | undefined;
    const message =
      (lang() === "en" ? msgs?.en : msgs?.zh) ??
      (typeof data?.message === "string" ? data.message : `HTTP ${res.status}`);
    throw new ApiError(res.status, code, message);
  }
  return data as T;
}

export const isOffline = (e: unknown) => e instanceof ApiError && e.status === 0;
/** A route this server does not have yet (FIELD-API.md routes before the server side is merged). */
export const isMissing = (e: unknown) => e instanceof ApiError && e.status === 404;

export function uuid(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  // WebViews on plain http have no randomUUID: the same v4 layout from getRandomValues.
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
