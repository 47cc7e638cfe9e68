import { caseServices, type TCaseCreate, type TPolicy, type Transition } from "@fengqiao/core";
import { sql } from "kysely";
import type { AppContext } from "../../context";
import type { Tx } from "../../db/database";
import type { CaseRow } from "../../db/schema";
import { type EventRow, eventsInsert } from "../audit/audit";
import { caseColumns, clocksInsert, outboxInsert, type startedClocks } from "./case-store";

/** The new case's row: parties' and reporter's contacts sealed, deadlines from the policy. */
export function newCaseRow(o: {
  ctx: AppContext;
  input: TCaseCreate;
  id: string;
  code: string;
  region: { code: string; path: string };
  policy: TPolicy;
  /** Core's intake transition: the state, deadlines and flags the case starts with. */
  first: Transition;
  now: Date;
  chained: { head: string; count: number };
  /** The household the case concerns (a field visit turned into a case). */
  householdId?: string | null;
}): Omit<CaseRow, "search" | "version"> {
  const { ctx, input, now } = o;
  const phone = input.reporter?.phone;
  const parties = input.parties.map((p) => ({
    role: p.role,
    name: p.name,
    note: p.note ?? null,
    phoneEnc: p.phone ? ctx.pd.encrypt(p.phone) : null,
    idEnc: p.idNumber ? ctx.pd.encrypt(p.idNumber.toUpperCase()) : null,
  }));
  return {
    id: o.id,
    code: o.code,
    channel: input.channel,
    category: input.category,
    services: caseServices(input),
    household_id: o.householdId ?? null,
    title: input.title,
    description: input.description,
    parties,
    reporter_name: input.reporter?.name ?? null,
    reporter_phone_enc: phone ? ctx.pd.encrypt(phone) : null,
    reporter_phone_hash: phone ? ctx.pd.lookupHash(phone) : null,
    reporter_phone_last4: phone ? phone.replace(/\D/g, "").slice(-4) : null,
    region_code: o.region.code,
    region_path: o.region.path,
    policy_key: o.policy.key,
    step_count: o.policy.steps.length,
    ...caseColumns(o.first.state, o.first.fields),
    last_event_hash: o.chained.head,
    event_count: o.chained.count,
    created_by: null,
    created_at: now,
    updated_at: now,
  };
}

/**
 * The case, its clocks, its first event and its notice in one statement: data-modifying CTEs
 * commit or fail together, and intake pays one round trip instead of four.
 */
export async function insertNewCase(
  tx: Tx,
  o: {
    row: Omit<CaseRow, "search" | "version">;
    search: string;
    clocks: ReturnType<typeof startedClocks>;
    events: EventRow[];
    outbox: { topic: string; payload: Record<string, unknown> }[];
    now: Date;
  },
): Promise<CaseRow> {
  const r = o.row;
  const res = await sql<CaseRow>`
    WITH c AS (
      INSERT INTO cases (id, code, channel, category, services, title, description, search, parties, reporter_name,
        reporter_phone_enc, reporter_phone_hash, reporter_phone_last4, region_code, region_path, policy_key, status,
        step, step_count, high_risk, missed_deadline, warning, step_due_at, step_warn_at, overall_due_at,
        calendar_unknown_years, callback_due_at, last_event_hash, event_count, created_by, created_at, updated_at)
      VALUES (${r.id}, ${r.code}, ${r.channel}, ${r.category}, ${r.services}::text[], ${r.title}, ${r.description},
        to_tsvector('simple', ${o.search}), ${JSON.stringify(r.parties)}::jsonb, ${r.reporter_name},
        ${r.reporter_phone_enc}, ${r.reporter_phone_hash}, ${r.reporter_phone_last4}, ${r.region_code},
        ${r.region_path}, ${r.policy_key}, ${r.status}, ${r.step}, ${r.step_count}, ${r.high_risk}, false,
        ${r.warning}, ${r.step_due_at}, ${r.step_warn_at}, ${r.overall_due_at}, ${r.calendar_unknown_years}::int[],
        ${r.callback_due_at}, ${r.last_event_hash}, ${r.event_count}, ${r.created_by}, ${o.now}, ${o.now})
      RETURNING *
    ), k AS (${clocksInsert(o.clocks)}
    ), e AS (${eventsInsert(o.events)}
    ), n AS (${outboxInsert(o.outbox, o.now)}
    )
    SELECT * FROM c`.execute(tx);
  const row = res.rows[0];
  if (!row) throw new Error("insert returned no row");
  return row;
}
