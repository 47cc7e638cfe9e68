import { sql } from "kysely";
import type { Db, Tx } from "../../db/database";
import { eventHash, GENESIS } from "../../lib/hash-chain";

export interface NewEvent {
  type: string;
  at: Date;
  data: Record<string, unknown>;
}

// jsonb drops undefined and turns Dates into strings; hash exactly what will be stored.
const jsonSafe = (v: unknown) => JSON.parse(JSON.stringify(v)) as Record<string, unknown>;

export interface EventRow {
  case_id: string;
  seq: number;
  type: string;
  at: string;
  actor_id: string | null;
  data: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

/** Links new events onto a case's hash chain; the caller stores the new head and count on the case. */
export function chainEvents(o: {
  caseId: string;
  head: string;
  count: number;
  actorId: string | null;
  events: NewEvent[];
}): { rows: EventRow[]; head: string; count: number } {
  let head = o.head;
  let seq = o.count;
  const rows = o.events.map((e) => {
    seq += 1;
    const data = jsonSafe(e.data);
    const hash = eventHash(head, { caseId: o.caseId, seq, type: e.type, at: e.at, actorId: o.actorId, data });
    const row: EventRow = {
      case_id: o.caseId,
      seq,
      type: e.type,
      at: e.at.toISOString(),
      actor_id: o.actorId,
      data,
      prev_hash: head,
      hash,
    };
    head = hash;
    return row;
  });
  return { rows, head, count: seq };
}

/**
 * The INSERT of any number of events as one statement: one typed array per column (unnest parses them
 * in about a third of the time jsonb_to_recordset took for a sweep's batch of 10,000 events).
 */
export const eventsInsert = (rows: EventRow[]) => sql`
  INSERT INTO case_events (case_id, seq, type, at, actor_id, data, prev_hash, hash)
  SELECT * FROM unnest(${rows.map((r) => r.case_id)}::uuid[], ${rows.map((r) => r.seq)}::int[],
    ${rows.map((r) => r.type)}::text[], ${rows.map((r) => r.at)}::timestamptz[],
    ${rows.map((r) => r.actor_id)}::uuid[], ${rows.map((r) => JSON.stringify(r.data))}::jsonb[],
    ${rows.map((r) => r.prev_hash)}::text[], ${rows.map((r) => r.hash)}::text[])`;

export async function insertEvents(tx: Tx, rows: EventRow[]) {
  if (rows.length > 0) await eventsInsert(rows).execute(tx);
}

/** Audit of actions on things other than cases (logins, users, regions, policies, the test clock). */
export async function audit(
  db: Db | Tx,
  e: {
    at: Date;
    actorId: string | null;
    action: string;
    entity: string;
    entityId?: string | null;
    data?: unknown;
  },
) {
  await db
    .insertInto("audit_log")
    .values({
      at: e.at,
      actor_id: e.actorId,
      action: e.action,
      entity: e.entity,
      entity_id: e.entityId ?? null,
      data: JSON.stringify(e.data ?? {}),
    })
    .execute();
}

export interface VerifyResult {
  ok: boolean;
  casesChecked: number;
  eventsChecked: number;
  firstBroken: { caseCode: string; seq: number; eventId: string | null; reason: string } | null;
}

/** Walks every case's chain in order; reports the first broken link. */
export async function verifyAuditChain(db: Db): Promise<VerifyResult> {
  let casesChecked = 0;
  let eventsChecked = 0;
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const cases = await db
      .selectFrom("cases")
      .select(["id", "code", "last_event_hash", "event_count"])
      .where("id", ">", after)
      .orderBy("id")
      .limit(500)
      .execute();
    if (cases.length === 0) break;
    const events = await db
      .selectFrom("case_events")
      .select(["id", "case_id", "seq", "type", "at", "actor_id", "data", "prev_hash", "hash"])
      .where(
        "case_id",
        "in",
        cases.map((c) => c.id),
      )
      .orderBy("case_id")
      .orderBy("seq")
      .execute();
    const byCase = new Map<string, typeof events>();
    for (const e of events) {
      const list = byCase.get(e.case_id);
      if (list) list.push(e);
      else byCase.set(e.case_id, [e]);
    }
    for (const c of cases) {
      casesChecked += 1;
      let head = GENESIS;
      let expectedSeq = 1;
      for (const e of byCase.get(c.id) ?? []) {
        eventsChecked += 1;
        const broken = (reason: string) => ({ caseCode: c.code, seq: e.seq, eventId: e.id, reason });
        if (e.seq !== expectedSeq) return fail(broken(`missing event before seq ${e.seq}`));
        if (e.prev_hash !== head) return fail(broken("prev_hash does not match the previous event"));
        const recomputed = eventHash(head, {
          caseId: c.id,
          seq: e.seq,
          type: e.type,
          at: new Date(e.at),
          actorId: e.actor_id,
          data: e.data,
        });
        if (recomputed !== e.hash) return fail(broken("event content was altered"));
        head = e.hash;
        expectedSeq += 1;
      }
      if (head !== c.last_event_hash || expectedSeq - 1 !== c.event_count) {
        return fail({
          caseCode: c.code,
          seq: expectedSeq,
          eventId: null,
          reason: "events missing at the end",
        });
      }
    }
    after = cases.at(-1)?.id ?? after;
  }
  return { ok: true, casesChecked, eventsChecked, firstBroken: null };

  function fail(firstBroken: NonNullable<VerifyResult["firstBroken"]>): VerifyResult {
    return { ok: false, casesChecked, eventsChecked, firstBroken };
  }
}
