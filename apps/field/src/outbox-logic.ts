// The outbox's rules, apart from IndexedDB and fetch so they are unit-tested (outbox-logic.test.ts):
// which queued write goes next, how long to wait after a failure, what an answer does to the queue.

/** pending: waits its turn; conflict: the case moved on (409), the worker decides; rejected: refused
 * for another reason (4xx), the worker decides; done: the server has it. Nothing leaves the queue unseen. */
export type ItemState = "pending" | "conflict" | "rejected" | "done";

export type ItemKind =
  | "command"
  | "attachment"
  | "visit"
  | "visitCase"
  | "result"
  | "resultCase"
  | "opinion"
  | "photo";

/** What the case looked like when its 409 came back: shown beside the choices (re-apply / discard). */
export interface ConflictView {
  status: string;
  step: number;
  version: number;
  /** The newest timeline event's type (e.g. "case.note"), so the worker sees what happened meanwhile. */
  lastEvent: string | null;
  lastActor: string | null;
}

export interface OutboxItem {
  /** IndexedDB's auto-increment key: the order the worker queued things in. */
  seq?: number;
  /** Generated once at queueing; sent as Idempotency-Key (and as the body's id where the API has one). */
  id: string;
  /** Items of one chain (one case, one visit) are sent strictly one after another. */
  chain: string;
  kind: ItemKind;
  /** What the worker did, in their words: shown in the queue. */
  label: string;
  method: "POST";
  path: string;
  /**
   * The case-opening item (visit or 排查 result → 立案) this one waits for: queued on a case that has
   * no code yet, its path says "@case" and is rewritten to the code (and its chain to the case's) when
   * that item's answer arrives.
   */
  after?: string;
  /** Who queued it (user id): on a shared phone, only that user's session sends it. */
  user?: string;
  /** JSON body; a string "@ref:<id>" anywhere in it becomes that earlier item's result id when sent. */
  body?: unknown;
  /** A photo, sent as multipart field "file". */
  file?: Blob;
  state: ItemState;
  attempts: number;
  /** Not before this time (ms): the back-off after a failed try. */
  nextAt: number;
  createdAt: number;
  doneAt?: number;
  error?: string;
  result?: { id?: string; code?: string; version?: number };
  conflict?: ConflictView;
}

const BASE_MS = 1000;
const MAX_MS = 60_000;

/** Wait before try number `attempts + 1`: 1 s, 2 s, 4 s … capped at a minute; `jitter` in [0, 1). */
export function backoffMs(attempts: number, jitter = 0): number {
  const exp = Math.min(MAX_MS, BASE_MS * 2 ** Math.max(0, attempts - 1));
  // Up to +20 %: a village's phones coming back on one tower do not all knock at the same second.
  return Math.round(exp * (1 + 0.2 * jitter));
}

const bySeq = (a: OutboxItem, b: OutboxItem) => (a.seq ?? 0) - (b.seq ?? 0);

/**
 * The item to send next and how long to wait for it, or null when nothing can go. Order is the
 * queue's order; a chain with an item waiting for the worker (conflict, rejected) holds its later
 * items back, while other chains go on. The head in back-off makes everything behind it wait, so
 * writes reach the server in the order they were made.
 */
export function nextToSend(
  items: OutboxItem[],
  now: number,
  /** The signed-in user: another user's items (a shared phone) wait for them, never go as this one. */
  user: string | null = null,
): { item: OutboxItem; waitMs: number } | null {
  const held = new Set<string>();
  for (const item of [...items].sort(bySeq)) {
    if (item.state === "done") continue;
    if (item.user && item.user !== user) {
      held.add(item.chain);
      continue;
    }
    if (item.state === "conflict" || item.state === "rejected") {
      held.add(item.chain);
      continue;
    }
    if (held.has(item.chain)) continue;
    // Still waiting for its case's code (the case-opening item was refused or answered without one).
    if (item.after) {
      held.add(item.chain);
      continue;
    }
    return { item, waitMs: Math.max(0, item.nextAt - now) };
  }
  return null;
}

