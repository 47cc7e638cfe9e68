/** Thin fetch wrapper: JSON in and out, CSRF header on writes, errors as ApiError with both languages. */

export interface ErrorBody {
  error: string;
  message: string;
  messages?: { zh: string; en: string };
  details?: unknown;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;
let language = "zh-CN";
let onUnauthenticated: (() => void) | null = null;
let onPasswordChangeRequired: (() => void) | null = null;

export function setCsrfToken(token: string | null) {
  csrfToken = token;
}
export function setApiLanguage(lang: string) {
  language = lang;
}
/** Called when a request meets an expired session, so the app can send the user to login. */
export function setUnauthenticatedHandler(fn: (() => void) | null) {
  onUnauthenticated = fn;
}

/** Called when the server says the signed-in user must first change a one-time password. */
export function setPasswordChangeRequiredHandler(fn: (() => void) | null) {
  onPasswordChangeRequired = fn;
}

export type QueryValue = string | number | boolean | null | undefined | readonly (string | number)[];

export function queryString(params: Record<string, QueryValue>): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === "") continue;
    if (Array.isArray(v)) {
      if (v.length) sp.set(k, v.join(","));
    } else sp.set(k, String(v));
  }
  const s = sp.toString();
  return s ? `?${s}` : "";
}

export function apiUrl(path: string, params: Record<string, QueryValue> = {}): string {
  return `/api/v1${path}${queryString(params)}`;
}

interface RequestOptions {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  body?: unknown;
  params?: Record<string, QueryValue>;
}

export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const method = opts.method ?? "GET";
  const headers: Record<string, string> = { Accept: "application/json", "Accept-Language": language };
  if (opts.body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET" && csrfToken) headers["x-csrf-token"] = csrfToken;
  let res: Response;
  try {
    res = await fetch(apiUrl(path, opts.params), {
      method,
      headers,
      credentials: "same-origin",
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
  } catch {
    throw new ApiError(0, "NETWORK", language === "en" ? "Network error" : "网络错误，请检查连接");
  }
  return readResponse<T>(res, path);
}

/** One file as multipart/form-data (field "file"); answers and errors as for api(). */
export async function apiUpload<T>(path: string, file: Blob, filename: string): Promise<T> {
  const body = new FormData();
  body.append("file", file, filename);
  const headers: Record<string, string> = { Accept: "application/json", "Accept-Language": language };
  if (csrfToken) headers["x-csrf-token"] = csrfToken;
  let res: Response;
  try {
    res = await fetch(apiUrl(path), { method: "POST", headers, credentials: "same-origin", body });
  } catch {
    throw new ApiError(0, "NETWORK", language === "en" ? "Network error" : "网络错误，请检查连接");
  }
  return readResponse<T>(res, path);
}

async function readResponse<T>(res: Response, path: string): Promise<T> {
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  const json: unknown = text ? safeJson(text) : undefined;
  if (!res.ok) {
    const body = (json ?? {}) as Partial<ErrorBody>;
    const code = body.error ?? `HTTP_${res.status}`;
    const message =
      (language === "en" ? body.messages?.en : body.messages?.zh) ?? body.message ?? `HTTP ${res.status}`;
    // /auth/me and /auth/login answer 401 as part of their normal flow; elsewhere it means "expired".
    if (res.status === 401 && !path.startsWith("/auth/")) onUnauthenticated?.();
    if (code === "PASSWORD_CHANGE_REQUIRED") onPasswordChangeRequired?.();
    throw new ApiError(res.status, code, message, body.details);
  }
  return json as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export const isApiError = (e: unknown, code?: string): e is ApiError =>
  e instanceof ApiError && (code === undefined || e.code === code);

/** Several files in one multipart/form-data request (field "file" each), e.g. a county's workbooks. */
export async function apiUploadFiles<T>(path: string, files: readonly File[]): Promise<T> {
  const body = new FormData();
  for (const f of files) body.append("file", f, f.name);
  const headers: Record<string, string> = { Accept: "application/json", "Accept-Language": language };
  if (csrfToken) headers["x-csrf-token"] = csrfToken;
  let res: Response;
  try {
    res = await fetch(apiUrl(path), { method: "POST", headers, credentials: "same-origin", body });
  } catch {
    throw new ApiError(0, "NETWORK", language === "en" ? "Network error" : "网络错误，请检查连接");
  }
  return readResponse<T>(res, path);
}
