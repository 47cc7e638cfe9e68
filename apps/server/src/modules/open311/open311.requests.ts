import { randomBytes } from "node:crypto";
import { AppError, CATEGORIES, ZText } from "@fengqiao/core";
import type { FastifyInstance } from "fastify";
import type { AppContext } from "../../context";
import type { Tx } from "../../db/database";
import type { CaseRow } from "../../db/schema";
import { createCase } from "../cases/cases.commands";
import { type Format, formatParam, sendList, splitFormat } from "./format";
import { type PostInput, parsePost, readForm } from "./open311.input";
import { bad, dateRange, firstValues, ZPaging } from "./open311.params";
import { presentRequest } from "./open311.presenter";
import {
  type Client,
  caseForToken,
  clientForKey,
  countyBounds,
  findRequests,
  saveRequestExtras,
} from "./open311.repository";

// Near the county: its boundary's bounding box and about 20 km around it, for a report from its edge.
const NEAR_DEG = 0.2;

async function checkNearCounty(ctx: AppContext, client: Client, p: PostInput) {
  if (!p.point) return;
  const box = await countyBounds(ctx.db, client.regionCode);
  if (!box) return;
  const [minLng, minLat, maxLng, maxLat] = box;
  const { lat, lng } = p.point;
  if (
    lng < minLng - NEAR_DEG ||
    lng > maxLng + NEAR_DEG ||
    lat < minLat - NEAR_DEG ||
    lat > maxLat + NEAR_DEG
  )
    throw bad("lat/long is outside the service area (not in or near the county this server serves)");
}

/** POST requests: a case on the client's region, answered with its code (our service_request_id). */
async function postRequest(ctx: AppContext, client: Client, body: unknown) {
  const p = parsePost(readForm(body));
  await checkNearCounty(ctx, client, p);
  const name = [p.last_name, p.first_name].filter(Boolean).join("") || undefined;
  const service = CATEGORIES.find((c) => c.code === p.service_code);
  const where =
    p.address_string ?? (p.point ? `${p.point.lat},${p.point.lng}` : `address_id ${p.address_id ?? ""}`);
  const title = `${service?.zh ?? p.service_code}：${where}`.slice(0, 200);
  const now = ctx.clock.now();
  const token = randomBytes(12).toString("base64url");
  // The origin, the extras and the token commit with the case: a request is never half-filed.
  const within = async (raw: Tx, row: CaseRow) => {
    const tx = raw;
    const origin = {
      place_id: null,
      lat: p.point?.lat ?? null,
      lng: p.point?.lng ?? null,
      address: p.address_string ?? null,
    };
    await tx
      .insertInto("case_origins")
      .values({ case_id: row.id, client_id: client.id, ...origin })
      .execute();
    await saveRequestExtras(tx, {
      case_id: row.id,
      address_id: p.address_id ?? null,
      media_url: p.media_url ?? null,
      attributes: p.attributes,
      email_enc: p.email ? ctx.pd.encrypt(p.email) : null,
    });
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
      category: p.service_code,
      title,
      // The spec makes description optional; the case then reads as its service and place.
      description: p.description || title,
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

const list = ZText.max(4000).optional();
const ZList = ZPaging.extend({ service_request_id: list, service_code: list, status: list });

const csv = (s?: string) =>
  s
    ? s
        .split(",")
        .map((x) => x.trim())
        .filter(Boolean)
    : undefined;

/** GET requests: the spec's defaults — the last 90 days, at most 1000 — with page/page_size on top. */
function listFilter(query: unknown, now: Date) {
  const r = ZList.safeParse(firstValues(query));
  if (!r.success) throw bad(`invalid query parameters: ${r.error.issues[0]?.path.join(".")}`);
  const q = r.data;
  const { start, end } = dateRange(q, now);
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
  // One route for both formats, so the limit is one bucket per client whatever the extension.
  const limited = { rateLimit: { max: 60, timeWindow: "1 minute" } };
  app.post("/requests.:format", { config: limited }, async (req, reply) => {
    const format = formatParam(req.params);
    const body = req.body as Record<string, unknown> | undefined;
    const client = await clientForKey(ctx.db, firstValues(body).api_key);
    const res = await postRequest(ctx, client, body);
    return sendList(reply, format, "service_requests", "request", [res]);
  });
  app.get("/requests.:format", async (req, reply) => {
    const format = formatParam(req.params);
    const rows = await findRequests(ctx.db, listFilter(req.query, ctx.clock.now()));
    const out = await Promise.all(rows.map((c) => presentRequest(ctx.db, ctx.rules, c)));
    return sendList(reply, format, "service_requests", "request", out);
  });
  app.get("/requests/:file", async (req, reply) => {
    const { name, format } = splitFormat((req.params as { file: string }).file);
    if (!ZText.max(40).safeParse(name).success) throw bad("service_request_id is invalid");
    const rows = await findRequests(ctx.db, {
      ids: [name],
      start: new Date(0),
      end: new Date(8.64e15),
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
    if (!ZText.max(100).safeParse(name).success) throw bad("token is invalid");
    const row = await caseForToken(ctx.db, name);
    if (!row) throw new AppError("NOT_FOUND_OR_NO_ACCESS", { en: `token ${name} not found` });
    return sendList(reply, format, "service_requests", "request", [
      { service_request_id: row.code, token: row.token },
    ]);
  });
}