/** How a failed answer is treated: try again later, ask the worker, or wait for a new login. */
export function classify(status: number, code: string): "retry" | "conflict" | "rejected" | "auth" {
  if (status === 0 || status >= 500 || status === 429 || status === 408) return "retry";
  if (status === 401) return "auth";
  // 409: the case moved on (a stale version, or the action no longer fits its state).
  if (status === 409 || code === "CONFLICT" || code === "INVALID_TRANSITION") return "conflict";
  return "rejected";
}

/**
 * After a command on a case succeeded: the later commands queued for the same case were made on the
 * version the worker saw, which this item has just moved on. They are the worker's own chain, not a
 * conflict, so they carry the new version. Returns the items changed.
 */
export function rebaseChain(
  items: OutboxItem[],
  done: OutboxItem,
  newVersion: number | undefined,
  /** Only items made on this version (an upload has no version check: its bump is ours only if +1). */
  onlyFrom?: number,
): OutboxItem[] {
  if (newVersion === undefined) return [];
  const changed: OutboxItem[] = [];
  for (const it of items) {
    if (it.chain !== done.chain || it.state !== "pending" || (it.seq ?? 0) <= (done.seq ?? 0)) continue;
    const body = it.body as { version?: number } | undefined;
    if (onlyFrom !== undefined && body?.version !== onlyFrom) continue;
    if (it.kind === "command" && body && typeof body.version === "number" && body.version !== newVersion) {
      changed.push({ ...it, body: { ...body, version: newVersion } });
    }
  }
  return changed;
}

/** Path placeholder of an item queued on a case that has no code yet (see OutboxItem.after). */
export const CASE_PLACEHOLDER = "@case";

/**
 * The case-opening item `done` answered with the case's code and version: the items waiting for it
 * get the real path, the case's chain, and (commands) the version to act on. Returns the items changed.
 */
export function bindCase(items: OutboxItem[], done: OutboxItem): OutboxItem[] {
  const code = done.result?.code;
  if (!code) return [];
  const version = done.result?.version;
  return items
    .filter((it) => it.after === done.id && it.state !== "done")
    .map((it) => {
      const body = it.body as { version?: number } | undefined;
      return {
        ...it,
        after: undefined,
        chain: `case:${code}`,
        path: it.path.replace(CASE_PLACEHOLDER, encodeURIComponent(code)),
        body:
          it.kind === "command" && body && version !== undefined && typeof body.version === "number"
            ? { ...body, version }
            : it.body,
      };
    });
}

/** The body with "@ref:<id>" strings replaced by the result ids of earlier items; null if one is missing. */
export function resolveRefs(body: unknown, results: Map<string, string>): { body: unknown } | null {
  let missing = false;
  const walk = (v: unknown): unknown => {
    if (typeof v === "string" && v.startsWith("@ref:")) {
      const r = results.get(v.slice(5));
      if (r === undefined) missing = true;
      return r ?? v;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object") {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, walk(x)]));
    }
    return v;
  };
  const out = walk(body);
  return missing ? null : { body: out };
}

/** "Re-apply on the new version": the worker's choice after a conflict. */
export function reapply(item: OutboxItem, version: number, now: number): OutboxItem {
  const body = item.body as Record<string, unknown> | undefined;
  return {
    ...item,
    body: body && typeof body.version === "number" ? { ...body, version } : body,
    state: "pending",
    attempts: 0,
    nextAt: now,
    error: undefined,
    conflict: undefined,
  };
}

/** Done items kept to show "已同步" for a while: the newest `keep`, none older than `maxAgeMs`. */
export function prunable(items: OutboxItem[], now: number, keep = 30, maxAgeMs = 86_400_000): OutboxItem[] {
  const done = items.filter((i) => i.state === "done").sort((a, b) => (b.doneAt ?? 0) - (a.doneAt ?? 0));
  return done.filter((i, n) => n >= keep || now - (i.doneAt ?? 0) > maxAgeMs);
}
