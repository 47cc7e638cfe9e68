import { sql } from "kysely";
import type { Db } from "../../db/database";
import type { PersonalData } from "../../lib/personal-data";

// `fengqiao keys rotate`: every sealed value re-sealed with the current key, column by column, in
// batches of rows locked FOR UPDATE, each batch one transaction with its watermark. The app keeps
// serving meanwhile: it writes with the new key and reads both (the keyring holds the old key), and a
// row written during the run is already current, so the batch leaves it as it is.

/** A column holding sealed values: a text column of them, or JSON with sealed strings under `*Enc` keys. */
export interface SealedTarget {
  table: string;
  pk: string;
  pkType: "uuid" | "bigint" | "text";
  column: string;
  kind: "text" | "json";
}

/** Every place personal data is sealed (grep `encrypt(`): adding a sealed column means adding it here. */
export const SEALED_TARGETS: SealedTarget[] = [
  { table: "cases", pkType: "uuid", pk: "id", column: "reporter_phone_enc", kind: "text" },
  { table: "cases", pkType: "uuid", pk: "id", column: "parties", kind: "json" },
  { table: "opinions", pkType: "uuid", pk: "id", column: "reporter_phone_enc", kind: "text" },
  { table: "open311_requests", pkType: "uuid", pk: "case_id", column: "email_enc", kind: "text" },
  { table: "household_members", pkType: "uuid", pk: "id", column: "name_enc", kind: "text" },
  { table: "household_members", pkType: "uuid", pk: "id", column: "phone_enc", kind: "text" },
  { table: "household_members", pkType: "uuid", pk: "id", column: "id_number_enc", kind: "text" },
  { table: "mediation_agreements", pkType: "uuid", pk: "id", column: "parties", kind: "json" },
  // An import's one-time initial passwords, sealed until the admin downloads them once.
  { table: "import_jobs", pkType: "uuid", pk: "id", column: "credentials_enc", kind: "text" },
  // 查询码 of a stored citizen reply (pinEnc) and the phone a queued SMS goes to (to.phoneEnc).
  { table: "idempotency_keys", pkType: "text", pk: "key", column: "response", kind: "json" },
  { table: "outbox", pkType: "bigint", pk: "id", column: "payload", kind: "json" },
];

export const targetName = (t: SealedTarget) => `${t.table}.${t.column}`;

const SEALED_VALUE = /^v\d+\.[A-Za-z0-9_-]+$/;

/** Applies `f` to every sealed string under an `…Enc` key, at any depth; the count of values it changed. */
export function mapSealed(
  value: unknown,
  f: (sealed: string) => string | null,
): { value: unknown; changed: number } {
  let changed = 0;
  const walk = (v: unknown, key: string | null): unknown => {
    if (typeof v === "string" && key?.endsWith("Enc") && SEALED_VALUE.test(v)) {
      const next = f(v);
      if (next !== v) changed += 1;
      return next;
    }
    if (Array.isArray(v)) return v.map((x) => walk(x, null));
    if (v && typeof v === "object") {
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, walk(x, k)]),
      );
    }
    return v;
  };
  return { value: walk(value, null), changed };
}

export interface RotateOptions {
  batchSize?: number;
  /** Stop after this many batches in all (a deliberate interruption, for tests and careful runs). */
  maxBatches?: number;
  now?: () => Date;
}

export interface RotateResult {
  version: number;
  /** Values re-sealed in this run, by target. */
  resealed: Record<string, number>;
  complete: boolean;
}

