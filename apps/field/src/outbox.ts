// The outbox: every write the worker makes is stored on the phone first (IndexedDB), then sent in
// order whenever there is a network. It survives the app being closed; each item keeps its
// Idempotency-Key, so an answer lost on a weak line and the write sent again runs once on the server.
import { ApiError, api, hasCsrf, setCsrf, uuid } from "./api";
import { db, writeCache } from "./db";
import {
  backoffMs,
  bindCase,
  type ConflictView,
  classify,
  nextToSend,
  type OutboxItem,
  prunable,
  reapply,
  rebaseChain,
  resolveRefs,
} from "./outbox-logic";

const listeners = new Set<() => void>();
let sendingSeq: number | null = null;
let authNeeded = false;
let running = false;
let timer: ReturnType<typeof setTimeout> | undefined;

export const outboxState = () => ({ sendingSeq, authNeeded });

export function onOutbox(f: () => void): () => void {
  listeners.add(f);
  return () => listeners.delete(f);
}
const notify = () => {
  for (const f of listeners) f();
};

export async function listItems(): Promise<OutboxItem[]> {
  return (await db()).getAll("outbox");
}

export type NewItem = Pick<OutboxItem, "chain" | "kind" | "label" | "path"> &
  Partial<Pick<OutboxItem, "id" | "body" | "file" | "after">>;

// Who is signed in on this phone: items are stamped with it, and only their own user's session sends them.
let currentUser: string | null = null;
export function setOutboxUser(id: string | null) {
  currentUser = id;
  if (id) void kick();
}
export const outboxUser = () => currentUser;

/** Stores a write on the phone and starts sending if possible. Returns the item's id (its key). */
export async function enqueue(n: NewItem): Promise<string> {
  const now = Date.now();
  const item: OutboxItem = {
    id: n.id ?? uuid(),
    chain: n.chain,
    after: n.after,
    user: currentUser ?? undefined,
    kind: n.kind,
    label: n.label,
    method: "POST",
    path: n.path,
    body: n.body,
    file: n.file,
    state: "pending",
    attempts: 0,
    nextAt: now,
    createdAt: now,
  };
  await (await db()).add("outbox", item);
  notify();
  void kick();
  return item.id;
}

async function put(item: OutboxItem) {
  await (await db()).put("outbox", item);
}

/** What the case looks like now, for a 409: read fresh, and the read cache refreshed with it. */
async function conflictView(chain: string): Promise<ConflictView | undefined> {
  if (!chain.startsWith("case:")) return undefined;
  const code = chain.slice(5);
  try {
    const c = await api<{
      status: string;
      step: number;
      version: number;
      timeline: { type: string; actor: string | null }[];
    }>(`/cases/${encodeURIComponent(code)}`);
    await writeCache(`case:${code}`, c);
    const last = c.timeline[c.timeline.length - 1];
    return {
      status: c.status,
      step: c.step,
      version: c.version,
      lastEvent: last?.type ?? null,
      lastActor: last?.actor ?? null,
    };
  } catch {
    return undefined;
  }
}

