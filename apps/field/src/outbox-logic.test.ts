// The outbox's rules (issue 12, offline): order, back-off, conflicts held per case, the worker's own
// chain of commands on one case, photo references. Pure functions; the browser journey is
// e2e/field-app.e2e.test.ts.
import { describe, expect, it } from "vitest";
import {
  backoffMs,
  bindCase,
  classify,
  nextToSend,
  type OutboxItem,
  prunable,
  reapply,
  rebaseChain,
  resolveRefs,
} from "./outbox-logic";
import { fitWithin } from "./photos";

let n = 0;
function item(p: Partial<OutboxItem> = {}): OutboxItem {
  n += 1;
  return {
    seq: n,
    id: `id-${n}`,
    chain: "case:A",
    kind: "command",
    label: "x",
    method: "POST",
    path: "/cases/A/commands",
    body: { type: "note", version: 3, text: "t" },
    state: "pending",
    attempts: 0,
    nextAt: 0,
    createdAt: 0,
    ...p,
  };
}

describe("nextToSend: the queue's order", () => {
  it("sends the oldest waiting item first, whatever order the store returns them in", () => {
    const a = item();
    const b = item();
    expect(nextToSend([b, a], 10)?.item.id).toBe(a.id);
  });

  it("skips what the server already has", () => {
    const a = item({ state: "done" });
    const b = item();
    expect(nextToSend([a, b], 10)?.item.id).toBe(b.id);
  });

  it("a conflict holds back the later items of its case, not those of other cases", () => {
    const a = item({ state: "conflict" });
    const b = item();
    const c = item({ chain: "visit:1", kind: "visit" });
    expect(nextToSend([a, b, c], 10)?.item.id).toBe(c.id);
  });

  it("a refused item holds its chain too (a visit's case waits for the visit)", () => {
    const v = item({ chain: "visit:1", kind: "visit", state: "rejected" });
    const vc = item({ chain: "visit:1", kind: "visitCase" });
    expect(nextToSend([v, vc], 10)).toBeNull();
  });

  it("the head in back-off makes everything behind it wait: writes keep their order", () => {
    const a = item({ attempts: 2, nextAt: 5000 });
    const b = item({ chain: "case:B" });
    expect(nextToSend([a, b], 1000)).toEqual({ item: a, waitMs: 4000 });
  });

  it("nothing to send: null", () => {
    expect(nextToSend([item({ state: "done" })], 0)).toBeNull();
    expect(nextToSend([], 0)).toBeNull();
  });
});

describe("backoffMs", () => {
  it.each([
    [1, 1000],
    [2, 2000],
    [3, 4000],
    [6, 32_000],
    [7, 60_000],
    [20, 60_000],
  ])("after try %i waits %i ms (doubling, capped at a minute)", (attempts, ms) => {
    expect(backoffMs(attempts)).toBe(ms);
  });

  it("jitter adds at most a fifth", () => {
    expect(backoffMs(3, 0.999)).toBeLessThanOrEqual(4800);
    expect(backoffMs(3, 0.5)).toBe(4400);
  });
});

describe("classify: what an answer means for a queued write", () => {
  it.each([
    [0, "NETWORK", "retry"],
    [500, "INTERNAL", "retry"],
    [502, "HTTP_502", "retry"],
    [429, "RATE_LIMITED", "retry"],
    [401, "UNAUTHENTICATED", "auth"],
    [409, "CONFLICT", "conflict"],
    [409, "INVALID_TRANSITION", "conflict"],
    [400, "INVALID_INPUT", "rejected"],
    [403, "FORBIDDEN", "rejected"],
    [404, "NOT_FOUND_OR_NO_ACCESS", "rejected"],
  ] as const)("%i %s → %s", (status, code, how) => {
    expect(classify(status, code)).toBe(how);
  });
});

describe("rebaseChain: the worker's own commands on one case", () => {
  it("later commands of the same case carry the version the sent one produced", () => {
    const a = item({ body: { type: "note", version: 3, text: "a" } });
    const b = item({ body: { type: "accept", version: 3 } });
    const other = item({ chain: "case:B", body: { type: "accept", version: 3 } });
    const out = rebaseChain([a, b, other], { ...a, state: "done" }, 4);
    expect(out).toEqual([{ ...b, body: { type: "accept", version: 4 } }]);
  });

  it("leaves conflicts, earlier items and photos alone", () => {
    const early = item({ body: { type: "note", version: 2, text: "x" } });
    const a = item();
    const c = item({ state: "conflict" });
    const photo = item({ kind: "attachment", body: undefined });
    expect(rebaseChain([early, a, c, photo], a, 9)).toEqual([]);
    expect(rebaseChain([early, a], a, undefined)).toEqual([]);
  });
});

