import { AppError, ZText } from "@fengqiao/core";
import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import { z } from "zod";
import type { AppContext } from "../../context";
import { changeCase } from "../cases/case-change";
import { MILESTONES } from "../tracking/tracking.presenter";
import { formatParam, sendList, w3c } from "./format";
import { bad, dateRange, firstValues, ZPaging } from "./open311.params";
import { clientForKey, findRequests } from "./open311.repository";

// mySociety's update statuses, from our public milestones.
const UPDATE_STATUS: Record<string, string> = {
  "case.submitted": "OPEN",
  "case.accepted": "IN_PROGRESS",
  "case.called_back": "IN_PROGRESS",
  "case.escalated": "INVESTIGATING",
  "case.mediation_started": "ACTION_SCHEDULED",
  "case.mediation_recorded": "IN_PROGRESS",
  "case.paused": "IN_PROGRESS",
  "case.resumed": "IN_PROGRESS",
  "case.assigned": "IN_PROGRESS",
  "case.resolved": "FIXED",
  "case.closed": "CLOSED",
  "case.rejected": "NO_FURTHER_ACTION",
  "case.referred": "NOT_COUNCILS_RESPONSIBILITY",
  "case.merged": "DUPLICATE",
  "case.reopened": "OPEN",
};

/**
 * GET servicerequestupdates: the state history of Open311 cases, as public milestones, newest first
 * within start_date/end_date (at most 90 days, as FixMyStreet asks), paged with page/page_size.
 */
async function listUpdates(ctx: AppContext, query: unknown) {
  const r = ZPaging.safeParse(firstValues(query));
  if (!r.success) throw bad(`invalid query parameters: ${r.error.issues[0]?.path.join(".")}`);
  const { start, end } = dateRange(r.data, ctx.clock.now());
  const { page, page_size: size } = r.data;
  const rows = await sql<{ code: string; seq: number; type: string; at: Date }>`
    SELECT c.code, e.seq, e.type, e.at FROM case_events e
    JOIN cases c ON c.id = e.case_id JOIN case_origins o ON o.case_id = c.id
    WHERE o.client_id IS NOT NULL AND e.at >= ${start} AND e.at <= ${end} AND e.type = ANY(${Object.keys(UPDATE_STATUS)}::text[])
    ORDER BY e.at DESC, e.id DESC LIMIT ${size} OFFSET ${(page - 1) * size}`.execute(ctx.db);
  return rows.rows.map((r) => ({
    update_id: `${r.code}.${r.seq}`,
    service_request_id: r.code,
    status: UPDATE_STATUS[r.type] ?? "OPEN",
    updated_datetime: w3c(r.at),
    description: MILESTONES[r.type] ?? "",
    media_url: null,
  }));
}

const ZUpdate = z.object({
  service_request_id: ZText.min(1).max(40),
  update_id: ZText.max(100).optional(),
  status: ZText.max(40).default("OPEN"),
  description: ZText.trim().min(1).max(2000),
});

/** POST servicerequestupdates: a client's comment, appended to the case's timeline. */
async function postUpdate(ctx: AppContext, body: unknown) {
  const client = await clientForKey(ctx.db, firstValues(body).api_key);
  const r = ZUpdate.safeParse(firstValues(body));
  if (!r.success) throw bad("service_request_id and description are required");
  const [row] = await findRequests(ctx.db, {
    ids: [r.data.service_request_id],
    start: new Date(0),
    end: new Date(),
    limit: 1,
    offset: 0,
  });
  if (!row) throw new AppError("NOT_FOUND_OR_NO_ACCESS", { en: "service_request_id not found" });
  const now = ctx.clock.now();
  const seq = await ctx.db.transaction().execute(async (tx) => {
    const fresh = await tx
      .selectFrom("cases")
      .selectAll()
      .where("id", "=", row.id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const data = {
      client: client.name,
      clientUpdateId: r.data.update_id ?? null,
      status: r.data.status,
      description: r.data.description,
    };
    const notices = [{ topic: "case.open311_update", payload: { caseId: fresh.id, code: fresh.code } }];
    const cause = { type: "recorded" as const, event: "case.open311_update", data, notices };
    await changeCase({ ctx, tx, row: fresh, cause, now, actorId: null });
    return fresh.event_count + 1;
  });
  return { update_id: `${row.code}.${seq}` };
}

export function updateRoutes(app: FastifyInstance, ctx: AppContext) {
  // mySociety's extension: the list's root is service_requests_updates (FixMyStreet's parser),
  // the POST answer's service_request_updates; both hold request_update items.
  app.get("/servicerequestupdates.:format", async (req, reply) => {
    const updates = await listUpdates(ctx, req.query);
    return sendList(reply, formatParam(req.params), "service_requests_updates", "request_update", updates);
  });
  const limited = { rateLimit: { max: 60, timeWindow: "1 minute" } };
  app.post("/servicerequestupdates.:format", { config: limited }, async (req, reply) => {
    const format = formatParam(req.params);
    const res = await postUpdate(ctx, req.body);
    return sendList(reply, format, "service_request_updates", "request_update", [res]);
  });
}