async function sendOne(item: OutboxItem, all: OutboxItem[]): Promise<"next" | "stop"> {
  const results = new Map<string, string>();
  for (const i of all) if (i.state === "done" && i.result?.id) results.set(i.id, i.result.id);
  const resolved = resolveRefs(item.body, results);
  if (!resolved) {
    await put({ ...item, state: "rejected", error: "missing photo" });
    return "next";
  }
  sendingSeq = item.seq ?? null;
  notify();
  try {
    if (!hasCsrf()) {
      const me = await api<{ csrfToken: string }>("/auth/me");
      setCsrf(me.csrfToken);
    }
    const res = await api<{ id?: string; code?: string; version?: number } | undefined>(item.path, {
      method: item.method,
      body: item.file ? undefined : resolved.body,
      file: item.file,
      idempotencyKey: item.id,
    });
    const done: OutboxItem = {
      ...item,
      state: "done",
      doneAt: Date.now(),
      error: undefined,
      file: undefined, // the photo is on the server now; the phone's copy is freed
      result: { id: res?.id, code: res?.code, version: res?.version },
    };
    await put(done);
    const later = await listItems();
    const moved =
      item.kind === "command"
        ? rebaseChain(later, done, res?.version)
        : item.kind === "attachment" && res?.version !== undefined
          ? rebaseChain(later, done, res.version, res.version - 1)
          : bindCase(later, done);
    for (const r of moved) await put(r);
    synced = Date.now();
    return "next";
  } catch (e) {
    const err = e instanceof ApiError ? e : new ApiError(0, "NETWORK", String(e));
    const how = classify(err.status, err.code);
    if (how === "auth") {
      authNeeded = true;
      setCsrf(null);
      return "stop";
    }
    if (how === "retry") {
      const attempts = item.attempts + 1;
      await put({
        ...item,
        attempts,
        nextAt: Date.now() + backoffMs(attempts, Math.random()),
        error: err.message,
      });
      return "next";
    }
    if (how === "conflict") {
      await put({ ...item, state: "conflict", error: err.message, conflict: await conflictView(item.chain) });
      synced = Date.now(); // the case read afresh: screens showing it read it again
      return "next";
    }
    await put({ ...item, state: "rejected", error: err.message });
    return "next";
  } finally {
    sendingSeq = null;
  }
}

let synced = 0;
/** When the outbox last delivered something or learnt the server's state moved on (ms), or 0. */
export const lastDelivered = () => synced;

/** Sends what can go now, in order; schedules itself for the next back-off. One runner per page. */
export async function kick(): Promise<void> {
  if (running || authNeeded) return;
  running = true;
  clearTimeout(timer);
  try {
    for (;;) {
      const all = await listItems();
      const d = await db();
      for (const old of prunable(all, Date.now()))
        if (old.seq !== undefined) await d.delete("outbox", old.seq);
      const next = nextToSend(all, Date.now(), currentUser);
      if (!next) break;
      if (next.waitMs > 0) {
        timer = setTimeout(() => void kick(), next.waitMs);
        break;
      }
      const r = await sendOne(next.item, all);
      notify();
      if (r === "stop") break;
    }
  } finally {
    running = false;
    notify();
  }
}

/** The network is back (or the worker pressed 立即同步): waiting items go now, not after their back-off. */
export async function syncNow(): Promise<void> {
  const d = await db();
  for (const it of await listItems()) {
    if (it.state === "pending" && it.nextAt > Date.now())
      await d.put("outbox", { ...it, nextAt: Date.now() });
  }
  void kick();
}

/** After a new sign-in: what waited for it goes on. */
export function resumeAfterLogin() {
  authNeeded = false;
  void syncNow();
}

async function bySeq(seq: number): Promise<OutboxItem | undefined> {
  return (await db()).get("outbox", seq);
}

/** "按最新版本重新提交": the same write on the case as it is now. */
export async function reapplyItem(seq: number): Promise<void> {
  const it = await bySeq(seq);
  if (!it) return;
  const fresh = await conflictView(it.chain);
  const version = fresh?.version ?? it.conflict?.version ?? 0;
  await put(reapply(it, version, Date.now()));
  notify();
  void kick();
}

/** A refused item tried again as it is (e.g. after the server gained the route). */
export async function retryItem(seq: number): Promise<void> {
  const it = await bySeq(seq);
  if (!it) return;
  await put({ ...it, state: "pending", attempts: 0, nextAt: Date.now(), error: undefined });
  notify();
  void kick();
}

/** The worker's explicit "放弃": the only way a write leaves the queue unsent. */
export async function discardItem(seq: number): Promise<void> {
  await (await db()).delete("outbox", seq);
  notify();
  void kick();
}

export function startOutbox() {
  addEventListener("online", () => void syncNow());
  // A phone's "online" event is not always fired (WebViews): look again every 15 s.
  setInterval(() => void kick(), 15_000);
  void kick();
}
