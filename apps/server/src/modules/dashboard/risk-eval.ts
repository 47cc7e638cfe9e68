import {
  DEFAULT_RISK_RULES,
  type RiskRules,
  type RiskWord,
  reddens,
  riskHits,
  ZRiskRules,
} from "@fengqiao/core";
import { sql } from "kysely";
import type { AppContext } from "../../context";
import type { Db, Tx } from "../../db/database";
import { searchTokens } from "../../lib/search";
import { transitionCase } from "../cases/case-change";
import { saveCaseChanges } from "../cases/case-store";

// Risk rules on the server: facts per case in one set-based query per batch, core's riskHits
// decides, hits are written set-based (stale ones deleted; closed cases keep none). A NEW hit of a rule
// that reddens turns its open case red on the one path (cause "risk"): the timeline says why.

export const RULES_KEY = "risk.rules";
const SWEEP_KEY = "risk.lastSweep";
const BATCH = 1000;

export async function loadRiskRules(db: Db): Promise<RiskRules> {
  const row = await db.selectFrom("settings").select("value").where("key", "=", RULES_KEY).executeTakeFirst();
  const parsed = ZRiskRules.safeParse(row?.value);
  return parsed.success ? parsed.data : DEFAULT_RISK_RULES;
}

/** Each risk word as jieba tokens, the same cutting the case's own search tokens had. */
export const riskWords = (words: readonly string[]): RiskWord[] =>
  words.map((word) => ({ word, tokens: searchTokens(word).split(" ").filter(Boolean) }));

interface FactRow {
  id: string;
  region_path: string;
  open: boolean;
  tokens: string[];
  parties: number;
  same_person: number;
  same_place: number;
  grid_week: number;
  grid_before: number;
  step: number;
  step_count: number;
  failed_mediation: boolean;
}

type Hit = { case_id: string; rule: string; why: { zh: string; en: string }; region_path: string };

/** New reddening hits on cases not yet red for a risk: one locked change each, in the hits' transaction. */
async function redden(ctx: AppContext, tx: Tx, fresh: Hit[], now: Date) {
  if (fresh.length === 0) return;
  const byCase = new Map<string, Hit[]>();
  for (const h of fresh) {
    const list = byCase.get(h.case_id);
    if (list) list.push(h);
    else byCase.set(h.case_id, [h]);
  }
  const rows = await tx
    .selectFrom("cases")
    .selectAll()
    .where("id", "in", [...byCase.keys()])
    .where("high_risk", "=", false)
    .where("status", "in", ["submitted", "accepted", "mediating", "paused"])
    .orderBy("id")
    .forUpdate()
    .execute();
  const changes = [];
  for (const row of rows) {
    const hits = (byCase.get(row.id) ?? []).map((h) => ({ rule: h.rule, why: h.why }));
    const change = await transitionCase({ ctx, row, cause: { type: "risk", hits }, now });
    changes.push({ ...change, keepVersion: true });
  }
  await saveCaseChanges(tx, changes, null, now);
}