describe("a case opened offline (visit → 立案): commands wait for its code", () => {
  it("are held until the opener is answered, then get its code, its chain and its version", () => {
    const visit = item({ chain: "visit:v", kind: "visit", path: "/field/visits" });
    const opener = item({ chain: "visit:v", kind: "visitCase", path: "/field/visits/v/case" });
    const accept = item({
      chain: "visit:v",
      after: opener.id,
      path: "/cases/@case/commands",
      body: { type: "accept", version: 0 },
    });
    const photo = item({
      chain: "visit:v",
      after: opener.id,
      kind: "attachment",
      path: "/cases/@case/attachments",
      body: undefined,
    });
    // Only the visit and its opener can go; the commands wait (also when the opener is refused).
    expect(nextToSend([accept, opener, visit], 0)?.item.id).toBe(visit.id);
    expect(nextToSend([accept, { ...opener, state: "rejected" }], 0)).toBeNull();
    const done = { ...opener, state: "done" as const, result: { code: "G-1", version: 2 } };
    const bound = bindCase([visit, done, accept, photo], done);
    expect(bound).toEqual([
      {
        ...accept,
        after: undefined,
        chain: "case:G-1",
        path: "/cases/G-1/commands",
        body: { type: "accept", version: 2 },
      },
      { ...photo, after: undefined, chain: "case:G-1", path: "/cases/G-1/attachments" },
    ]);
    expect(bindCase([accept], { ...opener, state: "done" })).toEqual([]);
  });

  it("an upload moves the chain on only when the case's version is the next one (no one else wrote)", () => {
    const up = item({ kind: "attachment", body: undefined });
    const next = item({ body: { type: "resolve", version: 5, summary: "s" } });
    expect(rebaseChain([up, next], up, 6, 5)).toEqual([
      { ...next, body: { ...(next.body as object), version: 6 } },
    ]);
    expect(rebaseChain([up, next], up, 7, 6)).toEqual([]);
  });
});

describe("a shared phone: items go only as the user who made them", () => {
  it("holds another user's items and sends the signed-in user's", () => {
    const theirs = item({ user: "u1", chain: "case:X" });
    const mine = item({ user: "u2", chain: "case:Y" });
    expect(nextToSend([theirs, mine], 0, "u2")?.item.id).toBe(mine.id);
    expect(nextToSend([theirs, mine], 0, "u1")?.item.id).toBe(theirs.id);
    expect(nextToSend([theirs], 0, null)).toBeNull();
  });
});

describe("resolveRefs: a visit names its photos before they have server ids", () => {
  it("replaces @ref: strings with the earlier items' results", () => {
    const body = { id: "v", photoIds: ["@ref:p1", "@ref:p2"], findings: "x" };
    const got = resolveRefs(
      body,
      new Map([
        ["p1", "srv-1"],
        ["p2", "srv-2"],
      ]),
    );
    expect(got).toEqual({ body: { id: "v", photoIds: ["srv-1", "srv-2"], findings: "x" } });
  });

  it("is null while a referenced photo is not on the server yet", () => {
    expect(resolveRefs({ photoIds: ["@ref:p1"] }, new Map())).toBeNull();
  });
});

describe("reapply: the worker's choice after a conflict", () => {
  it("sends the same write again on the case's new version, from a fresh back-off", () => {
    const c = item({
      state: "conflict",
      attempts: 3,
      error: "stale",
      conflict: { status: "accepted", step: 1, version: 7, lastEvent: null, lastActor: null },
    });
    const r = reapply(c, 7, 123);
    expect(r).toMatchObject({
      state: "pending",
      attempts: 0,
      nextAt: 123,
      body: { type: "note", version: 7, text: "t" },
    });
    expect(r.id).toBe(c.id);
    expect(r.conflict).toBeUndefined();
  });
});

describe("prunable: delivered items kept a while to show 已同步", () => {
  it("drops delivered items beyond the newest `keep` or older than a day, never open ones", () => {
    const now = 100 * 86_400_000;
    const fresh = item({ state: "done", doneAt: now - 1000 });
    const old = item({ state: "done", doneAt: now - 2 * 86_400_000 });
    const open = item({ state: "conflict" });
    expect(prunable([fresh, old, open], now)).toEqual([old]);
    expect(prunable([fresh, old, open], now, 0)).toEqual([fresh, old]);
  });
});

describe("fitWithin: photos shrunk on the phone", () => {
  it.each([
    [4000, 3000, 1600, 1200],
    [3000, 4000, 1200, 1600],
    [1200, 800, 1200, 800],
    [1600, 1600, 1600, 1600],
  ])("%i × %i → %i × %i (long side ≤ 1600 px, never enlarged)", (w, h, ew, eh) => {
    expect(fitWithin(w, h)).toEqual({ width: ew, height: eh });
  });
});
