import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { verifyAuditChain } from "../src/modules/audit/audit";
import { foldAll, rebuildRollup } from "../src/modules/dashboard/rollup";
import { runRetention } from "../src/modules/safety/retention";
import { photoStore } from "../src/modules/uploads/photo-store";
import { call, login, makeTree, type Session, sampleCase, type TestEnv, testEnv } from "./helpers";

let env: TestEnv;
let grid: Session;
let boss: Session;
let regionCode: string;
const DAY = 86_400_000;

beforeAll(async () => {
  env = await testEnv();
  const tree = await makeTree(env.ctx);
  regionCode = tree.grid;
  grid = await login(env, { roles: ["grid_worker"], region: tree.grid });
  boss = await login(env, { roles: ["township_leader"], region: tree.township });
});

async function newCase() {
  const res = await call(env, grid, {
    method: "POST",
    url: "/api/v1/cases",
    payload: sampleCase(regionCode),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; version: number };
}

async function reject(c: { id: string; version: number }) {
  const res = await call(env, boss, {
    method: "POST",
    url: `/api/v1/cases/${c.id}/commands`,
    payload: { type: "reject", reason: "不属受理范围", version: c.version },
  });
  expect(res.statusCode, res.body).toBe(200);
}

/** The dashboard's stored rollups, folded, as one comparable value. */
async function rollups() {
  await foldAll(env.ctx.db);
  const q = async (t: string) =>
    (await sql<{ j: unknown }>`SELECT to_jsonb(x) AS j FROM ${sql.table(t)} x`.execute(env.ctx.db)).rows
      .map((r) => JSON.stringify(r.j))
      .sort();
  return { cases: await q("rollup_cases"), open: await q("rollup_open_daily") };
}

async function detail(id: string) {
  const res = await call(env, grid, { method: "GET", url: `/api/v1/cases/${id}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

describe("retention of closed cases (fengqiao retention run)", () => {
  it("anonymises personal data and photos of cases closed 3+ years ago, with an event and a count; statistics unchanged", {
    timeout: 30_000,
  }, async () => {
    const old = await newCase();
    const key = `2026-02/${old.id}.jpg`;
    await photoStore(env.ctx.config).put(key, Buffer.from("jpeg"), "image/jpeg");
    const photo = await env.ctx.db
      .insertInto("attachments")
      .values({
        case_id: old.id,
        opinion_id: null,
        path: key,
        mime: "image/jpeg",
        bytes: 4,
        created_at: new Date(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    // The photo came from a field visit that became this case (网格通: 这是一件纠纷 → 立案).
    await env.ctx.db
      .insertInto("field_photos")
      .values({ id: photo.id, uploaded_by: grid.userId, idempotency_key: null, created_at: new Date() })
      .execute();
    const visitId = randomUUID();
    await env.ctx.db
      .insertInto("visits")
      .values({
        id: visitId,
        household_id: null,
        grid_code: regionCode,
        region_path: (
          await env.ctx.db
            .selectFrom("cases")
            .select("region_path")
            .where("id", "=", old.id)
            .executeTakeFirstOrThrow()
        ).region_path,
        visited_at: new Date(),
        findings: "现场查看",
        photo_ids: [photo.id],
        lat: null,
        lng: null,
        accuracy: null,
        case_id: old.id,
        created_by: grid.userId,
        created_at: new Date(),
        request_hash: "x",
      })
      .execute();
    await reject(old);
    await env.ctx.clock.advance(3 * 366 * DAY);
    const recent = await newCase();
    await reject(recent);
    const open = await newCase();
    const rollupBefore = await rollups();
    const untouched = await env.ctx.db
      .selectFrom("cases")
      .selectAll()
      .where("id", "in", [recent.id, open.id])
      .orderBy("id")
      .execute();

    const r = await runRetention(env.ctx);
    expect(r).toMatchObject({ cases: 1, photos: 1, sealedFields: 3 }); // reporter phone, party phone and ID
    const visit = await env.ctx.db
      .selectFrom("visits")
      .select("photo_ids")
      .where("id", "=", visitId)
      .executeTakeFirstOrThrow();
    expect(visit.photo_ids).toEqual([]);

    const row = await env.ctx.db
      .selectFrom("cases")
      .selectAll()
      .where("id", "=", old.id)
      .executeTakeFirstOrThrow();
    expect(row.reporter_phone_enc).toBeNull();
    expect(row.reporter_phone_hash).toBeNull();
    expect(row.reporter_name).toBe("张*");
    expect(row.parties).toEqual([expect.objectContaining({ name: "张*", phoneEnc: null, idEnc: null })]);
    expect(row).toMatchObject({
      category: "neighbour",
      region_code: regionCode,
      status: "closed",
      outcome: "rejected",
    });
    expect(await photoStore(env.ctx.config).get(key)).toBeNull();
    expect(
      await env.ctx.db.selectFrom("attachments").select("id").where("case_id", "=", old.id).execute(),
    ).toEqual([]);

    const d = await detail(old.id);
    expect(d.timeline.at(-1)).toMatchObject({
      type: "case.anonymised",
      data: { sealedFields: 3, photos: 1 },
    });
    expect(JSON.stringify(d)).not.toContain("13800001234");
    const reveal = await call(env, grid, { method: "POST", url: `/api/v1/cases/${old.id}/contacts` });
    expect(reveal.statusCode).toBe(200);
    expect(reveal.body).not.toContain("13800001234");

    // Cases closed recently, and open ones, are left as they were.
    expect(
      await env.ctx.db
        .selectFrom("cases")
        .selectAll()
        .where("id", "in", [recent.id, open.id])
        .orderBy("id")
        .execute(),
    ).toEqual(untouched);
    // Statistics: the stored rollups did not move, and still match a recount from cases (rollup check).
    expect(await rollups()).toEqual(rollupBefore);
    expect((await rebuildRollup(env.ctx.db, false)).differences).toBe(0);
    expect((await verifyAuditChain(env.ctx.db)).ok).toBe(true);
    const audited = await env.ctx.db
      .selectFrom("audit_log")
      .select("data")
      .where("action", "=", "retention.run")
      .execute();
    expect(audited.at(-1)?.data).toMatchObject({ cases: 1, photos: 1 });

    // Once only: a second run finds nothing; a retention of 0 years is off.
    expect((await runRetention(env.ctx)).cases).toBe(0);
    expect(await runRetention(env.ctx, { years: 0 })).toMatchObject({ cutoff: null, cases: 0 });
  });
});