async function evaluateBatch(ctx: AppContext, ids: string[], rules: RiskRules, words: RiskWord[], now: Date) {
  const db = ctx.db;
  const days = `${rules.repeat.days} days`;
  const weeks = `${rules.surge.weeks * 7 + 7} days`;
  const facts = await sql<FactRow>`
    SELECT c.id, c.region_path, c.status IN ('submitted','accepted','mediating','paused') AS open,
      tsvector_to_array(c.search) AS tokens, jsonb_array_length(c.parties)::int AS parties,
      CASE WHEN c.reporter_phone_hash IS NULL THEN 0 ELSE (SELECT count(*)::int FROM cases p
        WHERE p.reporter_phone_hash = c.reporter_phone_hash AND p.created_at <= c.created_at
          AND p.created_at > c.created_at - ${days}::interval) END AS same_person,
      -- "The same place" is one QR point (码上反映) or one household, not a whole grid: three neighbour
      -- disputes a month in a grid of hundreds of households are ordinary work, not a repeat complaint.
      CASE WHEN o.place_id IS NULL AND c.household_id IS NULL THEN 0 ELSE (SELECT count(*)::int
        FROM cases p LEFT JOIN case_origins po ON po.case_id = p.id
        WHERE p.category = c.category AND p.created_at <= c.created_at
          AND p.created_at > c.created_at - ${days}::interval
          AND (po.place_id = o.place_id OR p.household_id = c.household_id)) END AS same_place,
      (SELECT count(*)::int FROM cases g WHERE g.region_path = c.region_path
        AND g.created_at > ${now}::timestamptz - interval '7 days' AND g.created_at <= ${now}) AS grid_week,
      (SELECT count(*)::int FROM cases g WHERE g.region_path = c.region_path
        AND g.created_at > ${now}::timestamptz - ${weeks}::interval
        AND g.created_at <= ${now}::timestamptz - interval '7 days') AS grid_before,
      c.step, c.step_count, c.failed_mediation
    FROM cases c LEFT JOIN case_origins o ON o.case_id = c.id
    WHERE c.id = ANY(${ids}::uuid[])`.execute(db);
  const hits: Hit[] = facts.rows.flatMap((f) =>
    f.open
      ? riskHits(
          {
            tokens: f.tokens,
            parties: f.parties,
            samePerson: f.same_person,
            samePlace: f.same_place,
            gridWeek: f.grid_week,
            gridWeeklyMean: f.grid_before / rules.surge.weeks,
            step: f.step,
            stepCount: f.step_count,
            failedMediation: f.failed_mediation,
          },
          rules,
          words,
        ).map((h) => ({ case_id: f.id, rule: h.rule, why: h.why, region_path: f.region_path }))
      : [],
  );
  await db.transaction().execute(async (tx) => {
    await sql`DELETE FROM case_risks r WHERE r.case_id = ANY(${ids}::uuid[]) AND NOT EXISTS (
        SELECT 1 FROM jsonb_to_recordset(${JSON.stringify(hits)}::jsonb) AS h(case_id uuid, rule text)
        WHERE h.case_id = r.case_id AND h.rule = r.rule)`.execute(tx);
    if (hits.length === 0) return;
    // xmax = 0: the row was inserted now, not updated — a hit the case did not have before.
    const written = await sql<{ case_id: string; rule: string; inserted: boolean }>`
      INSERT INTO case_risks (case_id, rule, why, region_path, first_at, last_at)
        SELECT case_id, rule, why, region_path, ${now}, ${now}
        FROM jsonb_to_recordset(${JSON.stringify(hits)}::jsonb) AS h(case_id uuid, rule text, why jsonb, region_path text)
        ON CONFLICT (case_id, rule) DO UPDATE SET why = excluded.why, region_path = excluded.region_path,
          last_at = excluded.last_at
        RETURNING case_id, rule, (xmax = 0) AS inserted`.execute(tx);
    const isNew = new Set(written.rows.filter((r) => r.inserted).map((r) => `${r.case_id}|${r.rule}`));
    await redden(
      ctx,
      tx,
      hits.filter((h) => isNew.has(`${h.case_id}|${h.rule}`) && reddens(rules, h.rule)),
      now,
    );
  });
  return hits.length;
}

/** Re-evaluates the rules for these cases (the fold calls it with every case that changed). */
export async function evaluateRisks(ctx: AppContext, ids: readonly string[], now: Date): Promise<number> {
  if (ids.length === 0) return 0;
  const rules = await loadRiskRules(ctx.db);
  const words = riskWords(rules.words);
  let n = 0;
  for (let i = 0; i < ids.length; i += BATCH)
    n += await evaluateBatch(ctx, ids.slice(i, i + BATCH), rules, words, now);
  return n;
}

/** Every open case once a day (Beijing): time-window rules (surge, repeat) move without a change. */
export async function nightlyRiskSweep(ctx: AppContext, now: Date, force = false): Promise<number | null> {
  const db = ctx.db;
  const today = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  const marked = await sql`
    INSERT INTO settings (key, value) VALUES (${SWEEP_KEY}, ${JSON.stringify(today)}::jsonb)
    ON CONFLICT (key) DO UPDATE SET value = excluded.value WHERE settings.value <> excluded.value`.execute(
    db,
  );
  if (!force && Number(marked.numAffectedRows ?? 0) === 0) return null;
  const open = await db
    .selectFrom("cases")
    .select("id")
    .where("status", "in", ["submitted", "accepted", "mediating", "paused"])
    .execute();
  // Hits of cases closed since are dropped by evaluating those too.
  const stale = await sql<{ case_id: string }>`SELECT DISTINCT case_id FROM case_risks`.execute(db);
  const ids = [...new Set([...open.map((r) => r.id), ...stale.rows.map((r) => r.case_id)])];
  return evaluateRisks(ctx, ids, now);
}