export async function rotateKeys(db: Db, pd: PersonalData, o: RotateOptions = {}): Promise<RotateResult> {
  const batchSize = o.batchSize ?? 500;
  let batchesLeft = o.maxBatches ?? Number.POSITIVE_INFINITY;
  const now = o.now ?? (() => new Date());
  const resealed: Record<string, number> = {};
  for (const t of SEALED_TARGETS) {
    const name = targetName(t);
    resealed[name] = 0;
    for (;;) {
      if (batchesLeft <= 0) return { version: pd.currentVersion, resealed, complete: false };
      const finished = await db.transaction().execute(async (tx) => {
        const mark = await tx
          .selectFrom("key_rotation_watermarks")
          .selectAll()
          .where("target", "=", name)
          .forUpdate()
          .executeTakeFirst();
        // A watermark of an earlier key version is a finished (or abandoned) older rotation: start over.
        const fresh = !mark || mark.key_version !== pd.currentVersion;
        if (!fresh && mark.done) return true;
        const after = fresh ? null : mark.after_key;
        const rows = await sql<{ k: string; v: unknown }>`
          SELECT ${sql.ref(t.pk)}::text AS k, ${sql.ref(t.column)} AS v FROM ${sql.table(t.table)}
          WHERE ${sql.ref(t.column)} IS NOT NULL ${after === null ? sql`` : sql`AND ${sql.ref(t.pk)} > ${after}`}
          ORDER BY ${sql.ref(t.pk)} LIMIT ${batchSize} FOR UPDATE`.execute(tx);
        let n = 0;
        const updates: { k: string; v: string }[] = [];
        for (const r of rows.rows) {
          if (t.kind === "text") {
            const v = r.v as string;
            const next = pd.reseal(v);
            if (next !== v) updates.push({ k: r.k, v: next });
            n += next !== v ? 1 : 0;
          } else {
            const m = mapSealed(r.v, (s) => pd.reseal(s));
            if (m.changed > 0) updates.push({ k: r.k, v: JSON.stringify(m.value) });
            n += m.changed;
          }
        }
        if (updates.length > 0) {
          const cast = t.kind === "json" ? sql`::jsonb` : sql``;
          await sql`
            UPDATE ${sql.table(t.table)} AS t SET ${sql.ref(t.column)} = u.v${cast}
            FROM (SELECT unnest(${updates.map((u) => u.k)}::text[]) AS k, unnest(${updates.map((u) => u.v)}::text[]) AS v) u
            WHERE t.${sql.ref(t.pk)} = u.k::${sql.raw(t.pkType)}`.execute(tx);
        }
        const last = rows.rows.at(-1)?.k ?? after;
        const done = rows.rows.length < batchSize;
        const total = String(Number(fresh ? 0 : mark.resealed) + n);
        await tx
          .insertInto("key_rotation_watermarks")
          .values({
            target: name,
            key_version: pd.currentVersion,
            after_key: last,
            done,
            resealed: total,
            updated_at: now(),
          })
          .onConflict((oc) =>
            oc.column("target").doUpdateSet({
              key_version: pd.currentVersion,
              after_key: last,
              done,
              resealed: total,
              updated_at: now(),
            }),
          )
          .execute();
        resealed[name] = (resealed[name] ?? 0) + n;
        return done;
      });
      batchesLeft -= 1;
      if (finished) break;
    }
  }
  return { version: pd.currentVersion, resealed, complete: true };
}

/** How many sealed values each key version still holds, per target: the proof a rotation is complete. */
export async function sealedVersions(db: Db): Promise<Record<string, Record<string, number>>> {
  const out: Record<string, Record<string, number>> = {};
  for (const t of SEALED_TARGETS) {
    const src =
      t.kind === "text"
        ? sql`SELECT ${sql.ref(t.column)} AS s FROM ${sql.table(t.table)} WHERE ${sql.ref(t.column)} IS NOT NULL`
        : sql`SELECT (regexp_matches(${sql.ref(t.column)}::text, '"[A-Za-z]*Enc": "(v[0-9]+)\\.', 'g'))[1] AS s
              FROM ${sql.table(t.table)}`;
    const r = await sql<{ v: string; n: string }>`
      SELECT split_part(s, '.', 1) AS v, count(*) AS n FROM (${src}) x GROUP BY 1`.execute(db);
    out[targetName(t)] = Object.fromEntries(r.rows.map((x) => [x.v, Number(x.n)]));
  }
  return out;
}
