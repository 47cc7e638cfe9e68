import { randomBytes } from "node:crypto";
import { AppError, CATEGORIES, CATEGORY_CODES, ZPhone } from "@fengqiao/core";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { AppContext } from "../../context";
import type { Tx } from "../../db/database";
import type { CaseRow } from "../../db/schema";
import { createCase } from "../cases/cases.commands";
import { citizenTx } from "../intake/citizen-db";
import { type Format, sendList, splitFormat } from "./format";
import { presentRequest } from "./open311.presenter";
import { type Client, caseForToken, clientForKey, findRequests } from "./open311.repository";

const bad = (en: string) => new AppError("INVALID_INPUT", { en, zh: en });

const ZPost = z.object({
  service_code: z.string().min(1).max(50),
  description: z.string().trim().min(1, "description is required").max(4000),
  lat: z.coerce.number().min(-90).max(90).optional(),
  long: z.coerce.number().min(-180).max(180).optional(),
  address_string: z.string().trim().max(300).optional(),
  address_id: z.string().trim().max(100).optional(),
  first_name: z.string().trim().max(50).optional(),
  last_name: z.string().trim().max(50).optional(),
  phone: ZPhone.optional(),
});

function parsePost(body: unknown) {
  const r = ZPost.safeParse(body ?? {});
  if (!r.success) {
    const i = r.error.issues[0];
    throw bad(`${i?.path.join(".") || "request"}: ${i?.message ?? "invalid"}`);
  }
  const p = r.data;
  if (!(CATEGORY_CODES as readonly string[]).includes(p.service_code))
    throw bad(`service_code ${p.service_code} not found`);
  const located = (p.lat !== undefined && p.long !== undefined) || p.address_string || p.address_id;
  if (!located) throw bad("a location is required: lat and long, address_string or address_id");
  return p;
}

/** POST requests: a case on the client's region, answered with its code (our service_request_id). */
async function postRequest(ctx: AppContext, client: Client, body: unknown) {
  const p = parsePost(body);
  const name = [p.last_name, p.first_name].filter(Boolean).join("") || undefined;
  const service = CATEGORIES.find((c) => c.code === p.service_code);
  const where = p.address_string ?? (p.lat !== undefined ? `${p.lat},${p.long}` : (p.address_id ?? ""));
  const now = ctx.clock.now();
  const token = randomBytes(12).toString("base64url");
  // The origin and the token commit with the case: a request is never half-filed.
  const within = async (raw: Tx, row: CaseRow) => {
    const tx = citizenTx(raw);
    const origin = {
      place_id: null,
      lat: p.lat ?? null,
      lng: p.long ?? null,
      address: p.address_string ?? null,
    };
    await tx
      .insertInto("case_origins")
      .values({ case_id: row.id, client_id: client.id, ...origin })
      .execute();
    const t = { token, case_id: row.id, client_id: client.id, created_at: now };
    await tx.insertInto("open311_tokens").values(t).execute();
  };
  const row = await createCase({
    ctx,
    actor: null,
    now,
    within,
    input: {
      channel: "online",
      category: p.service_code as (typeof CATEGORY_CODES)[number],
      title: `${service?.zh ?? p.service_code}：${where}`.slice(0, 200),
      description: p.description,
      regionCode: client.regionCode,
      parties: [],
      reporter: p.phone || name ? { name, phone: p.phone } : undefined,
      highRisk: false,
    },
  });
  return {
    service_request_id: row.code,
    token,
    service_notice: "已受理，将按四级七天流程办理",
    account_id: null,
  };
}

const ZList = z.object({
  service_request_id: z.string().max(4000).optional(),
  service_code: z.string().max(2000).optional(),
  status: z.string().max(20).optional(),
  start_date: z.string().max(40).optional(),
  end_date: z.string().max(40).optional(),
  page: z.coerce.number().int().min(1).default(1),
  page_size: z.coerce.number().int().min(1).max(1000).default(1000),
});

const DAY = 24 * 3600_000;
const csv = (s?: string) =>
  s
    ? s
        .split(",")
        .map((x) => x.trim())
        .filter(Boolean)
    : undefined;

function dateParam(v: string | undefined, name: string): Date | null {
  if (!v) return null;
  const t = Date.parse(v);
  if (Number.isNaN(t)) throw bad(`${name} must be a W3C datetime`);
  return new Date(t);
}

/** GET requests: the spec's defaults — the last 90 days, at most 1000 — with page/page_size on top. */
function listFilter(query: unknown, now: Date) {
  const r = ZList.safeParse(query ?? {});
  if (!r.success) throw bad("invalid query parameters");
  const q = r.data;
  const end = dateParam(q.end_date, "end_date") ?? now;
  const start = dateParam(q.start_date, "start_date") ?? new Date(end.getTime() - 90 * DAY);
  const statuses = csv(q.status);
  if (statuses?.some((s) => s !== "open" && s !== "closed")) throw bad("status must be open or closed");
  return {
    ids: csv(q.service_request_id),
    serviceCodes: csv(q.service_code),
    statuses: statuses as ("open" | "closed")[] | undefined,
    start,
    end,
    limit: q.page_size,
    offset: (q.page - 1) * q.page_size,
  };
}

export function requestRoutes(app: FastifyInstance, ctx: AppContext) {
  const limited = { rateLimit: { max: 60, timeWindow: "1 minute" } };
  for (const format of ["json", "xml"] as const) {
    app.post(`/requests.${format}`, { config: limited }, async (req, reply) => {
      const body = req.body as Record<string, unknown> | undefined;
      const client = await clientForKey(ctx.db, body?.api_key);
      const res = await postRequest(ctx, client, body);
      return sendList(reply, format, "service_requests", "request", [res]);
    });
    app.get(`/requests.${format}`, async (req, reply) => {
      const rows = await findRequests(ctx.db, listFilter(req.query, ctx.clock.now()));
      const out = await Promise.all(rows.map((c) => presentRequest(ctx.db, ctx.rules, c)));
      return sendList(reply, format, "service_requests", "request", out);
    });
  }
  app.get("/requests/:file", async (req, reply) => {
    const { name, format } = splitFormat((req.params as { file: string }).file);
    const rows = await findRequests(ctx.db, {
      ids: [name],
      start: new Date(0),
      end: new Date(),
      limit: 1,
      offset: 0,
    });
    if (!rows[0])
      throw new AppError("NOT_FOUND_OR_NO_ACCESS", { en: `service_request_id ${name} not found` });
    return sendList(reply, format, "service_requests", "request", [
      await presentRequest(ctx.db, ctx.rules, rows[0]),
    ]);
  });
  app.get("/tokens/:file", async (req, reply) => {
    const { name, format }: { name: string; format: Format } = splitFormat(
      (req.params as { file: string }).file,
    );
    const row = await caseForToken(ctx.db, name);
    if (!row) throw new AppError("NOT_FOUND_OR_NO_ACCESS", { en: `token ${name} not found` });
    return sendList(reply, format, "service_requests", "request", [
      { service_request_id: row.code, token: row.token },
    ]);
  });
}
