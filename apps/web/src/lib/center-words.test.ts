import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { en } from "../i18n/en";
import { zh } from "../i18n/zh";
import { eventKey } from "./event-words";

// The center's procedures (window, summons, referrals) write their own event types to the case's
// timeline; each needs a sentence in both languages. Found by reading core and the server.
const SOURCES = [
  join(import.meta.dirname, "../../../server/src"),
  join(import.meta.dirname, "../../../../packages/core/src"),
];
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((f) =>
    f.isDirectory()
      ? files(join(dir, f.name))
      : f.name.endsWith(".ts") && !f.name.endsWith(".test.ts")
        ? [join(dir, f.name)]
        : [],
  );
const lookup = (messages: object, key: string): unknown =>
  key.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], messages);

describe("center timeline words", () => {
  it("has a zh and an en sentence for every window, summons and referral event", () => {
    const types = new Set<string>();
    for (const f of SOURCES.flatMap(files)) {
      const text = readFileSync(f, "utf8");
      for (const m of text.matchAll(/(?:ev|effect)\(\s*"((?:summons|referral)\.[a-z_]+)"/g))
        types.add(m[1] as string);
      for (const m of text.matchAll(/event: "(window\.[a-z_]+)"/g)) types.add(m[1] as string);
    }
    expect(types.size).toBeGreaterThanOrEqual(13);
    const missing = [...types].flatMap((t) =>
      [zh, en].flatMap((m, i) =>
        typeof lookup(m, eventKey(t)) === "string" ? [] : [`${["zh", "en"][i]}:${t}`],
      ),
    );
    expect(missing).toEqual([]);
  });
});
